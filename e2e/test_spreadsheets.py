"""Imports of real files written by openpyxl, and exports read back by openpyxl."""
import datetime
import io
import os
import tempfile

import openpyxl

from xlsx_tools import rewrite

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(division, serial):
    body = "91" + division
    digits = []
    for _ in range(9):
        digits.append(ALPHABET[serial % 31])
        serial //= 31
    body += "".join(reversed(digits))
    check = (31 - sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS)) % 31) % 31
    return body + ALPHABET[check]


def saved(wb):
    path = tempfile.mktemp(suffix=".xlsx")
    wb.save(path)
    return path


def read(path):
    with open(path, "rb") as f:
        return f.read()


def test_openpyxl_file_with_title_rows_dates_inline_strings_and_wan(server):
    # setup: a workbook as an office would send it
    a, b = uscc("320281", 5001), uscc("320214", 5002)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2025年重点企业名录"])
    ws.merge_cells("A1:F1")
    ws.append(["说明：请勿修改表头"])
    ws.append(["统一社会信用代码", "企业名称", "区县", "成立日期", "企业性质", "环节代码"])
    ws.append([a, "江阴测试特钢有限公司", "江阴市", datetime.date(1998, 7, 1), "民营", "materials-metal-u1"])
    ws.append([b, "无锡测试微电子有限公司", "320214", "2016-03-09", "外资", "ic-fab-m1,ic-fab-u1"])
    path = saved(wb)
    rewrite(path, inline_strings=True)
    # act
    r = server.post_file("/imports/enterprises?file_name=openpyxl.xlsx", read(path), XLSX)
    # check
    assert r.status_code == 200, r.text
    assert r.json()["inserted"] == 2
    ea = server.get(f"/enterprises/{a}").json()
    assert ea["founded"] == "1998-07-01"
    assert ea["ownership"] == "private"
    eb = server.get(f"/enterprises/{b}").json()
    assert [s["code"] for s in eb["segments"]] == ["ic-fab-m1", "ic-fab-u1"]
    assert eb["segments"][0]["primary"] is True

    # figures in 万元 with a formula whose cached value is what counts
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["年度经营数据"])
    ws.append(["统一社会信用代码", "年度", "产值(万元)", "营业收入(万元)", "从业人数"])
    ws.append([a, 2024, 1234.5, 1000, 300])
    ws.append([a, 2025, "=C3*2", 1100, 320])
    path = saved(wb)
    rewrite(path, cached_values={"C4": "2469"})
    r = server.post_file("/imports/figures", read(path), XLSX)
    assert r.status_code == 200, r.text
    figures = {f["year"]: f for f in server.get(f"/enterprises/{a}").json()["figures"]}
    assert figures[2024]["outputValue"] == 12_345_000
    assert figures[2025]["outputValue"] == 24_690_000
    assert figures[2025]["employees"] == 320


def test_bad_rows_are_reported_with_row_and_column_and_nothing_is_written(server):
    before = server.get("/enterprises?per=1").json()["metadata"]["total"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["标题"])
    ws.append(["uscc", "name", "district", "founded"])
    ws.append([uscc("320205", 6001), "好企业", "锡山区", datetime.date(2010, 1, 1)])
    ws.append(["91350203M0001QKT19", "校验位错误", "锡山区", None])
    ws.append([uscc("320205", 6002), "日期错误", "锡山区", "2010-02-30"])
    ws.append([uscc("320205", 6003), "区县错误", "北京市", None])
    r = server.post_file("/imports/enterprises", read(saved(wb)), XLSX)
    assert r.status_code == 422
    body = r.json()
    cells = {(row["row"], row["column"]) for row in body["rows"]}
    assert {(4, "A"), (5, "D"), (6, "C")} <= cells, body
    assert all(row["reason"] for row in body["rows"])
    assert server.get("/enterprises?per=1").json()["metadata"]["total"] == before


def test_csv_in_gb18030_and_utf8_with_bom(server):
    a, b = uscc("320282", 7001), uscc("320206", 7002)
    gb = f"统一社会信用代码,企业名称,区县\r\n{a},宜兴测试环保有限公司,宜兴市\r\n".encode("gb18030")
    bom = "\ufeff统一社会信用代码,企业名称,区县\n{0},惠山测试装备有限公司,惠山区\n".format(b).encode("utf-8")
    assert server.post_file("/imports/enterprises", gb, "text/csv").status_code == 200
    assert server.post_file("/imports/enterprises", bom, "text/csv").status_code == 200
    assert server.get(f"/enterprises/{a}").json()["name"] == "宜兴测试环保有限公司"
    assert server.get(f"/enterprises/{b}").json()["name"] == "惠山测试装备有限公司"


