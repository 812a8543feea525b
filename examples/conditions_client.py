#!/usr/bin/env python3
"""A minimal app client of the content API (standard library only).

Lists the live conditions, then prints one article's symptoms and urgent warnings:

    python examples/conditions_client.py http://127.0.0.1:8000 [slug]
"""

import json
import sys
from urllib.parse import urlencode
from urllib.request import Request, urlopen


def get_json(base_url, path, **params):
    url = f"{base_url.rstrip('/')}{path}?{urlencode(params)}"
    with urlopen(Request(url, headers={"Accept": "application/json"}), timeout=10) as response:
        return json.load(response)


def list_conditions(base_url):
    conditions, offset = [], 0
    while True:  # follow pagination until the total count is reached
        page = get_json(
            base_url,
            "/api/v2/pages/",
            type="condition_pages.ConditionPage",
            fields="summary",
            order="title",
            offset=offset,
        )
        conditions += page["items"]
        offset += len(page["items"])
        if not page["items"] or offset >= page["meta"]["total_count"]:
            return conditions


def print_symptoms(base_url, condition):
    article = get_json(base_url, f"/api/v2/pages/{condition['id']}/")
    print(f"\nSymptoms of {article['title'].lower()}:")
    for block in article["body"]:
        if block["type"] != "symptoms":
            continue
        for symptom in block["value"]["symptoms"]:
            detail = f": {symptom['detail']}" if symptom["detail"] else ""
            print(f"  - {symptom['name']}{detail}")
        for sign in block["value"]["urgent_signs"]:
            print(f"  ! Get urgent help: {sign}")


def main(base_url="http://127.0.0.1:8000", slug=None):
    conditions = list_conditions(base_url)
    print(f"{len(conditions)} conditions:")
    for condition in conditions:
        print(f"  {condition['title']}: {condition['summary']}")
    chosen = [c for c in conditions if slug in (None, c["meta"]["slug"])]
    if not chosen:
        sys.exit(f"No live condition with the slug {slug!r}.")
    print_symptoms(base_url, chosen[0])


if __name__ == "__main__":
    main(*sys.argv[1:])
