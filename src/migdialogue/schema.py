"""The data contract as data: each collection's fields, their types, vocabularies and references."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import vocab
from .i18n import N_


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record."""

    name: str
    type: str  # str | int | number | bool | list[str] | list[int] | quote | map[str]
    required: bool = True
    vocab: dict[str, str] | None = None
    ref: str | None = None  # collection the value(s) must name: examples, challenges, countries, ...
    keys_of: str | None = None  # map[str] only: its keys are exactly the values of this list field
    default: Any = None  # an optional field left out gets this value (a tuple for a list)


F = FieldSpec
SOURCES = F("sources", "list[int]", ref="sources")
OPT_SOURCES = F("sources", "list[int]", required=False, ref="sources")

SCHEMA: dict[str, tuple[FieldSpec, ...]] = {
    "examples": (
        F("id", "str"),
        F("title", "str"),
        F("summary", "str"),
        F("countries", "list[str]", ref="countries"),
        F("region", "list[str]", vocab=vocab.REGIONS),
        F("level", "str", vocab=vocab.LEVELS),
        F("dialogue_type", "str", vocab=vocab.DIALOGUE_TYPES),
        F("theme", "str", vocab=vocab.THEMES),
        F("years", "list[int]"),
        F("sectors", "list[str]"),
        F("actors", "list[str]"),
        F("challenges", "list[str]", ref="challenges"),
        SOURCES,
        F("points", "list[str]", required=False),
        F("quote", "quote", required=False),
        F("instruments", "list[str]", required=False, ref="instruments"),
        F("forms", "list[str]", required=False, vocab=vocab.FORMS, default=(vocab.NOT_STATED,)),
        F("parties", "list[str]", required=False, vocab=vocab.PARTIES, default=(vocab.NOT_STATED,)),
        F("form_notes", "map[str]", required=False, keys_of="forms"),
        F("challenge_notes", "map[str]", required=False, keys_of="challenges"),
        F("sector_notes", "map[str]", required=False, keys_of="sectors"),
        F("notes", "list[str]", required=False),
    ),
    "challenges": (F("id", "str"), F("name", "str"), F("summary", "str"), SOURCES),
    "recommendations": (
        F("id", "str"),
        F("title", "str"),
        F("summary", "str"),
        F("kind", "str", vocab=vocab.RECOMMENDATION_KINDS),
        SOURCES,
        F("parent", "str", required=False, ref="recommendations"),
        F("examples", "list[str]", required=False, ref="examples"),
        F("related_examples", "list[str]", required=False, ref="examples"),
        F("instruments", "list[str]", required=False, ref="instruments"),
        F("notes", "list[str]", required=False),
    ),
    "instruments": (
        F("id", "str"),
        F("kind", "str", vocab=vocab.INSTRUMENT_KINDS),
        F("title", "str"),
        F("summary", "str"),
        SOURCES,
        F("number", "int", required=False),
        F("year", "int", required=False),
    ),
    "frameworks": (
        F("id", "str"),
        F("name", "str"),
        F("summary", "str"),
        SOURCES,
        F("acronym", "str", required=False),
        F("years", "list[int]", required=False),
    ),
    "statistics": (
        F("id", "str"),
        F("label", "str"),
        F("value", "number"),
        F("unit", "str"),
        SOURCES,
        F("year", "int", required=False),
        F("qualifier", "str", required=False, vocab=vocab.QUALIFIERS),
        F("countries", "list[str]", required=False, ref="countries"),
        F("region", "list[str]", required=False, vocab=vocab.REGIONS),
        F("notes", "list[str]", required=False),
    ),
    "countries": (
        F("name", "str"),
        F("iso2", "str"),
        F("iso3", "str"),
        F("region", "str", vocab=vocab.REGIONS),
        F("aliases", "list[str]", required=False),
    ),
    "sources": (F("number", "int"), F("citation", "str")),
    "reasons": (F("id", "str"), F("title", "str"), F("summary", "str"), OPT_SOURCES),
    "principles": (
        F("id", "str"),
        F("number", "int"),
        F("quote", "quote"),
        F("actions", "list[str]"),
        OPT_SOURCES,
    ),
}

META_SCHEMA: tuple[FieldSpec, ...] = (
    F("title", "str"),
    F("publisher", "str"),
    F("date", "str"),
    F("doi", "str"),
    F("data_version", "str"),
    F("tool_version", "str", required=False),  # the migdialogue that exported the file (exports carry it)
    F("definition", "quote"),
    F("notes", "notes", required=False),
)
NOTE_SCHEMA: tuple[FieldSpec, ...] = (F("id", "str"), F("text", "str"), OPT_SOURCES)

YEAR_MIN, YEAR_MAX = 1900, 2100

RENAMED_FIELDS: dict[str, str] = {
    "approximate": N_("'qualifier' (the brief's word before the figure: about, more than, over, an estimated, ...)"),
}
"""Fields of earlier data versions: validation says what replaced them."""
