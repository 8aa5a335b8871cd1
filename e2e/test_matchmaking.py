"""Supply–demand matchmaking in a real browser (Policy L1, L3): a chain leader publishes a
suggested demand in one step — a segment it bought mostly outside the city — and sees local
suppliers ranked with reasons; it starts a match and moves it on."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from test_browser import shot, wait_for
from test_identity import log_in
from test_service import account


def test_a_chain_leader_publishes_a_suggested_demand_and_sees_ranked_candidates(browser, server, artifacts):
    # setup: a chain leader of the demo city with a segment bought mostly outside, and its account
    suggestions = server.get("/demand-suggestions").json()
    assert suggestions, "the demo city has no leader buying mostly outside"
    # one not published yet, in a segment with other local firms to rank
    s = next(x for x in suggestions if not x.get("demand") and x["localFirms"] > 0)
    assert s["outsideAmount"] * 2 > s["totalAmount"]
    password = account(server, "mm_leader", "enterprise", f"enterprise:{s['buyer']}")

    # act: the leader opens matchmaking from the menu and publishes the suggestion as drafted
    log_in(browser, server, "mm_leader", password)
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "nav-matchmaking"))).click()
    row = wait_for(browser, artifacts, "suggestion-" + s["segment"])
    assert s["segmentName"] in row.text
    shot(browser, artifacts, "matchmaking-hub")
    browser.find_element(By.ID, "publish-" + s["segment"]).click()

    # check: the demand's page, with ranked candidates and their reasons in Chinese
    table = wait_for(browser, artifacts, "candidates-table")
    assert "/demands/" in browser.current_url
    assert browser.find_element(By.ID, "demand-title").text.startswith(s["title"])
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert rows, "no candidate"
    first = rows[0]
    reasons = [li.text for li in first.find_elements(By.CSS_SELECTOR, "ul.reasons li")]
    assert reasons and any(r in ("属于所需环节", "本地企业") for r in reasons), reasons
    scores = [float(r.find_elements(By.TAG_NAME, "td")[2].text) for r in rows]
    assert scores == sorted(scores, reverse=True)
    # a buyer reads no other buyer's amount
    assert "万元" not in table.text
    shot(browser, artifacts, "matchmaking-candidates")

    # act: a match with the first candidate, moved to contacted (post → redirect → get)
    supplier = first.get_attribute("id").removeprefix("candidate-")
    candidates_before = browser.find_element(By.ID, "candidates-table")
    browser.find_element(By.ID, "open-" + supplier).click()
    WebDriverWait(browser, 30).until(EC.staleness_of(candidates_before))
    wait_for(browser, artifacts, "demand-message")
    match_row = browser.find_element(By.CSS_SELECTOR, "#matches-table tbody tr")
    match_id = match_row.get_attribute("id").removeprefix("match-")
    assert "已推荐" in match_row.text
    Select(browser.find_element(By.ID, "move-to-" + match_id)).select_by_value("contacted")
    old_message = browser.find_element(By.ID, "demand-message")
    browser.find_element(By.ID, "move-submit-" + match_id).click()
    # the page before the move still shows a message: wait until the redirect replaced it
    WebDriverWait(browser, 30).until(EC.staleness_of(old_message))
    wait_for(browser, artifacts, "demand-message")
    assert "已联系" in wait_for(browser, artifacts, "match-status-" + match_id).text
    assert "/moves" not in browser.current_url
    # the API agrees
    listed = server.get("/matches?status=contacted").json()
    assert any(m["id"] == int(match_id) and m["supplier"] == supplier for m in listed)
    shot(browser, artifacts, "matchmaking-match")
