"""Build the views that commands print: plain data plus how to show it. No terminal here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from . import query, vocab
from ._version import __version__
from .dataset import Dataset, Selection
from .display import Reader
from .i18n import N_, NC_, _, decimal, labelled, ngettext, percent, pgettext, semicolons
from .models import (
    Challenge,
    Country,
    Example,
    Framework,
    Instrument,
    Principle,
    Reason,
    Recommendation,
    Record,
    Source,
    Statistic,
)
from .render import Document, Fields, Listing, Records, Section

if TYPE_CHECKING:
    from .fulltext import Hit, Results
    from .render import View

EXAMPLE_COLUMNS = [
    ("id", N_("ID")),
    ("title", N_("Title")),
    ("countries", N_("Countries")),
    ("years", N_("Years")),
    ("kind", N_("Type, level")),
]


def _columns(columns: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Column headers in the interface language."""
    return [(key, _(header) if header else header) for key, header in columns]


def _regions(ids: Sequence[str]) -> str:
    return ", ".join(vocab.shown("region", r) for r in ids)


def _example_row(ex: Example, reader: Reader) -> dict[str, Any]:
    row = ex.to_dict()
    row["title"] = reader.text(ex).title
    row["countries"] = reader.names("country", ex.countries) or (
        _("region: {names}").format(names=_regions(ex.region)) if ex.region else "-"
    )
    row["years"] = _years(ex.years)
    row["kind"] = f"{vocab.short('dialogue type', ex.dialogue_type)}, {vocab.short('level', ex.level)}"
    return row


def _years(years: Sequence[int]) -> str:
    return ", ".join(str(y) for y in years) if years else "-"


def _told(listing: Listing, reader: Reader) -> Listing:
    """A listing that is a screen of its own says the reader's notice once, in its caption. In French or
    Spanish its rows are built first, to know what they show (English says nothing: they stay lazy)."""
    if not reader.english:
        listing.table_rows()
        notice = reader.notice()
        if notice:
            caption = listing.caption
            if caption and not caption.endswith((".", "!", "?")):
                caption += "."
            listing.caption = f"{caption} {notice}".strip()
    return listing


def _told_blocks(blocks: list[Fields | Section], reader: Reader) -> list[Fields | Section]:
    """Say once, at the top of a screen in French or Spanish, what its record text is: the editors'
    translation (the English is authoritative), or the records' own words where they have none."""
    if reader.english:
        return blocks
    for block in blocks:
        if isinstance(block, Section) and block.listing is not None:
            block.listing.table_rows()  # built now, to know what they show
    notice = reader.notice()
    return [Fields([(_("Language"), notice)]), *blocks] if notice else blocks


def examples_listing(
    ds: Dataset, examples: Sequence[Example], title: str = "", reader: Reader | None = None
) -> Listing:
    """Examples in a listing; a Selection's JSON is streamed from the store (the records are built
    only for a table). Without a ``reader`` (a listing of its own screen) it says its notice itself."""
    shown = reader or Reader(ds)
    listing = Listing(
        data=examples.dicts if isinstance(examples, Selection) else [e.to_dict() for e in examples],
        encoded=examples.texts if isinstance(examples, Selection) else None,
        rows=lambda: [_example_row(e, shown) for e in examples],
        columns=_columns(EXAMPLE_COLUMNS),
        title=title,
        empty_notice=_("no examples match"),
        fields=list(Example._fields),
    )
    return listing if reader is not None else _told(listing, shown)


COLLECTION_LABELS = {
    "examples": N_("Examples"),
    "challenges": N_("Challenges"),
    "recommendations": N_("Recommendations"),
    "instruments": N_("Instruments"),
    "frameworks": N_("Frameworks"),
    "statistics": N_("Figures"),
    "sources": N_("Footnotes"),
}
_NONE_MATCH = {
    "all": N_("no records match {query!r}"),
    "examples": N_("no examples match {query!r}"),
    "challenges": N_("no challenges match {query!r}"),
    "recommendations": N_("no recommendations match {query!r}"),
    "instruments": N_("no instruments match {query!r}"),
    "frameworks": N_("no frameworks match {query!r}"),
    "statistics": N_("no figures match {query!r}"),
    "sources": N_("no footnotes match {query!r}"),
}


def search_view(ds: Dataset, results: Results, query_text: str, *, explain: bool = False) -> View:
    """Search results: a table of examples (today's shape), of another collection, or grouped by collection."""
    reader = Reader(ds)
    grouped = results.collection == "all"
    data = [h.to_dict(collection=grouped, explain=explain) for h in results.hits]
    title = _("Search: {query}").format(query=query_text)
    empty = _(_NONE_MATCH["all" if grouped else results.collection]).format(query=query_text)
    if explain:
        blocks: list[Fields | Section] = []
        for rank, hit in enumerate(results.hits, 1):
            lines = [_explain_line(note, ds) for note in hit.explain]
            head = labelled(f"{rank}. {hit.record.key} ({decimal(hit.score, 1)})", reader.title(hit.record))
            blocks.append(Section(head, lines))
        if not blocks:
            blocks.append(Section(_("No result"), [empty]))
        return Document(data, title, _told_blocks(blocks, reader))
    if not grouped:
        return _told(_hits_listing(reader, results.hits, results.collection, title, empty, data), reader)
    sections: list[Fields | Section] = []
    for name in dict.fromkeys(h.collection for h in results.hits):
        hits = [h for h in results.hits if h.collection == name]
        listing = _hits_listing(reader, hits, name, "", empty, [h.to_dict(collection=True) for h in hits])
        sections.append(Section(f"{_(COLLECTION_LABELS[name])} ({len(hits)})", listing=listing))
    if not sections:
        return Listing(data=[], columns=[("id", _("ID"))], title=title, empty_notice=empty)
    return Document(data, title, _told_blocks(sections, reader))