def test_export_reads_in_openpyxl_and_reimports_unchanged(server):
    # act
    r = server.get("/exports/enterprises.xlsx?district=320281&sort=uscc")
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    # check: the same rows as the list
    listed = server.get("/enterprises?district=320281&sort=uscc&per=500").json()
    assert rows[0][0] == "统一社会信用代码"
    assert [row[0] for row in rows[1:]] == [e["uscc"] for e in listed["items"]]
    assert [row[1] for row in rows[1:]] == [e["name"] for e in listed["items"]]
    # the list's chain names and latest output value ride along as read-only columns
    header = list(rows[0])
    assert "所属产业链（仅供阅读）" in header and "最新产值万元（仅供阅读）" in header
    again = server.post_file("/imports/enterprises", r.content, XLSX)
    assert again.status_code == 200, again.text
    assert again.json()["unchanged"] == len(rows) - 1
    assert again.json()["updated"] == 0


def test_old_xls_gets_a_save_as_message(server):
    ole = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(1024)
    r = server.post_file("/imports/enterprises", ole, "application/octet-stream")
    assert r.status_code == 422
    assert ".xlsx" in r.json()["message"]


def test_supply_links_from_an_openpyxl_workbook_move_the_supporting_rate(server):
    # a chain leader and a local supplier of the demo city, and a new outside supplier
    leader = server.get("/enterprises?tier=leader&per=1&sort=uscc").json()["items"][0]
    detail = server.get(f"/enterprises/{leader['uscc']}").json()
    chain = detail["segments"][0]["chain"]
    segments = [s["code"] for s in server.get(f"/chains/{chain}").json()["segments"]]
    before = server.get(f"/supporting-rates?year=2025&level=buyer&code={leader['uscc']}").json()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "采购"
    ws.append(["2025年度链主企业采购供应关系（报送）"])
    ws.merge_cells("A1:H1")
    ws.append(["采购方统一社会信用代码", "供应商统一社会信用代码", "供应商名称", "供应商所在城市", "环节代码", "年度", "采购金额（万元）", "采购类别"])
    ws.append([leader["uscc"], None, "广州示例新材料有限公司", "广州", segments[0], 2025, 1234.5, "原材料"])
    ws.append([leader["uscc"], None, "广州示例新材料有限公司", "广州", segments[1], 2025, 100, "component"])
    r = server.post_file("/imports/supply-links?file_name=采购.xlsx", read(saved(wb)), XLSX)
    assert r.status_code == 200, r.text
    assert r.json()["inserted"] == 2
    after = server.get(f"/supporting-rates?year=2025&level=buyer&code={leader['uscc']}").json()
    assert after["totalAmount"] == before["totalAmount"] + 13_345_000
    assert after["localAmount"] == before["localAmount"]


def test_import_templates_carry_a_code_sheet_and_drop_downs(browser, server):
    """Read by openpyxl: each template's second sheet 代码表 lists the valid codes with Chinese
    names, and the coded columns of the first sheet have list drop-downs over it."""
    import requests
    from test_identity import log_in
    from test_service import account
    log_in(browser, server, "tpl_official", account(server, "tpl_official", "official", "city"))
    session = requests.Session()
    for c in browser.get_cookies():
        session.cookies.set(c["name"], c["value"])
    for name, coded in [("enterprises", {"所属区县", "经营状态", "梯队"}), ("supply-links", {"环节代码", "采购类别"})]:
        r = session.get(server.base + f"/templates/{name}.xlsx", timeout=30)
        assert r.status_code == 200, name
        wb = openpyxl.load_workbook(io.BytesIO(r.content))
        assert wb.sheetnames[1] == "代码表"
        codes = wb["代码表"]
        header = [c.value for c in codes[1]]
        assert header[:4] == ["区县", "经营状态", "梯队", "采购类别"] and "环节代码" in header
        column = {h: [row[i] for row in codes.iter_rows(min_row=2, values_only=True) if row[i]] for i, h in enumerate(header)}
        assert "江阴市" in column["区县"] and "ic-fab-m2" in column["环节代码"]
        assert "集成电路设计与制造·晶圆制造" in column["环节名称（产业链·环节）"]
        sheet = wb.worksheets[0]
        titles = {cell.value: cell.column_letter for cell in sheet[1]}
        validations = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
        for title in coded:
            dv = validations[f"{titles[title]}2:{titles[title]}1000"]
            assert dv.type == "list" and "代码表" in dv.formula1, (name, title, dv.formula1)
            letter = dv.formula1.split("!$")[1][0]
            values = [row[0].value for row in codes[f"{letter}2:{letter}{codes.max_row}"] if row[0].value]
            assert values == column[codes[f"{letter}1"].value], (name, title)
