"""Export the dataset (or a filtered part) as JSON, JSON Lines, CSV, YAML, SQLite or an HTML page, atomically."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import vocab
from .dataset import Dataset
from .errors import OutputError, UsageError
from .i18n import _
from .schema import SCHEMA, FieldSpec
from .translations import LANGS, TRANSLATABLE
from .vocab import ORDER

if TYPE_CHECKING:
    from .query import Filters

FORMATS = ("json", "jsonl", "csv", "yaml", "sqlite", "html", "datapackage")


def subset(ds: Dataset, example_ids: set[str] | None) -> dict[str, Any]:
    """The dataset as data; with ``example_ids``, only those examples (other collections whole)."""
    from ._version import __version__

    data = ds.to_dict()
    data["meta"] = {**data["meta"], "tool_version": __version__}  # what wrote the file, beside the data's version
    if example_ids is not None:
        data["examples"] = [e for e in data["examples"] if e["id"] in example_ids]
    data["translations"] = translations(ds, data)
    return data


def translations(ds: Dataset, data: dict[str, Any]) -> dict[str, Any]:
    """The editors' translations of the records ``data`` holds, whatever the interface language:
    ``{lang: {collection: {id: {field: text, ...}}}}``, languages, collections and records in the
    data's order, fields in ``translations.TRANSLATABLE``'s; a record whose title or name is an
    official text lists it under ``official`` with its ``reference``, a text the same in both
    languages under ``same_as_english`` (the translation files' shape, which ``--data`` reads back)."""
    found = {(lang, c, k): (fields, official, ref) for c, k, lang, fields, official, ref in ds.translations()}
    out: dict[str, Any] = {}
    for lang in LANGS:
        by_collection: dict[str, Any] = {}
        for collection in ORDER:
            if collection not in TRANSLATABLE:
                continue
            records: dict[str, Any] = {}
            for rec in data[collection]:
                key = vocab.record_key(collection, rec)
                row = found.get((lang, collection, key))
                if row is None:
                    continue
                fields, official, reference = row
                entry = {name: fields[name] for name in TRANSLATABLE[collection] if name in fields}
                same = [name for name, text in entry.items() if text == rec.get(name)]
                if same:  # a word that is the same in both languages ("Discrimination"), said so
                    entry["same_as_english"] = same
                if official:
                    entry["official"] = list(official)
                    entry["reference"] = reference
                records[key] = entry
            if records:
                by_collection[collection] = records
        if by_collection:
            out[lang] = by_collection
    return out


def to_text(data: dict[str, Any], fmt: str, *, collection: str = "examples", ascii_only: bool = False) -> str:
    """JSON, JSON Lines, CSV (one collection) or YAML text; ``ascii_only``: JSON and YAML with
    every other character as an escape (CSV has none: the CLI refuses a stdout that cannot take it)."""
    if fmt == "json":
        return json.dumps(data, ensure_ascii=ascii_only, indent=2) + "\n"
    if fmt == "jsonl":
        # the first line is the metadata (the brief, its DOI, the data and tool versions), as in JSON
        lines = [json.dumps({"collection": "meta", **data["meta"]}, ensure_ascii=ascii_only)]
        for name in ORDER:
            for rec in data[name]:
                lines.append(json.dumps({"collection": name, **rec}, ensure_ascii=ascii_only))
        return "\n".join(lines) + "\n"
    if fmt == "csv":
        from .render import Listing
        from .render.csvfmt import render_csv

        if collection not in ORDER:
            raise UsageError(f"`collection` {collection!r}: choose one of {', '.join(ORDER)}", options=("collection",))
        return render_csv(Listing(data=data[collection], columns=[]))
    if fmt == "yaml":
        from .render import Document
        from .render.yamlfmt import render_yaml

        return render_yaml(Document(data=data, title=""), ascii_only=ascii_only)
    raise UsageError(f"`format` {fmt!r}: choose one of {', '.join(FORMATS)}", options=("format",))


# -- the dataset as tables: one per collection, one per vocabulary, one link table per list field ----
# The SQLite export and the data package both write these, so their tables, columns and keys agree.
# A table's columns are the data's field names, as in the CSV export: a list, a map or a quote is a
# JSON array or object in its column (the one list encoding of every table), and each list field
# also has a link table, one row per item in order, whose value column names what it refers to.

_SINGULAR = {
    "examples": "example",
    "challenges": "challenge",
    "recommendations": "recommendation",
    "instruments": "instrument",
    "frameworks": "framework",
    "statistics": "statistic",
    "countries": "country",
    "sources": "source",
    "reasons": "reason",
    "principles": "principle",
    "regions": "region",
    "levels": "level",
    "dialogue_types": "dialogue_type",
    "themes": "theme",
    "forms": "form",
    "parties": "party",
    "instrument_kinds": "instrument_kind",
    "recommendation_kinds": "recommendation_kind",
    "qualifiers": "qualifier",
    "years": "year",
    "sectors": "sector",
    "actors": "actor",
    "points": "point",
    "notes": "note",
    "aliases": "alias",
    "actions": "action",
}

VOCABULARIES: tuple[tuple[str, dict[str, str], str], ...] = (
    ("regions", vocab.REGIONS, "The ILO regions."),
    ("levels", vocab.LEVELS, "The levels of social dialogue."),
    ("dialogue_types", vocab.DIALOGUE_TYPES, "The types of social dialogue."),
    ("themes", vocab.THEMES, "The brief's headings."),
    ("forms", vocab.FORMS, "The forms of social dialogue in the ILO definition."),
    ("parties", vocab.PARTIES, "Who took part in a dialogue."),
    ("instrument_kinds", vocab.INSTRUMENT_KINDS, "The kinds of instrument."),
    ("recommendation_kinds", vocab.RECOMMENDATION_KINDS, "Main and specific recommendations."),
    ("qualifiers", vocab.QUALIFIERS, "The words the brief puts before a figure."),
)

_TYPES = {
    "str": "string",
    "int": "integer",
    "number": "number",
    "bool": "boolean",
    "list[str]": "array",
    "list[int]": "array",
    "quote": "object",
    "map[str]": "object",
}


@dataclass
class Column:
    """A column: its name, its Table Schema type and, when it refers to a row of a table, which."""

    name: str
    type: str  # string, integer, number, boolean, array (a JSON array), object (a JSON object)
    ref: tuple[str, str] | None = None  # (table, column)
    required: bool = False


@dataclass
class Table:
    """A table of the export: its columns, primary key and rows (values as the data holds them)."""

    name: str
    description: str
    columns: list[Column]
    key: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def _plural(name: str) -> str:
    return name if name.endswith("s") else name + "s"


def tables(data: dict[str, Any]) -> list[Table]:
    """The dataset (the export shape) as relational tables, in an order that satisfies every reference:
    the vocabularies, each collection, the brief's notes, then the link tables, then the translations."""
    vocab_of = {id(terms): name for name, terms, _doc in VOCABULARIES}
    out = _vocabulary_tables()
    country_id = {c["name"]: c["id"] for c in data["countries"]}
    present = {name: {r.get("id", r.get("number")) for r in data[name]} for name in ORDER}
    present["countries"] = set(country_id)
    links: list[Table] = []
    for collection in _COLLECTION_ORDER:
        out.append(_collection_table(data, collection, vocab_of))
        links += _link_tables(data, collection, vocab_of, country_id, present)
    notes, note_sources = _brief_note_tables(data)
    return [*out, notes, *links, note_sources, translations_table(data.get("translations") or {})]


# the collections in an order where each refers only to those before it
_COLLECTION_ORDER = (
    "sources",
    "countries",
    "challenges",
    "instruments",
    "frameworks",
    "examples",
    "recommendations",
    "statistics",
    "reasons",
    "principles",
)


def _vocabulary_tables() -> list[Table]:
    """One table (id, name) per controlled vocabulary."""
    return [
        Table(
            name,
            doc,
            [Column("id", "string", required=True), Column("name", "string", required=True)],
            ["id"],
            [[ident, label] for ident, label in terms.items()],
        )
        for name, terms, doc in VOCABULARIES
    ]


def _collection_table(data: dict[str, Any], collection: str, vocab_of: dict[int, str]) -> Table:
    """A collection's table: a column per field (a list as a JSON array), a reference per vocabulary or record."""
    key = "number" if collection == "sources" else "id"
    columns = [Column("id", "string", required=True)] if collection == "countries" else []
    for spec in SCHEMA[collection]:
        ref: tuple[str, str] | None = None
        if spec.type in ("str", "int") and spec.vocab is not None:
            ref = (vocab_of[id(spec.vocab)], "id")
        elif spec.type in ("str", "int") and spec.ref is not None:
            ref = (spec.ref, "id")
        columns.append(Column(spec.name, _TYPES[spec.type], ref, required=spec.name == key or spec.required))
    names = [c.name for c in columns]
    table = Table(collection, f"The brief's {collection}, one row each.", columns, [key])
    table.rows = [[rec.get(n) for n in names] for rec in data[collection]]
    return table


def _link_tables(
    data: dict[str, Any],
    collection: str,
    vocab_of: dict[int, str],
    country_id: dict[str, str],
    present: dict[str, set[Any]],
) -> list[Table]:
    """A collection's link tables: one per list field, a row per item in order (with its note, where the
    field has notes); an item referring to a record a filtered export left out is left out."""
    specs = SCHEMA[collection]
    owner = _SINGULAR[collection]
    key = "number" if collection == "sources" else "id"
    notes_of = {spec.keys_of: spec.name for spec in specs if spec.keys_of}
    links = []
    for spec in specs:
        if not spec.type.startswith("list["):
            continue
        owner_column = Column(f"{owner}_id", "string", (collection, key), required=True)
        value, target = _link_value(spec, vocab_of)
        columns = [owner_column, Column("position", "integer", required=True), value]
        note = notes_of.get(spec.name)
        if note:
            columns.append(Column("note", "string"))
        link = Table(
            f"{owner}_{_plural(spec.name)}",
            f"The {spec.name} of each of the {collection}, one row per item, in order.",
            columns,
            [owner_column.name, "position"],
        )
        for rec in data[collection]:
            notes = rec.get(note) or {} if note else {}
            for position, item in enumerate(rec.get(spec.name) or [], start=1):
                if spec.ref == "countries":
                    item_value: Any = country_id.get(item)
                else:
                    item_value = item
                if target is not None and (item if spec.ref == "countries" else item_value) not in present[target]:
                    continue  # an example a filtered export leaves out
                row = [rec[key], position, item_value]
                if note:
                    row.append(notes.get(item))
                link.rows.append(row)
        links.append(link)
    return links


def _link_value(spec: FieldSpec, vocab_of: dict[int, str]) -> tuple[Column, str | None]:
    """A list field's item column in its link table, and the collection its items must be present in
    (None: a vocabulary or a plain value)."""
    if spec.ref == "sources":
        return Column("source_number", "integer", ("sources", "number"), required=True), "sources"
    if spec.ref is not None:
        return Column(f"{_SINGULAR[spec.ref]}_id", "string", (spec.ref, "id"), required=True), spec.ref
    if spec.vocab is not None:
        vocab_table = vocab_of[id(spec.vocab)]
        return Column(f"{_SINGULAR[vocab_table]}_id", "string", (vocab_table, "id"), required=True), None
    kind = "integer" if spec.type == "list[int]" else "string"
    return Column(_SINGULAR.get(_plural(spec.name), spec.name), kind, required=True), None


def _brief_note_tables(data: dict[str, Any]) -> tuple[Table, Table]:
    """The brief's general notes, and the footnotes each cites (a link table)."""
    meta_notes = data["meta"].get("notes") or []
    notes = Table(
        "brief_notes",
        "The brief's general notes, as the dataset's editors record them.",
        [Column("id", "string", required=True), Column("text", "string", required=True)],
        ["id"],
        [[n["id"], n["text"]] for n in meta_notes],
    )
    sources = Table(
        "brief_note_sources",
        "The footnotes each general note cites, in order.",
        [
            Column("brief_note_id", "string", ("brief_notes", "id"), required=True),
            Column("position", "integer", required=True),
            Column("source_number", "integer", ("sources", "number"), required=True),
        ],
        ["brief_note_id", "position"],
        [[n["id"], i, k] for n in meta_notes for i, k in enumerate(n.get("sources") or [], start=1)],
    )
    return notes, sources


def translations_table(found: dict[str, Any]) -> Table:
    """The editors' translations (``data["translations"]``) as a table: one row per text, in the
    data's order; a list field's items by position (the link tables' position), a map field's
    (challenge_notes, form_notes, sector_notes) by position with the key in ``item``."""
    table = Table(
        "translations",
        "The editors' French and Spanish translations of the records' text, one row per text; the English "
        "is authoritative. official: the text is an official translation (an ILO instrument's title as "
        "NORMLEX gives it, a UN framework's name), with its reference.",
        [
            Column("collection", "string", required=True),
            Column("key", "string", required=True),
            Column("lang", "string", required=True),
            Column("field", "string", required=True),
            Column("position", "integer", required=True),
            Column("item", "string"),
            Column("text", "string", required=True),
            Column("official", "boolean", required=True),
            Column("reference", "string"),
        ],
        ["collection", "key", "lang", "field", "position"],
    )
    for lang, collections in found.items():
        for collection, records in collections.items():
            for key, entry in records.items():
                official = set(entry.get("official") or ())
                for name, value in entry.items():
                    if name in ("official", "reference", "same_as_english"):
                        continue
                    mark = name in official
                    reference = entry.get("reference") if mark else None
                    if isinstance(value, dict):
                        items: list[tuple[Any, Any]] = list(value.items())
                    elif isinstance(value, list):
                        items = [(None, v) for v in value]
                    else:
                        items = [(None, value)]
                    for position, (item, text) in enumerate(items, start=1):
                        table.rows.append([collection, key, lang, name, position, item, text, mark, reference])
    return table


def _sql_value(value: Any) -> Any:
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


_SQL_TYPES = {
    "string": "TEXT",
    "integer": "INTEGER",
    "number": "REAL",
    "boolean": "INTEGER",
    "array": "TEXT",
    "object": "TEXT",
}


def _sqlite(data: dict[str, Any], path: str) -> None:
    con = sqlite3.connect(path)
    try:
        _fill_sqlite(con, data)
        con.commit()
    except sqlite3.OperationalError as err:  # a full disk, an unwritable folder ...
        raise OSError(str(err)) from None
    finally:
        con.close()


def _fill_sqlite(con: sqlite3.Connection, data: dict[str, Any]) -> None:
    """The tables (see :func:`tables`) with their keys and foreign keys, and a ``meta`` table."""
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    con.executemany("INSERT INTO meta VALUES (?, ?)", [(k, _sql_value(v)) for k, v in data["meta"].items()])
    for table in tables(data):
        _sql_table(con, table)
    problems = con.execute("PRAGMA foreign_key_check").fetchall()
    if problems:  # pragma: no cover - the dataset is validated before export
        raise OutputError(f"the SQLite export broke {len(problems)} foreign keys: {problems[:3]}")


def _sql_table(con: sqlite3.Connection, table: Table) -> None:
    """One table of the plan: its columns (types, NOT NULL, references), its primary key, its rows."""
    defs = []
    for col in table.columns:
        text = f"{col.name} {_SQL_TYPES[col.type]}" + (" NOT NULL" if col.required else "")
        if col.ref is not None:
            text += f" REFERENCES {col.ref[0]}({col.ref[1]})"
        defs.append(text)
    defs.append(f"PRIMARY KEY ({', '.join(table.key)})")
    con.execute(f"CREATE TABLE {table.name} ({', '.join(defs)})")
    marks = ", ".join("?" * len(table.columns))
    con.executemany(f"INSERT INTO {table.name} VALUES ({marks})", [[_sql_value(v) for v in row] for row in table.rows])


# -- a Frictionless Data Package (v2) -------------------------------------------------------------

PACKAGE_NAME = "ilo-social-dialogue-labour-migration"
_V2 = "https://datapackage.org/profiles/2.0/"


def table_csv(table: Table) -> str:
    """A table as CSV, written as ``export --format csv`` writes a collection (lists as JSON)."""
    import csv
    import io

    from .render.csvfmt import csv_cell

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in table.columns])
    writer.writerows([csv_cell(v) for v in row] for row in table.rows)
    return out.getvalue()


