"""Check raw records against the data contract; turn them into clean values or a list of problems."""

from __future__ import annotations

import difflib
import math
import os
import re
from dataclasses import dataclass, field
from typing import Any

from . import vocab
from .errors import Problem
from .i18n import N_, _
from .schema import META_SCHEMA, NOTE_SCHEMA, RENAMED_FIELDS, SCHEMA, YEAR_MAX, YEAR_MIN, FieldSpec
from .store import INT_MAX, INT_MIN
from .yamlio import LList, LMap, Odd

ID_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")
ISO2_RE = re.compile(r"[A-Z]{2}\Z")
ISO3_RE = re.compile(r"[A-Z]{3}\Z")


@dataclass
class RawRecord:
    """A record as read, with where it came from."""

    collection: str
    file: str
    line: int
    data: LMap
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return vocab.record_key(self.collection, self.values)

    def field_line(self, name: str) -> int:
        return int(self.data.lines.get(name, self.line))


def suggest(value: str, choices: list[str]) -> str:
    """A ' (did you mean X?)' suffix when a choice is close, else ''."""
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.75)
    return _(" (did you mean {choice}?)").format(choice=repr(close[0])) if close else ""


def _type_name(value: Any) -> str:
    """What a value is, as a problem names it ("must be text, not a number")."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return _("a number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, LMap):
        return _("a mapping")
    if isinstance(value, LList):
        return _("a list")
    if value is None:
        return _("nothing (null)")
    return type(value).__name__


def _fast_check(spec: FieldSpec, value: Any) -> Any:
    """The clean value of the usual, valid text, number and list fields, without building any message;
    None for anything else (then checked in full)."""
    kind = spec.type
    vocabulary = spec.vocab
    if kind == "str":
        if type(value) is str and value.strip() and (vocabulary is None or value in vocabulary):
            return value
        return None
    if kind == "list[str]":
        if type(value) is not LList:
            return None
        for item in value:
            if type(item) is not str or not item.strip() or (vocabulary is not None and item not in vocabulary):
                return None
    elif kind == "list[int]":
        if type(value) is not LList:
            return None
        for item in value:
            if type(item) is not int or (spec.name == "years" and not YEAR_MIN <= item <= YEAR_MAX):
                return None
    else:
        return None
    return list(value) if len(set(value)) == len(value) else None


Aliases = dict[str, dict[str, tuple[str, ...]]]
"""A field's other names for its values: field name -> folded name -> the values it stands for."""