def _hits_listing(
    reader: Reader, hits: Sequence[Hit], collection: str, title: str, empty: str, data: list[Any]
) -> Listing:
    if collection == "examples":

        def rows() -> list[dict[str, Any]]:  # built for a table only: JSON never reads them
            return [{**_example_row(hit.example, reader), "score": decimal(hit.score, 1)} for hit in hits]

        return Listing(
            data=data,
            rows=rows,
            columns=_columns([("score", N_("Score")), *EXAMPLE_COLUMNS]),
            title=title,
            empty_notice=empty,
            fields=["score", "matched", *Example._fields],
        )
    return Listing(
        data=data,
        rows=[{"score": decimal(h.score, 1), "id": h.record.key, "name": reader.title(h.record)} for h in hits],
        columns=[("score", _("Score")), ("id", _("ID")), ("name", _("Title"))],
        title=title,
        empty_notice=empty,
    )


_VIA = {
    "word": N_("the word {matched!r}"),
    "stem": N_("stem {matched!r}"),
    "phrase": N_("phrase {matched!r}"),
    "fuzzy": N_("near spelling {matched!r}"),
    "synonym": N_("synonym {matched!r}"),
    "translation": N_("translation {matched!r}"),
    "words": N_("words {matched!r}"),
    "place": N_("place {matched!r}"),
}
# the searched fields (store.FIELDS) as --explain names them
_SEARCH_FIELDS = {
    "title": NC_("search field", "title"),
    "countries": NC_("search field", "countries"),
    "actors": NC_("search field", "actors"),
    "sectors": NC_("search field", "sectors"),
    "tags": NC_("search field", "tags"),
    "summary": NC_("search field", "summary"),
    "notes": NC_("search field", "notes"),
}


def _search_field(name: str) -> str:
    """A searched field as --explain names it: a translation's with its language ('summary (fr)')."""
    field, lang = name.removesuffix(")").split(" (", 1) if name.endswith(")") else (name, "")
    shown = pgettext("search field", _SEARCH_FIELDS.get(field, field))
    return f"{shown} ({lang})" if lang else shown


def _place_shown(ds: Dataset, matched: str) -> str:
    """A place --explain says a unit was found through, in the interface language: a country of the data
    (by its name or one of its aliases), an ILO region, a place of the world the data does not name, a
    regional body of the place (the lexicon's first name of it in the language: ANASE), or the label of a
    region's regional records ('regional asia pacific': Régional : Asie et Pacifique)."""
    from .i18n import language
    from .names import display_name

    if language() == "en":
        return matched
    for country in ds.countries:
        if matched == country.name or matched in country.aliases:
            return display_name("country", country.name, ds=ds)
    regions = {vocab.normalise(name): region for region, name in vocab.REGIONS.items()}
    if vocab.normalise(matched) in regions:
        return display_name("region", regions[vocab.normalise(matched)], ds=ds)
    territory = ds.store.lexicon_entry("territory", vocab.normalise(matched))
    if territory:
        return query.territory_name(ds, territory)
    body = ds.store.lexicon_entry("concept", vocab.normalise(matched))  # a place's regional body (ASEAN)
    if body:
        names = [t for lang, t, _s in ds.store.lexicon_terms("concept", body) if lang == language()]
        return names[0] if names else matched
    level, _space, rest = matched.partition(" ")
    if level in ("regional", "interregional"):
        from .analysis import STOP_WORDS

        for region, name in vocab.REGIONS.items():
            if rest == " ".join(w for w in vocab.normalise(name).split() if w not in STOP_WORDS["en"]):
                return labelled(display_name("level", level, ds=ds), display_name("region", region, ds=ds))
    return matched


def _explain_line(note: dict[str, Any], ds: Dataset) -> str:
    if "coverage" in note:
        coverage = percent(note["coverage"])
        if note["phrase"]:
            return _("covers {share} of the query's weight; the whole query as a phrase: +25%").format(share=coverage)
        return _("covers {share} of the query's weight").format(share=coverage)
    matched = " ".join(note["stems"]) if note["via"] == "stem" else note["matched"]
    if note["via"] == "place":
        matched = _place_shown(ds, matched)
    via = _VIA.get(note["via"])
    how = _(via).format(matched=matched) if via else f"{note['via']} {matched!r}"
    strength = decimal(note["strength"], 2)
    details = (
        _("idf {idf}, strength {strength}, common") if note["common"] else _("idf {idf}, strength {strength}")
    ).format(idf=decimal(note["idf"], 2), strength=strength)
    return _("{word!r} -> {how} in {fields}: +{weight} ({details})").format(
        word=note["query"],
        how=how,
        fields=", ".join(_search_field(f) for f in note["fields"]),
        weight=decimal(note["weight"], 2),
        details=details,
    )