def package_descriptor(data: dict[str, Any], all_tables: list[Table]) -> dict[str, Any]:
    """``datapackage.json``: the dataset described as a Frictionless Data Package v2, one tabular
    resource per table with its Table Schema (types, primary key, foreign keys)."""
    meta = data["meta"]
    brief = f"{meta['publisher']}, {meta['title']}, Policy Brief, {meta['date']}"
    resources = []
    for table in all_tables:
        fields = []
        for col in table.columns:
            spec: dict[str, Any] = {"name": col.name, "type": col.type}
            if col.required:
                spec["constraints"] = {"required": True}
            fields.append(spec)
        schema: dict[str, Any] = {"$schema": _V2 + "tableschema.json", "fields": fields, "primaryKey": table.key}
        foreign = []
        for col in table.columns:
            if col.ref is not None:
                reference: dict[str, Any] = {"fields": [col.ref[1]]}
                if col.ref[0] != table.name:  # a reference to a row of the same table names no resource
                    reference = {"resource": col.ref[0], **reference}
                foreign.append({"fields": [col.name], "reference": reference})
        if foreign:
            schema["foreignKeys"] = foreign
        resources.append(
            {
                "name": table.name,
                "type": "table",
                "path": f"{table.name}.csv",
                "scheme": "file",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": table.description,
                "schema": schema,
            }
        )
    return {
        "$schema": _V2 + "datapackage.json",
        "name": PACKAGE_NAME,
        "title": "Social dialogue for the governance of labour migration: the dataset of the ILO policy brief",
        "description": (
            f"Every example, challenge, recommendation, instrument, framework, figure, country and footnote of "
            f"the ILO policy brief '{meta['title']}' ({meta['date']}, DOI {meta['doi']}), in the dataset's "
            "editors' own words, each citing the brief's footnote numbers. Lists are JSON arrays in their "
            "cells and have a link table each. Written by migdialogue."
        )
        if meta.get("doi")
        else f"{meta['title']}: a dataset written by migdialogue.",
        "version": meta.get("data_version", ""),
        "keywords": ["social dialogue", "labour migration", "ILO", "migrant workers"],
        # The editors have chosen no licence yet, and the brief's own terms are not stated in the text
        # the dataset was made from: say so rather than guess one.
        "licenses": [
            {
                "name": "notspecified",
                "title": "No licence has been chosen for this dataset yet; ask its editors before reuse. "
                "The brief it describes is the ILO's.",
            }
        ],
        "sources": (
            [{"title": f"{brief}. DOI {meta['doi']}", "path": f"https://doi.org/{meta['doi']}"}]
            if meta.get("doi")
            else [{"title": meta["title"]}]
        ),
        "resources": resources,
    }


