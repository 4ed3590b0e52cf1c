"""Reporting services, split by feature."""

from __future__ import annotations

from .evidence import (  # noqa: F401
    evidence_attach,
    evidence_lock_reason,
    evidence_remove,
)
from .periods import (  # noqa: F401
    AdvanceResult,
    period_close,
    period_create,
    period_extend,
    period_lock,
    period_open,
    period_participants_default,
    period_unlock,
    periods_advance,
    reports_mark_late,
)
from .reports import reports_create_for_period  # noqa: F401
from .sections import (  # noqa: F401
    SectionConflict,
    SectionSaveResult,
    pending_input_discard,
    report_counters_store,
    report_sections_ensure,
    reports_sections_ensure,
    section_save,
)
from .workflow import (  # noqa: F401
    Change,
    TransitionRefused,
    report_accept,
    report_available_actions,
    report_cancel_pass,
    report_changes_since,
    report_mark_ready,
    report_pass,
    report_reopen,
    report_return,
    report_route,
    report_submit,
    report_withdraw,
    reviewing_authority,
)
