"""Throughput, page sizes, query counts and memory of the site and API at growing
catalogue sizes, served by gunicorn as in production (without the HTTP cache) and
measured with wrk. Printed figures, never tests.

    make bench BENCH_ARGS="--pages 100 1000 10000 --bakerydemo /path/to/bakerydemo"
    python bench/run.py [--pages 100 1000] [--seconds 5] [--only search]
                        [--bakerydemo DIR [--bakerydemo-python PYTHON]]

Machines are noisy (and shared), so every figure is a ratio to a bare Django "hello
world" (bench/hello.py: default middleware, no database) served by the same gunicorn
with the same settings, measured just before and just after it (the ratio is to the
mean of the two), so the two see the same machine.

The catalogue lives in DATABASE_URL (a throwaway SQLite file when unset; set it to a
PostgreSQL database, as in production): it is migrated, given the sample article and
topped up with synthetic pages to each size in turn, so a second run on the same
database skips the generation. Set REDIS_URL to use a shared cache as production does.

With --bakerydemo, Wagtail's demo site (a checkout of wagtail/bakerydemo, installed in
a virtualenv of its own) is served beside it in the same run, on
BAKERYDEMO_DATABASE_URL (default: SQLite in its folder), and its blog page and API
detail are measured the same way."""

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import page_weight

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
VARNISHD = Path("/usr/sbin/varnishd")  # Debian's varnish package
VCL = REPO / "deploy" / "varnish" / "default.vcl"
SHIPPED_BACKEND = '.port = "8000";'
# The site worker's memory is read after each worker has served this many requests.
RSS_REQUESTS_PER_WORKER = 10_000

# In a URL, replaced by wrk with a value no request has used before (see wrk()).
UNIQUE = "UNIQUE"
# (name, path, target ratio to hello world or None), measured in each language of
# LANGUAGES: {id} is the sample article's id in the language, {prefix} the language's
# URL prefix, {letter} a letter of its A–Z, {few} and {every} search terms with a few
# matches and on every page, {locale} the API's language filter.
SITE_URLS = [
    ("condition page (HTML)", "{prefix}/conditions/bone-metastases/", 0.06),
    # A query string the page cache does not keep (site_config.response_cache): the
    # article as routed and served from its cached HTML, what a miss costs.
    (
        "condition page, not from the page cache",
        f"{{prefix}}/conditions/bone-metastases/?v={UNIQUE}",
        0.08,
    ),
    ("A–Z index (HTML)", "{prefix}/conditions/", 0.05),
    ("A–Z letter {letter_name} (HTML)", "{prefix}/conditions/letter/{letter}/", 0.05),
    ("search, a few matches ({few_name})", "{prefix}/search/?q={few}", 0.03),
    ("search, every page matches ({every_name})", "{prefix}/search/?q={every}", None),
    # A query not asked before (a page "number" the view reads as 1, unique to each
    # request): what the first visitor after a publish pays, ranking every match.
    ("search, a few matches, not cached", f"{{prefix}}/search/?q={{few}}&page={UNIQUE}", None),
    (
        "search, every page matches, not cached",
        f"{{prefix}}/search/?q={{every}}&page={UNIQUE}",
        0.02,
    ),
    ("API v2 detail", "/api/v2/pages/{id}/", 0.08),
    (
        "API v2 listing, 20, fields=*",
        "/api/v2/pages/?type=condition_pages.ConditionPage&fields=*&limit=20{locale}",
        None,
    ),
    ("API v3 detail", "/api/v3/pages/{id}/", 0.08),
    ("API v3 conditions, 20", "/api/v3/conditions/?limit=20{locale}", 0.05),
]
# Each language's values for SITE_URLS (bench/generate_conditions.py writes the words
# on the pages of each; the sample article's translations hold "मेटास्टेसिस").
LANGUAGES = {
    "en": {"prefix": "", "letter": "b", "few": "metastases", "every": "pain", "locale": ""},
    "hi": {"prefix": "/hi", "letter": "ह", "few": "मेटास्टेसिस", "every": "दर्द"},
    "mr": {"prefix": "/mr", "letter": "ह", "few": "मेटास्टेसिस", "every": "वेदना"},
}


