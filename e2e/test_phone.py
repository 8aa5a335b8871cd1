"""An enterprise user on a phone (issue 20): at 390 px width the workbench, the filing form, the
request with its rating form and "my firm" fit the screen (no sideways scrolling of the page),
and the user files a request and rates the answer."""
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from test_browser import shot, wait_for
from test_identity import log_in
from test_service import account
from test_finance import bearer

FITS = "return [document.documentElement.scrollWidth, window.innerWidth]"


def overflow(browser):
    wide, inner = browser.execute_script(FITS)
    if wide <= inner:
        return []
    return browser.execute_script("""
      const w = window.innerWidth;
      return Array.from(document.querySelectorAll('body *')).filter(e => {
        const r = e.getBoundingClientRect(); return r.right > w + 1 && getComputedStyle(e).position !== 'fixed';
      }).slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
    """)


def test_an_enterprise_user_files_and_rates_a_request_on_a_phone(browser, server, artifacts):
    # setup: a firm's user and the power company's officer
    firm = server.get("/enterprises?tier=emerging&per=1&sort=uscc").json()["items"][0]
    password = account(server, "phone_firm", "enterprise", f"enterprise:{firm['uscc']}")
    power = bearer(server, "phone_power", account(server, "phone_power", "department", "department:国网无锡供电公司"))
    size = browser.get_window_size()
    problems = {}
    try:
        browser.set_window_size(390, 844)
        # act: the workbench, then filing from the menu
        log_in(browser, server, "phone_firm", password)
        wait_for(browser, artifacts, "work-enterprise")
        problems["/workbench"] = overflow(browser)
        shot(browser, artifacts, "phone-workbench")
        browser.get(server.base + "/requests/new")
        problems["/requests/new"] = overflow(browser)
        Select(browser.find_element(By.ID, "category")).select_by_value("power")
        browser.find_element(By.ID, "title").send_keys("手机上报：临时用电")
        browser.find_element(By.ID, "description").send_keys("周末检修需临时用电 200 千伏安。")
        browser.find_element(By.ID, "request-submit").click()
        wait_for(browser, artifacts, "request-message")
        request_id = browser.current_url.split("/requests/")[1].split("?")[0]
        # the department accepts and answers (through the API)
        for body in ({"action": "accept"}, {"action": "answer", "text": "已安排抢修班组，周六上午接电。"}):
            r = requests.post(server.api + f"/requests/{request_id}/actions", json=body, headers=power, timeout=30)
            assert r.status_code == 200, r.text
        # act: the firm reads the answer and rates it
        browser.get(server.base + f"/requests/{request_id}")
        problems[f"/requests/{request_id}"] = overflow(browser)
        assert "周六上午接电" in wait_for(browser, artifacts, "request-answer").text, "the answer on top of the request"
        shot(browser, artifacts, "phone-request")
        WebDriverWait(browser, 10).until(EC.element_to_be_clickable((By.ID, "action-confirm"))).click()
        WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "request-status"), "已办结"))
        browser.get(server.base + "/my")
        wait_for(browser, artifacts, "year")
        problems["/my"] = overflow(browser)
        shot(browser, artifacts, "phone-my")
    finally:
        browser.set_window_size(size["width"], size["height"])
    # check: rated, and no page scrolls sideways
    assert server.get(f"/requests/{request_id}").json()["satisfied"] is True
    assert not any(problems.values()), problems
