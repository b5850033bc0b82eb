"""Receipt files: checked by their content, kept in a private folder outside the web root.

The folder is settings.RECEIPT_DIR (default <BASE_DIR>/var/receipts), mode 0700, each file 0600
under a random name with no trace of the uploaded name. Files are only ever sent by the app's
views, to the volunteer who uploaded them and to staff who may see the match (expenses.views,
portal.views). The type is read from the first bytes, never from the name or the browser's claim."""

import contextlib
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
HEIC_BRANDS = {b"heic", b"heix", b"mif1"}


def sniff(head: bytes) -> str | None:
    """The content type the file's first bytes show, or None when it is none we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[4:8] == b"ftyp" and head[8:12] in HEIC_BRANDS:
        return "image/heic"
    return None


def check(upload) -> tuple[str | None, str]:
    """(content type, "") for an acceptable receipt, else (None, the reason in the user's language)."""
    if upload.size > MAX_BYTES:
        return None, _("The receipt is larger than 10 MB. Take a smaller photo or scan and try again.")
    if upload.size == 0:
        return None, _("The receipt file is empty.")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        return None, _("The receipt must be a photo (JPEG, PNG or HEIC) or a PDF file.")
    return kind, ""


def root() -> Path:
    folder = Path(settings.RECEIPT_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        folder.chmod(0o700)
    return folder


EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf", "image/heic": "heic"}


def save(upload, kind: str) -> str:
    """Write the upload to the folder; return its new name."""
    name = f"{secrets.token_urlsafe(24)}.{EXTENSIONS[kind]}"
    descriptor = os.open(root() / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return name


def path(name: str) -> Path:
    # Names are ours (token + extension); a name with a separator never came from save().
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ValueError("not a receipt name")
    return root() / name


def delete(name: str) -> None:
    with contextlib.suppress(FileNotFoundError, ValueError):
        path(name).unlink()


def sweep(*, keep: set[str]) -> None:
    """Delete receipt files no expense names (after the demo rebuild deleted its expenses)."""
    for file in root().iterdir():
        if file.is_file() and file.name not in keep:
            file.unlink()
