"""Financing in a real browser (Policy S5): a bank user logs in, sees only the needs recommended
to its own bank, and approves one; the city's API agrees."""
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from test_browser import shot, wait_for
from test_identity import log_in
from test_service import account

BANK = "江南示范银行无锡分行"


def bearer(server, username, password):
    r = requests.post(server.api + "/auth/token", json={"username": username, "password": password}, timeout=30)
    assert r.status_code in (200, 201), r.text
    token = r.json()["token"]
    server.secrets.add(token)
    return {"Authorization": "Bearer " + token}


def test_a_bank_user_sees_only_its_own_recommendations_and_approves_one(browser, server, artifacts):
    # setup: the demo round's recommendations, as a city official reads them
    official = bearer(server, "fin_official", account(server, "fin_official", "official", "city"))
    everything = requests.get(server.api + "/finance/recommendations", headers=official, timeout=30).json()
    ours = [r for r in everything if r["recommendation"]["bank"] == BANK]
    others = [r for r in everything if r["recommendation"]["bank"] != BANK]
    assert ours and others, "the demo city recommends needs to several banks"
    password = account(server, "fin_bank", "bank", "bank:" + BANK)

    # act: the bank user opens financing from the menu
    log_in(browser, server, "fin_bank", password)
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "nav-finance"))).click()
    table = wait_for(browser, artifacts, "addressed-table")
    shot(browser, artifacts, "finance-bank")

    # check: exactly our bank's recommendations, none of another bank's
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert sorted(r.get_attribute("id") for r in rows) == sorted(f"rec-{r['recommendation']['id']}" for r in ours)
    assert not browser.find_elements(By.ID, "needs-table")
    figures = browser.find_element(By.ID, "figures-table").text
    for other in {r["recommendation"]["bank"] for r in others}:
        assert other not in table.text and other not in figures

    # act: approve the first one still waiting (post → redirect → get)
    waiting = next(r for r in ours if r["recommendation"]["status"] in ("recommended", "contacted"))
    rid = waiting["recommendation"]["id"]
    Select(browser.find_element(By.ID, f"answer-status-{rid}")).select_by_value("approved")
    browser.find_element(By.ID, f"answer-amount-{rid}").send_keys("500")
    browser.find_element(By.ID, f"answer-rate-{rid}").send_keys("LPR+15BP")
    browser.find_element(By.ID, f"answer-submit-{rid}").click()
    wait_for(browser, artifacts, "finance-message")

    # check: the page, its URL and the city's API agree
    assert "已授信" in wait_for(browser, artifacts, f"rec-status-{rid}").text
    assert "/answer" not in browser.current_url
    assert not browser.find_elements(By.ID, f"answer-form-{rid}")
    shot(browser, artifacts, "finance-approved")
    after = requests.get(server.api + f"/finance/needs/{waiting['recommendation']['need']}", headers=official, timeout=30).json()
    mine = next(r for r in after["recommendations"] if r["bank"] == BANK)
    assert mine["status"] == "approved" and mine["amount"] == 5_000_000 and mine["rateBand"] == "LPR+15BP"
