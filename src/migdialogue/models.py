"""Frozen, typed records: one dataclass per collection of the data contract."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar


@dataclass(frozen=True)
class Quote:
    """Verbatim words and whose words they are."""

    text: str
    by: str


@dataclass(frozen=True, eq=False, repr=False)
class Record:
    """Base of every record: JSON conversion in contract field order."""

    collection: ClassVar[str] = ""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and type(other) is type(self) and self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.key))

    @property
    def key(self) -> str:
        """The id ``show`` finds this record by."""
        return str(getattr(self, "id"))  # noqa: B009 - every subclass but Source has an id field

    @property
    def display_name(self) -> str:
        """A human name for the record."""
        for name in ("title", "name", "label", "citation"):
            value = getattr(self, name, None)
            if isinstance(value, str):
                return value
        return self.key

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready data, with the data contract's field names."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Quote):
                value = {"text": value.text, "by": value.by}
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out


@dataclass(frozen=True, eq=False, repr=False)
class Example(Record):
    """A documented example of social dialogue on labour migration."""

    collection: ClassVar[str] = "examples"
    id: str
    title: str
    summary: str
    countries: tuple[str, ...]
    region: tuple[str, ...]
    level: str
    dialogue_type: str
    theme: str
    years: tuple[int, ...]
    sectors: tuple[str, ...]
    actors: tuple[str, ...]
    challenges: tuple[str, ...]
    sources: tuple[int, ...]
    points: tuple[str, ...] = ()
    quote: Quote | None = None
    instruments: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class Challenge(Record):
    """A common labour migration challenge the brief names."""

    collection: ClassVar[str] = "challenges"
    id: str
    name: str
    summary: str
    sources: tuple[int, ...]


@dataclass(frozen=True, eq=False, repr=False)
class Recommendation(Record):
    """A recommendation of the brief's conclusions."""

    collection: ClassVar[str] = "recommendations"
    id: str
    title: str
    summary: str
    kind: str
    sources: tuple[int, ...]
    parent: str | None = None
    examples: tuple[str, ...] = ()
    related_examples: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class Instrument(Record):
    """An ILO instrument, resolution, declaration, framework or reference text."""

    collection: ClassVar[str] = "instruments"
    id: str
    kind: str
    title: str
    summary: str
    sources: tuple[int, ...]
    number: int | None = None
    year: int | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Framework(Record):
    """A multilateral framework or platform (2030 Agenda, GCM, GFMD ...)."""

    collection: ClassVar[str] = "frameworks"
    id: str
    name: str
    summary: str
    sources: tuple[int, ...]
    acronym: str | None = None
    years: tuple[int, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class Statistic(Record):
    """A figure the brief states."""

    collection: ClassVar[str] = "statistics"
    id: str
    label: str
    value: float
    unit: str
    sources: tuple[int, ...]
    year: int | None = None
    approximate: bool = False
    countries: tuple[str, ...] = ()
    region: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class Country(Record):
    """A country the brief names. Its id is derived from its name."""

    collection: ClassVar[str] = "countries"
    id: str
    name: str
    iso2: str
    iso3: str
    region: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class Source(Record):
    """A footnote of the brief."""

    collection: ClassVar[str] = "sources"
    number: int
    citation: str

    @property
    def key(self) -> str:
        return str(self.number)


@dataclass(frozen=True, eq=False, repr=False)
class Reason(Record):
    """Why social dialogue matters for labour migration governance."""

    collection: ClassVar[str] = "reasons"
    id: str
    title: str
    summary: str
    sources: tuple[int, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class Principle(Record):
    """A principle of the ILO Multilateral Framework quoted in Box 1."""

    collection: ClassVar[str] = "principles"
    id: str
    number: int
    quote: Quote
    actions: tuple[str, ...]
    sources: tuple[int, ...] = ()

    @property
    def display_name(self) -> str:
        return f"Principle {self.number}: {self.quote.text}"


@dataclass(frozen=True, eq=False, repr=False)
class Note(Record):
    """A statement of the brief's mandate or conclusion sections."""

    collection: ClassVar[str] = "notes"
    id: str
    text: str
    sources: tuple[int, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class Meta:
    """The brief's own metadata, its definition of social dialogue and its general notes."""

    title: str
    publisher: str
    date: str
    doi: str
    data_version: str
    definition: Quote
    notes: tuple[Note, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready metadata."""
        return {
            "title": self.title,
            "publisher": self.publisher,
            "date": self.date,
            "doi": self.doi,
            "data_version": self.data_version,
            "definition": {"text": self.definition.text, "by": self.definition.by},
            "notes": [n.to_dict() for n in self.notes],
        }


COLLECTIONS: dict[str, type[Record]] = {
    cls.collection: cls
    for cls in (
        Example,
        Challenge,
        Recommendation,
        Instrument,
        Framework,
        Statistic,
        Country,
        Source,
        Reason,
        Principle,
    )
}
