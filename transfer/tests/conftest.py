import pytest


@pytest.fixture(autouse=True)
def import_dir(tmp_path, monkeypatch):
    """Web-import uploads go to a private folder of each test (IMPORT_DIR)."""
    folder = tmp_path / "imports"
    monkeypatch.setenv("IMPORT_DIR", str(folder))
    return folder
