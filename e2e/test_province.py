"""Province mode (issue 22): a coordinator and two shards on loopback, the supply links
hash-partitioned over the shards by postgres_fdw, against a single-node PostgreSQL demo of the
same seed: every figure the same, rows on both shards, a write on the right shard, a shard down
answered 503 (naming the data) while the registry keeps working."""
import os
import re
import shutil
import subprocess
import time

import pytest
import requests

from conftest import BIN, ROOT, free_port

PG_START = os.path.join(ROOT, "scripts", "pg-start.sh")
PG_BIN = sorted(d for d in (f"/usr/lib/postgresql/{v}/bin" for v in os.listdir("/usr/lib/postgresql")) if os.path.isdir(d))[-1] \
    if os.path.isdir("/usr/lib/postgresql") else None
SEED = "7"
FIRMS = "300"


def cluster(name):
    """A private PostgreSQL server on a free port; its URL (database `postgres`)."""
    out = subprocess.run([PG_START, f"/tmp/chainlead-province-{name}", str(free_port())], check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


def with_db(url, db):
    return re.sub(r"/postgres\?", f"/{db}?", url)


def psql(url, sql):
    return subprocess.run(["psql", url.split("?")[0], "-Atc", sql], check=True, capture_output=True, text=True).stdout.strip()


def stop(name):
    run_as = ["su", "postgres", "-s", "/bin/sh", "-c"] if os.geteuid() == 0 else ["sh", "-c"]
    subprocess.run(run_as + [f"{PG_BIN}/pg_ctl -D /tmp/chainlead-province-{name}/data -m fast -w stop"], check=True, capture_output=True)


class Served:
    def __init__(self, database, workdir, name):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/api/v1"
        self.log_path = os.path.join(workdir, name + ".log")
        self.log = open(self.log_path, "w")
        password = "Prov-" + name + "-2026x"
        env = dict(os.environ, CHAINLEAD_ADMIN_PASSWORD=password, CHAINLEAD_API_RATE_LIMIT="0")
        self.proc = subprocess.Popen(
            [BIN, "serve", "--demo", "--enterprises", FIRMS, "--seed", SEED, "--port", str(self.port), "--database", database],
            cwd=workdir, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(900):
            try:
                if requests.get(self.base + "/healthz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError(open(self.log_path).read())
            time.sleep(0.2)
        r = requests.post(self.base + "/auth/token", json={"username": "admin", "password": password}, timeout=30)
        r.raise_for_status()
        self.headers = {"Authorization": "Bearer " + r.json()["token"]}

    def get(self, path, **params):
        return requests.get(self.base + path, params=params, headers=self.headers, timeout=120)

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=60)
        self.log.close()


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    if PG_BIN is None or shutil.which("psql") is None:
        pytest.skip("PostgreSQL is not installed")
    workdir = str(tmp_path_factory.mktemp("province"))
    coordinator, shard1, shard2 = cluster("coordinator"), cluster("shard1"), cluster("shard2")
    psql(coordinator, "CREATE DATABASE province")
    psql(coordinator, "CREATE DATABASE single")
    init = [BIN, "province", "init", "--database", with_db(coordinator, "province"), "--shard", shard1, "--shard", shard2,
            "--partitions", "8"]
    first = subprocess.run(init, capture_output=True, text=True, timeout=300)
    again = subprocess.run(init, capture_output=True, text=True, timeout=300)
    spread = Served(with_db(coordinator, "province"), workdir, "province")
    single = Served(with_db(coordinator, "single"), workdir, "single")
    yield {"first": first, "again": again, "spread": spread, "single": single,
           "coordinator": with_db(coordinator, "province"), "single_url": with_db(coordinator, "single"), "shards": [shard1, shard2]}
    spread.close()
    single.close()
    for name in ("coordinator", "shard1", "shard2"):
        try:
            stop(name)
        except subprocess.CalledProcessError:
            pass


def test_init_spreads_the_links_and_may_run_again(province):
    # check: the first run made the partitions, the second changed nothing
    assert province["first"].returncode == 0, province["first"].stderr + province["first"].stdout
    assert "supply_links: spread over 8 partitions on 2 shards" in province["first"].stdout
    assert province["again"].returncode == 0, province["again"].stderr
    assert "already spread over 8 partitions" in province["again"].stdout
    kinds = psql(province["coordinator"], "SELECT relkind FROM pg_class WHERE relname = 'supply_links'")
    assert kinds == "p"


def test_a_coordinator_holding_links_is_refused_and_left_alone(province, tmp_path):
    # setup: a single-node database that already holds the demo's links
    single = province["single_url"]
    before = psql(single, "SELECT COUNT(*) FROM supply_links")
    assert int(before) > 0
    # act
    r = subprocess.run([BIN, "province", "init", "--database", single, "--shard", province["shards"][0]],
                       capture_output=True, text=True, timeout=300)
    # check: refused with the way to move the data, nothing changed
    assert r.returncode != 0
    assert "already holds rows" in r.stderr and "已有数据" in r.stderr
    assert psql(single, "SELECT relkind FROM pg_class WHERE relname = 'supply_links'") == "r"
    assert psql(single, "SELECT COUNT(*) FROM supply_links") == before


def test_every_figure_equals_the_single_node_demo(province):
    spread, single = province["spread"], province["single"]
    # the same links first (the demo is seeded)
    assert psql(province["coordinator"], "SELECT COUNT(*), SUM(amount) FROM supply_links") == \
        psql(province["single_url"], "SELECT COUNT(*), SUM(amount) FROM supply_links")
    compared = 0
    for year in (2023, 2024, 2025):
        for level in ("city", "cluster", "chain", "buyer"):
            a, b = spread.get("/supporting-rates", year=year, level=level), single.get("/supporting-rates", year=year, level=level)
            assert a.status_code == 200, a.text
            assert a.json() == b.json(), (year, level)
            compared += len(a.json().get("items", []))
        risks = spread.get("/risks/single-source", year=year)
        assert risks.status_code == 200, risks.text
        assert risks.json() == single.get("/risks/single-source", year=year).json()
    chains = [c["code"] for c in single.get("/chains", per=100).json()["items"]]
    buyers = {i["code"] for i in single.get("/supporting-rates", year=2025, level="buyer").json().get("items", [])}
    for code in sorted(buyers)[:20]:
        a = spread.get("/supporting-rates", year=2025, level="buyer", code=code)
        assert a.json() == single.get("/supporting-rates", year=2025, level="buyer", code=code).json()
    for code in chains:
        a, b = spread.get(f"/chains/{code}/map", year=2025), single.get(f"/chains/{code}/map", year=2025)
        assert a.status_code == 200, a.text
        assert a.json() == b.json(), code
    assert compared > 20 and chains


def test_rows_live_on_both_shards_and_a_write_lands_on_its_buyers(province):
    spread = province["spread"]
    def rows_on(shard):
        parts = psql(shard, "SELECT tablename FROM pg_tables WHERE tablename LIKE 'supply\\_links\\_p%'").split()
        assert parts, "no partition on " + shard
        return sum(int(psql(shard, f"SELECT COUNT(*) FROM {p}")) for p in parts)

    shard_rows = [rows_on(s) for s in province["shards"]]
    assert all(n > 0 for n in shard_rows), shard_rows
    assert sum(shard_rows) == int(psql(province["coordinator"], "SELECT COUNT(*) FROM supply_links"))
    # act: a purchase reported through the API
    buyer = psql(province["coordinator"], "SELECT buyer_uscc FROM supply_links ORDER BY id LIMIT 1")
    segment = psql(province["coordinator"], f"SELECT segment FROM supply_links WHERE buyer_uscc = '{buyer}' LIMIT 1")
    r = requests.post(spread.base + "/supply-links", headers=spread.headers, timeout=60,
                      json={"buyer": buyer, "supplierName": "省级测试供应商", "supplierCity": "苏州", "segment": segment,
                            "year": 2025, "amount": 123456, "category": "material"})
    assert r.status_code in (200, 201), r.text
    # check: the row is in the partition its buyer hashes to, on that partition's shard
    partition = psql(province["coordinator"], "SELECT tableoid::regclass::text FROM supply_links WHERE supplier_name = '省级测试供应商'")
    k = int(partition.rsplit("_p", 1)[1])
    shard = province["shards"][k % 2]
    assert psql(shard, f"SELECT COUNT(*) FROM {partition} WHERE buyer_uscc = '{buyer}' AND supplier_name = '省级测试供应商'") == "1"


def test_figures_live_on_the_shards_and_a_new_year_lands_with_its_firm(province):
    spread, single = province["spread"], province["single"]
    coordinator = province["coordinator"]
    assert psql(coordinator, "SELECT relkind FROM pg_class WHERE relname = 'figures'") == "p"
    per_shard = [sum(int(psql(s, f"SELECT COUNT(*) FROM {p}")) for p in
                     psql(s, "SELECT tablename FROM pg_tables WHERE tablename LIKE 'figures\\_p%'").split())
                 for s in province["shards"]]
    assert all(n > 0 for n in per_shard), per_shard
    assert sum(per_shard) == int(psql(coordinator, "SELECT COUNT(*) FROM figures"))
    # the same figures as one server, through the API
    firm = psql(coordinator, "SELECT enterprise_uscc FROM figures ORDER BY enterprise_uscc LIMIT 1")
    assert spread.get(f"/enterprises/{firm}").json()["figures"] == single.get(f"/enterprises/{firm}").json()["figures"]
    # act: a new year, then a change to it (stored again: version 2)
    url = f"{spread.base}/enterprises/{firm}/figures/2026"
    first = requests.put(url, headers=spread.headers, json={"outputValue": 1000, "employees": 12}, timeout=60)
    assert first.status_code in (200, 201), first.text
    again = requests.put(url, headers=spread.headers, json={"outputValue": 2000, "employees": 12}, timeout=60)
    assert again.status_code == 200, again.text
    # check: one row, updated, in the partition its firm hashes to — the shard of its links
    partition = psql(coordinator, f"SELECT tableoid::regclass::text FROM figures WHERE enterprise_uscc = '{firm}' AND year = 2026")
    k = int(partition.rsplit("_p", 1)[1])
    row = psql(province["shards"][k % 2], f"SELECT output_value, version FROM {partition} WHERE enterprise_uscc = '{firm}' AND year = 2026")
    assert row == "2000|2"


def test_zz_a_shard_down_answers_503_and_the_registry_keeps_working(province):
    spread = province["spread"]
    # act: one shard stops
    stop("shard2")
    # check: what needs its links says which data is unreachable; the registry still answers
    r = spread.get("/supporting-rates", year=2024, level="chain")
    assert r.status_code == 503, r.text
    assert "chainlead_shard_2" in r.json()["message"] and "供应关系数据" in r.json()["message"]
    assert r.headers.get("Retry-After")
    assert spread.get("/enterprises", per=5).status_code == 200
    assert requests.get(spread.base + "/healthz", timeout=10).status_code == 200
