"""The pages in a real browser (headless Chromium): log in, browse, search, edit, import, export."""
import io
import os
import tempfile

import openpyxl
import requests
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait


def login(browser, server):
    browser.get(server.base + "/enterprises")
    assert "/login" in browser.current_url
    browser.find_element(By.ID, "username").send_keys("admin")
    browser.find_element(By.ID, "password").send_keys(server.password)
    browser.find_element(By.ID, "login-submit").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "enterprise-table")))


def shot(browser, artifacts, name):
    browser.save_screenshot(os.path.join(artifacts, name + ".png"))


def wait_for(browser, artifacts, element_id, seconds=30):
    """Waits for an element; on a timeout keeps a screenshot and the page for the report."""
    try:
        return WebDriverWait(browser, seconds).until(EC.presence_of_element_located((By.ID, element_id)))
    except Exception:
        shot(browser, artifacts, "timeout-" + element_id)
        with open(os.path.join(artifacts, "timeout-" + element_id + ".html"), "w") as f:
            f.write(browser.current_url + "\n" + browser.page_source)
        raise


def test_login_home_and_chain(browser, server, artifacts):
    login(browser, server)
    browser.get(server.base + "/")
    assert browser.find_element(By.ID, "count-clusters").text == "15"
    assert "虚构" in browser.find_element(By.ID, "synthetic-banner").text
    shot(browser, artifacts, "home")
    browser.find_element(By.LINK_TEXT, "产业集群").click()
    browser.find_element(By.CSS_SELECTOR, "a[href='/chains/ic-fab']").click()
    columns = browser.find_elements(By.CSS_SELECTOR, ".chain-columns .column h2")
    assert [c.text for c in columns] == ["上游", "中游", "下游"]
    firms = browser.find_elements(By.CSS_SELECTOR, ".chain-columns li a")
    assert firms, "the chain page lists firms"
    shot(browser, artifacts, "chain")


def test_search_and_profile(browser, server, artifacts):
    login_if_needed(browser, server)
    leader = server.get("/enterprises?tier=leader&per=1").json()["items"][0]
    browser.get(server.base + "/enterprises")
    box = browser.find_element(By.ID, "q")
    box.clear()
    box.send_keys(leader["name"][2:8])
    browser.find_element(By.ID, "search").click()
    # The search reloads the page: an element read during the reload is stale, so wait past it.
    WebDriverWait(browser, 10, ignored_exceptions=[StaleElementReferenceException, WebDriverException]).until(
        EC.text_to_be_present_in_element((By.ID, "enterprise-table"), leader["name"]))
    assert "条结果" in browser.find_element(By.ID, "result-count").text
    browser.find_element(By.LINK_TEXT, leader["name"]).click()
    assert leader["name"] in browser.find_element(By.ID, "enterprise-name").text
    rows = browser.find_elements(By.CSS_SELECTOR, "#figures tbody tr")
    assert len(rows) == 3
    assert browser.find_element(By.CSS_SELECTOR, "#figures-chart svg")
    shot(browser, artifacts, "profile")


def login_if_needed(browser, server):
    browser.get(server.base + "/")
    if "/login" in browser.current_url:
        browser.find_element(By.ID, "username").send_keys("admin")
        browser.find_element(By.ID, "password").send_keys(server.password)
        browser.find_element(By.ID, "login-submit").click()
        # the next page load must not race the login's redirect
        WebDriverWait(browser, 10).until(lambda b: "/login" not in b.current_url)


def test_edit_with_a_bad_value_shows_the_message_next_to_the_field(browser, server, artifacts):
    login_if_needed(browser, server)
    firm = server.get("/enterprises?per=1&sort=uscc").json()["items"][0]
    browser.get(f"{server.base}/enterprises/{firm['uscc']}/edit")
    founded = browser.find_element(By.ID, "founded")
    founded.clear()
    founded.send_keys("2019-02-30")
    browser.find_element(By.ID, "save").click()
    message = browser.find_element(By.ID, "error-founded").text
    assert "成立日期" in message
    shot(browser, artifacts, "edit-error")
    # a good value saves
    founded = browser.find_element(By.ID, "founded")
    founded.clear()
    founded.send_keys("2019-02-28")
    browser.find_element(By.ID, "save").click()
    assert browser.find_element(By.ID, "saved")
    assert server.get(f"/enterprises/{firm['uscc']}").json()["founded"] == "2019-02-28"
    # the profile shows its own change history
    assert "2019-02-28" in browser.find_element(By.ID, "change-history").text


def test_audit_page_lists_the_changes(browser, server, artifacts):
    login_if_needed(browser, server)
    browser.get(server.base + "/")
    browser.find_element(By.ID, "nav-audit").click()
    rows = browser.find_elements(By.CSS_SELECTOR, "#audit-table tbody tr")
    assert rows, "the audit page lists entries"
    assert any("演示管理员" in r.text for r in rows)  # people by name and unit, not login
    shot(browser, artifacts, "audit")


def test_import_with_one_bad_row_shows_the_error_and_writes_nothing(browser, server, artifacts):
    login_if_needed(browser, server)
    before = server.get("/enterprises?per=1").json()["metadata"]["total"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["统一社会信用代码", "企业名称", "所属区县"])
    ws.append(["91440101MA5CJQ4N59", "浏览器导入测试有限公司", "新吴区"])
    ws.append(["91350203M0001QKT19", "坏行", "新吴区"])
    path = tempfile.mktemp(suffix=".xlsx")
    wb.save(path)
    browser.get(server.base + "/imports")
    browser.find_element(By.ID, "file").send_keys(path)
    browser.find_element(By.ID, "upload").click()
    wait_for(browser, artifacts, "import-failed")
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "#error-rows tbody tr td")]
    assert cells[:2] == ["3", "A"], cells
    shot(browser, artifacts, "import-error")
    assert server.get("/enterprises?per=1").json()["metadata"]["total"] == before

    # skipping the bad row imports the good one and shows the counts
    browser.get(server.base + "/imports")
    browser.find_element(By.ID, "file").send_keys(path)
    browser.find_element(By.ID, "skipInvalid").click()
    browser.find_element(By.ID, "upload").click()
    wait_for(browser, artifacts, "import-done")
    assert browser.find_element(By.ID, "count-inserted").text == "1"
    assert browser.find_element(By.ID, "count-skipped").text == "1"
    # the result links to the firms it imported, and only those
    browser.find_element(By.ID, "imported-firms").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "import-filter")))
    names = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#enterprise-table tbody tr td:first-child a")]
    assert names == ["浏览器导入测试有限公司"], names


def test_export_the_list(browser, server):
    login_if_needed(browser, server)
    browser.get(server.base + "/enterprises?tier=leader")
    link = browser.find_element(By.ID, "export").get_attribute("href")
    cookies = {c["name"]: c["value"] for c in browser.get_cookies()}
    r = requests.get(link, cookies=cookies, timeout=60)
    assert r.status_code == 200
    assert "attachment" in r.headers["Content-Disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    total = int(browser.find_element(By.CSS_SELECTOR, "#result-count b").text)
    assert len(rows) - 1 == total
    assert all(row[14] == "链主企业" for row in rows[1:])


def test_english_switch(browser, server):
    login_if_needed(browser, server)
    browser.get(server.base + "/clusters")
    browser.find_element(By.ID, "lang-switch").click()
    assert "Clusters" in browser.find_element(By.TAG_NAME, "h1").text
    browser.find_element(By.ID, "lang-switch").click()
    assert "产业集群" in browser.find_element(By.TAG_NAME, "h1").text
