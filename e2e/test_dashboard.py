"""The targets dashboard in a real browser (Policy G1–G5): the five targets with their figures
from GET /targets, and a drill-down from each figure to the rows it counts."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from test_browser import shot, wait_for
from test_identity import log_in
from test_service import account
from test_finance import bearer


def test_the_dashboard_shows_five_targets_and_each_drills_down_to_its_rows(browser, server, artifacts):
    # setup: a city official, and the API's figures
    password = account(server, "dash_official", "official", "city")
    api = bearer(server, "dash_official", password)
    import requests
    targets = {t["code"]: t for t in requests.get(server.api + "/targets", headers=api, timeout=60).json()["targets"]}
    assert set(targets) == {"G1", "G2", "G3", "G4", "G5"}

    # act: the official opens the dashboard from the menu
    log_in(browser, server, "dash_official", password)
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "nav-dashboard"))).click()
    wait_for(browser, artifacts, "target-cards")
    shot(browser, artifacts, "dashboard")

    # check: each count target drills down to a list with as many rows as the figure says
    for code, table in [("G1", "targets-g1"), ("G2", "targets-g2"), ("G3", "targets-g3"), ("G4", "targets-g4")]:
        browser.get(server.base + "/dashboard")
        link = wait_for(browser, artifacts, "drill-" + code)
        assert link.text.replace(",", "") == str(int(targets[code]["value"]))
        link.click()
        rows = wait_for(browser, artifacts, table).find_elements(By.CSS_SELECTOR, "tbody tr")
        assert len(rows) == int(targets[code]["value"]), code
    # G5 drills down to the supporting rates of its data year
    browser.get(server.base + "/dashboard")
    wait_for(browser, artifacts, "drill-G5").click()
    WebDriverWait(browser, 10).until(lambda b: "/supply" in b.current_url)
    assert f"year={targets['G5']['dataYear']}" in browser.current_url
    assert "%" in browser.find_element(By.TAG_NAME, "main").text


def test_a_cluster_chief_opens_its_cluster_and_chain_dashboards(browser, server, artifacts):
    # setup: a chief of the 集成电路 cluster (scope clusters:ic), and its figures from the API
    import requests
    password = account(server, "dash_cluster_chief", "chief", "clusters:ic")
    api = bearer(server, "dash_cluster_chief", password)
    figures = requests.get(server.api + "/clusters/ic/dashboard", headers=api, timeout=60).json()
    assert [c["code"] for c in figures["chains"]] == ["ic-fab", "ic-packaging"]
    assert requests.get(server.api + "/chains/auto-nev/dashboard", headers=api, timeout=60).status_code == 403

    # act: from the workbench to a chain's dashboard, then the cluster's
    log_in(browser, server, "dash_cluster_chief", password)
    browser.get(server.base + "/workbench")
    wait_for(browser, artifacts, "wb-board-ic-fab").find_element(By.TAG_NAME, "a").click()
    wait_for(browser, artifacts, "scope-tiers")
    assert "/dashboard/chains/ic-fab" in browser.current_url
    browser.get(server.base + "/dashboard/clusters/ic")
    wait_for(browser, artifacts, "scope-tiers")
    shot(browser, artifacts, "cluster-dashboard")

    # check: the page shows the API's figures, and its overdue link lists the cluster's requests
    leaders = next(t for t in figures["firmsByTier"] if t["code"] == "leader")["count"]
    assert browser.find_element(By.ID, "tier-leader").text == str(leaders)
    overdue = browser.find_element(By.ID, "scope-overdue")
    assert overdue.text.endswith(str(figures["overdueRequests"]))
    overdue.click()
    WebDriverWait(browser, 10).until(lambda b: "cluster=ic" in b.current_url)
    rows = wait_for(browser, artifacts, "requests-table").find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == figures["overdueRequests"]
