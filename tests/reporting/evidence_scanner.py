"""Test doubles for settings.EVIDENCE_SCANNER (a malware-scanning hook)."""

from __future__ import annotations

from reporting.evidence import EvidenceRejected

MARKER = b"CARBONPLAN-TEST-MALWARE"
calls: list[tuple[str, bytes]] = []


def refuse_marked(fileobj, name: str) -> None:
    """Refuses files containing MARKER, as a scanner refuses a signature it knows."""
    data = fileobj.read()
    calls.append((name, data))
    if MARKER in data:
        raise EvidenceRejected(
            '"%(name)s" was refused by the malware scan (Test.Marker).',
            code="scan_rejected",
            params={"name": name},
        )


def unreachable(fileobj, name: str) -> None:
    """A scanner whose daemon does not answer."""
    raise ConnectionRefusedError("clamd is not running")