class Checker:
    """Collects problems for one dataset.

    ``aliases``: other names a field's values may be written with (a user's ``countries: [Espagne]``,
    ``region: [États arabes]``, ``level: sectoriel``): each is replaced by the value it stands for,
    a name standing for several values by all of them in a list (by a problem in a single value).
    ``renamed`` keeps every (field, folded name) so replaced.
    """

    def __init__(self, aliases: Aliases | None = None) -> None:
        self.problems: list[Problem] = []
        self.aliases: Aliases = aliases or {}
        self.renamed: dict[tuple[str, str], tuple[str, ...]] = {}

    def add(self, file: str, line: int, record: str, message: str) -> None:
        self.problems.append(Problem(file, line, record, message))

    def _canonical(
        self, spec: FieldSpec, names: dict[str, tuple[str, ...]], value: Any, where: tuple[str, int, str]
    ) -> Any:
        """``value`` with each name in ``names`` replaced by the value(s) it stands for."""
        if type(value) is str:
            key = vocab.normalise(value)
            found = names.get(key)
            if found is None or found == (value,):
                return value
            self.renamed[(spec.name, key)] = found
            if len(found) > 1:
                file, line, record = where
                self.add(
                    file,
                    line,
                    record,
                    _("field {field}: {value} stands for {names}; write one").format(
                        field=repr(spec.name), value=repr(value), names=_(" and ").join(map(repr, found))
                    ),
                )
                return None
            return found[0]
        if isinstance(value, LList):
            out = LList()
            out.line = value.line
            out.lines = []
            for item, item_line in zip(value, value.lines, strict=True):
                found = names.get(vocab.normalise(item)) if type(item) is str else None
                if found is None or found == (item,):
                    out.append(item)
                    out.lines.append(item_line)
                    continue
                self.renamed[(spec.name, vocab.normalise(item))] = found
                out.extend(found)
                out.lines.extend([item_line] * len(found))
            return out
        if isinstance(value, LMap) and spec.keys_of is not None:  # notes keyed by the tags they explain
            keyed = LMap()
            keyed.line = value.line
            keyed.lines = {}
            for key, text in value.items():
                found = names.get(vocab.normalise(key)) if isinstance(key, str) else None
                new = found[0] if found is not None and len(found) == 1 else key
                keyed[new] = text
                keyed.lines[new] = value.lines.get(key, value.line)
            return keyed
        return value

    def check_value(self, spec: FieldSpec, value: Any, file: str, line: int, record: str) -> Any:
        """Return the clean value, or None after recording a problem."""
        names = self.aliases.get(spec.keys_of or spec.name) if self.aliases else None
        if names is not None:
            value = self._canonical(spec, names, value, (file, line, record))
            if value is None:
                return None
        fast = _fast_check(spec, value)
        if fast is not None:
            return fast
        where = {"field": repr(spec.name)}
        if isinstance(value, Odd):
            self.add(file, line, record, _("field {field}: {problem}").format(problem=value.explain(), **where))
            return None
        kind = spec.type
        if kind == "str":
            return self._check_text(spec, value, file, line, record, where)
        if kind in ("int", "number"):
            return self._check_number(spec, value, file, line, record, where)
        if kind == "bool":
            return self._check_bool(spec, value, file, line, record, where)
        if kind == "quote":
            return self._check_quote(spec, value, file, line, record, where)
        if kind == "map[str]":
            return self._check_notes(spec, value, file, line, record, where)
        if kind.startswith("list["):
            return self._check_list(spec, value, file, line, record, where)
        raise AssertionError(f"unknown field type {kind}")  # pragma: no cover - schema bug

    def _check_text(self, spec: FieldSpec, value: Any, file: str, line: int, record: str, where: dict[str, str]) -> Any:
        """A text (of a vocabulary, when the field has one)."""
        if not isinstance(value, str):
            self.add(
                file,
                line,
                record,
                _("field {field} must be text, not {type}").format(type=_type_name(value), **where),
            )
            return None
        if not value.strip():
            self.add(file, line, record, _("field {field} is empty").format(**where))
            return None
        if spec.vocab is not None and value not in spec.vocab:
            hint = suggest(value, list(spec.vocab))
            self.add(
                file,
                line,
                record,
                _("field {field}: unknown value {value}{hint}").format(value=repr(value), hint=hint, **where),
            )
            return None
        return value

    def _check_number(
        self, spec: FieldSpec, value: Any, file: str, line: int, record: str, where: dict[str, str]
    ) -> Any:
        """A whole number (``int``) or any finite number (``number``); a year within the years stored."""
        ok = isinstance(value, int) or (spec.type == "number" and isinstance(value, float))
        if isinstance(value, bool) or not ok:
            must = (
                _("field {field} must be a whole number, not {type}")
                if spec.type == "int"
                else _("field {field} must be a number, not {type}")
            )
            self.add(file, line, record, must.format(type=_type_name(value), **where))
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.add(
                file,
                line,
                record,
                _("field {field} must be a finite number, not {value}").format(value=value, **where),
            )
            return None
        if isinstance(value, int) and not INT_MIN <= value <= INT_MAX:
            beyond = _("field {field}: {value} is beyond the largest whole number stored (2**63 - 1)")
            self.add(file, line, record, beyond.format(value=value, **where))
            return None
        if spec.name == "year" and not YEAR_MIN <= value <= YEAR_MAX:
            self.add(file, line, record, _outside(where, value))
            return None
        return value

    def _check_bool(self, spec: FieldSpec, value: Any, file: str, line: int, record: str, where: dict[str, str]) -> Any:
        """True or false."""
        if not isinstance(value, bool):
            self.add(
                file,
                line,
                record,
                _("field {field} must be true or false, not {type}").format(type=_type_name(value), **where),
            )
            return None
        return value

    def _check_quote(
        self, spec: FieldSpec, value: Any, file: str, line: int, record: str, where: dict[str, str]
    ) -> Any:
        """A quotation: its text and who said it."""
        if not isinstance(value, LMap):
            self.add(file, line, record, _("field {field} must be a mapping with 'text' and 'by'").format(**where))
            return None
        missing = [k for k in ("text", "by") if not isinstance(value.get(k), str) or not value.get(k, "").strip()]
        extra = [k for k in value if k not in ("text", "by")]
        if missing or extra:
            if missing:
                what = _("field {field} needs text in {keys}").format(keys=missing, **where)
            else:
                what = _("field {field} has unknown keys {keys}").format(keys=extra, **where)
            self.add(file, line, record, what)
            return None
        return {"text": value["text"], "by": value["by"]}

    def _check_notes(
        self, spec: FieldSpec, value: Any, file: str, line: int, record: str, where: dict[str, str]
    ) -> Any:
        """A mapping of tags to the brief's words behind each."""
        if not isinstance(value, LMap):
            self.add(
                file,
                line,
                record,
                _("field {field} must be a mapping (tag: the brief's words behind it)").format(**where),
            )
            return None
        notes: dict[str, str] = {}
        for key, text in value.items():
            if not isinstance(key, str) or not isinstance(text, str) or not text.strip():
                needs = _("field {field}: {key} needs a note as text").format(key=repr(key), **where)
                self.add(file, value.lines.get(key, line), record, needs)
                continue
            notes[key] = text
        return notes

    def _check_list(self, spec: FieldSpec, value: Any, file: str, line: int, record: str, where: dict[str, str]) -> Any:
        """A list of values of the item type, each once (a year within the years stored)."""
        if not isinstance(value, LList):
            self.add(
                file,
                line,
                record,
                _("field {field} must be a list, not {type}").format(type=_type_name(value), **where),
            )
            return None
        item_spec = FieldSpec(spec.name, spec.type[5:-1], vocab=spec.vocab)
        items = []
        seen: set[Any] = set()
        for item, item_line in zip(value, value.lines, strict=True):
            clean = self.check_value(item_spec, item, file, item_line, record)
            if clean is None:
                continue
            if clean in seen:
                self.add(
                    file,
                    item_line,
                    record,
                    _("field {field}: {value} is listed twice").format(value=repr(clean), **where),
                )
                continue
            if spec.name == "years" and not YEAR_MIN <= clean <= YEAR_MAX:
                self.add(file, item_line, record, _outside(where, clean))
                continue
            seen.add(clean)
            items.append(clean)
        return items

    def check_fields(self, specs: tuple[FieldSpec, ...], data: LMap, file: str, record: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        names = [s.name for s in specs]
        for key in data:
            if key not in names and key in RENAMED_FIELDS:
                replaced = _("field {field} is replaced by {new}").format(field=repr(key), new=_(RENAMED_FIELDS[key]))
                self.add(file, data.lines[key], record, replaced)
            elif key not in names:
                unknown = _("unknown field {field}{hint}").format(field=repr(key), hint=suggest(key, names))
                self.add(file, data.lines[key], record, unknown)
        for spec in specs:
            if spec.name not in data:
                if spec.required:
                    self.add(file, data.line, record, _("missing required field {field}").format(field=repr(spec.name)))
                elif spec.default is not None:
                    out[spec.name] = list(spec.default) if isinstance(spec.default, tuple) else spec.default
                continue
            line = data.lines[spec.name]
            if spec.type == "notes":
                out[spec.name] = self.check_notes(data[spec.name], file, line)
                continue
            clean = self.check_value(spec, data[spec.name], file, line, record)
            if clean is not None:
                out[spec.name] = clean
        return out

    def check_notes(self, value: Any, file: str, line: int) -> list[dict[str, Any]]:
        if not isinstance(value, LList):
            self.add(file, line, "meta", _("field 'notes' must be a list"))
            return []
        notes = []
        for item in value:
            if not isinstance(item, LMap):
                self.add(file, line, "meta", _("each note must be a mapping with id, text and sources"))
                continue
            notes.append(self.check_fields(NOTE_SCHEMA, item, file, str(item.get("id", "meta"))))
        return notes


def collect(documents: list[tuple[str, Any]], checker: Checker) -> tuple[list[RawRecord], list[tuple[str, LMap]]]:
    """Split parsed files into records (per collection) and meta mappings."""
    records: list[RawRecord] = []
    metas: list[tuple[str, LMap]] = []
    known = list(SCHEMA) + ["meta"]
    for file, doc in documents:
        if not isinstance(doc, LMap):
            checker.add(
                file,
                getattr(doc, "line", 1),
                "",
                _("the file must be a mapping of collection names (examples, countries, ...) to lists of records"),
            )
            continue
        for name, value in doc.items():
            line = doc.lines[name]
            if name == "meta":
                if isinstance(value, LMap):
                    metas.append((file, value))
                else:
                    checker.add(file, line, "", _("'meta' must be a mapping"))
                continue
            if name not in SCHEMA:
                unknown = _("unknown collection {name}{hint}").format(name=repr(name), hint=suggest(name, known))
                checker.add(file, line, "", unknown)
                continue
            if not isinstance(value, LList):
                checker.add(file, line, "", _("collection {name} must be a list of records").format(name=repr(name)))
                continue
            for item, item_line in zip(value, value.lines, strict=True):
                if not isinstance(item, LMap):
                    each = _("each record of {name} must be a mapping, not {type}")
                    checker.add(file, item_line, "", each.format(name=repr(name), type=_type_name(item)))
                    continue
                records.append(RawRecord(name, file, item_line, item))
    return records, metas


def check_records(records: list[RawRecord], checker: Checker) -> None:
    """Field checks of each record (ids and references are checked across records later)."""
    for rec in records:
        check_record(rec, checker)


def record_label(collection: str, data: LMap) -> str:
    """How a record is named in a problem, before its fields are checked: its key, or '?'."""
    if any(isinstance(data.get(name), Odd) for name in ("id", "name", "number")):
        return "?"
    return vocab.record_key(collection, data) or "?"


def check_record(rec: RawRecord, checker: Checker) -> None:
    """Check one record's fields into ``rec.values``, its id's form and its own consistency."""
    rec.values = checker.check_fields(
        SCHEMA[rec.collection], rec.data, rec.file, record_label(rec.collection, rec.data)
    )
    ident = rec.values.get("id")
    if isinstance(ident, str) and not ID_RE.match(ident):
        kebab = _("id must be lower-case kebab-case (letters, digits and '-')")
        checker.add(rec.file, rec.field_line("id"), ident, kebab)
    for spec in SCHEMA[rec.collection]:
        if spec.keys_of is not None and spec.name in rec.values:
            check_tag_notes(rec, spec.name, spec.keys_of, checker)
        value = rec.values.get(spec.name)
        if spec.vocab is not None and vocab.NOT_STATED in spec.vocab and isinstance(value, list):
            if vocab.NOT_STATED in value and len(value) > 1:
                checker.add(
                    rec.file,
                    rec.field_line(spec.name),
                    rec.key,
                    _("field {field}: {value} cannot be listed with other values").format(
                        field=repr(spec.name), value=repr(vocab.NOT_STATED)
                    ),
                )
            elif not value:
                checker.add(
                    rec.file,
                    rec.field_line(spec.name),
                    rec.key,
                    _("field {field} is empty; write [{value}] where the brief is silent").format(
                        field=repr(spec.name), value=vocab.NOT_STATED
                    ),
                )
    if rec.collection == "countries":
        for name, pattern in (("iso2", ISO2_RE), ("iso3", ISO3_RE)):
            code = rec.values.get(name)
            if isinstance(code, str) and not pattern.match(code):
                letters = _("{name} must be {n} upper-case letters").format(name=name, n=int(name[-1]))
                checker.add(rec.file, rec.field_line(name), rec.key, letters)
    if rec.collection == "recommendations":
        kind, parent = rec.values.get("kind"), rec.values.get("parent")
        if kind == "sub" and parent is None:
            checker.add(rec.file, rec.line, rec.key, _("a 'sub' recommendation needs a 'parent'"))
        if kind == "main" and parent is not None:
            checker.add(rec.file, rec.field_line("parent"), rec.key, _("a 'main' recommendation has no 'parent'"))


def check_tag_notes(rec: RawRecord, name: str, tags_field: str, checker: Checker) -> None:
    """A tag-notes mapping names exactly the record's tags: one note per tag, none for a tag it lacks."""
    notes = rec.values[name]
    tags = rec.values.get(tags_field, [])
    notes_map = rec.data.get(name)
    lines = notes_map.lines if isinstance(notes_map, LMap) else {}
    for key in notes:
        if key not in tags:
            checker.add(
                rec.file,
                lines.get(key, rec.field_line(name)),
                rec.key,
                _("field {field}: a note for {key}, which {tags} does not list").format(
                    field=repr(name), key=repr(key), tags=repr(tags_field)
                ),
            )
    for tag in tags:
        if tag not in notes and tag != vocab.NOT_STATED:
            checker.add(
                rec.file,
                rec.field_line(name),
                rec.key,
                _("field {field}: no note for {tag} (every one of {tags} needs the brief's words behind it)").format(
                    field=repr(name), tag=repr(tag), tags=repr(tags_field)
                ),
            )


def unknown_reference(spec: FieldSpec, target: Any, valid: Any) -> str:
    """The message for a reference that names nothing."""
    hint = suggest(str(target), [str(v) for v in valid]) if spec.ref != "sources" else ""
    message = _UNKNOWN.get(spec.ref or "")
    if message is None:  # pragma: no cover - a reference the schema adds later
        return f"field {spec.name!r}: unknown {(spec.ref or '')[:-1]} {target!r}{hint}"
    return _(message).format(field=repr(spec.name), value=repr(target), hint=hint)


# "field 'countries': unknown country 'Narnia'": one sentence per kind of record referred to
_UNKNOWN = {
    "sources": N_("field {field}: unknown footnote {value}{hint}"),
    "countries": N_("field {field}: unknown country {value}{hint}"),
    "examples": N_("field {field}: unknown example {value}{hint}"),
    "challenges": N_("field {field}: unknown challenge {value}{hint}"),
    "instruments": N_("field {field}: unknown instrument {value}{hint}"),
    "recommendations": N_("field {field}: unknown recommendation {value}{hint}"),
}


def _outside(where: dict[str, str], year: Any) -> str:
    return _("field {field}: year {year} is outside {first}-{last}").format(
        year=year, first=YEAR_MIN, last=YEAR_MAX, **where
    )


def cross_check(records: list[RawRecord], metas: list[dict[str, Any]], checker: Checker, examples: Any = None) -> None:
    """Unique ids and every reference resolves.

    ``examples``, when given, holds the example ids (``in`` works on it) for the examples that are
    not among ``records`` (they were checked as they were read, see :mod:`migdialogue.ingest`).
    """
    first: dict[str, RawRecord] = {}
    for rec in records:
        if rec.collection == "sources":
            continue
        key = rec.key
        if not key:
            continue
        if key in first:
            other = first[key]
            also = _("duplicate id (also at {place})").format(place=f"{os.path.basename(other.file)}:{other.line}")
            checker.add(rec.file, rec.line, key, also)
        else:
            first[key] = rec
    numbers: dict[int, RawRecord] = {}
    for rec in records:
        if rec.collection == "sources" and isinstance(rec.values.get("number"), int):
            number = rec.values["number"]
            if number in numbers:
                also = _("duplicate footnote number (also at line {line})").format(line=numbers[number].line)
                checker.add(rec.file, rec.line, str(number), also)
            numbers[number] = rec
    ids_by_collection: dict[str, set[str]] = {}
    for rec in records:
        ids_by_collection.setdefault(rec.collection, set()).add(rec.key)
    country_names = {rec.values["name"] for rec in records if rec.collection == "countries" and "name" in rec.values}
    for coll in ("iso2", "iso3"):
        seen: dict[str, str] = {}
        for rec in records:
            code = rec.values.get(coll) if rec.collection == "countries" else None
            if isinstance(code, str):
                if code in seen:
                    used = _("{kind} {code} is also used by {other}").format(kind=coll, code=code, other=seen[code])
                    checker.add(rec.file, rec.field_line(coll), rec.key, used)
                seen[code] = rec.key
    for rec in records:
        for spec in SCHEMA[rec.collection]:
            if spec.ref is None or spec.name not in rec.values:
                continue
            value = rec.values[spec.name]
            targets = value if isinstance(value, list) else [value]
            valid: Any
            if spec.ref == "sources":
                valid = set(numbers)
            elif spec.ref == "countries":
                valid = country_names
            elif spec.ref == "examples" and examples is not None:
                valid = examples
            else:
                valid = ids_by_collection.get(spec.ref, set())
            for target in targets:
                if target not in valid:
                    shown = valid if isinstance(valid, set) else []
                    checker.add(rec.file, rec.field_line(spec.name), rec.key, unknown_reference(spec, target, shown))
        if rec.collection == "recommendations" and rec.values.get("parent") in first:
            parent = first[rec.values["parent"]]
            if parent.values.get("kind") != "main":
                checker.add(rec.file, rec.field_line("parent"), rec.key, _("parent must be a 'main' recommendation"))
    for meta in metas:
        for note in meta.get("notes", []):
            for number in note.get("sources", []):
                if number not in numbers:
                    unknown = _(_UNKNOWN["sources"]).format(field=repr("sources"), value=repr(number), hint="")
                    checker.add("meta", 0, note.get("id", "?"), unknown)


def check_meta(metas: list[tuple[str, LMap]], checker: Checker, required: bool) -> list[dict[str, Any]]:
    out = []
    for file, data in metas:
        out.append(checker.check_fields(META_SCHEMA, data, file, "meta"))
    if len(metas) > 1:
        checker.add(metas[1][0], metas[1][1].line, "meta", _("'meta' is given more than once"))
    if required and not metas:
        checker.add("dataset", 0, "", _("no 'meta' mapping found"))
    return out