def _refs(reader: Reader, ids: Sequence[str]) -> list[str]:
    out = []
    for ident in ids:
        rec = reader.ds.get(ident)
        out.append(labelled(ident, reader.title(rec)) if rec is not None else ident)
    return out


def citations(ds: Dataset, numbers: Sequence[int]) -> list[dict[str, Any]]:
    return [{"number": n, "citation": src.citation} for n in numbers if (src := ds.source(n)) is not None]


def _citation_section(reader: Reader, numbers: Sequence[int]) -> Section:
    cites = citations(reader.ds, numbers)
    reader.verbatim = reader.verbatim or bool(cites)
    lines = [f"[{c['number']}] {c['citation']}" for c in cites] or [_("(the brief gives no footnote for this)")]
    return Section(_("Sources (footnotes of the brief)"), lines)


def _mini_listing(reader: Reader, records: Sequence[Record], empty: str = "") -> Listing:
    return Listing(
        data=[{"id": r.key, "name": r.display_name} for r in records],
        rows=[{"id": r.key, "name": reader.title(r)} for r in records],
        columns=[("id", _("ID")), ("name", _("Name"))],
        empty_notice=empty or _("none"),
    )


def country_document(ds: Dataset, country: Country) -> Document:
    parts = query.country_view(ds, country)
    data = {
        "country": country.to_dict(),
        "examples": Records(parts["examples"].dicts, parts["examples"].texts),
        "related_examples": Records(parts["related_examples"].dicts, parts["related_examples"].texts),
        "statistics": [s.to_dict() for s in parts["statistics"]],
    }
    reader = Reader(ds)
    region = vocab.shown("region", country.region)
    name = reader.name("country", country.name)
    blocks: list[Fields | Section] = [
        Fields(
            [
                (_("ID"), country.id),
                (_("ISO codes"), f"{country.iso2} / {country.iso3}"),
                (_("ILO region"), region),
                (_("Also known as"), ", ".join(country.aliases)),
            ]
        ),
        Section(
            _("Examples in {country} ({n})").format(country=name, n=len(parts["examples"])),
            listing=examples_listing(ds, parts["examples"], reader=reader),
        )
        if len(parts["examples"])
        else Section(
            _("Examples in {country} ({n})").format(country=name, n=0),
            [_why_named(ds, country, name)],
        ),
        Section(
            _("Regional, interregional and bilateral examples involving {region} ({n})").format(
                region=region, n=len(parts["related_examples"])
            ),
            listing=examples_listing(ds, parts["related_examples"], reader=reader),
        ),
    ]
    if parts["statistics"]:
        blocks.append(Section(_("Statistics"), listing=statistics_listing(ds, parts["statistics"], reader=reader)))
    lines = [f"[{c['number']}] {c['citation']}" for c in citations(ds, query.footnotes_cited(ds, country))]
    reader.verbatim = reader.verbatim or bool(lines)
    blocks.append(Section(_("Footnotes cited by these examples"), lines or [_("(none)")]))
    return Document(data=data, title=f"{name} — {region}", blocks=_told_blocks(blocks, reader))


def _why_named(ds: Dataset, country: Country, name: str) -> str:
    """Why a country with no example of its own is in the dataset: where the brief names it."""
    named = query.where_named(ds, country)
    places = []
    if named["footnotes"]:
        places.append(
            ngettext("footnote {numbers}", "footnotes {numbers}", len(named["footnotes"])).format(
                numbers=", ".join(named["footnotes"])
            )
        )
    if named["records"]:
        places.append(", ".join(named["records"]))
    if not places:
        return _("The brief documents no example in {country}.").format(country=name)
    return _("The brief documents no example in {country}; it names {country} in {places}.").format(
        country=name, places=_(" and ").join(places)
    )


def region_document(ds: Dataset, region: str) -> Document:
    parts = query.region_view(ds, region)
    all_counts = query.example_counts(ds, "country")
    counts = {c.name: all_counts.get(c.name, 0) for c in parts["countries"]}
    data = {
        "region": {"id": region, "name": vocab.REGIONS[region]},
        "countries": [c.to_dict() for c in parts["countries"]],
        "examples": Records(parts["examples"].dicts, parts["examples"].texts),
        "statistics": [s.to_dict() for s in parts["statistics"]],
    }
    reader = Reader(ds)
    blocks: list[Fields | Section] = [
        Fields([(_("Region id"), region)]),
        Section(
            _("Countries ({n})").format(n=len(parts["countries"])),
            listing=Listing(
                data=[c.to_dict() for c in parts["countries"]],
                rows=[
                    {"id": c.id, "name": reader.name("country", c.name), "example_count": counts[c.name]}
                    for c in parts["countries"]
                ],
                columns=[("id", _("ID")), ("name", _("Country")), ("example_count", _("Examples"))],
                empty_notice=_("none"),
            ),
        ),
        Section(
            _("Examples ({n})").format(n=len(parts["examples"])),
            listing=examples_listing(ds, parts["examples"], reader=reader),
        ),
    ]
    if parts["statistics"]:
        blocks.append(Section(_("Statistics"), listing=statistics_listing(ds, parts["statistics"], reader=reader)))
    return Document(data=data, title=vocab.shown("region", region), blocks=_told_blocks(blocks, reader))


