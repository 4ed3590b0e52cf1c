"""Pull a period's accepted values for one province into a CSV file.

    python examples/pull_values.py --url https://portal.example --period 2025 \\
        --province 11 --out values-2025-11.csv

The token comes from the environment (CARBONPLAN_TOKEN), made on the portal's token
page. The script walks the accepted values by cursor (`next`) to the end and writes
UTF-8 with a byte-order mark, so that Excel and WPS open the file as UTF-8. The values
are those that count: each report's accepted version (a reopened report keeps its
accepted figures until a new version is accepted).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys

import requests

COLUMNS = [
    "period",
    "university",
    "indicator",
    "status",
    "raw",
    "number",
    "date_value",
    "bool_value",
    "explanation",
    "report",
    "revision",
    "accepted_at",
]


def accepted_values(session: requests.Session, url: str, params: dict):
    """Every row, page after page; an API error ends the script with its message."""
    page = f"{url.rstrip('/')}/api/v1/accepted-values/"
    while page:
        response = session.get(page, params=params, timeout=60)
        if response.status_code != 200:
            error = response.json().get("error", {})
            sys.exit(
                f"{response.status_code} {error.get('code')}: {error.get('message')}"
            )
        data = response.json()
        yield from data["results"]
        page, params = data["next"], None  # `next` carries the filters and cursor


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the portal, e.g. https://...")
    parser.add_argument("--period", type=int, required=True, help="data year")
    parser.add_argument("--province", required=True, help="province code, e.g. 11")
    parser.add_argument("--out", required=True, help="CSV file to write")
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--token", default=os.environ.get("CARBONPLAN_TOKEN"))
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("set CARBONPLAN_TOKEN or pass --token")
    session = requests.Session()
    session.headers["Authorization"] = f"Token {args.token}"
    rows = 0
    with open(args.out, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, COLUMNS, extrasaction="ignore")
        writer.writeheader()
        params = {
            "period": args.period,
            "province": args.province,
            "page_size": args.page_size,
        }
        for row in accepted_values(session, args.url, params):
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
            rows += 1
    print(f"{rows} values written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