def write_datapackage(data: dict[str, Any], folder: str, *, force: bool = False) -> list[str]:
    """Write a Data Package into ``folder`` (made if missing): ``datapackage.json`` and one CSV per
    table, each file written atomically; files of an earlier package are replaced only with ``force``.
    Returns the names written."""
    import os

    from .outfile import write_file

    if os.path.exists(folder) and not os.path.isdir(folder):
        raise UsageError(
            _("{folder} is not a folder; a data package is a folder: give a new or empty one").format(folder=folder)
        )
    all_tables = tables(data)
    files = {f"{t.name}.csv": table_csv(t) for t in all_tables}
    descriptor = package_descriptor(data, all_tables)
    files["datapackage.json"] = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    existing = [name for name in files if os.path.exists(os.path.join(folder, name))]
    if existing and not force:
        raise UsageError(
            f"{folder} already holds a data package ({existing[0]} ...); use `force` to replace it", options=("force",)
        )
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as err:
        raise OutputError(
            _("cannot make {folder}: {reason}").format(folder=folder, reason=err.strerror or err)
        ) from None
    for name, text in files.items():

        def write_text(tmp: str, text: str = text) -> None:
            with open(tmp, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)

        write_file(os.path.join(folder, name), write_text, force=True)
    return list(files)


