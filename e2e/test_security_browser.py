"""Issue 10, items 18-19 in a real browser: no page breaks its Content-Security-Policy (no inline
script, handler or style is refused in the console), the selects that submit their form still do,
login never leaves the site, and every export says who took it and when — read by openpyxl and
python-docx, not by our own code."""
import io
import urllib.parse

import docx
import openpyxl
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait


def sign_in(browser, server, next_path):
    browser.delete_all_cookies()
    browser.get(server.base + "/login?next=" + urllib.parse.quote(next_path, safe=""))
    browser.find_element(By.ID, "username").send_keys("admin")
    browser.find_element(By.ID, "password").send_keys(server.password)
    browser.find_element(By.ID, "login-submit").click()
    WebDriverWait(browser, 10).until(lambda b: "/login" not in b.current_url)


def csp_violations(browser):
    return [e["message"] for e in browser.get_log("browser") if "Content Security Policy" in e["message"] or "Content-Security-Policy" in e["message"]]


def test_login_never_leaves_the_site(browser, server):
    for target in ["/\t/evil.example/x", "//evil.example/", "/\\evil.example"]:
        sign_in(browser, server, target)
        parsed = urllib.parse.urlparse(browser.current_url)
        assert parsed.netloc == urllib.parse.urlparse(server.base).netloc, browser.current_url
        assert parsed.path == "/workbench", browser.current_url  # an unsafe next falls back to the workbench


def test_pages_keep_their_content_security_policy(browser, server, artifacts):
    sign_in(browser, server, "/")
    browser.get_log("browser")  # start clean
    leader = server.get("/enterprises?tier=leader&per=1").json()["items"][0]["uscc"]
    for path in ["/", "/enterprises", f"/enterprises/{leader}", "/clusters", "/chains/ic-fab", "/supply", "/leads",
                 "/requests", "/requests/new", "/imports", "/account", "/audit", "/users", "/service-settings"]:
        browser.get(server.base + path)
        WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.readyState") == "complete")
        assert csp_violations(browser) == [], path
    # the chain map's year select submits its form through app.js, not an inline handler
    browser.get(server.base + "/chains/ic-fab")
    select = Select(browser.find_element(By.ID, "map-year"))
    years = [o.get_attribute("value") for o in select.options]
    target = years[0]
    select.select_by_value(target)
    WebDriverWait(browser, 10).until(EC.url_contains("year=" + target))
    assert csp_violations(browser) == []
    browser.save_screenshot(f"{artifacts}/chain-map-year.png")


def test_exports_carry_who_and_when(server):
    headers = server.headers()
    r = requests.get(server.api + "/exports/enterprises.xlsx?tier=leader", headers=headers, timeout=60)
    assert r.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    assert book.properties.creator == "admin"
    assert book.properties.created is not None
    footer = book.active.oddFooter.left.text or ""
    assert "由 admin 于 " in footer and "导出自链主通" in footer, footer
    # the page's export and the monthly report (a Word document) too
    session = requests.Session()
    form = session.get(server.base + "/login", timeout=30).text
    token = form.split('name="_login_csrf" value="')[1].split('"')[0]
    session.post(server.base + "/login", data={"username": "admin", "password": server.password, "next": "/", "_login_csrf": token}, timeout=30)
    report = session.get(server.base + "/departments/city/report.docx", timeout=60)
    assert report.status_code == 200
    document = docx.Document(io.BytesIO(report.content))
    assert document.core_properties.author == "admin"
    footer_text = " ".join(p.text for p in document.sections[0].footer.paragraphs)
    assert "由 admin 于 " in footer_text and "导出自链主通" in footer_text, footer_text
