"""Uploaded files go to S3-compatible object storage when S3_BUCKET is set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
django.setup()
from django.core.files.storage import storages
default_storage = storages["default"]
print(json.dumps({
    "class": type(default_storage).__module__ + "." + type(default_storage).__name__,
    "bucket": getattr(default_storage, "bucket_name", None),
    "endpoint": getattr(default_storage, "endpoint_url", None),
    "acl": getattr(default_storage, "default_acl", None),
    "signed_urls": getattr(default_storage, "querystring_auth", None),
    "overwrite": getattr(default_storage, "file_overwrite", None),
    "location": getattr(default_storage, "location", None),
}))
"""


def _storage(**env: str) -> dict:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("S3_")
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="carbonplan.settings")
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_files_stay_on_local_disk_by_default():
    assert (
        _storage()["class"] == "django.core.files.storage.filesystem.FileSystemStorage"
    )


def test_a_bucket_sends_files_to_private_object_storage():
    storage = _storage(
        S3_BUCKET="carbonplan-evidence",
        S3_ENDPOINT_URL="https://oss.example.org",
        S3_LOCATION="evidence",
    )

    assert storage == {
        "class": "storages.backends.s3.S3Storage",
        "bucket": "carbonplan-evidence",
        "endpoint": "https://oss.example.org",
        "acl": "private",
        "signed_urls": True,
        "overwrite": False,
        "location": "evidence",
    }