def language_urls(language, page_id):
    """SITE_URLS in `language`: [(row name, path, target)], the paths URL-encoded (wrk
    sends them as given)."""
    values = {"locale": f"&locale={language}", **LANGUAGES[language], "id": page_id}
    for key in ("letter", "few", "every"):
        values[f"{key}_name"] = values[key].upper() if key == "letter" else values[key]
        values[key] = urllib.parse.quote(values[key])
    suffix = "" if language == "en" else f" [{language}]"
    return [
        (name.format(**values) + suffix, path.format(**values), target)
        for name, path, target in SITE_URLS
    ]


BAKERY_URLS = [
    ("bakerydemo blog page (HTML)", "{html_path}", None),
    ("bakerydemo API v2 detail", "/api/v2/pages/{id}/", None),
]
# Production-like, as bench/settings.py is for the site: DEBUG off, static files
# without a manifest (neither runs collectstatic).
BAKERY_SETTINGS = """from bakerydemo.settings.base import *  # noqa
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECRET_KEY = "benchmark-only-not-secret"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
"""


PORTS = iter(range(int(os.environ.get("BENCH_PORT_BASE", "0")) or 0, 65536))


def free_port():
    """A free loopback port: the next one from BENCH_PORT_BASE on when it is set (a
    machine shared by several runs gives each a range), else any the system picks."""
    if not os.environ.get("BENCH_PORT_BASE"):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


@contextmanager
def serving(args, base, ready_path, any_status=True, **popen):
    """Run `args` until the block ends, once `base + ready_path` answers (with any
    HTTP status, or with a 2xx if not `any_status`); yields the process."""
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **popen)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + ready_path, timeout=5)
                break
            except urllib.error.HTTPError:
                if any_status:
                    break  # it answers
                time.sleep(0.2)
            except OSError:
                time.sleep(0.2)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextmanager
def gunicorn(python, app, env, cwd):
    """A gunicorn with the production gunicorn.conf.py and two workers, not recycled
    (so that its workers' memory after the run means something)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    args = [python, "-m", "gunicorn", "--config", str(REPO / "gunicorn.conf.py"), app]
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_CMD_ARGS": "--max-requests 0 --access-logfile /dev/null",
    }
    with serving(args, base, "/", cwd=cwd, env=env) as server:
        yield base, server.pid


@contextmanager
def varnish(backend_port, workdir):
    """Debian's varnishd with the shipped VCL (deploy/varnish/default.vcl), its backend
    the site's gunicorn; yields its base URL."""
    port = free_port()
    vcl = workdir / f"varnish-{port}.vcl"
    vcl.write_text(VCL.read_text().replace(SHIPPED_BACKEND, f'.port = "{backend_port}";'))
    args = [
        VARNISHD,
        *("-F", "-j", "none", "-n", str(workdir / f"varnish-{port}")),
        *("-a", f"127.0.0.1:{port}", "-T", "none", "-f", str(vcl), "-s", "malloc,256m"),
    ]
    base = f"http://127.0.0.1:{port}"
    # Until its backend is up, Varnish itself answers 503.
    with serving(args, base, "/healthz", any_status=False):
        yield base


# What browsers send (Chrome's; Firefox and Safari name br as well): Varnish answers
# them with the Brotli copy it keeps, as it keeps it.
BROWSER_ACCEPT_ENCODING = "gzip, deflate, br, zstd"
VARNISH_ROW = "Varnish: cached article / same-size static file, as browsers ask (target ≥ 50%)"
VARNISH_IDENTITY_ROW = (
    "Varnish, a client asking no compression (wrk's default): cached article, "
    "unzipped on each hit / same-size static file"
)


