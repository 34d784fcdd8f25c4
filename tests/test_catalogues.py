"""The translation catalogues: complete, shipped as compiled, placeholders kept (CONTRIBUTING: a string)."""

from __future__ import annotations

import importlib.util
import io
import re
import string
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "migdialogue" / "locale"
LANGUAGES = ("fr", "es")


def _po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "migdialogue.po"


@cache
def _po(lang: str) -> Catalog:
    with _po_path(lang).open("rb") as fh:
        return read_po(fh)


@cache
def _template() -> Catalog:
    """Every string the package marks, extracted now as scripts/update_catalogues.py extracts it."""
    import tempfile

    spec = importlib.util.spec_from_file_location("update_catalogues", ROOT / "scripts" / "update_catalogues.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "migdialogue.pot"
        script.extract(str(pot))
        with pot.open("rb") as fh:
            return read_po(fh)


def _key(message: Any) -> tuple[str | None, str]:
    return message.context, message.id if isinstance(message.id, str) else message.id[0]


def _forms(value: Any) -> list[str]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _fields(text: str) -> set[str]:
    return {
        f"{name}!{conv}" if conv else name for _, name, _, conv in string.Formatter().parse(text) if name is not None
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_shipped_mo_is_what_the_po_compiles_to(lang: str) -> None:
    """The wheel ships the .mo files: they must say what the .po sources say (run update_catalogues.py)."""
    compiled = io.BytesIO()
    write_mo(compiled, _po(lang))
    shipped = (LOCALE / lang / "LC_MESSAGES" / "migdialogue.mo").read_bytes()
    assert shipped == compiled.getvalue(), f"{lang}: the .mo is stale: python scripts/update_catalogues.py"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_people_read_is_translated(lang: str) -> None:
    """Every marked string of the package is in the catalogue, translated, and not fuzzy."""
    catalogue = {_key(m): m for m in _po(lang) if m.id}
    problems = []
    for message in _template():
        if not message.id:
            continue
        found = catalogue.get(_key(message))
        if found is None:
            problems.append(f"not in the catalogue: {_key(message)!r}")
        elif "fuzzy" in found.flags:
            problems.append(f"fuzzy: {_key(message)!r}")
        elif not all(_forms(found.string)):
            problems.append(f"untranslated: {_key(message)!r}")
    assert not problems, f"{lang}: run python scripts/update_catalogues.py and translate:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_are_kept(lang: str) -> None:
    """A translation has the same {placeholders} as its msgid (each plural form: those of the plural)."""
    problems = []
    for message in _po(lang):
        if not message.id or not all(_forms(message.string)):
            continue
        expected = _fields(_forms(message.id)[-1])
        for form in _forms(message.string):
            try:
                got = _fields(form)
            except ValueError as err:
                problems.append(f"{message.id!r}: {err}")
                continue
            if got != expected:
                problems.append(f"{message.id!r}: {sorted(got)} instead of {sorted(expected)}")
    assert not problems, f"{lang}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_forms_are_the_usual_ones(lang: str) -> None:
    """French: singular for 0 and 1; Spanish: for 1 only (gettext's classic rules, two forms)."""
    assert _po(lang).num_plurals == 2
    assert _po(lang).plural_expr == {"fr": "(n > 1)", "es": "(n != 1)"}[lang]


def test_catalogues_record_their_terminology_rules() -> None:
    """Each .po opens with the rules a translator follows (the ILO's terms, record text stays English)."""
    rules = {"fr": ("dialogue social", "partenaires sociaux"), "es": ("diálogo social", "interlocutores sociales")}
    for lang, terms in rules.items():
        head = _po_path(lang).read_text(encoding="utf-8").split('msgid ""', 1)[0]
        prose = " ".join(head.replace("#", " ").split())
        assert all(term in prose for term in terms), lang
        assert "never present a translated title" in prose


def test_french_typography() -> None:
    """French puts a no-break space before : ; ? ! % and inside « »: an ordinary one lets a line break
    there, leaving the sign alone at the start of the next line (the .po header states the rule)."""
    ordinary = re.compile(r" [:;?!%»]|« ")
    problems = [
        f"{message.id!r}: {form!r}"
        for message in _po("fr")
        if message.id
        for form in _forms(message.string)
        if ordinary.search(form)
    ]
    assert not problems, "use U+00A0 (no-break space) in:\n" + "\n".join(problems)


def test_no_ordinary_space_beside_a_no_break_space() -> None:
    """A no-break space stands alone: an ordinary space beside it ('espagnol \\u00a0;') shows as two
    spaces, and a line may still break there."""
    problems = [
        f"{lang}: {message.id!r}: {form!r}"
        for lang in ("fr", "es")
        for message in _po(lang)
        if message.id
        for form in _forms(message.string)
        if " \u00a0" in form or "\u00a0 " in form
    ]
    assert not problems, "\n".join(problems)
