"""Reporting models, split by feature (DESIGN.md §5)."""

from __future__ import annotations

from .evidence import EvidenceFile
from .figures import FigureCell, ScopeKind
from .periods import FIRST_DATA_YEAR, PeriodEvent, ReportingPeriod
from .reports import Report
from .runs import ReportRun, ReportRunFile
from .sections import PendingInput, ReportSection
from .values import Value
from .workflow import (
    AcceptedValue,
    AcceptedVersion,
    FieldComment,
    Notification,
    Transition,
)

__all__ = [
    "EvidenceFile",
    "AcceptedValue",
    "AcceptedVersion",
    "FieldComment",
    "FigureCell",
    "Notification",
    "Transition",
    "FIRST_DATA_YEAR",
    "PendingInput",
    "PeriodEvent",
    "Report",
    "ReportRun",
    "ReportRunFile",
    "ReportSection",
    "ReportingPeriod",
    "ScopeKind",
    "Value",
]