def countries_listing(ds: Dataset) -> Listing:
    counts = query.example_counts(ds, "country")
    data = [{**c.to_dict(), "example_count": counts.get(c.name, 0)} for c in ds.countries]
    reader = Reader(ds)
    rows = [
        {
            **d,
            "name": reader.name("country", d["name"]),
            "region": vocab.shown("region", d["region"]),
            "aliases": ", ".join(d["aliases"]),
        }
        for d in data
    ]
    return Listing(
        data=data,
        rows=rows,
        title=_("Countries named in the brief"),
        columns=[
            ("id", _("ID")),
            ("name", _("Country")),
            ("iso2", "ISO2"),
            ("iso3", "ISO3"),
            ("region", _("ILO region")),
            ("example_count", _("Examples")),
        ],
    )


def regions_listing(ds: Dataset) -> Listing:
    data = []
    for ident, name in vocab.REGIONS.items():
        data.append(
            {
                "id": ident,
                "name": name,
                "country_count": sum(1 for c in ds.countries if c.region == ident),
                "example_count": query.region_example_count(ds, ident),
            }
        )
    return Listing(
        data=data,
        rows=[{**d, "name": vocab.shown("region", str(d["id"]))} for d in data],
        title=_("ILO regions"),
        columns=[
            ("id", _("ID")),
            ("name", _("Region")),
            ("country_count", _("Countries")),
            ("example_count", _("Examples")),
        ],
    )


def challenges_listing(ds: Dataset) -> Listing:
    data = [c.to_dict() for c in ds.challenges]
    counts = query.example_counts(ds, "challenge")
    reader = Reader(ds)
    rows = [{**c.to_dict(), "name": reader.text(c).name, "count": counts.get(c.id, 0)} for c in ds.challenges]
    listing = Listing(
        data=data,
        rows=rows,
        title=_("Common labour migration challenges"),
        columns=[("id", _("ID")), ("name", _("Challenge")), ("count", _("Examples")), ("sources", _("Footnotes"))],
    )
    return _told(listing, reader)


def recommendations_listing(ds: Dataset) -> Document:
    """The recommendations, each with the examples that illustrate it (JSON: the records)."""
    blocks: list[Fields | Section] = []
    number = sub = 0
    reader = Reader(ds)
    for rec in ds.recommendations:
        title = reader.text(rec).title
        if rec.kind == "main":
            number += 1
            sub = 0
            heading = f"{number}. {title}  [{rec.id}]"
        else:
            sub += 1
            heading = f"{number}.{sub} {title}  [{rec.id}]"
        lines = [_("named in its text: {id}: {title}").format(id=i, title=_title(reader, i)) for i in rec.examples]
        lines += [
            _("editors' reading: {id}: {title}").format(id=i, title=_title(reader, i)) for i in rec.related_examples
        ]
        if rec.instruments:
            lines.append(_("instruments: {ids}").format(ids=", ".join(rec.instruments)))
        blocks.append(Section(heading, lines or [_("(no example in the brief)")]))
    data = [r.to_dict() for r in ds.recommendations]
    return Document(data=data, title=_("Recommendations of the brief"), blocks=_told_blocks(blocks, reader))


def _records(ds: Dataset, ids: Sequence[str]) -> list[Record]:
    return [rec for i in ids if (rec := ds.get(i)) is not None]


def _title(reader: Reader, ident: str) -> str:
    rec = reader.ds.get(ident)
    return reader.title(rec) if rec is not None else ident


def instruments_listing(ds: Dataset) -> Listing:
    data = [i.to_dict() for i in ds.instruments]
    reader = Reader(ds)
    rows = [
        {**i.to_dict(), "kind": vocab.shown("instrument kind", i.kind), "title": reader.text(i).title}
        for i in ds.instruments
    ]
    listing = Listing(
        data=data,
        rows=rows,
        title=_("ILO instruments, resolutions and frameworks"),
        columns=[
            ("id", _("ID")),
            ("kind", _("Kind")),
            ("number", _("No.")),
            ("year", _("Year")),
            ("title", _("Title")),
        ],
    )
    return _told(listing, reader)


def frameworks_listing(ds: Dataset) -> Listing:
    data = [f.to_dict() for f in ds.frameworks]
    reader = Reader(ds)
    rows = [{**f.to_dict(), "name": reader.text(f).name} for f in ds.frameworks]
    listing = Listing(
        data=data,
        rows=rows,
        title=_("Multilateral frameworks and platforms"),
        columns=[("id", _("ID")), ("acronym", _("Acronym")), ("name", _("Name")), ("years", _("Years"))],
    )
    return _told(listing, reader)