def write_atomically(path: str, write: Callable[[str], None], *, force: bool) -> None:
    """Write an output path (see :func:`migdialogue.outfile.write_file`, the one writer)."""
    from .outfile import write_file

    write_file(path, write, force=force)


def html_page(ds: Dataset, keep: set[str] | None, filters: Filters | None = None, default: str | None = None) -> str:
    """The self-contained web page of the dataset (the examples in ``keep``, all when None), written
    in the interface language; ``default``: the language its readers see first unless they chose
    one (an export's explicit ``--lang``; None: their browser's languages)."""
    from .htmlpage import describe_filters, page

    return page(ds, keep, describe_filters(filters) if filters is not None else [], default=default)


def export_text(text: str, path: str, *, force: bool = False) -> None:
    """Write a text export file (UTF-8), atomically."""

    def write_text(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)

    write_atomically(path, write_text, force=force)


def export(
    data: dict[str, Any], fmt: str, path: str, *, force: bool = False, collection: str = "examples", bom: bool = True
) -> None:
    """Write an export file; a CSV file begins with a byte-order mark unless ``bom`` is False (Excel
    reads a CSV without one in the system's code page, cp1252 on Windows: "Germanyâ€“Philippines")."""
    if fmt == "sqlite":
        write_atomically(path, lambda tmp: _sqlite(data, tmp), force=force)
        return
    text = to_text(data, fmt, collection=collection)
    export_text(("\ufeff" if bom and fmt == "csv" else "") + text, path, force=force)
