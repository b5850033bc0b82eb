"""Uploaded import files: a private folder, size caps, a zip-bomb check, and an hourly sweep."""

import io
import os
import stat
import time
import zipfile
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from transfer import uploads

from .test_import_web import GOOD, upload

pytestmark = pytest.mark.django_db


def xlsx(size: int) -> bytes:
    """A zip that unpacks to `size` bytes (compresses to almost nothing)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * size)
    return buffer.getvalue()


def test_upload_is_kept_in_the_private_folder(client, leader, import_dir):
    client.force_login(leader)
    upload(client, GOOD)
    [folder] = list(import_dir.iterdir())
    assert stat.S_IMODE(import_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "participants.csv").stat().st_mode) == 0o600


def test_without_import_dir_the_folder_is_var_imports_of_the_installation(monkeypatch, settings, tmp_path):
    monkeypatch.delenv("IMPORT_DIR")
    settings.BASE_DIR = tmp_path
    assert uploads.root() == tmp_path / "var" / "imports"
    assert stat.S_IMODE((tmp_path / "var" / "imports").stat().st_mode) == 0o700


def test_too_large_upload_is_refused_and_not_stored(client, leader, import_dir, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", len(GOOD) - 1)
    client.force_login(leader)
    response = upload(client, GOOD)
    assert response.status_code == 200
    assert "Filerne er for store" in response.context["form"].errors["files"][0]
    assert not import_dir.exists() or not any(import_dir.iterdir())


def test_workbook_that_unpacks_too_large_is_refused_before_openpyxl(client, leader, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_XLSX_UNCOMPRESSED_BYTES", 10_000)
    client.force_login(leader)
    response = upload(client, xlsx(10_001), name="data.xlsx")
    assert "for stort, når det pakkes ud" in response.context["form"].errors["files"][0]
    assert upload(client, xlsx(10_000), name="data.xlsx").status_code == 302  # at the cap: accepted


def test_a_file_named_xlsx_that_is_no_zip_is_refused(client, leader):
    client.force_login(leader)
    response = client.post(
        reverse("transfer:import"), {"files": [SimpleUploadedFile("data.xlsx", b"not a zip", "application/zip")]}
    )
    assert response.context["form"].errors["files"]


def _abandoned(import_dir, name="A" * 32, age=2 * 3600):
    folder = import_dir / name
    folder.mkdir(parents=True)
    (folder / "participants.csv").write_bytes(GOOD)
    then = time.time() - age
    os.utime(folder, (then, then))
    return folder


def test_abandoned_uploads_are_swept_on_preview(client, leader, import_dir):
    old = _abandoned(import_dir)
    recent = _abandoned(import_dir, name="B" * 32, age=30 * 60)
    client.force_login(leader)
    client.get(reverse("transfer:import_preview"))
    assert not old.exists()
    assert recent.exists()


def test_purge_imports_command_removes_old_uploads(import_dir):
    old = _abandoned(import_dir)
    recent = _abandoned(import_dir, name="B" * 32, age=10)
    out = StringIO()
    call_command("purge_imports", stdout=out)
    assert not old.exists() and recent.exists()
    assert out.getvalue().strip() == "1 upload(s) removed"
