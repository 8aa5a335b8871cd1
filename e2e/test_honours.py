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
    # … published on a public notice from the same page, which anyone can open
    today = datetime.date.today().isoformat()
    browser.execute_script("document.getElementById('reward-notice-from').value = arguments[0]", today)
    browser.find_element(By.ID, "reward-notice-submit").click()
    notice = wait_for(browser, artifacts, "reward-notice-firms")
    assert "/reward-notices/" in browser.current_url and firm["name"] in notice.text
    shot(browser, artifacts, "reward-notice")
    public = requests.get(browser.current_url, timeout=30)
    assert public.status_code == 200 and firm["name"] in public.text
    browser.get(server.base + "/rewards")
    assert "已公示" in wait_for(browser, artifacts, "reward-" + reward_id).text

    # … on the firm's profile
    browser.get(server.base + "/enterprises/" + firm["uscc"])
    assert "首次" in wait_for(browser, artifacts, "firm-honours").text
    assert "1,000,000" in browser.find_element(By.ID, "firm-rewards").text

    # … and in G3 on the home page
    browser.get(server.base + "/")
    text = wait_for(browser, artifacts, "home-g3").text
    assert re.search(r"：\s*%d\b" % int(before + 1), text), text
    assert g3(server, year) == before + 1


def test_an_official_list_written_by_excel_imports_with_names_resolved(server):
    import io
    import openpyxl
    # setup: two registered firms of the demo city, one by USCC and one by its name
    firms = [f for f in server.get("/enterprises?per=200").json()["items"]
             if not server.get(f"/honours?enterprise={f['uscc']}").json()["items"]][:2]
    assert len(firms) == 2
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2025年度省级专精特新中小企业名单"])
    sheet.append(["序号", "统一社会信用代码", "企业名称", "荣誉类型", "年度"])
    sheet.append([1, firms[0]["uscc"], None, "specialised-provincial", 2025])
    sheet.append([2, None, firms[1]["name"], "省级专精特新中小企业", "2025"])
    buf = io.BytesIO()
    book.save(buf)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    # act
    r = server.post_file("/honour-imports", buf.getvalue(), xlsx)
    # check: both recorded, both first-time
    assert r.status_code == 200, r.text
    assert r.json() == {"rows": 2, "recorded": 2, "firstTime": 2}
    # the same list again: every row is a row error, nothing written
    again = server.post_file("/honour-imports", buf.getvalue(), xlsx)
    assert again.status_code == 422, again.text
    rows = again.json()["rows"]
    assert [e["row"] for e in rows] == [3] and "已记录" in rows[0]["reason"], again.text
    for f in firms:
        assert len(server.get(f"/honours?enterprise={f['uscc']}").json()["items"]) == 1


def test_a_chain_project_recorded_on_its_page_shows_on_the_segment_of_the_chain_map(browser, server, artifacts):
    # setup: a chain and one of its segments, from a chain project of the demo city
    demo = server.get("/projects?kind=chain").json()[0]
    name = "浏览器测试补链项目%d" % datetime.datetime.now().microsecond
    # act: the official records a project filling that segment
    log_in(browser, server, "admin", server.password)
    browser.get(server.base + "/projects")
    Select(browser.find_element(By.ID, "project-kind")).select_by_value("chain")
    browser.find_element(By.ID, "project-name").send_keys(name)
    browser.find_element(By.ID, "project-investor").send_keys("外地投资集团")
    browser.find_element(By.ID, "project-year").send_keys(str(datetime.date.today().year))
    browser.find_element(By.ID, "project-amount").send_keys("12000")
    Select(browser.find_element(By.ID, "project-chain")).select_by_value(demo["chain"])
    browser.find_element(By.ID, "project-segment").send_keys(demo["segment"])
    Select(browser.find_element(By.ID, "project-action")).select_by_value("fill")
    browser.find_element(By.ID, "project-submit").click()
    wait_for(browser, artifacts, "records-message")
    assert browser.current_url.endswith("/projects?recorded=1")
    assert name in browser.find_element(By.ID, "projects-table").text
    # check: the segment's panel on the chain map lists it, with the amount in 万元
    browser.get(server.base + "/chains/%s?segment=%s#segment" % (demo["chain"], demo["segment"]))
    panel = wait_for(browser, artifacts, "segment-projects")
    row = next(tr for tr in panel.find_elements(By.CSS_SELECTOR, "tbody tr") if name in tr.text)
    assert "补链" in row.text and "12,000" in row.text, row.text
    assert name in browser.find_element(By.ID, "chain-projects").text
    shot(browser, artifacts, "chain-project")



def test_projects_from_an_excel_sheet_are_imported_and_exported_in_the_same_columns(server):
    import io
    import openpyxl
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    demo = server.get("/projects?kind=chain").json()[0]
    leader = server.get("/enterprises?tier=leader&per=1").json()["items"][0]
    # setup: a sheet as an official writes it in Excel, a title row above the header
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2026年重大项目清单"])
    sheet.append(["项目类型", "项目名称", "企业名称", "投资方", "年度", "投资额（万元）", "产业链", "环节", "强链补链延链", "阶段", "绿色通道"])
    sheet.append(["强链补链延链项目", "Excel补链项目", None, "外地投资集团", 2026, 5000.5, demo["chain"], demo["segment"], "补链", "签约", "是"])
    sheet.append(["重大装备项目", "Excel首台套项目", leader["name"], None, 2026, 800, None, None, None, "在建", None])
    buf = io.BytesIO()
    book.save(buf)
    # act
    r = server.post_file("/innovation-imports?records=projects", buf.getvalue(), xlsx)
    exported = requests.get(server.api + "/exports/innovation.xlsx?records=projects", headers=server.headers(), timeout=60)
    # check: both recorded, the firm found by its name; the export lists them under the import's headers
    assert r.status_code == 200, r.text
    assert r.json()["recorded"] == 2
    mine = [p for p in server.get("/projects?year=2026").json() if p["name"].startswith("Excel")]
    assert {p["name"]: p.get("enterprise") for p in mine}["Excel首台套项目"] == leader["uscc"]
    assert {p["name"]: p.get("amount") for p in mine}["Excel补链项目"] == 50005000
    assert exported.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "项目类型")
    assert list(header[:4]) == ["项目类型", "项目名称", "统一社会信用代码", "企业名称"]
    assert any(r and r[1] == "Excel补链项目" and r[10] == "补链" for r in rows)
