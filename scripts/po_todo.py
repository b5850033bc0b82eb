"""List untranslated or fuzzy Danish msgids (developer aid): python scripts/po_todo.py"""

from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent

for po_path in sorted(ROOT.glob("**/locale/da/LC_MESSAGES/django.po")):
    if ".venv" in po_path.parts:
        continue
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id and (
            not message.string or (isinstance(message.string, tuple) and not all(message.string)) or message.fuzzy
        ):
            print(f"{po_path.relative_to(ROOT)}\t{message.id!r}")
