"""Danish is complete: every translatable string in our templates and code has a Danish text.

Source strings are English, so English is complete by construction; this test guards Danish.
"""

import ast
import re
from pathlib import Path

from babel.messages.pofile import read_po
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "node_modules", ".git", "bench", "migrations", "tests"}
GETTEXT_FUNCS = {
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "_",
    "pgettext",
    "pgettext_lazy",
    "ngettext",
    "ngettext_lazy",
}
TEMPLATE_CALL = re.compile(r"\b(?:n?p?gettext)\(u'((?:[^'\\]|\\.)*)'")


def _files(pattern: str):
    for path in ROOT.glob(pattern):
        if not SKIP_DIRS.intersection(path.relative_to(ROOT).parts):
            yield path


def danish_catalog() -> dict[str, object]:
    translated = {}
    for po_path in _files("**/locale/da/LC_MESSAGES/django.po"):
        with po_path.open("rb") as handle:
            for message in read_po(handle):
                if message.id and not message.fuzzy:
                    key = message.id[0] if isinstance(message.id, tuple) else message.id
                    strings = message.string if isinstance(message.string, tuple) else (message.string,)
                    if all(strings):
                        translated[key] = message.string
    return translated


def template_msgids() -> set[tuple[str, str]]:
    found = set()
    for path in _files("**/templates/**/*.html"):
        for match in TEMPLATE_CALL.finditer(templatize(path.read_text(encoding="utf-8"), origin=str(path))):
            found.add((str(path.relative_to(ROOT)), ast.literal_eval(f"'{match.group(1)}'")))
    return found


def _aliases(tree) -> set[str]:
    """Local names of the gettext functions, e.g. `from django.utils.translation import gettext_lazy as _lazy`."""
    return {
        alias.asname
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.asname and alias.name in GETTEXT_FUNCS
    }


def python_msgids() -> set[tuple[str, str]]:
    found = set()
    for path in _files("**/*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        funcs = GETTEXT_FUNCS | _aliases(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in funcs:
                index = 1 if getattr(node.func, "id", "").startswith("p") else 0
                if len(node.args) > index and isinstance(node.args[index], ast.Constant):
                    found.add((str(path.relative_to(ROOT)), node.args[index].value))
    return found


def test_template_strings_have_danish_translations():
    catalog = danish_catalog()
    missing = sorted((where, msgid) for where, msgid in template_msgids() if msgid not in catalog)
    assert not missing, f"untranslated in Danish (run `make messages`, then translate): {missing}"


def test_code_strings_have_danish_translations():
    catalog = danish_catalog()
    missing = sorted((where, msgid) for where, msgid in python_msgids() if msgid not in catalog)
    assert not missing, f"untranslated in Danish (run `make messages`, then translate): {missing}"


def test_catalogs_have_no_empty_or_fuzzy_entries():
    problems = []
    for po_path in _files("**/locale/da/LC_MESSAGES/django.po"):
        with po_path.open("rb") as handle:
            for message in read_po(handle):
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                if message.id and (message.fuzzy or not all(strings)):
                    problems.append((str(po_path.relative_to(ROOT)), message.id))
    assert not problems


def test_the_extractor_finds_known_strings():
    """Guard against the test passing because it found nothing."""
    assert ("accounts/templates/accounts/login.html", "Log in") in template_msgids()
    assert ("matches/services.py", "The participant is no longer on the waiting list.") in python_msgids()
