"""Accounts in a real browser: first-login password change, an enterprise user's own data,
CSRF refusal, idle expiry, logout, user management."""
import secrets
import sqlite3

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from test_browser import login_if_needed, shot


def fresh_browser(browser, server):
    browser.get(server.base + "/login")
    browser.delete_all_cookies()


def log_in(browser, server, username, password):
    fresh_browser(browser, server)
    browser.get(server.base + "/login")
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(password)
    browser.find_element(By.ID, "login-submit").click()
    WebDriverWait(browser, 10).until(lambda b: "/login" not in b.current_url)


def new_password():
    return "E2e-Pw-" + secrets.token_hex(6)


def create_user(server, username, role, scope):
    """As the demo admin (admin + security): an account with a temporary password and one grant."""
    r = requests.post(server.api + "/users", json={"username": username}, headers=server.headers(), timeout=30)
    assert r.status_code == 201, r.text
    temporary = r.json()["temporaryPassword"]
    server.secrets.add(temporary)
    r = requests.put(server.api + f"/users/{username}/grants", json={"grants": [{"role": role, "scope": scope}]},
                     headers=server.headers(), timeout=30)
    assert r.status_code == 200, r.text
    return temporary


def test_an_enterprise_user_changes_its_password_then_sees_its_own_figures_and_not_another_firms(browser, server, artifacts):
    firms = server.get("/enterprises?tier=leader&per=2&sort=uscc").json()["items"]
    own, other = firms[0]["uscc"], firms[1]["uscc"]
    temporary = create_user(server, "e2e_firm", "enterprise", f"enterprise:{own}")
    # first login: the password form comes first, and nothing else opens before it is changed
    log_in(browser, server, "e2e_firm", temporary)
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "must-change")))
    browser.get(server.base + "/enterprises")
    assert "/account" in browser.current_url
    password = new_password()
    server.secrets.add(password)
    browser.find_element(By.ID, "current-password").send_keys(temporary)
    browser.find_element(By.ID, "new-password").send_keys(password)
    browser.find_element(By.ID, "confirm-password").send_keys(password)
    browser.find_element(By.ID, "password-submit").click()
    WebDriverWait(browser, 10).until(EC.url_contains("password=changed"))
    # its own firm: figures in full, and it reports a year as self-reported
    browser.get(server.base + f"/enterprises/{own}")
    assert browser.find_elements(By.CSS_SELECTOR, "#figures tbody tr"), browser.current_url + " " + browser.find_element(By.TAG_NAME, "main").text[:400]
    browser.find_element(By.ID, "edit").click()
    WebDriverWait(browser, 10).until(EC.url_matches(r"/my$"))
    Select(browser.find_element(By.ID, "year")).select_by_value("2026")
    browser.find_element(By.ID, "fig-outputValue").send_keys("123456.7")
    browser.find_element(By.ID, "fig-employees").send_keys("321")
    browser.find_element(By.ID, "figures-submit").click()
    assert "企业自报" in WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "my-message"))).text
    row = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "#my-figures tbody tr") if r.text.startswith("2026")]
    assert row and "123,456.7" in row[0] and "企业自报" in row[0], row
    stored = server.get(f"/enterprises/{own}").json()["figures"]
    assert [f for f in stored if f["year"] == 2026][0]["source"] == "selfReported"
    shot(browser, artifacts, "self-service")
    # another firm: the directory entry only — no figures, no contact, no edit button
    browser.get(server.base + f"/enterprises/{other}")
    assert firms[1]["name"] in browser.find_element(By.ID, "enterprise-name").text
    assert browser.find_elements(By.CSS_SELECTOR, "#figures tbody tr") == []
    assert browser.find_elements(By.ID, "edit") == []
    assert browser.find_elements(By.ID, "figures-chart") == []


