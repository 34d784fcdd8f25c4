"""Read, validate and store a dataset record by record, in bounded memory whatever its size.

Each file (YAML, JSON, JSON Lines or CSV) is read once; each example is checked as soon as it
is parsed and written to the store being built, and then forgotten. What the checks across
records need is kept in compact form: the example ids live in the store (a UNIQUE index finds
a duplicate), each example's file and lines in arrays of integers, the values it refers to
(countries, challenges, footnotes, instruments) in one set per field. The small collections
(countries, challenges, footnotes ...) are kept whole: they are what the examples refer to.
Every reference is checked at the end, so records may come in any order, in any files.

Every problem is reported as FILE:LINE: record ID: message, all at once; the caller throws the
half-built store away when there is any.
"""

from __future__ import annotations

import os
import sqlite3
from array import array
from typing import Any

from . import validate, vocab
from .errors import Problem
from .i18n import _
from .models import Meta
from .schema import SCHEMA
from .store import FACET_FIELDS, year_key
from .store.build import Writer, record_key
from .validate import Checker, RawRecord
from .vocab import ORDER
from .yamlio import LList, LMap

# The example fields that name records of another collection, with their facet in the store.
EXAMPLE_REFS = tuple(
    (spec, facet)
    for spec in SCHEMA["examples"]
    for facet, name in FACET_FIELDS.items()
    if spec.ref is not None and name == spec.name
)
BUNDLED = "(bundled)"


def reader_for(path: str) -> Any:
    """The function that reads a dataset file, chosen by its name's ending."""
    lower = path.lower()
    if lower.endswith((".json", ".jsonl", ".ndjson", ".csv")):
        from . import dataio

        if lower.endswith(".csv"):
            return dataio.read_csv
        return dataio.read_jsonl if lower.endswith((".jsonl", ".ndjson")) else dataio.read_json
    from .yamlio import read_stream

    return read_stream


