"""Runs last (files run in name order): no password or token the tests used may appear in
the server's log or in the audit trail."""
import re
import sqlite3

import requests


def test_no_password_or_token_in_the_log_or_the_audit_trail(server):
    # a personal token and a failed login with a recognisable password, to be sure both paths are covered
    r = requests.post(server.api + "/auth/tokens", json={"name": "scan"}, headers=server.headers(), timeout=30)
    assert r.status_code == 201
    server.secrets.add(r.json()["token"])
    wrong = "Wrong-Secret-Pw-0042"
    server.secrets.add(wrong)
    assert requests.post(server.api + "/auth/token", json={"username": "admin", "password": wrong}, timeout=30).status_code == 401

    with open(server.log_path, encoding="utf-8", errors="replace") as f:
        log = f.read()
    # `serve --demo` prints the demo users' passwords at start by design: they must stay out of the audit trail
    demo = re.findall(r"^  \S+\s+\S+\s+\S+\s+(\S+)$", log.split("Demo users of every role", 1)[-1], re.M)
    with sqlite3.connect(server.db_path) as db:
        audit = "\n".join("\t".join("" if v is None else str(v) for v in row)
                          for row in db.execute("SELECT username, client_ip, entity, entity_key, action, changes FROM audit_entries"))
    assert len(audit) > 1000, "the audit trail holds the run's writes"
    secrets = {s for s in server.secrets if s and len(s) >= 8}
    assert len(secrets) >= 6, secrets
    for secret in secrets:
        assert secret not in log, "a secret reached the log"
        assert secret not in audit, "a secret reached the audit trail"
    for secret in demo:
        assert secret not in audit, "a demo password reached the audit trail"
