"""Post-processing of openpyxl files into shapes other producers write: inline strings
(instead of shared strings) and formulas with cached values (openpyxl writes none)."""
import re
import shutil
import tempfile
import zipfile
from xml.sax.saxutils import escape


def rewrite(path, *, inline_strings=False, cached_values=None):
    """cached_values: {"B3": "246"} gives those formula cells a cached <v>."""
    cached_values = cached_values or {}
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    shared = []
    if "xl/sharedStrings.xml" in parts:
        xml = parts["xl/sharedStrings.xml"].decode()
        for si in re.findall(r"<si>(.*?)</si>", xml, re.S):
            shared.append("".join(re.findall(r"<t[^>]*>(.*?)</t>", si, re.S)))
    sheet = parts["xl/worksheets/sheet1.xml"].decode()

    def cell(m):
        attrs, body = m.group(1), m.group(2) or ""
        ref = re.search(r'r="([A-Z]+[0-9]+)"', attrs).group(1)
        if inline_strings and 't="s"' in attrs:
            index = int(re.search(r"<v>(\d+)</v>", body).group(1))
            attrs = attrs.replace('t="s"', 't="inlineStr"')
            return f"<c{attrs}><is><t>{shared[index]}</t></is></c>"
        if ref in cached_values and "<f>" in body:
            return f"<c{attrs}>{re.sub(r'<v>.*?</v>', '', body)}<v>{escape(cached_values[ref])}</v></c>"
        return m.group(0)

    sheet = re.sub(r"<c( [^>]*?)(?:/>|>(.*?)</c>)", cell, sheet, flags=re.S)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    out = tempfile.mktemp(suffix=".xlsx")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    shutil.move(out, path)
