"""Compile every locale/*/LC_MESSAGES/django.po to .mo with Babel (no system gettext needed)."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", ".git"}


def main() -> None:
    for po_path in sorted(ROOT.glob("**/locale/*/LC_MESSAGES/django.po")):
        if SKIP.intersection(po_path.relative_to(ROOT).parts):
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with mo_path.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)


if __name__ == "__main__":
    main()
