"""The texts the report form's script shows (report-form.js reads them from the
page as JSON), so that every one of them is in the catalogue."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FILLED = gettext_lazy("%(filled)s of %(applicable)s indicators filled in")
ZERO_NOTE_MISSING = gettext_lazy("Say why there is nothing to report this year.")


def js_messages() -> dict:
    """The texts report-form.js shows, in the user's language."""
    return {
        "saving": _("Saving…"),
        "saved_at": _("Saved at %(time)s"),
        "draft_saved": _("Draft saved (%(time)s)."),
        "unsaved": _("Unsaved changes"),
        "offline": _("Not saved: the server cannot be reached. Retrying…"),
        "failed": _("Not saved: the server answered with an error. Retrying…"),
        "session_lost": _(
            "Your session has ended. What you typed is kept in this browser: log "
            "in again and it will be restored and saved."
        ),
        "log_in": _("Log in again"),
        "conflict": _(
            "Not saved: %(name)s changed this section at %(time)s. Your input is "
            "kept; reload the section to compare and save again."
        ),
        "someone": _("someone"),
        "field": _("Field"),
        "yours": _("Your input"),
        "theirs": _("Saved now"),
        "reload": _("Reload the section"),
        "restored": _("Your input typed before the session ended is restored."),
        "restored_stale": _(
            "Your input kept in this browser is restored, but the section has "
            "changed since. Check the fields and save."
        ),
        "explained": _("Explained"),
        "close": _("Close"),
        "filled": FILLED,
        "zero_note": ZERO_NOTE_MISSING,
        "no_problem": _("No problem left in this section."),
        "signed_out_at": _("Without activity you will be signed out at %(time)s."),
    }
