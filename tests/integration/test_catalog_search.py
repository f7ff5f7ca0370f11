"""Looking a procedure up as a citizen types it: code, name or field, with or without diacritics."""

from __future__ import annotations

from core.text import fold


def test_a_fields_name_finds_every_procedure_of_that_field(demo_store):
    by_field: dict[str, set[str]] = {}
    for p in demo_store.setup.procedures():
        by_field.setdefault(p.service_name, set()).add(p.code)
    field, codes = max(((f, c) for f, c in by_field.items() if f), key=lambda fc: len(fc[1]))
    typed = fold(field)  # "Đất đai" typed as "dat dai" on a keyboard without Vietnamese marks
    found = {p.code for p in demo_store.setup.procedures(query=typed)}
    assert codes <= found, f"{typed!r} misses procedures of {field}"
    assert codes <= {p.code for p in demo_store.setup.procedures(query=field)}  # typed with its marks too
    assert demo_store.setup.procedures(query=f"{typed} khongcotrongdanhmuc") == []


def test_words_of_the_field_and_the_name_narrow_together(demo_store):
    some = next(p for p in demo_store.setup.procedures() if p.service_name)
    first_word = fold(some.name).split()[0]
    found = demo_store.setup.procedures(query=f"{fold(some.service_name)} {first_word}")
    assert some.code in {p.code for p in found}
    assert all(first_word in fold(f"{p.code} {p.name} {p.service_name}") for p in found)
