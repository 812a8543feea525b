"""Throughput, query counts and memory of the site and API, served by gunicorn as in
production, measured with wrk. Throughput is reported as a ratio to a bare Django
"hello world" view in the same gunicorn in the same run, because machines are noisy.

    python bench/run.py [--pages 1000] [--seconds 10] [--only "API v3"]
                                                          (needs wrk: apt-get install wrk)

Runs on a throwaway SQLite database unless DATABASE_URL is set: a scratch database
(SQLite file or PostgreSQL) is migrated and topped up with synthetic pages, so a
second run on the same DATABASE_URL skips the generation."""

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

PATHS = {
    "hello world (Django, no DB)": "/bench/hello/",
    "condition page (HTML)": "/conditions/bone-metastases/",
    "A–Z index (HTML)": "/conditions/",
    "search (HTML)": "/search/?q=bone",
    "API v2 detail": "/api/v2/pages/{id}/",
    "API v2 listing, 20 items, fields=*": (
        "/api/v2/pages/?type=condition_pages.ConditionPage&fields=*"
    ),
    "API v3 detail": "/api/v3/pages/{id}/",
    "API v3 conditions, 20 items": "/api/v3/conditions/?limit=20",
}


def manage(env, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wrk(url, seconds):
    output = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", url], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, total, int(errors.group(1)) if errors else 0


def wait_until_idle(base):
    """wrk stops sending, but requests it queued are still being served: let the
    workers drain them so that they do not slow down the next measurement."""
    for _ in range(600):
        started = time.perf_counter()
        urllib.request.urlopen(base + "/bench/hello/").read()
        if time.perf_counter() - started < 0.02:
            return
        time.sleep(0.5)


def worker_rss_mb(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return max(sizes)


def measure(env, seconds, only=None):
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "--config", "gunicorn.conf.py", "bench.wsgi:application"],
        cwd=REPO,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/bench/hello/")
                break
            except OSError:
                time.sleep(0.1)
        detail = json.load(
            urllib.request.urlopen(
                base + "/api/v2/pages/?type=condition_pages.ConditionPage&slug=bone-metastases"
            )
        )
        page_id = detail["items"][0]["id"]
        results = {}
        for name, path in PATHS.items():
            if only and only not in name and path != "/bench/hello/":
                continue
            results[name] = wrk(base + path.format(id=page_id), seconds)
            wait_until_idle(base)
        return results, worker_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


def condition_count(env):
    script = (
        "import django; django.setup();"
        "from condition_pages.models import ConditionPage;"
        "print(ConditionPage.objects.count())"
    )
    return int(
        subprocess.run(
            [PYTHON, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, check=True
        ).stdout
    )


def query_counts(env):
    script = (
        "import django; django.setup();"
        "from django.db import connection; from django.test import Client;"
        "from django.test.utils import CaptureQueriesContext;"
        "from condition_pages.models import ConditionPage;"
        "page = ConditionPage.objects.get(slug='bone-metastases'); c = Client();"
        "urls = [page.url, f'/api/v2/pages/{page.pk}/', f'/api/v3/pages/{page.pk}/'];"
        "[c.get(u) for u in urls];"
        "out = {};\n"
        "for u in urls:\n"
        "    with CaptureQueriesContext(connection) as q: assert c.get(u).status_code == 200\n"
        "    out[u] = len(q.captured_queries)\n"
        "print(out)"
    )
    return subprocess.run(
        [PYTHON, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000, help="synthetic pages to add")
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per URL")
    parser.add_argument(
        "--only", help="measure only the URLs whose name contains this (and hello world)"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")

    workdir = Path(tempfile.mkdtemp(prefix="condition-pages-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "MEDIA_ROOT": str(workdir / "media"),
        "PYTHONPATH": str(REPO),
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.db'}")
    manage(env, "migrate", "--noinput")
    manage(env, "load_sample_content")

    for total in sorted({1, args.pages + 1}):
        if (to_add := total - condition_count(env)) > 0:
            started = time.perf_counter()
            subprocess.run(
                [PYTHON, "bench/generate_conditions.py", str(to_add)], cwd=REPO, env=env, check=True
            )
            print(f"generated {to_add} pages in {time.perf_counter() - started:.0f} s")
        if condition_count(env) != total:
            continue  # a reused database already holds more pages than this step wants
        print(f"\n== {total} condition pages; queries per request: {query_counts(env)}")
        results, rss = measure(env, args.seconds, args.only)
        hello = results["hello world (Django, no DB)"][0]
        print(f"{'URL':40} {'req/s':>8} {'vs hello':>9} {'requests':>9} {'errors':>7}")
        for name, (rate, count, errors) in results.items():
            print(f"{name:40} {rate:8.1f} {rate / hello:9.1%} {count:9d} {errors:7d}")
        print(f"largest gunicorn worker RSS after the run: {rss:.0f} MB")


if __name__ == "__main__":
    main()
