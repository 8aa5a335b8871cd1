"""Every demo role in a real browser (issue: nothing a user meets first is a dead end): each lands
on its workbench, every menu link it is shown opens, no visible text is a raw code, an English
action key or a template leftover; and a department officer's bell counts what is routed to it."""
import html
import re

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from test_browser import shot
from test_identity import log_in

RAW_CODE = re.compile(r"\b[a-z0-9]+-[a-z0-9]+-[umd][0-9]\b")
ACTION_KEY = re.compile(r"\b(denied_[A-Za-z]+|set_grants|import_[a-z_]+|export_[a-z_]+|create_or_grant|change_password|reset_password)\b")
LEFTOVER = re.compile(r"\{\{|#\(")


def demo_users(server):
    """The demo accounts `serve --demo` printed at start: username → (role, password)."""
    with open(server.log_path, encoding="utf-8", errors="replace") as f:
        tail = f.read().split("Demo users of every role", 1)[-1]
    users = {}
    for m in re.finditer(r"^  (\S+)\s+(\S+)\s+\S+\s+(\S+)$", tail, re.M):
        users[m.group(1)] = (m.group(2), m.group(3))
    return users


def visible_problems(text):
    return [p.pattern for p in (RAW_CODE, ACTION_KEY, LEFTOVER) if p.search(text)] and [
        m.group(0) for p in (RAW_CODE, ACTION_KEY, LEFTOVER) for m in p.finditer(text)][:5]


SKIP_LINK = ("logout", ".xlsx", ".docx", ".csv", ".svg", "/attachments/", "lang=", "/api/", "/templates/")


def link_shape(href):
    """One link of each shape is enough: /requests/12 and /requests/13 open the same page."""
    path = href.split("?")[0]
    return re.sub(r"/(\d+|9[0-9A-Z]{17})(?=/|$)", "/N", path)


def page_text(html_text):
    html_text = re.sub(r"(?s)<script.*?</script>|<style.*?</style>", " ", html_text)
    return html.unescape(re.sub(r"(?s)<[^>]+>", " ", html_text))


def in_page_links(session, base, pages, problems, username, limit=80):
    """Every link inside the pages the menu opened (one per shape), fetched with the browser's
    session: each answers 200 and reads without codes."""
    seen = set()
    queue = []
    for page in pages:
        for href in re.findall(r'<main.*?</main>', page, re.S)[:1]:
            queue += [html.unescape(h) for h in re.findall(r'href="(/[^"#]*)"', href)]
    for href in queue:
        if any(x in href for x in SKIP_LINK) or link_shape(href) in seen or len(seen) >= limit:
            continue
        seen.add(link_shape(href))
        r = session.get(base + href, timeout=30, allow_redirects=True)
        if r.status_code != 200:
            problems.append((username, href, r.status_code))
        elif "text/html" in r.headers.get("content-type", ""):
            bad = visible_problems(page_text(r.text))
            if bad:
                problems.append((username, href, bad))
    return len(seen)


def test_every_demo_role_lands_on_its_workbench_and_every_menu_link_opens(browser, server, artifacts):
    users = demo_users(server)
    assert len(users) >= 9, users
    problems = []
    followed = 0
    for username, (role, password) in sorted(users.items()):
        # act: log in; the first page is the workbench
        log_in(browser, server, username, password)
        WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "work-" + role)))
        assert browser.current_url.endswith("/workbench"), (username, browser.current_url)
        assert not browser.find_elements(By.ID, "error-heading"), username
        shot(browser, artifacts, f"workbench-{role}")
        bad = visible_problems(browser.find_element(By.TAG_NAME, "body").text)
        if bad:
            problems.append((username, "/workbench", bad))
        links = [(a.get_attribute("id"), a.get_attribute("href")) for a in browser.find_elements(By.CSS_SELECTOR, "header nav a")]
        links += [(None, a.get_attribute("href")) for a in browser.find_elements(By.CSS_SELECTOR, ".worklist a")]
        seen = set()
        pages = []
        for link_id, href in links:
            if href in seen:
                continue
            seen.add(href)
            browser.get(href)
            pages.append(browser.page_source)
            body = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.TAG_NAME, "body")))
            if browser.find_elements(By.ID, "error-heading"):
                problems.append((username, href, browser.find_element(By.ID, "error-message").text))
            bad = visible_problems(body.text)
            if bad:
                problems.append((username, href, bad))
        session = requests.Session()
        for c in browser.get_cookies():
            session.cookies.set(c["name"], c["value"])
        followed += in_page_links(session, server.base, pages, problems, username)
    assert followed > 50, followed
    assert not problems, "\n".join(map(str, problems))


def test_a_department_officers_bell_counts_what_is_routed_to_it(browser, server, artifacts):
    users = demo_users(server)
    role, password = users["dept_fgw"]
    # setup: a category the officer's department leads, and a firm
    routing = requests.get(server.api + "/routing", headers=server.headers(), timeout=30).json()
    category = next(r["category"] for r in routing if r["leadDepartment"] == "市发展改革委")
    firm = server.get("/enterprises").json()["items"][0]["uscc"]
    log_in(browser, server, "dept_fgw", password)
    browser.get(server.base + "/notifications")
    browser.find_element(By.ID, "read-all").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "notifications-message")))
    assert browser.find_element(By.ID, "bell-count").text == "0"
    # act: a request routed to the department
    r = requests.post(server.api + "/requests", json={"enterprise": firm, "category": category, "title": "铃声测试", "description": "路由到发改委"},
                      headers=server.headers(), timeout=30)
    assert r.status_code == 201, r.text
    browser.get(server.base + "/workbench")
    # check: the bell rose; reading brings it back to zero
    assert int(browser.find_element(By.ID, "bell-count").text) >= 1
    shot(browser, artifacts, "bell")
    browser.find_element(By.ID, "nav-bell").click()
    assert "铃声测试" in browser.find_element(By.ID, "notification-list").text
    browser.find_element(By.ID, "read-all").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "notifications-message")))
    assert browser.find_element(By.ID, "bell-count").text == "0"
