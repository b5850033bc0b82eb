"""Every page of every role, in Danish, shows no English from our catalogs.

Walks the URL × role matrix of test_url_matrix.py with its sample objects (GET only) and looks
at each page's visible text and labelling attributes. A text node equal to an English msgid whose
Danish text differs, or containing such a msgid of three words or more, is English left on a
Danish page: a string outside gettext, a msgid missing from the catalogs, or a stored English
value shown as it is.
"""

import re
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po

from accounts.permissions import PUBLIC
from accounts.tests.test_translations import _files

from .test_url_matrix import (  # noqa: F401 (fixtures)
    EXPECTED,
    PERSONA_FOR_ROLE,
    _url,
    all_views,
    matrix_personas,
    samples,
)

ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
SKIP_TAGS = {"script", "style"}


def _english_msgids() -> tuple[set[str], set[str]]:
    """(every msgid whose Danish differs, those of three words or more), placeholders excluded."""
    exact = set()
    for po_path in _files("**/locale/da/LC_MESSAGES/django.po"):
        with po_path.open("rb") as handle:
            for message in read_po(handle):
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                for msgid in ids:
                    if msgid and "%" not in msgid and "{" not in msgid and msgid not in strings:
                        exact.add(msgid.strip())
    long = {msgid for msgid in exact if len(msgid.split()) >= 3}
    return exact, long


class _Texts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self._skip += 1
        for name, value in attrs:
            if name in ATTRIBUTES and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


EXACT, LONG = _english_msgids()
# Names of languages in their own language on the language switch.
ALLOWED = {"English"}


def english_on(html: str) -> set[str]:
    parser = _Texts()
    parser.feed(html)
    found = set()
    for text in parser.texts:
        if text in ALLOWED:
            continue
        if text in EXACT:
            found.add(text)
        found.update(msgid for msgid in LONG if msgid in text and re.search(rf"\b{re.escape(msgid)}\b", text))
    return found


def _pages():
    for name, roles in sorted(EXPECTED.items()):
        if roles == PUBLIC:
            yield name, None
        else:
            for role, persona in PERSONA_FOR_ROLE.items():
                if role in roles:
                    yield name, persona


@pytest.mark.parametrize(("name", "persona"), list(_pages()))
def test_the_page_has_no_english(name, persona, client, matrix_personas, samples):  # noqa: F811
    if persona:
        client.force_login(matrix_personas[persona])
    response = client.get(_url(name, dict(all_views())[name], samples), HTTP_ACCEPT_LANGUAGE="da")
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return  # a redirect, a POST-only view or a download
    assert 'lang="da"' in response.content.decode()[:500]
    english = english_on(response.content.decode())
    assert not english, f"English on the Danish page {name} as {persona}: {sorted(english)}"


def test_the_check_finds_english_text_and_attributes():
    html = (
        '<h1>Pause the match</h1><a title="Find a volunteer">x</a><p>Sæt matchet på pause</p><script>"Pause"</script>'
    )
    assert english_on(html) == {"Pause the match", "Find a volunteer"}
