"""Frozen, typed records: one class per collection of the data contract.

The classes are declared like dataclasses, but ``@record`` builds them without generating
code (``dataclasses`` execs several functions per class, which cost more at start-up than
answering a query). Type checkers see them as frozen dataclasses (PEP 681).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar, dataclass_transform

T = TypeVar("T")
F = TypeVar("F", bound="Frozen")


class Frozen:
    """Keyword or positional construction in field order; no attribute can change afterwards."""

    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = type(self)._fields
        if len(args) > len(names):
            raise TypeError(f"{type(self).__name__} takes {len(names)} fields, got {len(args)}")
        for name, value in zip(names, args, strict=False):
            object.__setattr__(self, name, value)
        for name in names[len(args) :]:
            if name in kwargs:
                object.__setattr__(self, name, kwargs.pop(name))
            elif name in type(self)._defaults:
                object.__setattr__(self, name, type(self)._defaults[name])
            else:
                raise TypeError(f"{type(self).__name__} needs the field {name!r}")
        if kwargs:
            raise TypeError(f"{type(self).__name__} has no field {sorted(kwargs)[0]!r}")

    @classmethod
    def _stored(cls: type[F], values: dict[str, Any]) -> F:
        """A record of values read back from the store (every field known): its attributes set at
        once, which is three times faster than field by field; any other values take the
        checking way (and its TypeError)."""
        fields = cls._fields
        known = values.keys() <= cls.__dict__.get("_fieldset", frozenset(fields))
        if known and (len(values) == len(fields) or all(n in values or n in cls._defaults for n in fields)):
            obj = object.__new__(cls)
            attributes = obj.__dict__
            attributes.update(cls._defaults)
            attributes.update(values)
            return obj
        return cls(**values)

    @classmethod
    def plain(cls, values: dict[str, Any]) -> dict[str, Any]:
        """What ``to_dict`` gives for the record these stored values build, made from them directly
        (the form examples are stored in): each field in its order, its default where a value is
        absent or null; values with an unknown or a missing field raise the TypeError building
        them does."""
        defaults = cls._defaults
        out: dict[str, Any] = {}
        for name in cls._fields:
            value = values.get(name)
            if value is None:
                if name not in defaults:
                    break
                value = defaults[name]
                kind = type(value)
                value = list(value) if kind is tuple else dict(value) if kind is MappingProxyType else value
            elif name == "quote" and isinstance(value, dict):
                value = {"text": value["text"], "by": value["by"]}
            out[name] = value
        if len(out) < len(cls._fields) or not values.keys() <= out.keys():
            cls(**{k: v for k, v in values.items() if v is not None})  # raises the error
        return out

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} records are frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} records are frozen")


@dataclass_transform(frozen_default=True, eq_default=False)
def record(cls: type[T]) -> type[T]:
    """Register a class's annotated fields (in order, after its bases') and their defaults."""
    own = [n for n, a in cls.__dict__.get("__annotations__", {}).items() if not str(a).startswith("ClassVar")]
    inherited = getattr(cls, "_fields", ())
    defaults = dict(getattr(cls, "_defaults", {}))
    for name in own:
        if name in cls.__dict__:
            defaults[name] = cls.__dict__[name]
    setattr(cls, "_fields", (*inherited, *[n for n in own if n not in inherited]))  # noqa: B010
    setattr(cls, "_defaults", defaults)  # noqa: B010
    setattr(cls, "_fieldset", frozenset(cls._fields))  # type: ignore[attr-defined]  # noqa: B010
    return cls


@record
class Quote(Frozen):
    """Verbatim words and whose words they are."""

    text: str
    by: str

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Quote) and (self.text, self.by) == (other.text, other.by)

    def __hash__(self) -> int:
        return hash((self.text, self.by))

    def __repr__(self) -> str:
        return f"Quote({self.text!r}, by={self.by!r})"


@record
class Record(Frozen):
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
        """The key ``show`` finds this record by (:func:`migdialogue.vocab.record_key`)."""
        from .vocab import record_key

        return record_key(self.collection, self.__dict__)

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
        for name in self._fields:
            value = getattr(self, name)
            kind = type(value)
            if kind is str or kind is int or value is None or kind is float or kind is bool:
                pass  # most fields: no ABC check (a listing of many records calls this for each)
            elif kind is tuple:
                value = list(value)
            elif isinstance(value, Quote):
                value = {"text": value.text, "by": value.by}
            elif isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, Mapping):
                value = dict(value)
            out[name] = value
        return out


@record
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
    forms: tuple[str, ...] = ("not-stated",)
    parties: tuple[str, ...] = ("not-stated",)
    form_notes: Mapping[str, str] = MappingProxyType({})
    challenge_notes: Mapping[str, str] = MappingProxyType({})
    sector_notes: Mapping[str, str] = MappingProxyType({})
    notes: tuple[str, ...] = ()


@record
class Challenge(Record):
    """A common labour migration challenge the brief names."""

    collection: ClassVar[str] = "challenges"
    id: str
    name: str
    summary: str
    sources: tuple[int, ...]


@record
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
    notes: tuple[str, ...] = ()


@record
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


@record
class Framework(Record):
    """A multilateral framework or platform (2030 Agenda, GCM, GFMD ...)."""

    collection: ClassVar[str] = "frameworks"
    id: str
    name: str
    summary: str
    sources: tuple[int, ...]
    acronym: str | None = None
    years: tuple[int, ...] = ()


@record
class Statistic(Record):
    """A figure the brief states."""

    collection: ClassVar[str] = "statistics"
    id: str
    label: str
    value: float
    unit: str
    sources: tuple[int, ...]
    year: int | None = None
    qualifier: str | None = None
    countries: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def figure(self) -> str:
        """The value as the brief states it, with its qualifier: ``more than 70``, ``over 7,130,000``."""
        number = format_number(self.value)
        return f"{self.qualifier} {number}" if self.qualifier else number


def format_number(value: float) -> str:
    """``70``, ``7,130,000``, ``60.6``: whole numbers without a decimal point, thousands separated."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


@record
class Country(Record):
    """A country the brief names. Its id is derived from its name."""

    collection: ClassVar[str] = "countries"
    id: str
    name: str
    iso2: str
    iso3: str
    region: str
    aliases: tuple[str, ...] = ()


@record
class Source(Record):
    """A footnote of the brief."""

    collection: ClassVar[str] = "sources"
    number: int
    citation: str


@record
class Reason(Record):
    """Why social dialogue matters for labour migration governance."""

    collection: ClassVar[str] = "reasons"
    id: str
    title: str
    summary: str
    sources: tuple[int, ...] = ()


@record
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


@record
class Note(Record):
    """A statement of the brief's mandate or conclusion sections."""

    collection: ClassVar[str] = "notes"
    id: str
    text: str
    sources: tuple[int, ...] = ()


@record
class Meta(Frozen):
    """The brief's own metadata, its definition of social dialogue and its general notes."""

    title: str
    publisher: str
    date: str
    doi: str
    data_version: str
    definition: Quote
    notes: tuple[Note, ...] = ()

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