def sources_listing(ds: Dataset, sources: Sequence[Source]) -> Listing:
    reader = Reader(ds)
    reader.verbatim = bool(sources)
    listing = Listing(
        data=[s.to_dict() for s in sources],
        title=_("Footnotes of the brief"),
        columns=[("number", _("No.")), ("citation", _("Citation"))],
    )
    return _told(listing, reader)


def statistics_listing(
    ds: Dataset, stats: Sequence[Statistic], title: str = "", reader: Reader | None = None
) -> Listing:
    """The figures; without a ``reader`` (a listing of its own screen) it says its notice itself."""
    data = [s.to_dict() for s in stats]
    shown = reader or Reader(ds)
    rows = []
    for stat in stats:
        row = stat.to_dict()
        text = shown.text(stat)
        row["label"] = text.label
        row["value"] = shown.figure(stat)
        row["unit"] = text.unit
        rows.append(row)
    listing = Listing(
        data=data,
        rows=rows,
        title=title,
        columns=[
            ("id", _("ID")),
            ("label", _("Figure")),
            ("value", _("Value")),
            ("unit", _("Unit")),
            ("year", _("Year")),
            ("sources", _("Footnotes")),
        ],
    )
    return listing if reader is not None else _told(listing, shown)


def timeline_listing(ds: Dataset, entries: Sequence[tuple[int, Sequence[Record]]]) -> Listing:
    """What happened, in year order: one row per instrument, framework or example and year."""
    reader = Reader(ds)
    data = [
        {"year": year, "items": [{"collection": r.collection, "id": r.key, "name": r.display_name} for r in items]}
        for year, items in entries
    ]
    kinds = {"instruments": _("ILO"), "frameworks": _("UN/global"), "examples": _("example")}
    rows = [
        {"year": year, "kind": kinds.get(r.collection, r.collection), "id": r.key, "name": reader.title(r)}
        for year, items in entries
        for r in items
    ]
    listing = Listing(
        data=data,
        rows=rows,
        title=_("Timeline"),
        columns=[("year", _("Year")), ("kind", _("Kind")), ("id", _("ID")), ("name", _("What happened"))],
        empty_notice=_("nothing dated matches"),
    )
    return _told(listing, reader)


def related_listing(ds: Dataset, scored: Sequence[tuple[Example, float, list[str]]], base: str) -> Listing:
    data = [{"score": score, "reasons": reasons, **ex.to_dict()} for ex, score, reasons in scored]
    reader = Reader(ds)
    origin = ds.get(base)
    rows = [
        {
            "id": ex.id,
            "title": reader.text(ex).title,
            "score": decimal(score),
            "reasons": semicolons(_reason(reader, r, origin, ex) for r in reasons),
        }
        for ex, score, reasons in scored
    ]
    listing = Listing(
        data=data,
        rows=rows,
        title=_("Examples related to {id}").format(id=base),
        columns=[("score", _("Score")), ("id", _("ID")), ("title", _("Title")), ("reasons", _("Why"))],
        empty_notice=_("no related examples"),
    )
    return _told(listing, reader)


def facet_listing(counts: Sequence[tuple[Any, int]], by: str, ds: Dataset | None = None, total: int = 0) -> Listing:
    """Counts for a facet as a bar chart; a closed vocabulary lists its values with no example too.

    The title says how many examples were counted: an example with several values (two regions,
    three challenges) counts under each, and one with none under none.
    """
    vocabulary = _FACET_VOCABULARIES.get(by)
    reader = Reader(ds) if ds is not None else None
    names: dict[str, str] = vocab.VOCABULARIES[vocabulary] if vocabulary else {}
    if by == "challenge" and ds is not None:
        names = {c.id: c.name for c in ds.challenges}
    full = list(counts) + [(v, 0) for v in names if v not in {c for c, _n in counts}]
    data = [{"value": v, "label": names.get(v, str(v)), "count": n} for v, n in full]
    top = max((n for _v, n in full), default=0)
    rows = [
        {**d, "label": _facet_label(reader, by, d), "bar": "\u2588" * round(30 * d["count"] / top) if top else ""}
        for d in data
    ]
    caption = (
        ngettext(
            "{n} example; one with several values counts under each",
            "{n} examples; one with several values counts under each",
            total,
        ).format(n=total)
        if total
        else ""
    )
    listing = Listing(
        data=data,
        rows=rows,
        title=_(_EXAMPLES_BY[by]) if by in _EXAMPLES_BY else f"Examples by {by}",
        caption=caption,
        columns=[
            ("label", _(_FACET_HEADERS[by]) if by in _FACET_HEADERS else by.capitalize()),
            ("count", _("Examples")),
            ("bar", ""),
        ],
        empty_notice=_("no examples match"),
    )
    return _told(listing, reader) if reader is not None else listing


