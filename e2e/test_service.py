"""The service express in a real browser: an enterprise files a request and sees its status
and deadline; the department answers it from its queue; the firm rates the answer."""
import secrets

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from test_browser import shot
from test_identity import log_in


def account(server, username, role, scope):
    """An account with a final password (created, granted, first password changed through the API)."""
    r = requests.post(server.api + "/users", json={"username": username}, headers=server.headers(), timeout=30)
    assert r.status_code == 201, r.text
    temporary = r.json()["temporaryPassword"]
    r = requests.put(server.api + f"/users/{username}/grants", json={"grants": [{"role": role, "scope": scope}]},
                     headers=server.headers(), timeout=30)
    assert r.status_code == 200, r.text
    password = "Svc-" + secrets.token_hex(6) + "-A"
    r = requests.post(server.api + "/auth/password", json={"username": username, "currentPassword": temporary, "newPassword": password}, timeout=30)
    assert r.status_code == 204, r.text
    server.secrets.update({temporary, password})
    return password


def test_a_firm_files_a_request_and_the_department_answers_it_from_its_queue(browser, server, artifacts):
    firm = server.get("/enterprises?tier=backbone&per=1&sort=uscc").json()["items"][0]
    firm_pw = account(server, "svc_firm", "enterprise", f"enterprise:{firm['uscc']}")
    power_pw = account(server, "svc_power", "department", "department:国网无锡供电公司")
    # the firm files: power goes to the power company, with working-day deadlines
    log_in(browser, server, "svc_firm", firm_pw)
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "nav-requests"))).click()
    browser.find_element(By.ID, "new-request").click()
    Select(browser.find_element(By.ID, "category")).select_by_value("power")
    browser.find_element(By.ID, "title").send_keys("新产线用电增容")
    browser.find_element(By.ID, "description").send_keys("新产线投产需增容 1600 千伏安，希望两周内完成方案。")
    browser.find_element(By.ID, "request-submit").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "request-message")))
    assert browser.find_element(By.ID, "request-status").text == "已交办"
    assert browser.find_element(By.ID, "lead-department").text == "国网无锡供电公司"
    request_id = browser.current_url.split("/requests/")[1].split("?")[0]
    detail = server.get(f"/requests/{request_id}").json()
    assert browser.find_element(By.ID, "answer-by").text == detail["answerBy"]
    assert browser.find_element(By.ID, "accept-by").text == detail["acceptBy"]
    shot(browser, artifacts, "request-filed")
    # the power company's officer finds it in the queue, accepts and answers
    log_in(browser, server, "svc_power", power_pw)
    browser.get(server.base + "/requests")
    browser.find_element(By.LINK_TEXT, "新产线用电增容").click()
    WebDriverWait(browser, 10).until(EC.url_contains(f"/requests/{request_id}"))
    WebDriverWait(browser, 10).until(EC.element_to_be_clickable((By.ID, "action-accept"))).click()
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "request-status"), "已受理"))
    # post → redirect → get: the browser is back on the request, and a reload repeats nothing
    assert browser.current_url.endswith(f"/requests/{request_id}?done=accept"), browser.current_url
    events = len(browser.find_elements(By.CSS_SELECTOR, "#request-history tbody tr"))
    browser.refresh()
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "request-message"), "受理"))
    assert browser.find_element(By.ID, "request-status").text.startswith("已受理")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#request-history tbody tr")) == events, "nothing repeated"
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "text-answer"))).send_keys("已安排客户经理现场勘察，10 个工作日内出具增容方案。")
    browser.find_element(By.ID, "action-answer").click()
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "request-status"), "已答复"))
    history = browser.find_element(By.ID, "request-history").text
    assert "受理" in history and "答复" in history and "svc_power" in history
    shot(browser, artifacts, "request-answered")
    # the firm sees the answer and rates it; the request closes
    log_in(browser, server, "svc_firm", firm_pw)
    browser.get(f"{server.base}/requests/{request_id}")
    assert "10 个工作日内出具增容方案" in browser.find_element(By.ID, "request-history").text
    WebDriverWait(browser, 10).until(EC.element_to_be_clickable((By.ID, "action-confirm"))).click()
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "request-status"), "已办结"))
    assert server.get(f"/requests/{request_id}").json()["satisfied"] is True


def test_every_service_page_names_its_category_column(browser, server):
    """The request list, a request's page, the filing form and the routing table each label the
    request category (they once rendered an empty header)."""
    firm = server.get("/enterprises?tier=candidate&per=1&sort=uscc").json()["items"][0]
    password = account(server, "hdr_official", "official", "city")
    log_in(browser, server, "hdr_official", password)
    # the filing form
    browser.get(server.base + "/requests/new")
    label = browser.find_element(By.XPATH, "//label[select[@id='category']]")
    assert label.text.startswith("诉求类别"), label.text
    browser.find_element(By.ID, "enterprise").send_keys(firm["uscc"])
    Select(browser.find_element(By.ID, "category")).select_by_value("labour")
    browser.find_element(By.ID, "title").send_keys("技工招聘")
    browser.find_element(By.ID, "description").send_keys("新产线需技工 40 名。")
    browser.find_element(By.ID, "request-submit").click()
    # the request's page
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "request-message")))
    row = browser.find_element(By.XPATH, "//tr[th[normalize-space()='诉求类别']]")
    assert "用工" in row.text, row.text
    # the list and the routing table
    browser.get(server.base + "/requests")
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#requests-table thead th")]
    assert "诉求类别" in headers, headers
    browser.get(server.base + "/service-settings")
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#routing-table thead th")]
    assert headers[0] == "诉求类别", headers
    # and in English
    browser.find_element(By.ID, "lang-switch").click()
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#routing-table thead th")]
    assert headers[0] == "Category", headers
    browser.find_element(By.ID, "lang-switch").click()