def cached_article_vs_static(site_base, article_path, media_root, workdir, seconds):
    """Through Varnish: the cached article's rate over the rate of a static file of the
    same bytes (served by the app as an uploaded image rendition, which Varnish keeps
    like any public answer), measured static, article, static, both with the same
    request headers, in two ways:

    - as browsers ask (BROWSER_ACCEPT_ENCODING): the article comes as Brotli, and the
      static file is a copy of those bytes named *.html.br, which Django's static view
      sends as text/html with `Content-Encoding: br`: the same bytes, the same
      encoding, each kept by Varnish and sent as kept;
    - with no Accept-Encoding (wrk's default, the only way before 4 Dec 2026): Varnish
      keeps the article gzipped (it asks the app for gzip) and unzips it on every hit
      for such a client, while the static file, a copy of the unzipped article, is
      sent as kept. This measures that unzipping, not what browsers get.

    Returns {row: (ratio, article req/s, static req/s, bytes sent)}."""
    images = Path(media_root) / "images"
    images.mkdir(parents=True, exist_ok=True)
    ways = (
        (
            VARNISH_ROW,
            {"Accept-Encoding": BROWSER_ACCEPT_ENCODING},
            "bench-same-size-as-article.html.br",
        ),
        (VARNISH_IDENTITY_ROW, {}, "bench-same-size-as-article.html"),
    )
    results = {}
    with varnish(int(site_base.rsplit(":", 1)[1]), workdir) as cache_base:
        for row, headers, name in ways:
            # Copied as Varnish sends it: its links name the host asked (Varnish's).
            content = get(cache_base + article_path, headers)
            (images / name).write_bytes(content)
            static_path = f"/media/images/{name}"
            sent = {}
            for path in (article_path, static_path):
                for _ in range(3):
                    request = urllib.request.Request(cache_base + path, headers=headers)
                    with urllib.request.urlopen(request, timeout=60) as response:
                        hit = response.headers.get("X-Cache") == "HIT"
                        sent[path] = (response.headers.get("Content-Encoding"), response.read())
                assert hit, f"Varnish does not keep {path}"
            assert sent[article_path] == sent[static_path], f"{row}: not the same answer"
            static_before = wrk(cache_base + static_path, seconds, headers)[0]
            article = wrk(cache_base + article_path, seconds, headers)[0]
            static_after = wrk(cache_base + static_path, seconds, headers)[0]
            static = (static_before + static_after) / 2
            results[row] = (article / static, article, static, len(content))
    return results


def serve_until(urls, total, served):
    """Send `urls` in turn until the site has served `total` requests in all."""
    while served < total:
        for url in urls:
            served += wrk(url, 2)[1]
            if served >= total:
                break
    return served


# wrk's Lua hook: each request's path with UNIQUE replaced by a value of its own.
UNIQUE_SCRIPT = """
math.randomseed(os.time())
local run, count = math.random(1, 2147483647), 0
request = function()
  count = count + 1
  local path = string.gsub(wrk.path, "UNIQUE", "x" .. run .. "-" .. count)
  return wrk.format(nil, path)
end
"""


