"""Send many values of one report in one request, checked first with a dry run.

    python examples/push_values.py --url https://portal.example --report 123 \\
        --csv values.csv            # checks only: nothing is written
    python examples/push_values.py --url https://portal.example --report 123 \\
        --csv values.csv --write    # writes, all or nothing

The CSV (UTF-8, with or without a byte-order mark) has the columns indicator, raw and
explanation. The token (CARBONPLAN_TOKEN) must be read-write and act as a reporter
of the report's university. Every row is checked as the form checks it; if one is
refused, nothing is written and each refusal is printed with its row and field.
Warnings that need an explanation come back as such.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys

import requests


def read_rows(path: str) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as source:
        return [
            {
                "indicator": row["indicator"].strip(),
                "raw": row.get("raw", ""),
                "explanation": row.get("explanation", ""),
            }
            for row in csv.DictReader(source)
        ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--report", type=int, required=True, help="report id")
    parser.add_argument("--csv", required=True, help="indicator,raw,explanation")
    parser.add_argument("--write", action="store_true", help="write (else dry run)")
    parser.add_argument("--token", default=os.environ.get("CARBONPLAN_TOKEN"))
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("set CARBONPLAN_TOKEN or pass --token")
    endpoint = f"{args.url.rstrip('/')}/api/v1/reports/{args.report}/values/"
    response = requests.post(
        endpoint,
        params=None if args.write else {"dry_run": 1},
        json={"values": read_rows(args.csv)},
        headers={"Authorization": f"Token {args.token}"},
        timeout=120,
    )
    body = response.json()
    if response.status_code >= 400:
        error = body.get("error", {})
        print(f"{response.status_code} {error.get('code')}: {error.get('message')}")
        for field in error.get("fields", []):
            print(f"  {field.get('field')}: {field.get('message')}")
        return 1
    for warning in body.get("warnings", []):
        print(f"warning {warning}")
    print("written" if args.write else "dry run: nothing written, all rows pass")
    return 0


if __name__ == "__main__":
    sys.exit(main())