# The facets (query.FACETS), their vocabulary's context, their column header and their chart's title.
_FACET_VOCABULARIES = vocab.CONTEXTS  # one table: names.display_name asks the catalogues in the same contexts
_FACET_HEADERS = {
    "region": N_("Region"),
    "type": N_("Type"),
    "level": N_("Level"),
    "theme": N_("Theme"),
    "challenge": N_("Challenge"),
    "country": N_("Country"),
    "sector": N_("Sector"),
    "year": N_("Year"),
    "form": N_("Form"),
    "party": N_("Party"),
}
_EXAMPLES_BY = {
    "region": N_("Examples by region"),
    "type": N_("Examples by type"),
    "level": N_("Examples by level"),
    "theme": N_("Examples by theme"),
    "challenge": N_("Examples by challenge"),
    "country": N_("Examples by country"),
    "sector": N_("Examples by sector"),
    "year": N_("Examples by year"),
    "form": N_("Examples by form"),
    "party": N_("Examples by party"),
}


def _facet_label(reader: Reader | None, by: str, row: dict[str, Any]) -> str:
    """A facet value as people read it, in the interface language."""
    vocabulary = _FACET_VOCABULARIES.get(by)
    if vocabulary:
        return vocab.shown(vocabulary, str(row["value"]))
    if by in ("challenge", "country", "sector") and reader is not None:
        return reader.name(by, str(row["value"]))
    return str(row["label"])


_REASONS = {
    "same country": N_("same country: {values}"),
    "same challenge": N_("same challenge: {values}"),
    "same sector": N_("same sector: {values}"),
    "same region": N_("same region: {values}"),
    "same theme": N_("same theme: {values}"),
    "same level": N_("same level: {values}"),
}


_SHARED = {"country": "countries", "challenge": "challenges", "sector": "sectors", "region": "region"}


def _reason(reader: Reader, reason: str, base: Record | None, ex: Example) -> str:
    """One of related()'s reasons ("same country: Jordan"), in the interface language: the values
    both examples share, by the names people read (a region's, a challenge's, not its id)."""
    label, _sep, values = reason.partition(": ")
    if label not in _REASONS:
        return reason
    kind = label.removeprefix("same ")
    if isinstance(base, Example):
        if kind in _SHARED:
            field = _SHARED[kind]
            mine = set(getattr(base, field))
            values = reader.names(kind, sorted(mine & set(getattr(ex, field))))
        elif kind in ("theme", "level"):
            values = reader.name(kind, getattr(ex, kind))
    return _(_REASONS[label]).format(values=values)


def overview_document(ds: Dataset) -> Document:
    """One screen: records per collection and the examples by region, dialogue type and level."""
    counts = ds.counts()
    blocks: list[Fields | Section] = [
        Fields([(_collection_label(name), n) for name, n in counts.items()]),
    ]
    data: dict[str, Any] = {"counts": counts, "facets": {}}
    for by in ("region", "type", "level", "theme"):
        facet = query.facet_counts(ds, by)
        data["facets"][by] = {str(v): n for v, n in facet}
        blocks.append(Section(_(_EXAMPLES_BY[by]), listing=facet_listing(facet, by)))
    return Document(data=data, title=_("{title}: the dataset at a glance").format(title=ds.meta.title), blocks=blocks)


_COLLECTIONS = {
    "examples": N_("Examples"),
    "challenges": N_("Challenges"),
    "recommendations": N_("Recommendations"),
    "instruments": N_("Instruments"),
    "frameworks": N_("Frameworks"),
    "statistics": N_("Statistics"),
    "countries": N_("Countries"),
    "sources": N_("Sources"),
    "reasons": N_("Reasons"),
    "principles": N_("Principles"),
}


_COLLECTION_WORDS = {
    "examples": NC_("collection", "examples"),
    "challenges": NC_("collection", "challenges"),
    "recommendations": NC_("collection", "recommendations"),
    "instruments": NC_("collection", "instruments"),
    "frameworks": NC_("collection", "frameworks"),
    "statistics": NC_("collection", "statistics"),
    "countries": NC_("collection", "countries"),
    "sources": NC_("collection", "sources"),
    "reasons": NC_("collection", "reasons"),
    "principles": NC_("collection", "principles"),
}


def _collection_label(name: str) -> str:
    """A collection's name as a label (``examples`` -> ``Examples``), in the interface language."""
    return _(_COLLECTIONS[name]) if name in _COLLECTIONS else name.capitalize()


class _Shown:
    """What show_document gathers for one record: its blocks, its cross-links (for the JSON), and
    what people read of it (one Reader, the record's text in the interface language)."""

    def __init__(self, ds: Dataset, rec: Record) -> None:
        self.ds = ds
        self.reader = Reader(ds)
        self.text = self.reader.text(rec)  # what people read of it, in the interface language
        self.blocks: list[Fields | Section] = []
        self.links: dict[str, list[dict[str, str]]] = {}

    def link(self, name: str, heading: str, records: Sequence[Record]) -> None:
        self.links[name] = [{"id": r.key, "name": r.display_name} for r in records]
        self.blocks.append(Section(f"{heading} ({len(records)})", listing=_mini_listing(self.reader, records)))


