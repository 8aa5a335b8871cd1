"""Honours and rewards without application in a real browser (Policy S3, S4, G3): an official
records a firm's first national single-champion grant; without anyone applying, the firm is on
the reward list, its profile shows the honour and the reward, and G3 on the home page rises."""
import datetime
import re

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_browser import shot, wait_for
from test_identity import log_in


def g3(server, year):
    targets = server.get(f"/targets?year={year}").json()["targets"]
    return next(t for t in targets if t["code"] == "G3")["value"]


def test_a_first_time_single_champion_is_rewarded_without_applying(browser, server, artifacts):
    year = datetime.date.today().year
    # setup: the reward rule (data, not code), a firm with no honours, G3 before
    r = requests.put(server.api + "/rewards/rules/single-champion", json={"amount": 1000000, "fromYear": 2020},
                     headers=server.headers(), timeout=30)
    assert r.status_code == 200, r.text
    firms = server.get("/enterprises?per=50").json()["items"]
    firm = next(f for f in firms if not server.get(f"/honours?enterprise={f['uscc']}").json()["items"])
    before = g3(server, year)

    # act: the official records the honour on the page
    log_in(browser, server, "admin", server.password)
    browser.get(server.base + "/honours")
    browser.find_element(By.ID, "honour-enterprise").send_keys(firm["uscc"])
    Select(browser.find_element(By.ID, "honour-kind")).select_by_value("single-champion")
    browser.find_element(By.ID, "honour-year").send_keys(str(year))
    browser.find_element(By.ID, "honour-evidence").send_keys("工信部公告")
    browser.find_element(By.ID, "honour-submit").click()
    wait_for(browser, artifacts, "honours-message")
    assert browser.current_url.endswith("/honours?recorded=1")
    row = next(tr for tr in browser.find_elements(By.CSS_SELECTOR, "#honours-table tbody tr") if firm["name"] in tr.text)
    assert "首次" in row.text
    shot(browser, artifacts, "honours")

    # check: on the reward list at once, pending, with the rule's amount
    browser.get(server.base + "/rewards")
    row = next(tr for tr in browser.find_elements(By.CSS_SELECTOR, "#rewards-table tbody tr") if firm["name"] in tr.text)
    assert "1,000,000" in row.text and "待确认" in row.text
    shot(browser, artifacts, "rewards")
    # … confirmed on the page, which comes back to the list
    reward_id = row.get_attribute("id").split("-")[1]
    Select(row.find_element(By.NAME, "to")).select_by_value("confirmed")
    browser.find_element(By.ID, "move-" + reward_id).click()
    wait_for(browser, artifacts, "rewards-message")
    assert "已确认" in browser.find_element(By.ID, "reward-" + reward_id).text

    # … on the firm's profile
    browser.get(server.base + "/enterprises/" + firm["uscc"])
    assert "首次" in wait_for(browser, artifacts, "firm-honours").text
    assert "1,000,000" in browser.find_element(By.ID, "firm-rewards").text

    # … and in G3 on the home page
    browser.get(server.base + "/")
    text = wait_for(browser, artifacts, "home-g3").text
    assert re.search(r"：\s*%d\b" % int(before + 1), text), text
    assert g3(server, year) == before + 1
