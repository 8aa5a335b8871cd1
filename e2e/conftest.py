"""Fixtures: a real `chainlead serve --demo` on a private port and a headless Chromium."""
import os
import secrets
import socket
import subprocess
import tempfile
import time

import pytest
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("CHAINLEAD_BIN", os.path.join(ROOT, ".build", "debug", "chainlead"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, base, password, workdir):
        self.base = base
        self.api = base + "/api/v1"
        self.password = password
        self.workdir = workdir
        self._token = None
        # Every password and token the tests use: none may reach the log or the audit trail.
        self.secrets = {password}

    @property
    def db_path(self):
        return os.path.join(self.workdir, "e2e.sqlite")

    @property
    def log_path(self):
        return os.path.join(self.workdir, "serve.log")

    @property
    def token(self):
        if self._token is None:
            r = requests.post(self.api + "/auth/token", json={"username": "admin", "password": self.password}, timeout=30)
            r.raise_for_status()
            self._token = r.json()["token"]
            self.secrets.add(self._token)
        return self._token

    def headers(self, **extra):
        return {"Authorization": "Bearer " + self.token, **extra}

    def get(self, path, **kw):
        return requests.get(self.api + path, headers=self.headers(), timeout=60, **kw)

    def post_file(self, path, data, content_type):
        return requests.post(self.api + path, data=data, headers=self.headers(**{"Content-Type": content_type}), timeout=120)


@pytest.fixture(scope="session")
def server():
    workdir = tempfile.mkdtemp(prefix="chainlead-e2e-")
    port = free_port()
    password = "E2e-" + secrets.token_hex(8)
    env = dict(os.environ, CHAINLEAD_ADMIN_PASSWORD=password, CHAINLEAD_API_RATE_LIMIT="20000")
    log = open(os.path.join(workdir, "serve.log"), "w")
    proc = subprocess.Popen(
        [BIN, "serve", "--demo", "--enterprises", "600", "--port", str(port), "--database", f"sqlite://{workdir}/e2e.sqlite"],
        cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if requests.get(base + "/api/v1/healthz", timeout=1).status_code == 200:
                break
        except requests.RequestException:
            pass
        if proc.poll() is not None:
            raise RuntimeError(open(os.path.join(workdir, "serve.log")).read())
        time.sleep(0.2)
    yield Server(base, password, workdir)
    proc.terminate()
    proc.wait(timeout=30)
    log.close()


@pytest.fixture(scope="session")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1366,768", "--lang=zh-CN"):
        options.add_argument(arg)
    # The console (CSP violations among it) is read by test_security_browser.py.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    driver.implicitly_wait(2)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def artifacts():
    path = os.path.join(ROOT, "e2e", "artifacts")
    os.makedirs(path, exist_ok=True)
    return path