def show_document(ds: Dataset, rec: Record) -> Document:
    """One record in full: its fields, its cross-links and its footnotes resolved (one function per
    record type below, a country's being its own document)."""
    if isinstance(rec, Country):
        return country_document(ds, rec)
    shown = _Shown(ds, rec)
    data: dict[str, Any] = {"collection": rec.collection, "record": rec.to_dict()}
    if ds.has_user_data:
        data["origin"] = "user" if ds.is_user(rec.key) else "brief"
        if ds.is_user(rec.key):
            shown.blocks.append(Fields([(_("From"), _("your own dataset, not the ILO brief"))]))
    for kind, show in _SHOW:
        if isinstance(rec, kind):
            show(shown, rec)
            break
    reader, blocks = shown.reader, shown.blocks
    if isinstance(rec, Source):
        data["links"] = shown.links
        title = _("Footnote {number}").format(number=rec.number)
        return Document(data=data, title=title, blocks=_told_blocks(blocks, reader))
    notes = getattr(rec, "notes", ())
    if notes:
        blocks.append(Section(_("Editors' notes (judgement calls on the brief's words)"), list(shown.text.notes)))
    sources = getattr(rec, "sources", ())
    data["citations"] = citations(ds, sources)
    data["links"] = shown.links
    blocks.append(_citation_section(reader, sources))
    return Document(data=data, title=reader.title(rec), blocks=_told_blocks(blocks, reader))


def _show_example(shown: _Shown, rec: Example) -> None:
    ds, reader, text, blocks, links = shown.ds, shown.reader, shown.text, shown.blocks, shown.links
    blocks.append(
        Fields(
            [
                (_("ID"), rec.id),
                (_("Countries"), reader.names("country", rec.countries)),
                (_("Region"), _regions(rec.region)),
                (_("Level"), vocab.shown("level", rec.level)),
                (_("Dialogue type"), vocab.shown("dialogue type", rec.dialogue_type)),
                (_("Theme"), vocab.shown("theme", rec.theme)),
                (_("Years"), _years(rec.years)),
                (_("Sectors"), reader.names("sector", rec.sectors)),
                (_("Actors"), list(rec.actors)),
                (_("Forms of dialogue"), ", ".join(vocab.shown("form", f) for f in rec.forms)),
                (_("Parties"), [vocab.shown("party", p) for p in rec.parties]),
            ]
        )
    )
    blocks.append(Section(_("Summary"), [text.summary]))
    if rec.points:
        blocks.append(Section(_("Key points"), list(text.points)))
    if rec.quote:
        reader.verbatim = True
        blocks.append(Section(_("Quote"), [f"\u201c{rec.quote.text}\u201d \u2014 {rec.quote.by}"]))
    if rec.form_notes:
        blocks.append(
            Section(
                _("Forms of dialogue: the brief's evidence"),
                [labelled(vocab.shown("form", f), n) for f, n in text.form_notes.items()],
            )
        )
    addressed = [
        {"id": c.id, "name": c.name, "evidence": rec.challenge_notes.get(c.id, "")}
        for c in ds.challenges
        if c.id in rec.challenges
    ]
    links["challenges"] = addressed
    evidence = text.challenge_notes
    blocks.append(
        Section(
            _("Challenges addressed ({n})").format(n=len(addressed)),
            listing=Listing(
                data=addressed,
                rows=[
                    {**c, "name": reader.name("challenge", c["id"]), "evidence": evidence.get(c["id"], "")}
                    for c in addressed
                ],
                columns=[("id", _("ID")), ("name", _("Name")), ("evidence", _("Evidence in the brief"))],
                empty_notice=_("none"),
            ),
        )
    )
    if rec.sector_notes:
        blocks.append(
            Section(
                _("Sectors: where the brief names them"),
                [labelled(reader.name("sector", s), n) for s, n in text.sector_notes.items()],
            )
        )
    shown.link(
        "recommendations",
        _("Recommendations it illustrates (named in the recommendation's text, or linked by the dataset's editors)"),
        query.recommendations_citing(ds, rec.id),
    )
    if rec.instruments:
        shown.link("instruments", _("Related instruments"), [i for i in ds.instruments if i.id in rec.instruments])


def _show_challenge(shown: _Shown, rec: Challenge) -> None:
    shown.blocks.append(Section(_("Summary"), [shown.text.summary]))
    shown.link("examples", _("Examples that address it"), query.examples_for_challenge(shown.ds, rec.id))


def _show_recommendation(shown: _Shown, rec: Recommendation) -> None:
    ds, reader, blocks = shown.ds, shown.reader, shown.blocks
    pairs: list[tuple[str, Any]] = [(_("ID"), rec.id), (_("Kind"), vocab.shown("recommendation kind", rec.kind))]
    if rec.parent:
        pairs.append((_("Under"), _refs(reader, [rec.parent])[0]))
    blocks.append(Fields(pairs))
    blocks.append(Section(_("Summary"), [shown.text.summary]))
    children = [r for r in ds.recommendations if r.parent == rec.id]
    if children:
        shown.link("specific_recommendations", _("Specific recommendations"), children)
    shown.link("examples", _("Examples the recommendation names"), _records(ds, rec.examples))
    shown.link(
        "related_examples",
        _("Examples from the brief that illustrate it (editors' reading)"),
        _records(ds, rec.related_examples),
    )
    if rec.instruments:
        shown.link("instruments", _("Instruments"), [i for i in ds.instruments if i.id in rec.instruments])


