"""Chain maps, the supporting rate and leads in a real browser."""
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from test_browser import login_if_needed, shot


def test_a_weak_segment_on_the_chain_map_lists_its_outside_suppliers(browser, server, artifacts):
    browser.get(server.base + "/login")
    browser.delete_all_cookies()
    login_if_needed(browser, server)
    # a chain whose map has a weak segment bought mostly from outside (found through the API)
    chains = server.get("/chains?per=100").json()["items"]
    chosen = None
    for chain in chains:
        segments = server.get(f"/chains/{chain['code']}/map").json()["segments"]
        weak = [s for s in segments if s["status"] == "weak" and s.get("localShare") is not None and s["localShare"] < 0.3]
        if weak:
            chosen = (chain, weak[0])
            break
    assert chosen, "the demo city has a weak segment"
    chain, segment = chosen
    browser.get(f"{server.base}/chains/{chain['code']}")
    box = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "seg-" + segment["code"])))
    assert box.get_attribute("data-status") == "weak"
    # every segment is named in full on the map
    svg_text = browser.find_element(By.CSS_SELECTOR, "#chain-map svg").text
    assert segment["name"] in svg_text.replace("\n", "")
    shot(browser, artifacts, "chain-map")
    browser.find_element(By.CSS_SELECTOR, f"#seg-{segment['code']} a").click()
    panel = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "segment-suppliers")))
    assert "segment=" + segment["code"] in browser.current_url
    assert browser.find_element(By.ID, "segment-status").text == "薄弱"
    outside = browser.find_elements(By.CSS_SELECTOR, "#segment-suppliers tr.outside")
    assert outside, "the weak segment's outside suppliers are listed"
    assert all(r.find_elements(By.TAG_NAME, "td")[1].text not in ("", "本地企业") for r in outside)
    shot(browser, artifacts, "chain-map-segment")
    # the SVG downloads as a file
    link = browser.find_element(By.ID, "map-download").get_attribute("href")
    import requests
    cookies = {c["name"]: c["value"] for c in browser.get_cookies()}
    r = requests.get(link, cookies=cookies, timeout=30)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("image/svg+xml")
    assert "attachment" in r.headers["Content-Disposition"] and r.text.startswith("<svg")


def test_the_home_page_shows_g5_and_the_city_view_ranks_chains(browser, server):
    login_if_needed(browser, server)
    browser.get(server.base + "/")
    g5 = browser.find_element(By.ID, "home-g5").text
    assert "%" in g5 and "50%" in g5
    browser.find_element(By.ID, "home-g5").click()
    rows = browser.find_elements(By.CSS_SELECTOR, "#chain-ranking tbody tr")
    assert len(rows) >= 20
    rates = [float(r.find_elements(By.TAG_NAME, "td")[2].text.rstrip("%")) for r in rows if r.find_elements(By.TAG_NAME, "td")[2].text != "—"]
    assert rates == sorted(rates, reverse=True)


