"""Cases and the yearly case book in a real browser (Policy S7): an official submits a case with a
JPEG written by Pillow, selects it, and downloads the case book; python-docx finds one chapter per
cluster with selected cases and every picture, LibreOffice turns it into a PDF, and pdftoppm renders
a page of it into e2e/artifacts."""
import datetime
import io
import os
import shutil
import subprocess
import tempfile

import docx
import requests
from PIL import Image, ImageDraw
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from test_browser import shot, wait_for
from test_identity import log_in
from test_service import account
from test_finance import bearer


def jpeg(path):
    image = Image.new("RGB", (640, 360), (235, 242, 250))
    draw = ImageDraw.Draw(image)
    for i in range(6):
        draw.rectangle([40 + i * 95, 320 - i * 45, 110 + i * 95, 330], fill=(31, 95, 170))
    image.save(path, "JPEG", quality=85)


def test_an_official_submits_selects_and_compiles_the_case_book(browser, server, artifacts):
    # setup: a city official; the demo city's cases of this year, as the API lists them
    year = datetime.date.today().year
    password = account(server, "case_official", "official", "city")
    api = bearer(server, "case_official", password)
    demo = requests.get(server.api + f"/cases?year={year}", headers=api, timeout=30).json()
    assert len(demo) >= 2 and any(c["status"] == "selected" for c in demo)
    firm = demo[0]["enterprise"]

    # act: the official submits a case through the page's form
    log_in(browser, server, "case_official", password)
    wait_for(browser, artifacts, "nav-cases").click()
    rows = wait_for(browser, artifacts, "cases-table").find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == len(demo)
    browser.find_element(By.CSS_SELECTOR, "#new-case summary").click()
    form = browser.find_element(By.ID, "case-form")
    form.find_element(By.NAME, "title").send_keys("共建联合实验室，带动配套企业工艺升级")
    enterprise = form.find_element(By.NAME, "enterprise")
    enterprise.clear()
    enterprise.send_keys(firm)
    Select(form.find_element(By.NAME, "category")).select_by_value("collaboration")
    form.find_element(By.NAME, "body").send_keys("企业与本地配套企业共建联合实验室。\n两年内配套企业良品率提升12个百分点。")
    form.find_element(By.NAME, "figures").send_keys("配套企业良品率提升：12个百分点")
    form.find_element(By.ID, "case-submit").click()
    title = wait_for(browser, artifacts, "case-title")
    assert "联合实验室" in title.text and "/cases/" in browser.current_url
    case_id = int(browser.current_url.rstrip("/").split("/")[-1].split("#")[0])

    # act: a JPEG written by Pillow, then the selection
    with tempfile.TemporaryDirectory() as work:
        picture = os.path.join(work, "lab.jpg")
        jpeg(picture)
        browser.find_element(By.CSS_SELECTOR, "#add-picture summary").click()
        browser.find_element(By.CSS_SELECTOR, "#picture-form input[name=caption]").send_keys("联合实验室")
        browser.find_element(By.CSS_SELECTOR, "#picture-form input[type=file]").send_keys(picture)
        browser.find_element(By.ID, "picture-submit").click()
        WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#pictures img.case-picture"))
    shown = browser.find_element(By.CSS_SELECTOR, "#pictures img.case-picture")
    assert browser.execute_script("return arguments[0].naturalWidth", shown) == 640
    Select(browser.find_element(By.ID, "case-decision")).select_by_value("select")
    browser.find_element(By.ID, "review-submit").click()
    # The page is replaced after the post: an element found on the old one may go stale.
    WebDriverWait(browser, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda b: b.find_element(By.ID, "case-status").text == "已入选"
    )
    shot(browser, artifacts, "case")

    # act: the case book, through the list page's link with the browser's session
    browser.get(server.base + f"/cases?year={year}")
    link = wait_for(browser, artifacts, "casebook-link").get_attribute("href")
    session = requests.Session()
    for c in browser.get_cookies():
        session.cookies.set(c["name"], c["value"])
    book = session.get(link, timeout=120)

    # check: one Heading 1 per cluster with a selected case, a Heading 2 per case, every picture
    assert book.status_code == 200, book.text[:300]
    selected = requests.get(server.api + f"/cases?year={year}&status=selected", headers=api, timeout=30).json()
    assert any(c["id"] == case_id for c in selected)
    document = docx.Document(io.BytesIO(book.content))
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    cases = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert [c.split("、", 1)[1] for c in chapters] == list(dict.fromkeys(c["clusterName"] for c in selected))
    assert len(cases) == len(selected) and any("联合实验室" in c for c in cases)
    assert len(document.inline_shapes) == sum(len(c["pictures"]) for c in selected)
    assert any(p.style.name.lower().startswith("toc") for p in document.paragraphs), "a table of contents"
    body = "\n".join(p.text for p in document.paragraphs)
    assert "企业与本地配套企业共建联合实验室" in body and "重点产业链链主企业创新发展案例汇编" in body

    # check: LibreOffice converts it, and a page with a case is rendered to PNG for the record
    office = shutil.which("soffice") or shutil.which("libreoffice")
    assert office, "LibreOffice (libreoffice-writer-nogui) is installed by .ci/run"
    with tempfile.TemporaryDirectory() as out:
        path = os.path.join(out, "casebook.docx")
        with open(path, "wb") as f:
            f.write(book.content)
        subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", out, path], check=True, timeout=180,
                       capture_output=True, env={**os.environ, "HOME": out})
        pdf = os.path.join(out, "casebook.pdf")
        assert os.path.getsize(pdf) > 10_000
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "3", "-l", "3", "-singlefile", pdf, os.path.join(artifacts, "casebook-page")],
                       check=True, timeout=60)
    assert os.path.getsize(os.path.join(artifacts, "casebook-page.png")) > 5_000


def test_a_firm_sees_only_its_own_cases_and_cannot_review(browser, server, artifacts):
    # setup: a demo firm's user, and the cases of another firm
    year = datetime.date.today().year
    official = bearer(server, "case_official2", account(server, "case_official2", "official", "city"))
    demo = requests.get(server.api + f"/cases?year={year}", headers=official, timeout=30).json()
    mine, theirs = demo[0], next(c for c in demo if c["enterprise"] != demo[0]["enterprise"])
    password = account(server, "case_firm", "enterprise", "enterprise:" + mine["enterprise"])

    # act
    log_in(browser, server, "case_firm", password)
    browser.get(server.base + f"/cases?year={year}")
    rows = wait_for(browser, artifacts, "cases-table").find_elements(By.CSS_SELECTOR, "tbody tr")
    browser.get(server.base + f"/cases/{theirs['id']}")
    hidden = browser.find_element(By.TAG_NAME, "main").text

    # check: its own cases only, no review form, no publicity log; another firm's case does not exist for it
    assert len(rows) == len([c for c in demo if c["enterprise"] == mine["enterprise"]])
    browser.get(server.base + f"/cases/{mine['id']}")
    wait_for(browser, artifacts, "case-title")
    assert not browser.find_elements(By.ID, "review-form") and not browser.find_elements(By.ID, "publicity")
    assert theirs["title"] not in hidden
