"""Send many values of one report in one request, checked first with a dry run.

    python examples/push_values.py --url https://portal.example --report 123 \\
        --csv values.csv            # checks only: nothing is written
    python examples/push_values.py --url https://portal.example --report 123 \\
        --csv values.csv --write    # writes, all or nothing

The CSV (UTF-8, with or without a byte-order mark) has the columns indicator, raw and
explanation. The token (CARBONPLAN_TOKEN) must be read-write and act as a reporter
of the report's university. The script first reads the report's sections and sends
each one's version with the values: if someone saved a section since, nothing is
written (409) and the script says which; run it again to base the values on what is
stored now. Every row is checked as the form checks it; if one is refused, nothing
is written and each refusal is printed with its row and field. Warnings that need
an explanation come back as such.
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
                "raw": row.get("raw") or "",
                "explanation": row.get("explanation") or "",
            }
            for row in csv.DictReader(source)
        ]


def section_versions(session: requests.Session, api: str, report: int) -> dict:
    """Each section's version by its action's code, page after page."""
    versions = {}
    page, params = f"{api}/sections/", {"report": report, "page_size": 100}
    while page:
        response = session.get(page, params=params, timeout=60)
        response.raise_for_status()
        data = response.json()
        versions.update({row["action"]: row["version"] for row in data["results"]})
        page, params = data["next"], None  # `next` carries the filters
    return versions


def refusal(response: requests.Response) -> str:
    """The API's one error shape, a line per refused field."""
    error = response.json().get("error", {})
    lines = [f"{response.status_code} {error.get('code')}: {error.get('message')}"]
    lines += [
        f"  {f.get('field')}: {f.get('message')}" for f in error.get("fields", [])
    ]
    return "\n".join(lines)


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
    api = f"{args.url.rstrip('/')}/api/v1"
    session = requests.Session()
    session.headers["Authorization"] = f"Token {args.token}"
    try:
        versions = section_versions(session, api, args.report)
    except requests.HTTPError as failed:
        print(refusal(failed.response), file=sys.stderr)
        return 1
    rows = read_rows(args.csv)
    response = session.post(
        f"{api}/reports/{args.report}/values/",
        params=None if args.write else {"dry_run": 1},
        json={"versions": versions, "values": rows},
        timeout=120,
    )
    if response.status_code >= 400:
        print(refusal(response), file=sys.stderr)
        return 1
    body = response.json()
    for warning in body["warnings"]:
        state = "explained" if warning["explained"] else "needs an explanation"
        print(
            f"row {warning['row']} {warning['indicator']} ({state}): "
            f"{warning['message']}"
        )
    if args.write:
        print(f"{len(rows)} values written; " + _versions_text(body["versions"]))
    else:
        print(f"dry run: {len(rows)} values pass, nothing written")
    return 0


def _versions_text(versions: dict) -> str:
    return "sections now at " + ", ".join(
        f"{code}:{version}" for code, version in sorted(versions.items())
    )


if __name__ == "__main__":
    sys.exit(main())
