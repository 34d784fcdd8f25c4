"""The search lexicon (data/lexicon.yaml): concepts, places and French and Spanish names, validated and stemmed.

The lexicon is search metadata, not a fact about any example: each concept lists the words
people use for it in English, French and Spanish; each place (Latin America, the Gulf, ...)
names the dataset's countries it holds and the grouping it follows; the countries and the
five ILO regions get their French and Spanish names. It is checked like the dataset
(every problem as ``FILE:LINE: entry: message``) and compiled into the store as rows of
stems, which the search expands a query with.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any, NamedTuple

from . import vocab
from .analysis import stem_words
from .errors import Problem
from .schema import FieldSpec

FILE = "lexicon.yaml"

F = FieldSpec
TERMS = "list[str]"
SCHEMA: dict[str, tuple[FieldSpec, ...]] = {
    "concepts": (
        F("id", "str"),
        F("en", TERMS),
        F("fr", TERMS),
        F("es", TERMS),
        F("note", "str", required=False),
    ),
    "places": (
        F("id", "str"),
        F("en", TERMS),
        F("fr", TERMS, required=False),
        F("es", TERMS, required=False),
        F("countries", TERMS),
        F("reference", "str"),
        F("note", "str", required=False),
    ),
    "countries": (F("name", "str"), F("fr", TERMS, required=False), F("es", TERMS, required=False)),
    "regions": (F("id", "str", vocab=vocab.REGIONS), F("fr", TERMS), F("es", TERMS)),
}
LANGS = ("en", "fr", "es")


class Row(NamedTuple):
    """One term of the lexicon as the store keeps it."""

    kind: str  # concept | place | country | region
    entry: str  # the concept or place id, the country's name, the region id
    lang: str
    term: str
    folded: str
    stems: str  # space-separated stems in the term's language


def path() -> str:
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", FILE)


def check(file: str, countries: Iterable[str]) -> tuple[list[Row], list[tuple[str, str]], list[Problem]]:
    """Read and validate a lexicon file: (rows, (place, country) pairs, problems)."""
    from .validate import ID_RE, Checker, suggest
    from .yamlio import LList, LMap, read_file

    checker = Checker()
    doc, problems = read_file(file)
    checker.problems.extend(problems)
    rows: list[Row] = []
    places: list[tuple[str, str]] = []
    if doc is None:
        return rows, places, checker.problems
    if not isinstance(doc, LMap):
        checker.add(file, getattr(doc, "line", 1), "", "the lexicon must be a mapping of sections (concepts, ...)")
        return rows, places, checker.problems
    known_countries = set(countries)
    seen_ids: dict[str, int] = {}
    seen_terms: dict[tuple[str, str], str] = {}
    for section, value in doc.items():
        line = doc.lines[section]
        if section not in SCHEMA:
            checker.add(file, line, "", f"unknown section {section!r}{suggest(section, list(SCHEMA))}")
            continue
        if not isinstance(value, LList):
            checker.add(file, line, "", f"section {section!r} must be a list")
            continue
        kind = section.rstrip("s") if section != "countries" else "country"
        for item, item_line in zip(value, value.lines, strict=True):
            if not isinstance(item, LMap):
                checker.add(file, item_line, "", f"each entry of {section!r} must be a mapping")
                continue
            label = str(item.get("id", item.get("name", "?")))
            clean = checker.check_fields(SCHEMA[section], item, file, label)
            entry = clean.get("id", clean.get("name"))
            if not isinstance(entry, str):
                continue
            if section in ("concepts", "places"):
                if not ID_RE.match(entry):
                    checker.add(file, item.lines["id"], entry, "id must be lower-case kebab-case")
                if entry in seen_ids:
                    checker.add(file, item.lines["id"], entry, f"id also used on line {seen_ids[entry]}")
                seen_ids[entry] = item.lines["id"]
            if section == "countries" and entry not in known_countries:
                hint = suggest(entry, sorted(known_countries))
                checker.add(file, item.lines["name"], entry, f"not a country of the dataset{hint}")
            for name in clean.get("countries", []) if section == "places" else []:
                if name in known_countries:
                    places.append((entry, name))
                else:
                    where = item.lines["countries"]
                    hint = suggest(name, sorted(known_countries))
                    checker.add(file, where, entry, f"{name!r} is not a country of the dataset{hint}")
            for lang in LANGS:
                for term in clean.get(lang, []):
                    folded = vocab.normalise(term)
                    if not folded:
                        checker.add(file, item.lines[lang], entry, f"term {term!r} has no word")
                        continue
                    other = seen_terms.get((lang, folded))
                    if other is not None and other != entry:
                        checker.add(file, item.lines[lang], entry, f"{lang} term {term!r} is also a term of {other!r}")
                        continue
                    seen_terms[(lang, folded)] = entry
                    stems = " ".join(stem_words(folded.split(), lang))
                    rows.append(Row(kind, entry, lang, term, folded, stems))
    return rows, places, checker.problems


def bundled(countries: Iterable[str]) -> tuple[list[Row], list[tuple[str, str]]]:
    """The bundled lexicon's rows; raises DatasetError when it is invalid."""
    from .errors import DatasetError

    rows, places, problems = check(path(), countries)
    if problems:
        raise DatasetError(problems)
    return rows, places


def as_data(rows: Iterable[Row], places: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """The compiled lexicon in a plain shape (the store's input)."""
    return {"rows": [tuple(r) for r in rows], "places": [tuple(p) for p in places]}
