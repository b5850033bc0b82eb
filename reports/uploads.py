"""Uploaded import files wait in a private temporary folder named by a random token (kept in the
user's session) between the preview and the confirmation; they are deleted after the import."""

import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path

ROOT_NAME = "lgv-imports"
MAX_AGE_SECONDS = 24 * 3600
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _root() -> Path:
    root = Path(tempfile.gettempdir()) / ROOT_NAME
    root.mkdir(mode=0o700, exist_ok=True)
    return root


def _safe_name(name: str) -> str:
    base = Path(name).name
    return re.sub(r"[^A-Za-z0-9_.-]", "_", base)[:80] or "upload"


def store(files) -> str:
    """Save the uploaded files; return the token that names their folder."""
    _sweep()
    token = secrets.token_urlsafe(24)
    folder = _root() / token
    folder.mkdir(mode=0o700)
    for upload in files:
        with (folder / _safe_name(upload.name)).open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
    return token


def source(token: str | None) -> Path | None:
    """What to import: the workbook, or the folder of CSV files; None when unknown or gone."""
    if not token or not TOKEN.match(token):
        return None
    folder = _root() / token
    if not folder.is_dir():
        return None
    workbooks = sorted(folder.glob("*.xlsx"))
    return workbooks[0] if workbooks else folder


def discard(token: str | None) -> None:
    if token and TOKEN.match(token):
        shutil.rmtree(_root() / token, ignore_errors=True)


def _sweep() -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for folder in _root().iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