class Ingest:
    """One dataset being read into an empty database: :meth:`add_file` for each file, then :meth:`finish`."""

    def __init__(
        self,
        con: sqlite3.Connection,
        *,
        base: Any = None,
        meta_required: bool = True,
        user: bool = True,
        aliases: validate.Aliases | None = None,
    ) -> None:
        """``aliases``: the other names the user's values may be written with (``lexicon.aliases``)."""
        self.checker = Checker(aliases)
        self.user = user  # whether the files are the user's (False: the brief's own YAML)
        self.writer = Writer(con)
        self.meta_required = meta_required
        self.base = base
        self.files: list[str] = []
        self.small: list[RawRecord] = []  # the user's records of the small collections
        self.metas: list[tuple[str, LMap]] = []
        self.translations: list[tuple[str, Any]] = []  # (file, its `translations`), checked once the records are
        # the user's examples, by their index (position - first): file, line, and the line of each reference field
        self.first = 0
        self.count = 0
        self.file_of = array("I")
        self.line_of = array("I")
        self.ref_lines = array("I")
        self.refs: dict[str, set[Any]] = {spec.name: set() for spec, _ in EXAMPLE_REFS}
        self.replaced_examples: set[str] = set()
        self.base_small_keys: dict[str, str] = {}
        self.base_positions: dict[str, int] = {}
        if base is not None:
            self._add_base(base)

    def _add_base(self, base: Any) -> None:
        """The bundled examples go in first, at their own positions; a user example with the same id replaces one."""
        rows = base.store.con.execute("SELECT pos, key, json FROM examples ORDER BY pos")
        for pos, key, text in rows:
            self.writer.example(pos, key, None, False, text)
            self.base_positions[key] = pos
            self.first = pos + 1
        for name in ORDER[1:]:
            if name == "sources":
                continue
            for rec in base.collection(name):
                self.base_small_keys.setdefault(rec.key, name)

    # -- reading ------------------------------------------------------------------------------------

    def add_file(self, path: str, progress: Any = None) -> None:
        """Read one file, checking and storing its records as they come."""
        index = len(self.files)
        self.files.append(path)
        checker = self.checker

        def on_item(collection: str, item: Any, line: int) -> None:
            if collection not in SCHEMA:
                return  # reported once, from the file's top level
            if not isinstance(item, LMap):
                checker.add(
                    path,
                    line,
                    "",
                    _("each record of {name} must be a mapping, not {type}").format(
                        name=repr(collection), type=validate._type_name(item)
                    ),
                )
                return
            rec = RawRecord(collection, path, line, item)
            validate.check_record(rec, checker)
            if collection == "examples":
                self._example(rec, index)
            else:
                rec.data = _bare(item)  # the values are kept, the parsed tree is not
                self.small.append(rec)

        root, problems = reader_for(path)(path, on_item, progress=progress)
        checker.problems.extend(problems)
        if root is None:
            return
        if not isinstance(root, LMap):
            checker.add(
                path,
                getattr(root, "line", 1),
                "",
                _("the file must be a mapping of collection names (examples, countries, ...) to lists of records"),
            )
            return
        known = list(SCHEMA) + ["meta", "translations"]
        for name, value in root.items():
            line = root.lines[name]
            if name == "meta":
                if isinstance(value, LMap):
                    self.metas.append((path, value))
                else:
                    checker.add(path, line, "", _("'meta' must be a mapping"))
            elif name == "translations" and self.user:
                self.translations.append((path, value))
            elif name not in SCHEMA:
                unknown = _("unknown collection {name}{hint}").format(
                    name=repr(name), hint=validate.suggest(name, known)
                )
                checker.add(path, line, "", unknown)
            elif not isinstance(value, LList):
                checker.add(path, line, "", _("collection {name} must be a list of records").format(name=repr(name)))

    def _example(self, rec: RawRecord, file_index: int) -> None:
        values = rec.values
        key = values.get("id")
        pos = self.first + self.count
        if not isinstance(key, str):
            key = f"\x00{pos}"  # no usable id (already reported): stored under a key no id can have
        self.count += 1
        self.file_of.append(file_index)
        self.line_of.append(rec.line)
        for spec, _kind in EXAMPLE_REFS:
            self.ref_lines.append(rec.field_line(spec.name))
            value = values.get(spec.name)
            if value:
                self.refs[spec.name].update(value)
        if key in self.base_small_keys:
            self.checker.add(rec.file, rec.line, key, _duplicate(f"{BUNDLED}:0"))
        if self.writer.example(pos, key, values, self.user):
            return
        other = self.writer.position(key)
        if other is not None and other < self.first and key not in self.replaced_examples:
            self.writer.drop_example(other)  # the user's record replaces the bundled one
            self.replaced_examples.add(key)
            self.writer.example(pos, key, values, self.user)
            return
        where = self._where(other) if other is not None and other >= self.first else f"{BUNDLED}:0"
        self.checker.add(rec.file, rec.line, key, _duplicate(where))

    def _where(self, pos: int) -> str:
        i = pos - self.first
        return f"{os.path.basename(self.files[self.file_of[i]])}:{self.line_of[i]}"

    # -- checks across records, then the indexes ----------------------------------------------------

    def finish(
        self, *, fallback_meta: Meta | None = None, progress: Any = None, lexicon: Any = None, indexes: bool = True
    ) -> tuple[list[Problem], list[str]]:
        """Check every id and reference; when all is well, complete the store.

        ``lexicon``: the compiled search lexicon to store, or a function of the country names
        that compiles it (and checks it). ``indexes`` False: a store only checked, without the
        indexes a search or a filter reads (``Writer.finish``). Returns (problems, ids of the
        bundled records the user's replace).
        """
        checker = self.checker
        clean_metas = validate.check_meta(self.metas, checker, required=self.meta_required)
        merged, replaced = self._merged_small()
        writer = self.writer
        examples = _ExampleIds(writer, self.first)
        validate.cross_check(merged, clean_metas, checker, examples=examples)
        self._check_renamed()
        self._check_example_clashes(merged)
        self._check_example_refs(merged)
        if checker.problems:
            return checker.problems, replaced
        if self.first and indexes:
            writer.add_facets(0, self.first)  # the bundled examples the user's do not replace
        for name in ORDER[1:]:
            writer.records(
                name,
                (
                    (record_key(name, r.values), r.values, self.user and r.file != BUNDLED)
                    for r in merged
                    if r.collection == name
                ),
            )
        if clean_metas:
            meta = clean_metas[0]
        elif self.base is not None:
            meta = self.base.meta.to_dict()
        else:
            assert fallback_meta is not None
            meta = fallback_meta.to_dict()
        if callable(lexicon):
            lexicon = lexicon([r.values["name"] for r in merged if r.collection == "countries"])
            if checker.problems:
                return checker.problems, replaced
        writer.finish(meta, replaced, progress, lexicon, indexes=indexes)
        return [], replaced

    def _check_renamed(self) -> None:
        """A country or challenge of the user's own whose name is another name of a value the user's
        records were written with: that value was taken, which may not be what was meant."""
        renamed = self.checker.renamed
        for rec in self.small if renamed else ():
            field = {"countries": "countries", "challenges": "challenges"}.get(rec.collection)
            own = rec.values.get("name" if rec.collection == "countries" else "id")
            if field is None or not isinstance(own, str):
                continue
            found = renamed.get((field, vocab.normalise(own)))
            if found is not None and found != (own,):
                also = (
                    _(
                        "{name} is also a name of the country {names}, which the records that name {name} were"
                        " taken to mean; give your country another name"
                    )
                    if field == "countries"
                    else _(
                        "{name} is also a name of the challenge {names}, which the records that name {name} were"
                        " taken to mean; give your challenge another name"
                    )
                )
                self.checker.add(
                    rec.file,
                    rec.line,
                    rec.key,
                    also.format(name=repr(own), names=_(" and ").join(map(repr, found))),
                )

    def _merged_small(self) -> tuple[list[RawRecord], list[str]]:
        """The small collections as used: the bundled records the user's do not replace, then the user's."""
        if self.base is None:
            return list(self.small), []
        user_keys = {(r.collection, r.key) for r in self.small}
        replaced: list[str] = []
        merged: list[RawRecord] = []
        for name in ORDER:
            if name == "examples":
                replaced += [k for k in self.base_positions if k in self.replaced_examples]
                continue
            for rec in self.base.collection(name):
                if (name, rec.key) in user_keys:
                    replaced.append(rec.key)
                    continue
                values = {k: v for k, v in rec.to_dict().items() if v is not None}
                if name == "countries":
                    del values["id"]  # derived from the name, not a field of the file
                merged.append(RawRecord(name, BUNDLED, 0, _EMPTY, values))
        return merged + self.small, replaced

    def _check_example_clashes(self, merged: list[RawRecord]) -> None:
        """An id used both by an example and by a record of another collection (one of them the user's)."""
        for rec in merged:
            if rec.collection == "sources" or not rec.key:
                continue
            pos = self.writer.position(rec.key)
            if pos is None:
                continue
            if pos < self.first:  # a bundled example
                if rec.file != BUNDLED:
                    self.checker.add(rec.file, rec.line, rec.key, _duplicate(f"{BUNDLED}:0"))
                continue
            if rec.file == BUNDLED:
                continue  # reported as the example was read
            i = pos - self.first
            mine = (self.files.index(rec.file), rec.line)
            theirs = (self.file_of[i], self.line_of[i])
            if mine > theirs:
                self.checker.add(rec.file, rec.line, rec.key, _duplicate(self._where(pos)))
            else:
                where = f"{os.path.basename(rec.file)}:{rec.line}"
                self.checker.add(self.files[theirs[0]], theirs[1], rec.key, _duplicate(where))

    def _check_example_refs(self, merged: list[RawRecord]) -> None:
        """Every country, challenge, footnote and instrument the user's examples name exists."""
        valid: dict[str, set[Any]] = {
            "countries": {r.values["name"] for r in merged if r.collection == "countries" and "name" in r.values},
            "challenges": {r.key for r in merged if r.collection == "challenges"},
            "instruments": {r.key for r in merged if r.collection == "instruments"},
            "sources": {r.values["number"] for r in merged if r.collection == "sources" and "number" in r.values},
        }
        found: list[tuple[int, int, str, Any]] = []
        for k, (spec, facet) in enumerate(EXAMPLE_REFS):
            assert spec.ref is not None
            unknown = self.refs[spec.name] - valid[spec.ref]
            if not unknown:
                continue
            by_text = {year_key(v) if facet == "year" else str(v): v for v in unknown}
            for pos, text in self.writer.facet_positions(facet, list(by_text), self.first):
                found.append((pos, k, spec.name, by_text[text]))
        if not found:
            return
        keys = self.writer.keys(sorted({pos for pos, *_ in found}))
        for pos, k, _name, target in sorted(found, key=lambda t: (t[0], t[1], str(t[3]))):
            spec, _kind = EXAMPLE_REFS[k]
            assert spec.ref is not None
            i = pos - self.first
            key = keys.get(pos, "")
            label = "?" if key.startswith("\x00") else key
            line = self.ref_lines[i * len(EXAMPLE_REFS) + k]
            message = validate.unknown_reference(spec, target, sorted(valid[spec.ref], key=str))
            self.checker.add(self.files[self.file_of[i]], line, label, message)


class _ExampleIds:
    """``key in ids``: whether an example of the dataset being built has this id."""

    def __init__(self, writer: Writer, first: int) -> None:
        self.writer = writer

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.writer.position(key) is not None


def _bare(data: LMap) -> LMap:
    """A record's mapping with its key lines only (its values are kept, cleaned, in ``values``)."""
    out = LMap()
    out.line = data.line
    out.lines = data.lines
    return out


_EMPTY = LMap()
_EMPTY.line = 0
_EMPTY.lines = {}


def _duplicate(where: str) -> str:
    return _("duplicate id (also at {place})").format(place=where)