def test_a_form_posted_without_its_csrf_token_is_refused(browser, server, artifacts):
    fresh_browser(browser, server)
    login_if_needed(browser, server)
    firm = server.get("/enterprises?per=1&sort=name").json()["items"][0]
    browser.get(f"{server.base}/enterprises/{firm['uscc']}/edit")
    browser.execute_script("document.querySelectorAll('input[name=_csrf]').forEach(e => e.remove())")
    name = browser.find_element(By.ID, "name")
    name.clear()
    name.send_keys("CSRF 不应写入")
    browser.find_element(By.ID, "save").click()
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.TAG_NAME, "body"), "CSRF"))
    shot(browser, artifacts, "csrf-refused")
    assert server.get(f"/enterprises/{firm['uscc']}").json()["name"] == firm["name"]


def session_cookie(browser):
    return next(c for c in browser.get_cookies() if c["name"] == "cl_session")


def test_an_idle_session_expires(browser, server):
    fresh_browser(browser, server)
    login_if_needed(browser, server)
    browser.get(server.base + "/clusters")
    assert "/login" not in browser.current_url
    # 31 minutes of quiet, as the database sees it (every instance reads the same row)
    with sqlite3.connect(server.db_path) as db:
        kind = db.execute("SELECT typeof(last_seen_at) FROM web_sessions LIMIT 1").fetchone()[0]
        if kind in ("real", "integer"):
            db.execute("UPDATE web_sessions SET last_seen_at = last_seen_at - 1860, created_at = created_at - 1860")
        else:
            db.execute("UPDATE web_sessions SET last_seen_at = datetime(last_seen_at, '-31 minutes')")
    browser.get(server.base + "/clusters")
    assert "/login" in browser.current_url


def test_logout_ends_the_session(browser, server):
    fresh_browser(browser, server)
    login_if_needed(browser, server)
    browser.get(server.base + "/clusters")
    cookie = session_cookie(browser)
    server.secrets.add(cookie["value"])
    browser.find_element(By.ID, "logout").click()
    WebDriverWait(browser, 10).until(EC.url_contains("/login"))
    # the old cookie no longer opens anything
    browser.add_cookie({"name": "cl_session", "value": cookie["value"], "path": "/"})
    browser.get(server.base + "/clusters")
    assert "/login" in browser.current_url
    r = requests.get(server.base + "/clusters", cookies={"cl_session": cookie["value"]}, allow_redirects=False, timeout=30)
    assert r.status_code == 303


def test_user_management_pages(browser, server, artifacts):
    fresh_browser(browser, server)
    login_if_needed(browser, server)
    browser.get(server.base + "/")
    browser.find_element(By.ID, "nav-users").click()
    browser.find_element(By.ID, "new-username").send_keys("e2e_clerk")
    browser.find_element(By.ID, "new-display-name").send_keys("钱文")
    browser.find_element(By.ID, "user-submit").click()
    temporary = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "temporary-password"))).text
    server.secrets.add(temporary)
    browser.find_element(By.LINK_TEXT, "e2e_clerk").click()
    Select(browser.find_element(By.ID, "grant-role")).select_by_value("district")
    browser.find_element(By.ID, "grant-scope").send_keys("district:320214")
    browser.find_element(By.ID, "grant-submit").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "user-message")))
    assert "新吴区 区县工作人员" in browser.find_element(By.ID, "grants").text  # the scope in words
    # 三员分立: adding the security role to an admin-free account is fine, auditor + district is not
    Select(browser.find_element(By.ID, "grant-role")).select_by_value("auditor")
    browser.find_element(By.ID, "grant-submit").click()
    assert "三员分立" in WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "user-error"))).text
    browser.find_element(By.ID, "disable").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "enable")))
    assert browser.find_element(By.ID, "user-status").text == "已停用"
    shot(browser, artifacts, "user")
    r = requests.post(server.api + "/auth/token", json={"username": "e2e_clerk", "password": temporary}, timeout=30)
    assert r.status_code == 401
