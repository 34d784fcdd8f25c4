"""Build the views that commands print: plain data plus how to show it. No terminal here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import query, vocab
from ._version import __version__
from .dataset import Dataset, Selection
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
    ("id", "ID"),
    ("title", "Title"),
    ("countries", "Countries"),
    ("years", "Years"),
    ("kind", "Type, level"),
]


def _example_row(ex: Example) -> dict[str, Any]:
    row = ex.to_dict()
    row["countries"] = ", ".join(ex.countries) or (
        "region: " + ", ".join(vocab.REGIONS[r] for r in ex.region) if ex.region else "-"
    )
    row["years"] = _years(ex.years)
    row["kind"] = f"{ex.dialogue_type}, {ex.level}"
    return row


def _years(years: Sequence[int]) -> str:
    return ", ".join(str(y) for y in years) if years else "-"


def examples_listing(examples: Sequence[Example], title: str = "") -> Listing:
    """Examples in a listing; a Selection's JSON is streamed from the store (the records are built
    only for a table)."""
    return Listing(
        data=examples.dicts if isinstance(examples, Selection) else [e.to_dict() for e in examples],
        encoded=examples.texts if isinstance(examples, Selection) else None,
        rows=lambda: [_example_row(e) for e in examples],
        columns=EXAMPLE_COLUMNS,
        title=title,
        empty_notice="no examples match",
        fields=list(Example._fields),
    )


COLLECTION_LABELS = {
    "examples": "Examples",
    "challenges": "Challenges",
    "recommendations": "Recommendations",
    "instruments": "Instruments",
    "frameworks": "Frameworks",
    "statistics": "Figures",
    "sources": "Footnotes",
}


def search_view(results: Results, query_text: str, *, explain: bool = False) -> View:
    """Search results: a table of examples (today's shape), of another collection, or grouped by collection."""
    grouped = results.collection == "all"
    data = [h.to_dict(collection=grouped, explain=explain) for h in results.hits]
    title = f"Search: {query_text}"
    empty = f"no {'records' if grouped else COLLECTION_LABELS[results.collection].lower()} match {query_text!r}"
    if explain:
        blocks: list[Fields | Section] = []
        for rank, hit in enumerate(results.hits, 1):
            lines = [_explain_line(note) for note in hit.explain]
            blocks.append(Section(f"{rank}. {hit.record.key} ({hit.score:.1f}): {hit.record.display_name}", lines))
        if not blocks:
            blocks.append(Section("No result", [empty]))
        return Document(data, title, blocks)
    if not grouped:
        return _hits_listing(results.hits, results.collection, title, empty, data)
    sections: list[Fields | Section] = []
    for name in dict.fromkeys(h.collection for h in results.hits):
        hits = [h for h in results.hits if h.collection == name]
        listing = _hits_listing(hits, name, "", empty, [h.to_dict(collection=True) for h in hits])
        sections.append(Section(f"{COLLECTION_LABELS[name]} ({len(hits)})", listing=listing))
    if not sections:
        return Listing(data=[], columns=[("id", "ID")], title=title, empty_notice=empty)
    return Document(data, title, sections)


def _hits_listing(hits: Sequence[Hit], collection: str, title: str, empty: str, data: list[Any]) -> Listing:
    if collection == "examples":
        rows = []
        for hit in hits:
            row = _example_row(hit.example)
            row["score"] = f"{hit.score:.1f}"
            rows.append(row)
        return Listing(
            data=data,
            rows=rows,
            columns=[("score", "Score"), *EXAMPLE_COLUMNS],
            title=title,
            empty_notice=empty,
            fields=["score", "matched", *Example._fields],
        )
    return Listing(
        data=data,
        rows=[{"score": f"{h.score:.1f}", "id": h.record.key, "name": h.record.display_name} for h in hits],
        columns=[("score", "Score"), ("id", "ID"), ("name", "Title")],
        title=title,
        empty_notice=empty,
    )


def _explain_line(note: dict[str, Any]) -> str:
    if "coverage" in note:
        phrase = "; the whole query as a phrase: +25%" if note["phrase"] else ""
        return f"covers {note['coverage']:.0%} of the query's weight{phrase}"
    via = {"word": "the word", "stem": "stem", "phrase": "phrase", "fuzzy": "near spelling"}.get(
        note["via"], note["via"]
    )
    how = f"{via} {note['matched']!r}" if note["via"] != "stem" else f"stem {' '.join(note['stems'])!r}"
    common = ", common" if note["common"] else ""
    return (
        f"{note['query']!r} -> {how} in {', '.join(note['fields'])}: +{note['weight']:.2f} "
        f"(idf {note['idf']:.2f}, strength {note['strength']:.2f}{common})"
    )


def _refs(ds: Dataset, ids: Sequence[str]) -> list[str]:
    out = []
    for ident in ids:
        rec = ds.get(ident)
        out.append(f"{ident}: {rec.display_name}" if rec is not None else ident)
    return out


def citations(ds: Dataset, numbers: Sequence[int]) -> list[dict[str, Any]]:
    return [{"number": n, "citation": src.citation} for n in numbers if (src := ds.source(n)) is not None]


def _citation_section(ds: Dataset, numbers: Sequence[int]) -> Section:
    cites = citations(ds, numbers)
    lines = [f"[{c['number']}] {c['citation']}" for c in cites] or ["(the brief gives no footnote for this)"]
    return Section("Sources (footnotes of the brief)", lines)


def _mini_listing(records: Sequence[Record], empty: str = "none") -> Listing:
    return Listing(
        data=[{"id": r.key, "name": r.display_name} for r in records],
        columns=[("id", "ID"), ("name", "Name")],
        empty_notice=empty,
    )


def country_document(ds: Dataset, country: Country) -> Document:
    parts = query.country_view(ds, country)
    data = {
        "country": country.to_dict(),
        "examples": Records(parts["examples"].dicts, parts["examples"].texts),
        "related_examples": Records(parts["related_examples"].dicts, parts["related_examples"].texts),
        "statistics": [s.to_dict() for s in parts["statistics"]],
    }
    region = vocab.REGIONS[country.region]
    blocks: list[Fields | Section] = [
        Fields(
            [
                ("ID", country.id),
                ("ISO codes", f"{country.iso2} / {country.iso3}"),
                ("ILO region", region),
                ("Also known as", ", ".join(country.aliases)),
            ]
        ),
        Section(f"Examples in {country.name} ({len(parts['examples'])})", listing=examples_listing(parts["examples"])),
        Section(
            f"Regional, interregional and bilateral examples involving {region} ({len(parts['related_examples'])})",
            listing=examples_listing(parts["related_examples"]),
        ),
    ]
    if parts["statistics"]:
        blocks.append(Section("Statistics", listing=statistics_listing(parts["statistics"])))
    lines = [f"[{c['number']}] {c['citation']}" for c in citations(ds, query.footnotes_cited(ds, country))]
    blocks.append(Section("Footnotes cited by these examples", lines or ["(none)"]))
    return Document(data=data, title=f"{country.name} — {region}", blocks=blocks)


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
    blocks: list[Fields | Section] = [
        Fields([("Region id", region)]),
        Section(
            f"Countries ({len(parts['countries'])})",
            listing=Listing(
                data=[c.to_dict() for c in parts["countries"]],
                rows=[{"id": c.id, "name": c.name, "example_count": counts[c.name]} for c in parts["countries"]],
                columns=[("id", "ID"), ("name", "Country"), ("example_count", "Examples")],
                empty_notice="none",
            ),
        ),
        Section(f"Examples ({len(parts['examples'])})", listing=examples_listing(parts["examples"])),
    ]
    if parts["statistics"]:
        blocks.append(Section("Statistics", listing=statistics_listing(parts["statistics"])))
    return Document(data=data, title=vocab.REGIONS[region], blocks=blocks)


def countries_listing(ds: Dataset) -> Listing:
    counts = query.example_counts(ds, "country")
    data = [{**c.to_dict(), "example_count": counts.get(c.name, 0)} for c in ds.countries]
    rows = [{**d, "region": vocab.REGIONS[d["region"]], "aliases": ", ".join(d["aliases"])} for d in data]
    return Listing(
        data=data,
        rows=rows,
        title="Countries named in the brief",
        columns=[
            ("id", "ID"),
            ("name", "Country"),
            ("iso2", "ISO2"),
            ("iso3", "ISO3"),
            ("region", "ILO region"),
            ("example_count", "Examples"),
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
        title="ILO regions",
        columns=[("id", "ID"), ("name", "Region"), ("country_count", "Countries"), ("example_count", "Examples")],
    )


def challenges_listing(ds: Dataset) -> Listing:
    data = [c.to_dict() for c in ds.challenges]
    counts = query.example_counts(ds, "challenge")
    rows = [{**d, "count": counts.get(d["id"], 0)} for d in data]
    return Listing(
        data=data,
        rows=rows,
        title="Common labour migration challenges",
        columns=[("id", "ID"), ("name", "Challenge"), ("count", "Examples"), ("sources", "Footnotes")],
    )


def recommendations_listing(ds: Dataset) -> Document:
    """The recommendations, each with the examples that illustrate it (JSON: the records)."""
    blocks: list[Fields | Section] = []
    number = sub = 0
    for rec in ds.recommendations:
        if rec.kind == "main":
            number += 1
            sub = 0
            heading = f"{number}. {rec.title}  [{rec.id}]"
        else:
            sub += 1
            heading = f"{number}.{sub} {rec.title}  [{rec.id}]"
        lines = [f"named in its text: {i}: {_title(ds, i)}" for i in rec.examples]
        lines += [f"editors' reading: {i}: {_title(ds, i)}" for i in rec.related_examples]
        if rec.instruments:
            lines.append("instruments: " + ", ".join(rec.instruments))
        blocks.append(Section(heading, lines or ["(no example in the brief)"]))
    return Document(data=[r.to_dict() for r in ds.recommendations], title="Recommendations of the brief", blocks=blocks)


def _records(ds: Dataset, ids: Sequence[str]) -> list[Record]:
    return [rec for i in ids if (rec := ds.get(i)) is not None]


def _title(ds: Dataset, ident: str) -> str:
    rec = ds.get(ident)
    return rec.display_name if rec is not None else ident


def instruments_listing(ds: Dataset) -> Listing:
    data = [i.to_dict() for i in ds.instruments]
    rows = [{**d, "kind": vocab.INSTRUMENT_KINDS[d["kind"]]} for d in data]
    return Listing(
        data=data,
        rows=rows,
        title="ILO instruments, resolutions and frameworks",
        columns=[("id", "ID"), ("kind", "Kind"), ("number", "No."), ("year", "Year"), ("title", "Title")],
    )


def frameworks_listing(ds: Dataset) -> Listing:
    data = [f.to_dict() for f in ds.frameworks]
    return Listing(
        data=data,
        title="Multilateral frameworks and platforms",
        columns=[("id", "ID"), ("acronym", "Acronym"), ("name", "Name"), ("years", "Years")],
    )


def sources_listing(sources: Sequence[Source]) -> Listing:
    return Listing(
        data=[s.to_dict() for s in sources],
        title="Footnotes of the brief",
        columns=[("number", "No."), ("citation", "Citation")],
    )


def statistics_listing(stats: Sequence[Statistic], title: str = "") -> Listing:
    data = [s.to_dict() for s in stats]
    rows = []
    for stat in stats:
        row = stat.to_dict()
        row["value"] = stat.figure
        rows.append(row)
    return Listing(
        data=data,
        rows=rows,
        title=title,
        columns=[
            ("id", "ID"),
            ("label", "Figure"),
            ("value", "Value"),
            ("unit", "Unit"),
            ("year", "Year"),
            ("sources", "Footnotes"),
        ],
    )


def timeline_listing(entries: Sequence[tuple[int, Sequence[Record]]]) -> Listing:
    """What happened, in year order: one row per instrument, framework or example and year."""
    data = [
        {"year": year, "items": [{"collection": r.collection, "id": r.key, "name": r.display_name} for r in items]}
        for year, items in entries
    ]
    kinds = {"instruments": "ILO", "frameworks": "UN/global", "examples": "example"}
    rows = [
        {"year": year, "kind": kinds.get(r.collection, r.collection), "id": r.key, "name": r.display_name}
        for year, items in entries
        for r in items
    ]
    return Listing(
        data=data,
        rows=rows,
        title="Timeline",
        columns=[("year", "Year"), ("kind", "Kind"), ("id", "ID"), ("name", "What happened")],
        empty_notice="nothing dated matches",
    )


def related_listing(scored: Sequence[tuple[Example, float, list[str]]], base: str) -> Listing:
    data = [{"score": score, "reasons": reasons, **ex.to_dict()} for ex, score, reasons in scored]
    rows = [
        {"id": ex.id, "title": ex.title, "score": f"{score:g}", "reasons": "; ".join(reasons)}
        for ex, score, reasons in scored
    ]
    return Listing(
        data=data,
        rows=rows,
        title=f"Examples related to {base}",
        columns=[("score", "Score"), ("id", "ID"), ("title", "Title"), ("reasons", "Why")],
        empty_notice="no related examples",
    )


def facet_listing(counts: Sequence[tuple[Any, int]], by: str, ds: Dataset | None = None, total: int = 0) -> Listing:
    """Counts for a facet as a bar chart; a closed vocabulary lists its values with no example too.

    The title says how many examples were counted: an example with several values (two regions,
    three challenges) counts under each, and one with none under none.
    """
    names: dict[str, str] = {
        "region": vocab.REGIONS,
        "type": vocab.DIALOGUE_TYPES,
        "level": vocab.LEVELS,
        "theme": vocab.THEMES,
        "form": vocab.FORMS,
        "party": vocab.PARTIES,
    }.get(by, {})
    if by == "challenge" and ds is not None:
        names = {c.id: c.name for c in ds.challenges}
    full = list(counts) + [(v, 0) for v in names if v not in {c for c, _ in counts}]
    data = [{"value": v, "label": names.get(v, str(v)), "count": n} for v, n in full]
    top = max((n for _, n in full), default=0)
    rows = [{**d, "bar": "\u2588" * round(30 * d["count"] / top) if top else ""} for d in data]
    caption = f"{total} examples; one with several values counts under each" if total else ""
    return Listing(
        data=data,
        rows=rows,
        title=f"Examples by {by}",
        caption=caption,
        columns=[("label", by.capitalize()), ("count", "Examples"), ("bar", "")],
        empty_notice="no examples match",
    )


def overview_document(ds: Dataset) -> Document:
    """One screen: records per collection and the examples by region, dialogue type and level."""
    counts = ds.counts()
    blocks: list[Fields | Section] = [
        Fields([(name.capitalize(), n) for name, n in counts.items()]),
    ]
    data: dict[str, Any] = {"counts": counts, "facets": {}}
    for by in ("region", "type", "level", "theme"):
        facet = query.facet_counts(ds, by)
        data["facets"][by] = {str(v): n for v, n in facet}
        blocks.append(Section(f"Examples by {by}", listing=facet_listing(facet, by)))
    return Document(data=data, title=f"{ds.meta.title}: the dataset at a glance", blocks=blocks)


def show_document(ds: Dataset, rec: Record) -> Document:
    """One record in full: its fields, its cross-links and its footnotes resolved."""
    links: dict[str, list[dict[str, str]]] = {}
    blocks: list[Fields | Section] = []
    data: dict[str, Any] = {"collection": rec.collection, "record": rec.to_dict()}

    def link(name: str, heading: str, records: Sequence[Record]) -> None:
        links[name] = [{"id": r.key, "name": r.display_name} for r in records]
        blocks.append(Section(f"{heading} ({len(records)})", listing=_mini_listing(records)))

    if ds.has_user_data:
        data["origin"] = "user" if ds.is_user(rec.key) else "brief"
        if ds.is_user(rec.key):
            blocks.append(Fields([("From", "your own dataset, not the ILO brief")]))
    if isinstance(rec, Example):
        blocks.append(
            Fields(
                [
                    ("ID", rec.id),
                    ("Countries", ", ".join(rec.countries)),
                    ("Region", ", ".join(vocab.REGIONS[r] for r in rec.region)),
                    ("Level", vocab.LEVELS[rec.level]),
                    ("Dialogue type", vocab.DIALOGUE_TYPES[rec.dialogue_type]),
                    ("Theme", vocab.THEMES[rec.theme]),
                    ("Years", _years(rec.years)),
                    ("Sectors", ", ".join(rec.sectors)),
                    ("Actors", list(rec.actors)),
                    ("Forms of dialogue", ", ".join(vocab.FORMS.get(f, f) for f in rec.forms)),
                    ("Parties", [vocab.PARTIES.get(p, p) for p in rec.parties]),
                ]
            )
        )
        blocks.append(Section("Summary", [rec.summary]))
        if rec.points:
            blocks.append(Section("Key points", list(rec.points)))
        if rec.quote:
            blocks.append(Section("Quote", [f"\u201c{rec.quote.text}\u201d \u2014 {rec.quote.by}"]))
        if rec.form_notes:
            blocks.append(
                Section(
                    "Forms of dialogue: the brief's evidence",
                    [f"{vocab.FORMS.get(f, f)}: {n}" for f, n in rec.form_notes.items()],
                )
            )
        addressed = [
            {"id": c.id, "name": c.name, "evidence": rec.challenge_notes.get(c.id, "")}
            for c in ds.challenges
            if c.id in rec.challenges
        ]
        links["challenges"] = addressed
        blocks.append(
            Section(
                f"Challenges addressed ({len(addressed)})",
                listing=Listing(
                    data=addressed,
                    columns=[("id", "ID"), ("name", "Name"), ("evidence", "Evidence in the brief")],
                    empty_notice="none",
                ),
            )
        )
        if rec.sector_notes:
            blocks.append(
                Section("Sectors: where the brief names them", [f"{s}: {n}" for s, n in rec.sector_notes.items()])
            )
        link(
            "recommendations",
            "Recommendations it illustrates (named in the recommendation's text, or linked by the dataset's editors)",
            query.recommendations_citing(ds, rec.id),
        )
        if rec.instruments:
            link("instruments", "Related instruments", [i for i in ds.instruments if i.id in rec.instruments])
    elif isinstance(rec, Challenge):
        blocks.append(Section("Summary", [rec.summary]))
        link("examples", "Examples that address it", query.examples_for_challenge(ds, rec.id))
    elif isinstance(rec, Recommendation):
        pairs: list[tuple[str, Any]] = [("ID", rec.id), ("Kind", vocab.RECOMMENDATION_KINDS[rec.kind])]
        if rec.parent:
            pairs.append(("Under", _refs(ds, [rec.parent])[0]))
        blocks.append(Fields(pairs))
        blocks.append(Section("Summary", [rec.summary]))
        children = [r for r in ds.recommendations if r.parent == rec.id]
        if children:
            link("specific_recommendations", "Specific recommendations", children)
        link("examples", "Examples the recommendation names", _records(ds, rec.examples))
        link(
            "related_examples",
            "Examples from the brief that illustrate it (editors' reading)",
            _records(ds, rec.related_examples),
        )
        if rec.instruments:
            link("instruments", "Instruments", [i for i in ds.instruments if i.id in rec.instruments])
    elif isinstance(rec, Instrument):
        blocks.append(
            Fields(
                [("ID", rec.id), ("Kind", vocab.INSTRUMENT_KINDS[rec.kind]), ("Number", rec.number), ("Year", rec.year)]
            )
        )
        blocks.append(Section("Summary", [rec.summary]))
        recs = [r for r in ds.recommendations if rec.id in r.instruments]
        if recs:
            link("recommendations", "Recommendations that name it", recs)
        exs = query.examples_for_instrument(ds, rec.id)
        if exs:
            link("examples", "Examples", exs)
    elif isinstance(rec, Framework):
        blocks.append(Fields([("ID", rec.id), ("Acronym", rec.acronym), ("Years", _years(rec.years))]))
        blocks.append(Section("Summary", [rec.summary]))
    elif isinstance(rec, Statistic):
        blocks.append(
            Fields(
                [
                    ("ID", rec.id),
                    ("Value", rec.figure),
                    ("Unit", rec.unit),
                    ("Year", rec.year),
                    ("Countries", ", ".join(rec.countries)),
                    ("Region", ", ".join(vocab.REGIONS[r] for r in rec.region)),
                ]
            )
        )
    elif isinstance(rec, Country):
        return country_document(ds, rec)
    elif isinstance(rec, Source):
        cited = query.cited_by(ds, rec.number)
        blocks.append(Section("Citation", [rec.citation]))
        links["cited_by"] = [{"id": r.key, "name": r.display_name} for r in cited]
        blocks.append(Section(f"Cited by ({len(cited)})", listing=_mini_listing(cited)))
        data["links"] = links
        return Document(data=data, title=f"Footnote {rec.number}", blocks=blocks)
    elif isinstance(rec, Reason):
        blocks.append(Section("Summary", [rec.summary]))
    elif isinstance(rec, Principle):
        blocks.append(Section("Principle (quoted)", [f"\u201c{rec.quote.text}\u201d \u2014 {rec.quote.by}"]))
        blocks.append(Section("How States may give it effect", list(rec.actions)))
    notes = getattr(rec, "notes", ())
    if notes:
        blocks.append(Section("Editors' notes (judgement calls on the brief's words)", list(notes)))
    sources = getattr(rec, "sources", ())
    data["citations"] = citations(ds, sources)
    data["links"] = links
    blocks.append(_citation_section(ds, sources))
    return Document(data=data, title=rec.display_name, blocks=blocks)


def about_document(ds: Dataset) -> Document:
    meta = ds.meta
    counts = ds.counts()
    data = {"meta": meta.to_dict(), "tool_version": __version__, "counts": counts}
    blocks: list[Fields | Section] = [
        Fields(
            [
                ("Publisher", meta.publisher),
                ("Date", meta.date),
                ("DOI", f"https://doi.org/{meta.doi}" if meta.doi else ""),
                ("Tool version", __version__),
                ("Data version", meta.data_version),
            ]
        ),
        Section(
            "Social dialogue, as the ILO defines it",
            [f"\u201c{meta.definition.text}\u201d \u2014 {meta.definition.by}"],
        ),
        Section(
            "Records",
            listing=Listing(
                data=[{"collection": k, "count": v} for k, v in counts.items()],
                columns=[("collection", "Collection"), ("count", "Records")],
            ),
        ),
    ]
    return Document(data=data, title=meta.title, blocks=blocks)
