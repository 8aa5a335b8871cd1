"""Issue 10, items 2-5: a running server's peak memory (VmHWM) across oversized and hostile
uploads. No request whose caller is unknown, or whose body is over its route's limit, may raise
the peak by more than 64 MiB; a refused xlsx bomb by no more than the documented 256 MiB cap.

Runs its own `chainlead serve` so the peak belongs to these requests alone; the checks run in
file order, smallest allowance first, because VmHWM only grows."""
import io
import os
import re
import secrets
import subprocess
import tempfile
import threading
import time
import zipfile

import pytest
import requests

from conftest import BIN, free_port

MIB = 1 << 20
ALLOWANCE = 64 * MIB
WORKBOOK_CAP = 256 * MIB


class Zeros:
    """`size` bytes made on the fly, with a length (so requests sends Content-Length)."""

    def __init__(self, size, byte=b"x"):
        self.size, self.byte = size, byte

    def __len__(self):
        return self.size

    def __iter__(self):
        left = self.size
        while left > 0:
            n = min(MIB, left)
            left -= n
            yield self.byte * n


def chunks(size, chunk=1 * MIB):
    """The same bytes with no declared length (chunked transfer encoding)."""
    left = size
    while left > 0:
        n = min(chunk, left)
        left -= n
        yield b"y" * n


