"""Where a URL's time goes: pyinstrument's call tree over repeated requests through
Django's test client, on the benchmark database (bench.settings, DATABASE_URL).

    DATABASE_URL=postgres://… python bench/profile.py /conditions/bone-metastases/
    python bench/profile.py /api/v2/pages/5/ --requests 200 --cold

--cold clears the cache before each request (what the first reader after a publish
pays); by default the app's caches are warm, as most requests find them. UNIQUE in the
URL is replaced by a value of each request's own, as bench/run.py's wrk script does
(`/search/?q=pain&page=UNIQUE`: a search not asked before, with warm caches)."""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from pyinstrument import Profiler  # noqa: E402

from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--cold", action="store_true", help="clear the cache before each")
    args = parser.parse_args()
    client = Client()
    for _ in range(3):
        assert client.get(args.url.replace("UNIQUE", "warm")).status_code == 200, args.url
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for number in range(args.requests):
        if args.cold:
            cache.clear()  # shows in the profile too, a small part of it
        client.get(args.url.replace("UNIQUE", f"u{number}"))
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False))


if __name__ == "__main__":
    main()