def wrk(url, seconds, headers=None):
    command = ["wrk", "-t1", "-c4", f"-d{seconds}s", url]
    for header, value in (headers or {}).items():
        command += ["-H", f"{header}: {value}"]
    if UNIQUE in url:
        script = Path(tempfile.gettempdir()) / f"bench-unique-{os.getpid()}.lua"
        script.write_text(UNIQUE_SCRIPT)
        command += ["-s", str(script)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, total, int(errors.group(1)) if errors else 0


def wait_until_idle(hello):
    """wrk stops sending, but requests it queued may still be served: let the workers
    drain them so that they do not slow down the next measurement."""
    for _ in range(600):
        started = time.perf_counter()
        get(hello)
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


def interleaved(hello, urls, seconds):
    """{name: (ratio, req/s, requests, errors, bytes)}: hello, url, hello, url, …, hello;
    each URL's rate is divided by the mean of the hello world runs on either side."""
    results = {}
    before = wrk(hello, seconds)[0]
    for name, url in urls:
        size = len(get(url.replace(UNIQUE, "warm")))
        for _ in range(4):
            get(url.replace(UNIQUE, "warm"))  # warm each worker's caches, as traffic would
        rate, count, errors = wrk(url, seconds)
        wait_until_idle(hello)
        after = wrk(hello, seconds)[0]
        results[name] = (rate / ((before + after) / 2), rate, count, errors, size)
        before = after
    return results


def manage(env, *args, python=PYTHON, cwd=REPO):
    subprocess.run(
        [python, "manage.py", *args], cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL
    )


def django_eval(env, code, python=PYTHON, cwd=REPO):
    """Run `code` (which sets `result`) in a Django process; returns `result`."""
    script = f"import django, json; django.setup()\n{code}\nprint(json.dumps(result))"
    output = subprocess.run(
        [python, "-c", script], cwd=cwd, env=env, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def query_counts(env, paths):
    """SQL queries per request of each path (the second request: caches warm)."""
    return django_eval(
        env,
        "from django.db import connection; from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "client = Client(); result = {}\n"
        f"for path in {paths!r}:\n"
        "    client.get(path)\n"
        "    with CaptureQueriesContext(connection) as queries:\n"
        "        assert client.get(path).status_code == 200, path\n"
        "    result[path] = len(queries.captured_queries)",
    )


def prepare_bakerydemo(directory, python, workdir):
    settings_dir = workdir / "bakery_settings"
    settings_dir.mkdir(exist_ok=True)
    (settings_dir / "bakery_bench_settings.py").write_text(BAKERY_SETTINGS)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bakery_bench_settings",
        "PYTHONPATH": f"{settings_dir}:{directory}",
        "DATABASE_URL": os.environ.get(
            "BAKERYDEMO_DATABASE_URL", f"sqlite:///{directory / 'bench.db'}"
        ),
    }
    env.pop("REDIS_URL", None)
    manage(env, "migrate", "--noinput", python=python, cwd=directory)
    code = "from wagtail.models import Page; result = Page.objects.count()"
    if django_eval(env, code, python=python, cwd=directory) < 3:
        manage(env, "load_initial_data", python=python, cwd=directory)
    return env


def language_rows():
    """Every language's rows, in the order of the table: each URL in every language."""
    per_language = [language_urls(language, 0) for language in LANGUAGES]
    return [row for rows in zip(*per_language, strict=True) for row in rows]


def print_results(results):
    print(f"{'URL':40} {'vs hello':>9} {'req/s':>8} {'requests':>9} {'errors':>7} {'bytes':>9}")
    for name, (ratio, rate, count, errors, size_bytes) in results.items():
        print(f"{name:40} {ratio:9.1%} {rate:8.1f} {count:9d} {errors:7d} {size_bytes:9d}")
    sys.stdout.flush()


def print_table(rows, sizes):
    header = "| URL | " + " | ".join(f"{size:,} per language" for size in sizes) + " | target |"
    print(header)
    print("|" + "---|" * (len(sizes) + 2))
    for name, (target, figures) in rows.items():
        cells = []
        for size in sizes:
            figure = figures.get(size)
            cells.append(f"{figure[0]:.1%} ({figure[1]:.0f}/s)" if figure else "")
        print(f"| {name} | " + " | ".join(cells) + f" | {f'≥ {target:.0%}' if target else ''} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per URL")
    parser.add_argument(
        "--only", help="measure only the URLs (or the Varnish rows) whose name contains this"
    )
    parser.add_argument("--bakerydemo", type=Path, help="a wagtail/bakerydemo checkout")
    parser.add_argument(
        "--bakerydemo-python", help="its virtualenv's python (default: DIR/../venv/bin/python)"
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="condition-pages-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "MEDIA_ROOT": str(workdir / "media"),
        "PYTHONPATH": str(REPO),
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.db'}")
    hello_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.hello"}
    manage(env, "migrate", "--noinput")
    manage(env, "load_sample_content", "--demo-translations")
    bakery = None
    if args.bakerydemo:
        directory = args.bakerydemo.resolve()
        python = args.bakerydemo_python or str(directory.parent / "venv" / "bin" / "python")
        bakery = (directory, python, prepare_bakerydemo(directory, python, workdir))

    # English pages: the generator adds each one's Hindi and Marathi translations.
    count_code = "from condition_pages.models import ConditionPage\n"
    count_code += "result = ConditionPage.objects.filter(locale__language_code='en').count()"
    rows = {name: (target, {}) for name, _, target in language_rows()}
    rows.update({name: (target, {}) for name, _, target in BAKERY_URLS})
    notes = {  # rows of the table that are not a ratio to hello world
        VARNISH_ROW: {},
        VARNISH_IDENTITY_ROW: {},
        "largest site worker's RSS (target < 200 MB)": {},
        "page generation": {},
    }
    sizes = []
    for size in sorted(args.pages):
        if (to_add := size - django_eval(env, count_code)) > 0:
            output = subprocess.run(
                [PYTHON, "bench/generate_conditions.py", str(to_add)],
                cwd=REPO,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            print(output, end="", flush=True)
            # "generated N pages in S s (R pages/s), peak RSS M MB"
            notes["page generation"][size] = (
                output.strip().splitlines()[-1].removeprefix("generated ")
            )
        if (total := django_eval(env, count_code)) != size:
            print(f"skipping {size}: the database holds {total} English condition pages")
            continue
        sizes.append(size)
        page_ids = django_eval(
            env,
            "from condition_pages.models import ConditionPage\n"
            "result = dict(ConditionPage.objects.filter(slug='bone-metastases')"
            ".values_list('locale__language_code', 'pk'))",
        )
        site_urls = [
            (name, path)
            for language in LANGUAGES
            for name, path, _ in language_urls(language, page_ids[language])
            if not args.only or args.only in name
        ]
        print(f"\n== {size:,} condition pages in each language", flush=True)
        paths = [path.replace(UNIQUE, "warm") for _, path in site_urls]
        print("SQL queries per request:", query_counts(env, paths))
        app = "django.core.wsgi:get_wsgi_application()"
        with (
            gunicorn(PYTHON, app, hello_env, REPO) as (hello, _),
            gunicorn(PYTHON, "bench.wsgi:application", env, REPO) as (base, site_pid),
        ):
            hello += "/"
            urls = [(name, base + path) for name, path in site_urls]
            results = interleaved(hello, urls, args.seconds)
            served = sum(result[2] for result in results.values())
            print_results(results)
            if not args.only:
                print(f"\nPage weight and reflow at {size:,} condition pages:")
                page_weight.print_report(base)
            if size == max(args.pages):
                # Every URL measured in turn (but the slowest two) until each worker has
                # served its share, so that its memory is that of a worker in use.
                # (With `--only Varnish` there are none.)
                fast = [url for name, url in urls if results[name][1] >= 20]
                if fast:
                    served = serve_until(fast, 2 * RSS_REQUESTS_PER_WORKER, served)
            rss = worker_rss_mb(site_pid)
            print(
                f"largest site worker's RSS after {served:,} requests to its 2 workers: "
                f"{rss:.0f} MB",
                flush=True,
            )
            notes["largest site worker's RSS (target < 200 MB)"][size] = (
                f"{rss:.0f} MB after {served:,} requests"
            )
            if VARNISHD.exists() and (not args.only or args.only in VARNISH_ROW):
                ways = cached_article_vs_static(
                    base, "/conditions/bone-metastases/", env["MEDIA_ROOT"], workdir, args.seconds
                )
                for row, (ratio, article, static, size_bytes) in ways.items():
                    print(
                        f"{row}: cached article {article:.0f}/s, a static file of the same "
                        f"{size_bytes:,} bytes {static:.0f}/s: {ratio:.0%}",
                        flush=True,
                    )
                    notes[row][size] = f"{ratio:.0%} ({article:.0f}/s vs {static:.0f}/s)"
            if bakery:
                directory, python, bakery_env = bakery
                with gunicorn(python, "bakerydemo.wsgi:application", bakery_env, directory) as (
                    bakery_base,
                    _,
                ):
                    listing = json.loads(
                        get(bakery_base + "/api/v2/pages/?type=blog.BlogPage&limit=1")
                    )["items"][0]
                    html_path = re.sub(r"^https?://[^/]+", "", listing["meta"]["html_url"])
                    paths = [
                        (name, path.format(id=listing["id"], html_path=html_path))
                        for name, path, _ in BAKERY_URLS
                        if not args.only or args.only in name
                    ]
                    bakery_results = interleaved(
                        hello, [(n, bakery_base + p) for n, p in paths], args.seconds
                    )
                    print_results(bakery_results)
                    results.update(bakery_results)
        for name, (ratio, rate, *_) in results.items():
            rows[name][1][size] = (ratio, rate)

    print("\nRatio to hello world (req/s in brackets):\n")
    print_table({name: row for name, row in rows.items() if row[1]}, sizes)
    for name, cells in notes.items():
        if cells:
            print(f"| {name} | " + " | ".join(cells.get(size, "") for size in sizes) + " | |")


if __name__ == "__main__":
    main()
