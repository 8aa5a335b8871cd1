"""Chain-leader selection in a real browser (Policy S2, G1): a firm applies with the figures it
will be scored on, its district recommends it, an official scores and recognises it, and the
chain's pool page shows the move."""
import re

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from test_browser import shot
from test_identity import log_in
from test_service import account

SCHEME = {
    "name": "e2e 遴选方案",
    "eligibility": {"minOutputValue": 100000000, "figureYears": 1},
    "indicators": [
        {"code": "outputValue", "weight": 60, "normalisation": "minmax"},
        {"code": "rdIntensity", "weight": 20, "normalisation": "bands", "bands": [[0.02, 40], [0.03, 70], [0.05, 100]]},
        {"code": "patents", "weight": 20, "normalisation": "percentile"},
    ],
    "recognition": {"quotaPerChain": 2, "minScore": 0},
}


def post(server, path, body):
    return requests.post(server.api + path, json=body, headers=server.headers(), timeout=60)


def a_quasi_leader(server):
    """A chain and one of its quasi-leaders (准链主) that leads no chain."""
    for chain in server.get("/chains").json()["items"]:
        pool = server.get(f"/pools?chain={chain['code']}").json()
        for firm in pool["candidate"]:
            if server.get(f"/enterprises/{firm['enterprise']}").json()["tier"] == "candidate":
                return chain["code"], firm
    raise AssertionError("the demo city has no quasi-leader")


def movement(server, chain):
    return server.get(f"/pools?chain={chain}").json()["movement"]


def test_a_firm_applies_its_district_recommends_an_official_scores_and_recognises(browser, server, artifacts):
    # setup: a 2027 campaign for one chain (its figures year is 2026, reported here first)
    chain, firm = a_quasi_leader(server)
    uscc = firm["enterprise"]
    r = requests.put(server.api + f"/enterprises/{uscc}/figures/2026", json={"outputValue": 3_000_000_000, "revenue": 3_000_000_000,
                     "rdExpense": 150_000_000}, headers=server.headers(), timeout=30)
    assert r.status_code == 200, r.text
    scheme = post(server, "/selection/schemes", SCHEME)
    assert scheme.status_code == 201, scheme.text
    campaign = post(server, "/campaigns", {"year": 2027, "chains": [chain], "scheme": scheme.json()["id"], "applyUntil": "2099-12-31"})
    assert campaign.status_code == 201, campaign.text
    campaign_id = campaign.json()["id"]
    before = movement(server, chain)
    firm_pw = account(server, "sel_firm", "enterprise", f"enterprise:{uscc}")
    district = server.get(f"/enterprises/{uscc}").json()["district"]
    district_pw = account(server, "sel_district", "district", f"district:{district}")

    # the firm applies: it sees the figures it will be scored on, read-only
    log_in(browser, server, "sel_firm", firm_pw)
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "nav-selection"))).click()
    browser.find_element(By.ID, f"campaign-{campaign_id}").click()
    browser.find_element(By.ID, "apply-link").click()
    figures = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "apply-figures"))).text
    assert "2026" in figures and "300,000.0" in figures, figures
    assert browser.find_element(By.ID, "a-enterprise").get_attribute("readonly")
    Select(browser.find_element(By.ID, "a-chain")).select_by_value(chain)
    browser.find_element(By.ID, "e-patents").send_keys("42")
    browser.find_element(By.ID, "apply-submit").click()
    status = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "application-status"))).text
    assert "待区县初审" in status, status
    application = int(re.search(r"/selection/applications/(\d+)", browser.current_url).group(1))
    shot(browser, artifacts, "selection-application")

    # its district recommends it (over the API, as the district officer)
    token = requests.post(server.api + "/auth/token", json={"username": "sel_district", "password": district_pw}, timeout=30).json()["token"]
    server.secrets.add(token)
    r = requests.post(server.api + f"/applications/{application}/district-review", json={"recommend": True, "reason": "研发投入高"},
                      headers={"Authorization": "Bearer " + token}, timeout=30)
    assert r.status_code == 200, r.text

    # an official scores the campaign, reads why the firm ranks where it does, and recognises it
    log_in(browser, server, "admin", server.password)
    browser.get(server.base + f"/selection/campaigns/{campaign_id}")
    browser.find_element(By.ID, "score-campaign").click()
    message = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "campaign-message"))).text
    assert "1 份" in message, message
    browser.find_element(By.ID, f"ranking-{chain}").click()
    row = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, f"rank-{uscc}")))
    row.find_element(By.TAG_NAME, "summary").click()
    points = row.find_element(By.CSS_SELECTOR, "table.points").text
    assert "有效专利" in points and "研发投入强度" in points, points
    browser.find_element(By.ID, f"pick-{uscc}").click()
    browser.find_element(By.ID, "recognise-submit").click()
    done = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "ranking-message"))).text
    assert "已认定 1 家" in done, done
    shot(browser, artifacts, "selection-ranking")

    # the firm is a leader of the chain now, and the pool page shows the move up
    assert server.get(f"/enterprises/{uscc}").json()["tier"] == "leader"
    after = movement(server, chain)
    assert after["up"] == before["up"] + 1, (before, after)
    browser.get(server.base + f"/selection/pools?chain={chain}")
    leaders = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "pool-leader"))).text
    assert firm["name"] in leaders
    chart = browser.find_element(By.ID, "pool-movement").text
    assert str(after["up"]) in chart
    shot(browser, artifacts, "selection-pools")