def _show_instrument(shown: _Shown, rec: Instrument) -> None:
    ds, text = shown.ds, shown.text
    shown.blocks.append(
        Fields(
            [
                (_("ID"), rec.id),
                (_("Kind"), vocab.shown("instrument kind", rec.kind)),
                (_("Number"), rec.number),
                (_("Year"), rec.year),
                *_official(text, "title"),
            ]
        )
    )
    shown.blocks.append(Section(_("Summary"), [text.summary]))
    recs = [r for r in ds.recommendations if rec.id in r.instruments]
    if recs:
        shown.link("recommendations", _("Recommendations that name it"), recs)
    exs = query.examples_for_instrument(ds, rec.id)
    if exs:
        shown.link("examples", _("Examples"), exs)


def _show_framework(shown: _Shown, rec: Framework) -> None:
    text = shown.text
    shown.blocks.append(
        Fields(
            [
                (_("ID"), rec.id),
                (_("Acronym"), rec.acronym),
                (_("Years"), _years(rec.years)),
                *_official(text, "name"),
            ]
        )
    )
    shown.blocks.append(Section(_("Summary"), [text.summary]))


def _show_statistic(shown: _Shown, rec: Statistic) -> None:
    reader = shown.reader
    shown.blocks.append(
        Fields(
            [
                (_("ID"), rec.id),
                (_("Value"), reader.figure(rec)),
                (_("Unit"), shown.text.unit),
                (_("Year"), rec.year),
                (_("Countries"), reader.names("country", rec.countries)),
                (_("Region"), _regions(rec.region)),
            ]
        )
    )


def _show_source(shown: _Shown, rec: Source) -> None:
    cited = query.cited_by(shown.ds, rec.number)
    shown.reader.verbatim = True
    shown.blocks.append(Section(_("Citation"), [rec.citation]))
    shown.links["cited_by"] = [{"id": r.key, "name": r.display_name} for r in cited]
    shown.blocks.append(Section(_("Cited by ({n})").format(n=len(cited)), listing=_mini_listing(shown.reader, cited)))


def _show_reason(shown: _Shown, rec: Reason) -> None:
    shown.blocks.append(Section(_("Summary"), [shown.text.summary]))


def _show_principle(shown: _Shown, rec: Principle) -> None:
    shown.reader.verbatim = True
    shown.blocks.append(Section(_("Principle (quoted)"), [f"\u201c{rec.quote.text}\u201d \u2014 {rec.quote.by}"]))
    shown.blocks.append(Section(_("How States may give it effect"), list(shown.text.actions)))


# each record type's part of show_document (a country is its own document: country_document)
_SHOW: tuple[tuple[type[Any], Callable[[_Shown, Any], None]], ...] = (
    (Example, _show_example),
    (Challenge, _show_challenge),
    (Recommendation, _show_recommendation),
    (Instrument, _show_instrument),
    (Framework, _show_framework),
    (Statistic, _show_statistic),
    (Source, _show_source),
    (Reason, _show_reason),
    (Principle, _show_principle),
)


_OFFICIAL = {"title": N_("Official title"), "name": N_("Official name")}


def _official(text: Any, name: str) -> list[tuple[str, Any]]:
    """The label and reference of a title or name shown in its official translation (none in English)."""
    if isinstance(text, Record) or not text.official(name):
        return []
    return [(_(_OFFICIAL[name]), text.reference)]


def about_document(ds: Dataset) -> Document:
    meta = ds.meta
    reader = Reader(ds)
    reader.verbatim = True  # the ILO's definition, quoted
    counts = ds.counts()
    data = {"meta": meta.to_dict(), "tool_version": __version__, "counts": counts}
    blocks: list[Fields | Section] = [
        Fields(
            [
                (_("Publisher"), meta.publisher),
                (_("Date"), meta.date),
                ("DOI", f"https://doi.org/{meta.doi}" if meta.doi else ""),
                (_("Tool version"), __version__),
                (_("Data version"), meta.data_version),
            ]
        ),
        Section(
            _("Social dialogue, as the ILO defines it"),
            [f"\u201c{meta.definition.text}\u201d \u2014 {meta.definition.by}"],
        ),
        Section(
            _("Records"),
            listing=Listing(
                data=[{"collection": k, "count": v} for k, v in counts.items()],
                rows=[
                    {"collection": pgettext("collection", _COLLECTION_WORDS.get(k, k)), "count": v}
                    for k, v in counts.items()
                ],
                columns=[("collection", _("Collection")), ("count", _("Records"))],
            ),
        ),
    ]
    return Document(data=data, title=meta.title, blocks=_told_blocks(blocks, reader))
