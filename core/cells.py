"""User text in spreadsheets stays text: no cell a citizen's name or a procedure's name fills becomes a formula.

OWASP's advice on CSV injection: a cell starting with "=", "+", "-", "@" (or a tab or a
carriage return, which some programs skip before looking) is read as a formula by Excel and
LibreOffice. In a CSV such a cell gets a leading apostrophe, which spreadsheets show as text
(and `unquote` takes off again on import); in an XLSX the cell is typed as a string, which
keeps the text exactly.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value` for a CSV cell: text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unquote(text: str) -> str:
    """The text `safe_cell` protected, as it was ("'=1+1" → "=1+1"); any other text unchanged."""
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def text_cells(cells) -> None:
    """Type every text cell of an openpyxl row as a string, even one starting with "=" (openpyxl makes that a
    formula); numbers and dates keep their types."""
    for cell in cells:
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"
