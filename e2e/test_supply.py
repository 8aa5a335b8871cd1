"""Chain maps, the supporting rate and leads in a real browser."""
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
    browser.get(server.base + "/leads")
    first = browser.find_element(By.CSS_SELECTOR, "#leads-table tbody tr")
    name = first.find_elements(By.TAG_NAME, "td")[1].text
    first.find_element(By.NAME, "owner").send_keys("招商局王五")
    first.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "leads-message")))
    row = [r for r in browser.find_elements(By.CSS_SELECTOR, "#leads-table tbody tr") if r.find_elements(By.TAG_NAME, "td")[1].text == name][0]
    assert "新线索" in row.text and "招商局王五" in row.text
    shot(browser, artifacts, "leads")
    leads = server.get("/leads?stage=new").json()["items"]
    assert any(l["supplierName"] == name and l["owner"] == "招商局王五" for l in leads)
