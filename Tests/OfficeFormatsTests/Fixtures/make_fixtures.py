#!/usr/bin/env python3
"""Makes the OfficeFormats test fixtures in this folder (reproducibly: fixed timestamps).

    python3 -m venv /tmp/ofvenv && /tmp/ofvenv/bin/pip install openpyxl
    /tmp/ofvenv/bin/python Tests/OfficeFormatsTests/Fixtures/make_fixtures.py

Also checks, when it is present, that `written_by_xlsxwriter.xlsx` (the output of the Swift
XLSXWriter, saved by `OFFICEFORMATS_EXPORT_DIR=$PWD/Tests/OfficeFormatsTests/Fixtures swift test
--filter OfficeFormatsTests`) loads in openpyxl with the expected values.

`--perf PATH` instead writes a 100,000-row x 15-column workbook laid out as Excel saves it (shared
strings) for timing the reader (not a fixture: too big to commit).
"""
import datetime
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

import openpyxl
from openpyxl.styles import Font

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED = (2024, 1, 1, 0, 0, 0)


def rezip(data: bytes, patch=None) -> bytes:
    """Rewrites a zip with fixed timestamps (zip entries and docProps/core.xml's "modified", which
    openpyxl and LibreOffice set to now), applying patch(name, bytes) -> bytes to each entry."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", content)
            if patch:
                content = patch(info.filename, content)
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def make_zip(parts: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(zipfile.ZipInfo(name, FIXED), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def save(name: str, data: bytes):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    print(f"wrote {name} ({len(data)} bytes)")


# ---------------------------------------------------------------------------
# enterprises.xlsx / enterprises_inline.xlsx: written by openpyxl, then the formulas get the cached
# values Excel would have saved (openpyxl does not compute formulas). openpyxl 3.1 writes inline
# strings; enterprises.xlsx has them moved into xl/sharedStrings.xml, as Excel and WPS save them.

HEADER = ["序号", "统一社会信用代码", "企业名称", "产值(万元)", "成立日期", "登记日期(文本)",
          "纳税人识别号", "是否规上", "备注", "产值翻倍(公式)", "名称(公式)"]


def enterprises_workbook() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "企业名单"
    ws["A1"] = "2024年度重点企业产值统计表"
    ws.merge_cells("A1:K1")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "说明：产值单位为万元；数据截至2024年12月31日"
    ws.append(HEADER)  # row 3
    for cell in ws[3]:
        cell.font = Font(bold=True)
    ws.append([1, "91310000MA1FL5LX3X", "上海示例科技有限公司", 12345.67, datetime.date(2015, 3, 18),
               "2015-03-18", 12345678901234, True, '含<特殊>&"字符\'', "=D4*2", '=C4&"分公司"'])
    ws.append([2, "91440300MA5G8XXX1Y", "深圳某某制造有限公司", None, datetime.date(2000, 1, 1),
               "2000/1/1", 98765432109876, False, "第一行\n第二行", "=D5*2", None])
    ws.append([3, "91110108MA01ABCD2E", "  前导空格企业", 0.1, datetime.datetime(2024, 2, 29, 13, 45),
               "二〇二四年二月", -5, None, 0.5, "#DIV/0!", None])
    ws.append([])  # row 7 stays empty
    ws.append([4, "92330100MA2J0XYZ3K", "杭州个体工商户", 0.125, datetime.date(1900, 3, 1),
               None, 3000000000, None, None, None, None])  # row 8
    ws["E5"].number_format = 'yyyy"年"m"月"d"日"'
    ws["E6"].number_format = "yyyy-mm-dd hh:mm"
    ws["I6"].number_format = "h:mm"
    ws["D8"].number_format = "0.00%"
    for col, width in zip("ABCDEFGHIJK", [6, 22, 26, 12, 12, 14, 18, 10, 16, 14, 20]):
        ws.column_dimensions[col].width = width
    other = wb.create_sheet("其他")
    other["A1"] = "第二个工作表，不应被读取"
    wb.properties.created = datetime.datetime(2024, 1, 1)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def cache_formula_results(text: str) -> str:
    text, n1 = re.subn(r'<c r="J4"><f>D4\*2</f><v\s*/?>(</v>)?', '<c r="J4"><f>D4*2</f><v>24691.34</v>', text)
    text, n2 = re.subn(r'<c r="J5"><f>D5\*2</f><v\s*/?>(</v>)?', '<c r="J5"><f>D5*2</f><v>0</v>', text)
    text, n3 = re.subn(r'<c r="K4"><f>(.*?)</f><v\s*/?>(</v>)?',
                       r'<c r="K4" t="str"><f>\1</f><v>上海示例科技有限公司分公司</v>', text)
    assert (n1, n2, n3) == (1, 1, 1), (n1, n2, n3, text[:2000])
    return text


def enterprises(shared: bool) -> bytes:
    strings = []  # XML-escaped texts, in order of first use

    def to_shared(match):
        escaped = match.group(4)
        if escaped not in strings:
            strings.append(escaped)
        return f'<c r="{match.group(1)}"{match.group(2) or ""} t="s"><v>{strings.index(escaped)}</v></c>'

    def patch(name, content):
        text = content.decode("utf-8")
        if name == "xl/worksheets/sheet1.xml":
            text = cache_formula_results(text)
        if shared and name.startswith("xl/worksheets/sheet"):
            text = re.sub(r'<c r="([A-Z]+[0-9]+)"( s="[0-9]+")? t="inlineStr"><is><t( xml:space="preserve")?>(.*?)</t></is></c>',
                          to_shared, text, flags=re.S)
            assert "inlineStr" not in text
        return text.encode("utf-8")

    data = rezip(enterprises_workbook(), patch)
    if not shared:
        return data

    sst = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (len(strings), len(strings))
           + "".join(f'<si><t xml:space="preserve">{s}</t></si>' for s in strings) + "</sst>")

    def add_sst(name, content):
        text = content.decode("utf-8")
        if name == "[Content_Types].xml":
            text = text.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        if name == "xl/_rels/workbook.xml.rels":
            text = text.replace("</Relationships>", '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml" Id="rId9"/></Relationships>')
        return text.encode("utf-8")

    data = rezip(data, add_sst)
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("xl/sharedStrings.xml", FIXED), sst.encode("utf-8"), zipfile.ZIP_DEFLATED)
    data = out.getvalue()
    wb = openpyxl.load_workbook(io.BytesIO(data))  # still a valid workbook
    assert wb.worksheets[0]["C4"].value == "上海示例科技有限公司"
    return data


# ---------------------------------------------------------------------------
# inline_strings.xlsx: hand-made XML with an "x:" prefix, inline and rich strings, formulas,
# cells and rows without r, and a first sheet in workbook order that is sheet2.xml.

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
%s
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
%s
</Types>"""
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{NS_PKG}"><Relationship Id="rId1" Type="{NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"""


def inline_strings() -> bytes:
    workbook = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:workbook xmlns:x="{NS_MAIN}" xmlns:r="{NS_REL}">
  <x:workbookPr/>
  <x:sheets>
    <x:sheet name="数据" sheetId="2" r:id="rId2"/>
    <x:sheet name="Decoy" sheetId="1" r:id="rId1"/>
  </x:sheets>
</x:workbook>"""
    rels = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{NS_PKG}">
  <Relationship Id="rId1" Type="{NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>
  <Relationship Id="rId2" Type="{NS_REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/>
  <Relationship Id="rId3" Type="{NS_REL}/sharedStrings" Target="strings.xml"/>
  <Relationship Id="rId4" Type="{NS_REL}/styles" Target="styles.xml"/>
</Relationships>"""
    shared = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:sst xmlns:x="{NS_MAIN}" count="3" uniqueCount="3">
  <x:si><x:r><x:rPr><x:b/></x:rPr><x:t>杭州</x:t></x:r><x:r><x:t xml:space="preserve"> 示例</x:t></x:r><x:rPh sb="0" eb="2"><x:t>ハンシュウ</x:t></x:rPh></x:si>
  <x:si><x:t>普通&amp;字符串</x:t></x:si>
  <x:si/>
</x:sst>"""
    styles = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:styleSheet xmlns:x="{NS_MAIN}">
  <x:numFmts count="2">
    <x:numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>
    <x:numFmt numFmtId="165" formatCode="[h]:mm:ss"/>
  </x:numFmts>
  <x:cellStyleXfs count="1"><x:xf numFmtId="14"/></x:cellStyleXfs>
  <x:cellXfs count="4">
    <x:xf numFmtId="0" xfId="0"/>
    <x:xf numFmtId="164" xfId="0" applyNumberFormat="1"/>
    <x:xf numFmtId="14" xfId="0" applyNumberFormat="1"><x:alignment horizontal="left"/></x:xf>
    <x:xf numFmtId="165" xfId="0" applyNumberFormat="1"/>
  </x:cellXfs>
</x:styleSheet>"""
    decoy = f"""<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="{NS_MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>DECOY</t></is></c></row></sheetData></worksheet>"""
    sheet = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="{NS_MAIN}" xmlns:r="{NS_REL}">
<x:dimension ref="A1:H7"/>
<!-- a comment with <c> inside -->
<x:sheetData>
<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>企业名单（手工构造）</x:t></x:is></x:c></x:row>
<x:row>
  <x:c t="inlineStr"><x:is><x:t>统一社会信用代码</x:t></x:is></x:c>
  <x:c t="inlineStr"><x:is><x:r><x:rPr><x:b/></x:rPr><x:t>企业</x:t></x:r><x:r><x:t xml:space="preserve">名称</x:t></x:r></x:is></x:c>
  <x:c t="inlineStr"><x:is><x:t>产值(万元)</x:t></x:is></x:c>
  <x:c t="inlineStr"><x:is><x:t>成立日期</x:t></x:is></x:c>
</x:row>
<x:row r="3" spans="1:4">
  <x:c t="inlineStr"><x:is><x:t>91330100MA27XYZ12Q</x:t></x:is></x:c>
  <x:c t="s"><x:v>0</x:v></x:c>
  <x:c><x:f>SUM(1,2)</x:f><x:v>3</x:v></x:c>
  <x:c s="1"><x:v>45658</x:v></x:c>
  <x:c t="s"><x:v>1</x:v></x:c>
  <x:c t="s"><x:v>2</x:v></x:c>
</x:row>
<x:row r="5">
  <x:c r="A5" s="2"/>
  <x:c r="B5" t="str"><x:f>A1&amp;"x"</x:f><x:v>公式&amp;文本</x:v></x:c>
  <x:c r="C5" t="b"><x:v>1</x:v></x:c>
  <x:c r="D5" t="e"><x:v>#DIV/0!</x:v></x:c>
  <x:c r="E5"><x:v>123456789012345678</x:v></x:c>
  <x:c r="F5" t="inlineStr"><x:is><x:t>&lt;&gt;&amp;&quot;&apos;&#20013;&#x6587;</x:t></x:is></x:c>
  <x:c r="G5" t="inlineStr"><x:is><x:t>a_x000D_b</x:t></x:is></x:c>
  <x:c r="H5" s="3"><x:v>1.5</x:v></x:c>
</x:row>
<x:row r="6"/>
<x:row r="7"><x:c r="A7" s="2"><x:v>61.75</x:v></x:c><x:c r="C7" t="d"><x:v>2024-05-06T00:00:00</x:v></x:c><x:c r="D7"><x:v>1.5E+3</x:v></x:c></x:row>
</x:sheetData>
<x:pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>
</x:worksheet>"""
    ct = CT % (
        '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>',
        '<Override PartName="/xl/strings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    return make_zip({
        "[Content_Types].xml": ct,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": rels,
        "xl/strings.xml": shared,
        "xl/styles.xml": styles,
        "xl/worksheets/sheet1.xml": decoy,
        "xl/worksheets/sheet2.xml": sheet,
    })


# ---------------------------------------------------------------------------
# date1904.xlsx: the 1904 date system, and no workbook relationships at all
# (the reader falls back to xl/worksheets/sheet1.xml and xl/styles.xml).

def date1904() -> bytes:
    workbook = f"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"""
    styles = f"""<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="{NS_MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"""
    sheet = f"""<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="{NS_MAIN}"><sheetData>
<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>44196</v></c><c r="C1"><v>44196</v></c></row>
</sheetData></worksheet>"""
    return make_zip({
        "[Content_Types].xml": CT % ("", ""),
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": workbook,
        "xl/styles.xml": styles,
        "xl/worksheets/sheet1.xml": sheet,
    })


# ---------------------------------------------------------------------------
# CSV files as offices save them.

def csv_files():
    gb = ("统一社会信用代码,企业名称,产值(万元)\r\n"
          "91310000MA1FL5LX3X,上海示例科技有限公司,12345.67\r\n"
          "91440300MA5G8XXX1Y,\"深圳某某制造有限公司,二分厂\",\r\n"
          "92330100MA2J0XYZ3K,𠮷野家餐饮店,0\r\n")
    save("gb18030.csv", gb.encode("gb18030"))
    bom = "企业名称,产值(万元),备注\n甲公司,100,\n乙公司,200,重点\n"
    save("utf8_bom.csv", b"\xef\xbb\xbf" + bom.encode("utf-8"))
    quoted = ('名称,地址,说明\r\n'
              '"甲公司","北京市,海淀区","他说""你好"""\r\n'
              '乙公司,,"第一行\r\n第二行"\r\n'
              '\r\n'
              ',,\r\n'
              '丙公司,"",末尾\r\n'
              '\r\n\r\n')
    save("quoted.csv", quoted.encode("utf-8"))


def libreoffice_copy():
    """enterprises_libreoffice.xlsx: enterprises_inline.xlsx opened and saved by LibreOffice Calc
    (shared strings and LibreOffice's own styles). Needs `soffice` (Debian: libreoffice-calc-nogui);
    without it the committed copy is kept."""
    soffice = shutil.which("soffice")
    if not soffice:
        print("soffice not found: kept enterprises_libreoffice.xlsx as committed")
        return
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "enterprises_libreoffice.xlsx")
        shutil.copy(os.path.join(HERE, "enterprises_inline.xlsx"), source)
        outdir = os.path.join(tmp, "out")
        subprocess.run([soffice, "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outdir, source],
                       check=True, capture_output=True, timeout=300)
        with open(os.path.join(outdir, "enterprises_libreoffice.xlsx"), "rb") as f:
            save("enterprises_libreoffice.xlsx", rezip(f.read()))


def check_written_by_xlsxwriter():
    path = os.path.join(HERE, "written_by_xlsxwriter.xlsx")
    if not os.path.exists(path):
        print("written_by_xlsxwriter.xlsx not there yet: skipped the openpyxl check")
        return
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    assert ws.title == "企业名单", ws.title
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("统一社会信用代码", "企业名称", "产值(万元)", "成立日期", "纳税人数"), rows[0]
    assert rows[1][0] == "91310000MA1FL5LX3X", rows[1]
    assert rows[1][1] == '上海<示例>&"科技"', rows[1]
    assert rows[1][2] == 12345.67, rows[1]
    assert rows[1][3] == datetime.datetime(2025, 1, 1), rows[1]
    assert rows[1][4] == 12345678901234, rows[1]
    assert rows[2][1] == "第一行\n第二行", rows[2]
    assert rows[2][2] is None, rows[2]
    assert ws.freeze_panes == "A2", ws.freeze_panes
    assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:"), ws.auto_filter.ref
    assert ws["A1"].font.b, "header is bold"
    print(f"openpyxl {openpyxl.__version__} loads written_by_xlsxwriter.xlsx: OK ({len(rows)} rows)")


def perf(path: str, rows: int = 100_000):
    """100,000 x 15 as Excel saves it: shared strings, a date style, cells with r and s attributes."""
    strings, index = [], {}

    def sst(text):
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    def col(i):
        return "ABCDEFGHIJKLMNO"[i]

    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><sheetData>']
    out.append('<row r="1">' + "".join(f'<c r="{col(i)}1" t="s"><v>{sst(f"列{i + 1}")}</v></c>' for i in range(15)) + "</row>")
    for r in range(rows):
        n = r + 2
        values = [("s", f"9131000{r:011d}"), ("s", f"企业{r}有限公司"), ("n", repr(r * 1.25)), ("n", str(r)),
                  ("d", str(36526 + r % 9000)), ("s", f"地址{r % 1000}号"), ("n", str(r % 7)), ("s", "是" if r % 2 else "否"),
                  ("n", str(12345678901234 + r)), ("s", f"备注{r % 50}"), ("n", repr(r / 3)), ("s", f"行业{r % 20}"),
                  ("n", str(r * 100)), ("s", "固定文本"), ("n", repr(r % 13 * 0.5))]
        cells = []
        for i, (kind, v) in enumerate(values):
            ref = f"{col(i)}{n}"
            if kind == "s":
                cells.append(f'<c r="{ref}" t="s"><v>{sst(v)}</v></c>')
            elif kind == "d":
                cells.append(f'<c r="{ref}" s="1"><v>{v}</v></c>')
            else:
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
        out.append(f'<row r="{n}" spans="1:15">' + "".join(cells) + "</row>")
    out.append("</sheetData></worksheet>")
    shared = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{NS_MAIN}" count="{len(strings)}" '
              f'uniqueCount="{len(strings)}">' + "".join(f"<si><t>{t}</t></si>" for t in strings) + "</sst>")
    workbook = f"""<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><sheets><sheet name="perf" sheetId="1" r:id="rId1"/></sheets></workbook>"""
    rels = f"""<Relationships xmlns="{NS_PKG}">
<Relationship Id="rId1" Type="{NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{NS_REL}/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId3" Type="{NS_REL}/styles" Target="styles.xml"/></Relationships>"""
    styles = f"""<styleSheet xmlns="{NS_MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"""
    data = make_zip({
        "[Content_Types].xml": CT % ("", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'),
        "_rels/.rels": ROOT_RELS, "xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": rels,
        "xl/styles.xml": styles, "xl/sharedStrings.xml": shared, "xl/worksheets/sheet1.xml": "".join(out),
    })
    with open(path, "wb") as f:
        f.write(data)
    print(f"wrote {path} ({len(data)} bytes, sheet XML {sum(map(len, out))} characters)")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--perf":
        perf(sys.argv[2])
        sys.exit(0)
    save("enterprises.xlsx", enterprises(shared=True))
    save("enterprises_inline.xlsx", enterprises(shared=False))
    save("inline_strings.xlsx", inline_strings())
    save("date1904.xlsx", date1904())
    csv_files()
    libreoffice_copy()
    check_written_by_xlsxwriter()
