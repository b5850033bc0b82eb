"""Uploaded import files (special-category data) wait in a private folder of the installation
between the preview and the confirmation, in a sub-folder named by a random token kept in the
user's session; they are deleted after the import, and any upload older than an hour is swept
away on every upload, preview and confirmation (and by `manage.py purge_imports` from cron).

The folder is `$IMPORT_DIR` when set, else `<BASE_DIR>/var/imports`; it is created (and kept)
with mode 0700, files in it 0600. Never the shared system temporary folder."""

import os
import re
import secrets
import shutil
import time
import zipfile
from pathlib import Path

from django.conf import settings

MAX_AGE_SECONDS = 3600
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # per request (all files together)
MAX_XLSX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # a workbook's unpacked size, from its zip directory
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def root() -> Path:
    """The private import folder (IMPORT_DIR, else BASE_DIR/var/imports), mode 0700."""
    configured = os.environ.get("IMPORT_DIR")
    folder = Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        folder.chmod(0o700)
    return folder


def _safe_name(name: str) -> str:
    base = Path(name).name
    return re.sub(r"[^A-Za-z0-9_.-]", "_", base)[:80] or "upload"


def workbook_too_large(fileobj) -> bool | None:
    """True when the .xlsx would unpack to more than MAX_XLSX_UNCOMPRESSED_BYTES (read from the
    zip directory, before openpyxl opens it: a zip bomb never reaches memory); None when it is no
    zip file at all. zipfile itself refuses to inflate a member beyond its stated size."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError):
        return None
    finally:
        fileobj.seek(0)
    return total > MAX_XLSX_UNCOMPRESSED_BYTES


def store(files) -> str:
    """Save the uploaded files; return the token that names their folder."""
    sweep()
    token = secrets.token_urlsafe(24)
    folder = root() / token
    folder.mkdir(mode=0o700)
    for upload in files:
        descriptor = os.open(folder / _safe_name(upload.name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
    return token


def source(token: str | None) -> Path | None:
    """What to import: the workbook, or the folder of CSV files; None when unknown or gone."""
    sweep()
    if not token or not TOKEN.match(token):
        return None
    folder = root() / token
    if not folder.is_dir():
        return None
    workbooks = sorted(folder.glob("*.xlsx"))
    return workbooks[0] if workbooks else folder


def discard(token: str | None) -> None:
    if token and TOKEN.match(token):
        shutil.rmtree(root() / token, ignore_errors=True)


def sweep(max_age_seconds: int = MAX_AGE_SECONDS) -> int:
    """Delete uploads older than max_age_seconds; return how many."""
    cutoff = time.time() - max_age_seconds
    removed = 0
    for folder in root().iterdir():
        if folder.is_dir() and TOKEN.match(folder.name) and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
