"""Selection II in a real browser (Policy S1, S2): an expert declares and scores from their queue,
the chain chief approves the shortlist, and the public notice shows without login; its .docx
follows the official-document layout and is converted by LibreOffice where it is installed."""
import io
import os
import shutil
import subprocess
import tempfile

import docx
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from test_browser import shot
from test_identity import fresh_browser, log_in
from test_service import account

SCHEME = {
    "name": "e2e 专家评审方案",
    "eligibility": {"minOutputValue": 0, "figureYears": 1},
    "indicators": [{"code": "outputValue", "weight": 100, "normalisation": "minmax"}],
    "recognition": {"quotaPerChain": 5, "minScore": 0},
    "stages": {"experts": True, "chiefApproval": True, "notice": True},
    "final": {"indicator": 70, "expert": 30},
}


def post(server, path, body, token=None):
    headers = {"Authorization": "Bearer " + token} if token else server.headers()
    return requests.post(server.api + path, json=body, headers=headers, timeout=60)


def token_for(server, username, password):
    token = requests.post(server.api + "/auth/token", json={"username": username, "password": password}, timeout=30).json()["token"]
    server.secrets.add(token)
    return token


def free_chain(server):
    """A year and a chain with no campaign yet, and two of the chain's firms."""
    chains = server.get("/chains").json()["items"]
    for year in (2025, 2024, 2023):
        taken = {c for campaign in server.get(f"/campaigns?year={year}").json() for c in campaign["chains"]}
        for chain in reversed(chains):
            if chain["code"] in taken:
                continue
            firms = server.get(f"/enterprises?chain={chain['code']}").json()["items"]
            if len(firms) >= 2:
                return year, chain["code"], [f["uscc"] for f in firms[:2]]
    raise AssertionError("no chain free for a campaign")


def test_an_expert_scores_from_the_queue_the_chief_approves_and_the_notice_is_public(browser, server, artifacts):
    # setup: a campaign with experts, the chief's approval and a notice; two firms nominated and scored
    year, chain, firms = free_chain(server)
    scheme = post(server, "/selection/schemes", SCHEME)
    assert scheme.status_code == 201, scheme.text
    campaign = post(server, "/campaigns", {"year": year, "chains": [chain], "scheme": scheme.json()["id"], "applyUntil": "2099-12-31"})
    assert campaign.status_code == 201, campaign.text
    cid = campaign.json()["id"]
    for uscc in firms:
        r = post(server, f"/campaigns/{cid}/applications", {"enterprise": uscc, "chain": chain})
        assert r.status_code == 201, r.text
    assert post(server, f"/campaigns/{cid}/score", {}).status_code == 200
    eligible = [i["enterprise"] for i in server.get(f"/campaigns/{cid}/ranking?chain={chain}").json()["items"] if i["eligible"]]
    assert eligible, "no eligible applicant"
    passwords = {name: account(server, name, "expert", "expert") for name in ("rev_a", "rev_b")}
    chief_pw = account(server, "rev_chief", "chief", f"chains:{chain}")
    made = post(server, f"/campaigns/{cid}/assignments", {"chain": chain, "experts": ["rev_a", "rev_b"], "perApplication": 1})
    assert made.status_code == 201, made.text
    mine = [a for a in made.json() if a["expert"] == "rev_a"]
    others = [a for a in made.json() if a["expert"] == "rev_b"]
    assert mine, made.json()

    # act: rev_a declares no conflict from the queue, reads the application, then scores it
    log_in(browser, server, "rev_a", passwords["rev_a"])
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "nav-assignments"))).click()
    first = mine[0]["id"]
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, f"declare-{first}")))
    Select(browser.find_element(By.CSS_SELECTOR, f"#declare-{first} select[name=conflict]")).select_by_value("no")
    browser.find_element(By.ID, f"declare-submit-{first}").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "application-facts")))
    assert not browser.find_elements(By.ID, "application-hidden")
    browser.find_element(By.ID, "back-to-queue").click()
    score = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, f"score-value-{first}")))
    score.clear()
    score.send_keys("86.5")
    browser.find_element(By.ID, f"score-submit-{first}").click()
    done = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, f"score-done-{first}"))).text
    assert done == "86.5", done
    shot(browser, artifacts, "expert-queue")
    # the rest over the API: rev_a's other assignments and rev_b's
    for a in mine[1:] + others:
        token = token_for(server, a["expert"], passwords[a["expert"]])
        assert post(server, f"/assignments/{a['id']}/declaration", {"conflict": False}, token).status_code == 200
        r = requests.put(server.api + f"/assignments/{a['id']}/score", json={"score": 70, "submit": True},
                         headers={"Authorization": "Bearer " + token}, timeout=30)
        assert r.status_code == 200, r.text

    # the official shortlists the eligible firms; the chief approves on the shortlist page
    shortlist = post(server, f"/campaigns/{cid}/shortlists", {"chain": chain, "enterprises": eligible})
    assert shortlist.status_code == 201, shortlist.text
    sid = shortlist.json()["id"]
    log_in(browser, server, "rev_chief", chief_pw)
    browser.get(server.base + f"/selection/shortlists/{sid}")
    Select(WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "shortlist-decision-choice")))).select_by_value("approve")
    browser.find_element(By.ID, "shortlist-decide").click()
    status = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "shortlist-message")))
    assert "链长审定通过" in browser.find_element(By.ID, "shortlist-status").text
    shot(browser, artifacts, "shortlist-approved")

    # the official publishes the notice; anyone reads it without logging in
    notice = post(server, f"/shortlists/{sid}/notice", {"from": "2026-12-07", "workingDays": 5})
    assert notice.status_code == 201, notice.text
    nid = notice.json()["id"]
    fresh_browser(browser, server)
    browser.get(server.base + f"/notices/{nid}")
    title = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "notice-title"))).text
    assert "公示" in title and "/login" not in browser.current_url
    names = browser.find_element(By.ID, "notice-firms").text
    for uscc in eligible:
        assert uscc in names
    assert browser.find_element(By.ID, "objection-form")
    shot(browser, artifacts, "public-notice")

    # check: the .docx names its fonts as East Asian fonts in the official layout and opens in LibreOffice
    data = requests.get(server.base + f"/notices/{nid}.docx", timeout=30)
    assert data.status_code == 200
    document = docx.Document(io.BytesIO(data.content))
    title_run = document.paragraphs[0].runs[0]
    assert "公示" in document.paragraphs[0].text
    assert title_run.font.size.pt == 22
    east_asia = title_run._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    assert east_asia == "方正小标宋简体"
    body = document.paragraphs[2].runs[0]
    assert body.font.size.pt == 16
    assert body._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋_GB2312"
    assert document.tables and len(document.tables[0].rows) == len(eligible) + 1
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office:
        with tempfile.TemporaryDirectory() as out:
            path = os.path.join(out, "notice.docx")
            with open(path, "wb") as f:
                f.write(data.content)
            subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", out, path], check=True, timeout=180,
                           capture_output=True, env={**os.environ, "HOME": out})
            assert os.path.getsize(os.path.join(out, "notice.pdf")) > 1000