def peak(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmHWM:\s+(\d+) kB", f.read()).group(1)) * 1024


@pytest.fixture(scope="module")
def lone():
    workdir = tempfile.mkdtemp(prefix="chainlead-limits-")
    port = free_port()
    password = "Lim-" + secrets.token_hex(8)
    env = dict(os.environ, CHAINLEAD_ADMIN_PASSWORD=password)
    log = open(os.path.join(workdir, "serve.log"), "w")
    proc = subprocess.Popen([BIN, "serve", "--demo", "--enterprises", "60", "--port", str(port),
                             "--database", f"sqlite://{workdir}/limits.sqlite"],
                            cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if requests.get(base + "/api/v1/healthz", timeout=1).status_code == 200:
                break
        except requests.RequestException:
            pass
        assert proc.poll() is None, open(os.path.join(workdir, "serve.log")).read()
        time.sleep(0.2)
    token = requests.post(base + "/api/v1/auth/token", json={"username": "admin", "password": password}, timeout=30).json()["token"]
    browser = requests.Session()
    form = browser.get(base + "/login", timeout=30).text
    login_csrf = re.search(r'name="_login_csrf" value="([^"]+)"', form).group(1)
    r = browser.post(base + "/login", data={"username": "admin", "password": password, "next": "/", "_login_csrf": login_csrf},
                     allow_redirects=False, timeout=30)
    assert r.status_code == 303, r.text
    # Warm up the paths the checks use, so the baseline holds their ordinary working memory.
    auth = {"Authorization": "Bearer " + token}
    csv = "统一社会信用代码,企业名称,所在区县\n".encode()
    for _ in range(3):
        requests.post(base + "/api/v1/imports/enterprises", data=csv, headers={**auth, "Content-Type": "text/csv"}, timeout=60)
        browser.get(base + "/", timeout=60)
        browser.get(base + "/account", timeout=60)
    yield {"base": base, "pid": proc.pid, "auth": auth, "browser": browser, "proc": proc}
    proc.terminate()
    proc.wait(timeout=30)
    log.close()


def rise(lone, action):
    before = peak(lone["pid"])
    action()
    assert lone["proc"].poll() is None, "the server died"
    grown = peak(lone["pid"]) - before
    print(f"\n  VmHWM {before / MIB:.1f} MiB → +{grown / MIB:.1f} MiB")
    return grown


def test_uploads_without_a_token_are_not_read(lone):
    url = lone["base"] + "/api/v1/imports/enterprises"
    answers = []

    def send(body):
        answers.append(requests.post(url, data=body, headers={"Content-Type": "text/csv"}, timeout=300).status_code)

    def four_in_parallel():
        threads = [threading.Thread(target=send, args=(Zeros(150 * MIB) if i % 2 == 0 else chunks(150 * MIB),)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    grown = rise(lone, four_in_parallel)
    assert answers == [401] * 4
    assert grown <= ALLOWANCE, f"peak rose by {grown / MIB:.1f} MiB"


def test_a_form_post_beyond_its_limit_is_not_read(lone):
    url = lone["base"] + "/account/password"
    answers = []
    grown = rise(lone, lambda: answers.append(
        lone["browser"].post(url, data=Zeros(90 * MIB), headers={"Content-Type": "application/x-www-form-urlencoded"},
                             allow_redirects=False, timeout=300).status_code))
    assert answers == [413]
    assert grown <= ALLOWANCE, f"peak rose by {grown / MIB:.1f} MiB"


def test_oversized_attachments_and_imports_stop_at_their_limit(lone):
    auth = lone["auth"]
    base = lone["base"] + "/api/v1"
    firm = requests.get(base + "/enterprises?tier=leader&per=1", headers=auth, timeout=30).json()["items"][0]["uscc"]
    filed = requests.post(base + "/requests", json={"enterprise": firm, "category": "land", "title": "用地", "description": "需要用地"},
                          headers=auth, timeout=30)
    assert filed.status_code == 201, filed.text
    rid = filed.json()["id"]
    answers = []

    def oversized():
        for body in (Zeros(12 * MIB), chunks(40 * MIB)):
            answers.append(requests.post(f"{base}/requests/{rid}/attachments?file_name=big.pdf", data=body,
                                         headers={**auth, "Content-Type": "application/octet-stream"}, timeout=300).status_code)
        # past the 200 MiB import limit with no declared length: spooled to disk, then refused
        answers.append(requests.post(base + "/imports/enterprises", data=chunks(230 * MIB),
                                     headers={**auth, "Content-Type": "text/csv"}, timeout=600).status_code)

    grown = rise(lone, oversized)
    assert answers == [413, 413, 413]
    assert grown <= ALLOWANCE, f"peak rose by {grown / MIB:.1f} MiB"


def bomb(parts):
    """A real .xlsx-shaped zip whose parts inflate to `parts` (name → bytes), written in chunks."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("_rels/.rels", '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships>'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                   '</Relationships>')
        for name, size in parts:
            with z.open(name, "w", force_zip64=True) as f:
                left = size
                block = b" " * MIB
                while left > 0:
                    f.write(block[:min(MIB, left)])
                    left -= min(MIB, left)
    return buf.getvalue()


def test_an_xlsx_bomb_costs_at_most_the_workbook_cap(lone):
    url = lone["base"] + "/api/v1/imports/enterprises?fileName=bomb.xlsx"
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    # 3 × 500 MB: refused by the declared sizes before anything is inflated
    honest = bomb([("xl/worksheets/sheet1.xml", 500 * MIB), ("xl/sharedStrings.xml", 500 * MIB), ("xl/styles.xml", 500 * MIB)])
    # 200 MiB inflated, then 200 MiB more: refused when the second part would pass the cap
    creeping = bomb([("xl/worksheets/sheet1.xml", 200 * MIB), ("xl/sharedStrings.xml", 200 * MIB)])
    assert len(honest) < 4 * MIB and len(creeping) < 2 * MIB
    answers = []

    def send(data):
        r = requests.post(url, data=data, headers={**lone["auth"], "Content-Type": xlsx}, timeout=300)
        answers.append((r.status_code, r.json().get("error")))

    grown = rise(lone, lambda: send(honest))
    assert grown <= ALLOWANCE, f"peak rose by {grown / MIB:.1f} MiB"
    grown = rise(lone, lambda: send(creeping))
    assert answers == [(413, "workbook_too_large")] * 2
    assert grown <= WORKBOOK_CAP, f"peak rose by {grown / MIB:.1f} MiB"
