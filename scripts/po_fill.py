"""Fill empty Danish msgstrs from a tab-separated file of `msgid<TAB>msgstr` lines (developer aid).

    python scripts/po_fill.py translations.tsv
Only empty entries are filled; existing translations are kept. Prints what is still missing.
"""

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


def load(path: str) -> dict[str, str]:
    pairs = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if "\t" in line and not line.startswith("#"):
            msgid, msgstr = line.split("\t", 1)
            pairs[msgid.replace("\\n", "\n")] = msgstr.replace("\\n", "\n")
    return pairs


def main(path: str) -> None:
    pairs = load(path)
    for po_path in sorted(ROOT.glob("**/locale/da/LC_MESSAGES/django.po")):
        if ".venv" in po_path.parts:
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale="da")
        changed = False
        for message in catalog:
            if not message.id:
                continue
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            if isinstance(message.id, tuple):
                if not all(message.string) and key in pairs:
                    singular, _, plural = pairs[key].partition("||")
                    message.string = (singular, plural or singular)
                    changed = True
            elif (not message.string or message.fuzzy) and key in pairs:
                message.string = pairs[key]
                message.flags.discard("fuzzy")
                changed = True
            if not message.string or (isinstance(message.string, tuple) and not all(message.string)):
                print(f"missing\t{po_path.relative_to(ROOT)}\t{key}")
        if changed:
            with po_path.open("wb") as handle:
                write_po(handle, catalog, width=100, omit_header=False, no_location=True)


if __name__ == "__main__":
    main(sys.argv[1])