def test_a_lead_is_followed_from_the_leads_page(browser, server, artifacts):
    login_if_needed(browser, server)
    browser.get(server.base + "/leads?stage=none")
    first = browser.find_element(By.CSS_SELECTOR, "#leads-table tbody tr")
    name = first.find_element(By.CSS_SELECTOR, "td.supplier").text
    # no owner: the browser's own check stops it; the server says so by the field too
    first.find_element(By.NAME, "owner").send_keys("招商局王五")
    first.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    # post → redirect → get: the lead's own page
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "lead-message")))
    assert "/leads/" in browser.current_url and "done=started" in browser.current_url
    lead_url = browser.current_url.split("?")[0]
    assert browser.find_element(By.ID, "lead-title").text.startswith(name)
    details = browser.find_element(By.ID, "lead-details").text
    assert "招商局王五" in details and "新线索" in details
    assert browser.find_element(By.ID, "log-empty")
    # the follow-up log: two entries, each with its date, recorder, what happened and the next step
    entries = [("电话联系对方投资部，约定来锡考察", "安排园区接待"), ("来锡考察高新区，意向设立华东生产基地", "报一事一议")]
    for count, (what, step) in enumerate(entries, start=1):
        browser.find_element(By.ID, "log-what").send_keys(what)
        browser.find_element(By.ID, "log-next").send_keys(step)
        browser.find_element(By.ID, "log-submit").click()
        # The page after the post has one row more (the page before it already has a log table).
        WebDriverWait(browser, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
            lambda b: len(b.find_elements(By.CSS_SELECTOR, "#lead-log tbody tr")) == count
        )
        assert "done=logged" in browser.current_url
    rows = browser.find_elements(By.CSS_SELECTOR, "#lead-log tbody tr")
    assert len(rows) == 2
    assert "意向设立华东生产基地" in rows[0].text and "报一事一议" in rows[0].text
    assert all(r.find_elements(By.TAG_NAME, "td")[1].text.strip() for r in rows), "each entry names who recorded it"
    # reloading after an action shows the page again and adds nothing
    browser.refresh()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "lead-log")))
    assert len(browser.find_elements(By.CSS_SELECTOR, "#lead-log tbody tr")) == 2
    shot(browser, artifacts, "lead")
    # moving it along
    from selenium.webdriver.support.ui import Select
    Select(browser.find_element(By.ID, "lead-next-stage")).select_by_value("contacted")
    browser.find_element(By.ID, "lead-save").click()
    WebDriverWait(browser, 10).until(lambda b: "done=saved" in b.current_url)
    assert browser.find_element(By.ID, "lead-stage").text == "已接洽"
    lead_id = int(lead_url.rsplit("/", 1)[1])
    events = server.get(f"/leads/{lead_id}/events").json()
    assert [e["what"] for e in events][0] == "来锡考察高新区，意向设立华东生产基地"
    leads = server.get("/leads?stage=contacted&owner=招商局王五").json()["items"]
    assert any(l["supplierName"] == name for l in leads)
    # the supplier's name leads to everything known about it
    browser.find_element(By.CSS_SELECTOR, "#lead-details a[href^='/suppliers?key=']").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "supplier-buyers")))
    assert browser.find_element(By.ID, "supplier-name").text.startswith(name)
    assert browser.find_element(By.ID, "supplier-lead").get_attribute("href").endswith(f"/leads/{lead_id}")


def _money(yuan):
    if abs(yuan) >= 100_000_000:
        return f"{yuan / 100_000_000:,.1f}亿元"
    return f"{yuan / 10_000:,.1f}万元"


def test_the_downloaded_chain_map_names_every_amount_it_draws(browser, server, artifacts):
    import xml.etree.ElementTree as ET
    import requests
    login_if_needed(browser, server)
    ns = "{http://www.w3.org/2000/svg}"
    checked = 0
    for chain in server.get("/chains?per=100").json()["items"][:12]:
        flows = server.get(f"/chains/{chain['code']}/map").json()["flows"]
        if not flows:
            continue
        browser.get(f"{server.base}/chains/{chain['code']}")
        link = browser.find_element(By.ID, "map-download").get_attribute("href")
        cookies = {c["name"]: c["value"] for c in browser.get_cookies()}
        svg = ET.fromstring(requests.get(link, cookies=cookies, timeout=30).content)
        paths = [(p.get("data-from"), p.get("data-to")) for p in svg.iter(ns + "path") if p.get("class") == "flow"]
        labels = {(t.get("data-from"), t.get("data-to")): t.text for t in svg.iter(ns + "text") if t.get("class") == "flow-amount"}
        assert paths and sorted(paths) == sorted(labels), "every arrow drawn has its amount printed"
        expected = {(f["from"], f["to"]): _money(f["amount"]) for f in flows}
        for key in paths:
            assert labels[key] == expected[key], (chain["code"], key, labels[key], expected[key])
        checked += len(paths)
    assert checked > 0, "the demo city draws purchase flows"
