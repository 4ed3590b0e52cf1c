"""The evidence upload form: the files, where they go, and the confirmation.

The files' contents are not looked at here: each is checked when it is attached
(`evidence_attach`), so one refused file does not stop the others. The form checks
what is the same for every file of the upload: that there are files and not too
many, the place, and that the user confirmed that nothing is classified.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .models import EvidenceFile, Report
from .validation import applicable_indicators

MAX_FILES = 10
Kind = EvidenceFile.Kind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FileListField(forms.Field):
    """Every file posted under the name, unchecked (the service checks each)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, data) -> list[UploadedFile]:
        if not data:
            return []
        return list(data) if isinstance(data, list | tuple) else [data]


class EvidenceUploadForm(forms.Form):
    """One upload of evidence files, or of the sign-off scan (`kind`).

    `rejected`: the files the upload handler refused while they streamed
    (`request.evidence_upload_rejections`), which count as sent. Cleaned: `files`,
    `place` ({} for the report, {"section": ...} or {"indicator": ...}),
    `confirm_unclassified`, and for a scan `signed_checksum` (the page's, which the
    service compares with the data's).
    """

    files = FileListField()
    place = forms.CharField(required=False, strip=False)
    confirm_unclassified = forms.BooleanField(required=False)
    signed_checksum = forms.CharField(required=False, strip=False)

    def __init__(
        self,
        data,
        files,
        *,
        report: Report,
        kind: str = Kind.EVIDENCE,
        rejected: list[ValidationError] = (),
    ) -> None:
        super().__init__(data, files)
        self.report = report
        self.kind = kind
        self.rejected = list(rejected)

    def clean_files(self) -> list[UploadedFile]:
        files = self.cleaned_data["files"]
        if not files and not self.rejected:
            raise ValidationError(_("Choose a file to upload."), code="required")
        if len(files) > MAX_FILES:
            raise ValidationError(
                _("Upload at most %(count)s files at once."),
                params={"count": MAX_FILES},
                code="too_many",
            )
        return files

    def clean_place(self) -> dict:
        """Where the files go: "" (the report as a whole), "section:A1" or
        "value:IND-A1-01" (the value is stored blank if not entered)."""
        place = self.cleaned_data["place"]
        if self.kind != Kind.EVIDENCE or not place:
            return {}
        kind, _sep, code = place.partition(":")
        if kind == "section":
            section = self.report.sections.filter(action__code=code).first()
            if section is not None:
                return {"section": section}
        elif kind == "value":
            indicator = (
                applicable_indicators(self.report.university).filter(code=code).first()
            )
            if indicator is not None:
                return {"indicator": indicator}
        raise ValidationError(_("Choose where the file belongs."), code="place")

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.attachable() and not cleaned.get("confirm_unclassified"):
            self.add_error(
                "confirm_unclassified",
                ValidationError(
                    _("Confirm that the file holds no classified content."),
                    code="unclassified_not_confirmed",
                ),
            )
        return cleaned

    def attachable(self) -> list[UploadedFile]:
        """The files to attach: none while the files or the place are refused."""
        if "files" in self.errors or "place" in self.errors:
            return []
        return self.cleaned_data.get("files") or []

    def refusals(self) -> list[str]:
        """What stops files of this upload, in the order the user reads them: the
        files refused while streaming, then the files' and the place's errors."""
        return [
            *(rejected.messages[0] for rejected in self.rejected),
            *self.errors.get("files", []),
            *self.errors.get("place", []),
        ]

    def attach_arguments(self) -> dict:
        """The `evidence_attach` keywords every file of the upload shares."""
        arguments = {
            "kind": self.kind,
            "confirm_unclassified": self.cleaned_data["confirm_unclassified"],
            **self.cleaned_data["place"],
        }
        if self.kind == Kind.SIGNOFF_SCAN:
            # Unreadable (e.g. a NUL byte): a stale page, which the service refuses.
            arguments["signed_checksum"] = self.cleaned_data.get("signed_checksum", "")
        return arguments
