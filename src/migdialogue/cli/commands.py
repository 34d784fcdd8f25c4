"""The commands: each parses its arguments, calls one core function and emits its view."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from ..errors import EXIT_INVALID_DATA, UsageError
from ..i18n import N_, _, ngettext, requested
from ..render import clean

if TYPE_CHECKING:
    from ..dataset import Dataset

from .app import WordsCommand, _words, command
from .options import (
    NO_DATA,
    NO_FILTERS,
    NO_OUTPUT,
    CiteStyle,
    DataArgs,
    ExportFormat,
    Facet,
    FilterArgs,
    NoColorOpt,
    OutputArgs,
    SearchIn,
    _complete_countries,
    _complete_examples,
    _complete_ids,
    _complete_regions,
    _complete_subjects,
    _joined,
    filter_args,
    with_data,
    with_filters,
    with_output,
    with_output_context,
)
from .output import Output, _say, emit


def _flags(notice: str) -> str:
    """A notice with each filter it names in backquotes written as its flag (`type` -> --type)."""
    import re

    return re.sub(r"`([a-z_]+)`", lambda m: "--" + m.group(1).replace("_", "-"), notice)


@command("list")
@with_filters
@with_output
@with_data
def list_cmd(
    term: Output,
    filters: FilterArgs = NO_FILTERS,
    out: OutputArgs = NO_OUTPUT,
    source: DataArgs = NO_DATA,
) -> None:
    """List the examples of social dialogue, filtered.

    Filters combine with AND; a repeated option combines with OR.

    Example: migdialogue list --region "Arab States" --type bipartite
    """
    from ..query import select_examples
    from ..views import examples_listing

    fmt = out.format()
    ds = source.load()
    chosen = filters.resolve(ds)
    emit(term, lambda: examples_listing(ds, select_examples(ds, chosen), _("Examples")), fmt, out)


def _complete_collections(incomplete: str) -> list[str]:
    from ..store import SEARCHABLE

    return [c for c in ("all", *SEARCHABLE) if c.startswith(incomplete.lower())]


@command(cls=WordsCommand)
@with_filters
@with_output
@with_data
def search(
    term: Output,
    query: Annotated[
        list[str] | None,
        typer.Argument(
            help=N_("Words to look for (no quotes needed); '\"a phrase\"' must appear as one; -word excludes.")
        ),
    ] = None,
    collection: Annotated[
        SearchIn,
        typer.Option("--in", help=N_("Where to look."), case_sensitive=False, autocompletion=_complete_collections),
    ] = "examples",
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help=N_("At most this many results (0: all)."))] = 10,
    min_score: Annotated[
        float, typer.Option("--min-score", min=0, max=100, help=N_("Only results scoring at least this (0-100)."))
    ] = 0.0,
    explain: Annotated[
        bool, typer.Option("--explain", help=N_("Show which query words matched which field, how, and their weights."))
    ] = False,
    filters: FilterArgs = NO_FILTERS,
    out: OutputArgs = NO_OUTPUT,
    source: DataArgs = NO_DATA,
) -> None:
    """Search the brief in your own words, in English, French or Spanish; ranked, typo-tolerant.

    Words are matched through their stems (farming finds farm), the search lexicon's synonyms
    and translations (hotels finds hospitality; travailleurs domestiques finds domestic work)
    and places (Latin America finds its countries). Each result has a score from 0 to 100.
    '"a phrase"' in single quotes must appear as a phrase; -word leaves out records with it.
    Filters select examples; --in all also searches the other collections.

    Example: migdialogue search nurses recruited from abroad
    """
    from ..fulltext import search as run_search
    from ..views import search_view

    fmt = out.format()
    text = _words(query)
    if not query:
        if not sys.stdin.isatty():
            raise UsageError(_("search needs a QUERY (for example: migdialogue search domestic work)"))
        text = typer.prompt(_("Search for"))
    if not text.strip():
        raise UsageError(_("the search query is empty"))
    ds = source.load()
    chosen = filters.resolve(ds)
    results = run_search(ds, text, chosen, limit=limit, min_score=min_score, collection=collection, explain=explain)
    for notice in results.notices:
        _say(_("note: {message}").format(message=_flags(notice)))
    emit(term, lambda: search_view(ds, results, text, explain=explain), fmt, out)


@command()
@with_output
@with_data
def country(
    term: Output,
    name: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME",
            help=N_("Country name, alias or ISO code (no quotes needed)."),
            autocompletion=_complete_countries,
        ),
    ],
    out: OutputArgs = NO_OUTPUT,
    source: DataArgs = NO_DATA,
) -> None:
    """One country: codes, ILO region, its examples, the cross-border examples of its region, its statistics.

    Example: migdialogue country Jordan
    """
    from ..query import find_country
    from ..views import country_document

    fmt = out.format()
    ds = source.load()
    found = find_country(ds, _joined(name))
    emit(term, lambda: country_document(ds, found), fmt, out)


@command()
@with_output
@with_data
def countries(
    term: Output,
    out: OutputArgs = NO_OUTPUT,
    source: DataArgs = NO_DATA,
) -> None:
    """Every country the brief names, with its ILO region and number of examples.

    Example: migdialogue countries --format csv
    """
    from ..views import countries_listing

    fmt = out.format()
    ds = source.load()
    emit(term, lambda: countries_listing(ds), fmt, out)


@command()
@with_output
@with_data
def region(
    term: Output,
    name: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME",
            help=N_("ILO region: Africa, Americas, Arab States, Asia and the Pacific, Europe (and Central Asia)."),
            autocompletion=_complete_regions,
        ),
    ],
    out: OutputArgs = NO_OUTPUT,
    source: DataArgs = NO_DATA,
) -> None:
    """One ILO region: its countries, its examples and its statistics.

    Example: migdialogue region Arab States
    """
    from ..query import find_region
    from ..views import region_document

    fmt = out.format()
    ds = source.load()
    found = find_region(_joined(name), ds)
    emit(term, lambda: region_document(ds, found), fmt, out)


@command()
@with_output
@with_data
def regions(
    term: Output,
    out: OutputArgs = NO_OUTPUT,
    source: DataArgs = NO_DATA,
) -> None:
    """The five ILO regions with their numbers of countries and examples.

    Example: migdialogue regions
    """
    from ..views import regions_listing

    fmt = out.format()
    ds = source.load()
    emit(term, lambda: regions_listing(ds), fmt, out)


@command()
@with_output
@with_data
def show(
    term: Output,
    ident: Annotated[
        str,
        typer.Argument(metavar="ID", help=N_("Any record id (or a footnote number)."), autocompletion=_complete_ids),
    ],
    out: OutputArgs = NO_OUTPUT,
    source: DataArgs = NO_DATA,
) -> None:
    """One record in full, with its footnotes resolved and its cross-links.

    Example: migdialogue show jordan-garment-collective-agreement-2022
    """
    from ..query import find_record
    from ..views import show_document

    fmt = out.format()
    ds = source.load()
    found = find_record(ds, ident)
    emit(term, lambda: show_document(ds, found), fmt, out)


def _collection_command(name: str, listing: str, doc: str) -> None:
    @with_output
    @with_data
    def collection_command(
        term: Output,
        ident: Annotated[str | None, typer.Argument(metavar="[ID]", help=N_("Show one record in full."))] = None,
        out: OutputArgs = NO_OUTPUT,
        source: DataArgs = NO_DATA,
    ) -> None:
        from .. import views
        from ..query import find_in

        fmt = out.format()
        ds = source.load()
        if ident is None:
            emit(term, lambda: getattr(views, listing)(ds), fmt, out)
            return
        found = find_in(ds, name, ident)
        emit(term, lambda: views.show_document(ds, found), fmt, out)

    collection_command.__doc__ = doc
    command(name)(collection_command)


_collection_command(
    "challenges",
    "challenges_listing",
    "The common labour migration challenges, or one with the examples that address it.\n\n"
    "Example: migdialogue challenges gender",
)
_collection_command(
    "recommendations",
    "recommendations_listing",
    "The brief's recommendations with the examples that illustrate each, or one in full.\n\n"
    "Example: migdialogue recommendations",
)
_collection_command(
    "frameworks",
    "frameworks_listing",
    "The multilateral frameworks and platforms (2030 Agenda, GCM, GCR, GFMD ...), or one in full.\n\n"
    "Example: migdialogue frameworks gcm",
)
_collection_command(
    "instruments",
    "instruments_listing",
    "The ILO conventions, recommendations, resolutions and frameworks the brief names.\n\n"
    "Example: migdialogue instruments c097",
)


@command()
@with_output
@with_data
def sources(
    term: Output,
    number: Annotated[int | None, typer.Argument(help=N_("One footnote number."))] = None,
    out: OutputArgs = NO_OUTPUT,
    source: DataArgs = NO_DATA,
) -> None:
    """The brief's footnotes, or one with the records that cite it.

    Example: migdialogue sources 44
    """
    from ..query import find_source
    from ..views import show_document, sources_listing

    fmt = out.format()
    ds = source.load()
    if number is None:
        emit(term, lambda: sources_listing(ds, ds.sources), fmt, out)
        return
    found = find_source(ds, number)
    emit(term, lambda: show_document(ds, found), fmt, out)


@command()
@with_filters
@with_output
@with_data
def stats(
    term: Output,
    overview: Annotated[
        bool, typer.Option("--overview", help=N_("One screen: records per collection and facets."))
    ] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help=N_("Shortcut for --format csv."))] = False,
    by: Annotated[
        Facet | None, typer.Option("--by", help=N_("Count the examples by a facet."), case_sensitive=False)
    ] = None,
    filters: FilterArgs = NO_FILTERS,
    out: OutputArgs = NO_OUTPUT,
    source: DataArgs = NO_DATA,
) -> None:
    """The figures the brief states; with --by, counts of the examples by a facet.

    Example: migdialogue stats --by region
    """
    from .. import query, views

    fmt = "csv" if as_csv and not out.as_json else out.format()
    ds = source.load()
    if overview:
        emit(term, lambda: views.overview_document(ds), fmt, out)
        return
    if by is None:
        others = filters._replace(country=None, region=None)
        if any(value not in (None, []) for value in others):
            raise UsageError(
                _("the brief's figures can be filtered by --country and --region only; use --by for counts")
            )
        figures = query.stated_figures(ds, filters.resolve(ds))
        emit(term, lambda: views.statistics_listing(ds, figures, _("Figures stated in the brief")), fmt, out)
        return
    chosen = filters.resolve(ds)
    facet = by.strip().lower()
    if facet not in query.FACETS:
        raise UsageError(_("--by {value!r}: choose one of {choices}").format(value=by, choices=", ".join(query.FACETS)))
    total = query.example_total(ds, chosen)
    counts = query.facet_counts(ds, facet, chosen)
    emit(term, lambda: views.facet_listing(counts, facet, ds, total), fmt, out)


@command()
@with_output
@with_data
def about(
    term: Output,
    out: OutputArgs = NO_OUTPUT,
    source: DataArgs = NO_DATA,
) -> None:
    """The brief (title, date, DOI), the tool and data versions, and the records per collection.

    Example: migdialogue about
    """
    from ..views import about_document

    fmt = out.format()
    ds = source.load()
    emit(term, lambda: about_document(ds), fmt, out)


@command()
@with_filters
@with_data
def export(
    term: Output,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help=N_("What to write."), case_sensitive=False)
    ] = "json",
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help=N_("Write to this file (sqlite needs one, html on a terminal too).")),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=N_("Overwrite an existing --output file."))] = False,
    collection: Annotated[str, typer.Option("--collection", help=N_("For csv: the collection to write."))] = "examples",
    bom: Annotated[
        bool | None,
        typer.Option(
            "--bom/--no-bom",
            help=N_("For csv: begin with a byte-order mark, for Excel (the default for a file, not for stdout)."),
            show_default=False,
        ),
    ] = None,
    filters: FilterArgs = NO_FILTERS,
    source: DataArgs = NO_DATA,
) -> None:
    """The whole dataset (or the examples a filter keeps, with every other collection).

    json and yaml: one object with 'meta' and one list per collection; jsonl: a first line with
    the metadata (collection 'meta'), then one line per record with its collection; csv: one
    collection (--collection), lists as JSON arrays in their cell, with a byte-order mark in a file
    (for Excel; --no-bom leaves it out); sqlite: the CSV's columns, one table per collection and
    per vocabulary, a link table per list field, foreign keys; datapackage: a folder (--output DIR)
    with those tables as CSV and a Frictionless datapackage.json; html: one self-contained page
    to open in any browser, offline (every record, search and filters). An existing file is never
    overwritten without --force, and files are written atomically.

    Example: migdialogue export --format html --output brief.html
    """
    from .. import exporting
    from ..query import filter_examples

    if fmt not in exporting.FORMATS:
        raise UsageError(
            _("--format {value!r}: export writes {choices}").format(value=fmt, choices=", ".join(exporting.FORMATS))
        )
    ds = source.load()
    chosen = filters.resolve(ds)
    keep = None if chosen.is_empty() else {e.id for e in filter_examples(ds, chosen)}
    if fmt == "html":
        _export_page(term, ds, keep, chosen, output, force)
        return
    whole = exporting.subset(ds, keep)
    if fmt == "datapackage":
        _export_package(whole, output, force)
    elif output is None:
        if fmt == "sqlite":
            raise UsageError(_("--format sqlite needs --output FILE"))
        text = exporting.to_text(whole, fmt, collection=collection, ascii_only=not term.encodes_everything())
        term.write(("\ufeff" if bom and fmt == "csv" else "") + text, exact=True)
    else:
        _export_file(whole, fmt, output, force=force, collection=collection, bom=bom)


def _export_file(
    whole: dict[str, Any], fmt: str, output: str, *, force: bool, collection: str, bom: bool | None
) -> None:
    """Any other format, into a file (written atomically)."""
    from .. import exporting

    # a byte-order mark by default in a file, not in what names stdout or a pipe (--output /dev/stdout)
    in_file = not os.path.exists(output) or os.path.isfile(output)
    exporting.export(whole, fmt, output, force=force, collection=collection, bom=in_file if bom is None else bom)
    _say(_("wrote {file}").format(file=output))


def _export_page(
    term: Output, ds: Dataset, keep: set[str] | None, chosen: Any, output: str | None, force: bool
) -> None:
    """The self-contained web page, to a file or to stdout (not a terminal)."""
    from .. import exporting

    if output is None and term.terminal:
        raise UsageError(_("--format html writes a web page: add --output FILE (or redirect it to a file)"))
    text = exporting.html_page(ds, keep, chosen, default=requested())
    if output is None:
        term.write_utf8(text)  # the page says it is UTF-8
        return
    exporting.export_text(text, output, force=force)
    _say(
        _("wrote {file} ({size} KB); open it in a browser").format(file=output, size=len(text.encode("utf-8")) // 1024)
    )


def _export_package(whole: dict[str, Any], output: str | None, force: bool) -> None:
    """The Frictionless data package: a folder."""
    from .. import exporting

    if output is None:
        raise UsageError(_("--format datapackage writes a folder: add --output DIR"))
    names = exporting.write_datapackage(whole, output, force=force)
    _say(_("wrote {folder}: datapackage.json and {n} CSV files").format(folder=output, n=len(names) - 1))


@command()
@with_filters
@with_output
@with_data
def timeline(
    term: Output,
    examples_only: Annotated[
        bool, typer.Option("--examples-only", help=N_("Leave out instruments and frameworks."))
    ] = False,
    filters: FilterArgs = NO_FILTERS,
    out: OutputArgs = NO_OUTPUT,
    source: DataArgs = NO_DATA,
) -> None:
    """ILO instruments, frameworks and examples in year order, one line a year.

    Filters select the examples; an example appears under each year the brief gives for it.

    Example: migdialogue timeline --region africa
    """
    from ..query import timeline as build_timeline
    from ..views import timeline_listing

    fmt = out.format()
    ds = source.load()
    chosen = filters.resolve(ds)
    entries = build_timeline(ds, chosen, examples_only=examples_only)
    emit(term, lambda: timeline_listing(ds, entries), fmt, out)


@command()
@with_output
@with_data
def related(
    term: Output,
    ident: Annotated[str, typer.Argument(metavar="ID", help=N_("An example id."), autocompletion=_complete_examples)],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help=N_("At most this many."))] = 5,
    out: OutputArgs = NO_OUTPUT,
    source: DataArgs = NO_DATA,
) -> None:
    """The examples most similar to one, each with the reasons (shared country, challenge, sector ...).

    Example: migdialogue related jordan-garment-collective-agreement-2022
    """
    from ..query import related as find_related
    from ..views import related_listing

    fmt = out.format()
    ds = source.load()
    found = find_related(ds, ident, limit)
    emit(term, lambda: related_listing(ds, found, ident), fmt, out)


@command()
@with_filters
@with_data
def brief(
    term: Output,
    subject: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[SUBJECT]...",
            help=N_(
                "Countries, ILO regions, challenges, sectors, themes or instruments (no quotes needed; "
                "commas separate names of several words)."
            ),
            autocompletion=_complete_subjects,
        ),
    ] = None,
    search_text: Annotated[
        str | None, typer.Option("--search", help=N_("Only the examples a search for these words finds."))
    ] = None,
    filters: FilterArgs = NO_FILTERS,
    fmt: Annotated[str, typer.Option("--format", "-f", help=N_("markdown or text."))] = "markdown",
    full: Annotated[
        bool, typer.Option("--full", help=N_("Every summary, challenge and figure (several pages)."))
    ] = False,
    no_color: NoColorOpt = False,
    source: DataArgs = NO_DATA,
) -> None:
    """A one-page briefing note (about 500 words) on a topic: its examples one line each, the
    challenges and recommendations that apply, key figures and the sources in the brief.

    The topic is one or more subjects (any of them), narrowed by the filters of list and by
    --search (all of them); or the filters and search alone. On a terminal the Markdown is shown
    formatted; piped or redirected it is plain Markdown (or text) wrapped at 80 columns, or at
    COLUMNS, ready for pandoc (DOCX, HTML, PDF). References are the brief's footnote numbers in
    brackets, [44, 45], with one list of the sources.

    Example: migdialogue brief --sector care --sector health > care.md
    """
    kind = fmt.strip().lower()
    if kind not in ("markdown", "md", "text"):
        raise UsageError(_("--format {value!r}: brief writes markdown or text").format(value=fmt))
    ds = source.load()
    note = _brief_note(ds, list(subject or []), filters.resolve(ds), (search_text or "").strip())
    for notice in note.notices:
        _say(_("note: {notice}").format(notice=notice))
    _brief_hints(note, full)
    _write_brief(term, ds, note, markdown=kind != "text", full=full, no_color=no_color)


def _brief_note(ds: Dataset, words: list[str], chosen: Any, text: str) -> Any:
    """The briefing note on the subjects, narrowed by the filters and the search (one of them at least)."""
    from .. import briefing

    if not words and chosen.is_empty() and not text:
        raise UsageError(
            _(
                "brief needs a subject, a filter or --search (for example: migdialogue brief Jordan, "
                "migdialogue brief --sector care)"
            )
        )
    return briefing.build(ds, briefing.split_subjects(ds, words), filters=chosen, search=text)


def _write_brief(term: Output, ds: Dataset, note: Any, *, markdown: bool, full: bool, no_color: bool) -> None:
    """The note: Markdown shown formatted on a terminal; piped, plain Markdown or text at 80 columns (or COLUMNS)."""
    from .. import briefing

    width = term.width(piped=80) or 80
    if markdown and term.terminal:
        from ..render.table import render_markdown_terminal

        text = briefing.render(ds, note, markdown=True, full=full)
        encoding = "utf-8" if term.encodes_everything() else "ascii"
        term.write(render_markdown_terminal(text, width, color=term.colours(no_color), encoding=encoding))
        return
    term.write(briefing.render(ds, note, markdown=markdown, full=full, width=width))


def _brief_hints(note: Any, full: bool) -> None:
    """On the terminal, not in the note: how to see every example, when the note names only some,
    and the web page that lists, searches and filters them, when there are many."""
    from ..briefing import SHORT_EXAMPLES

    total = note.example_total()
    if total == 0:
        _say(_("note: no example matches; the note says so"))
        return
    if total <= SHORT_EXAMPLES:
        return
    if not full:
        _say(
            _("note: the note names {shown} of {total} examples; --full names them all").format(
                shown=SHORT_EXAMPLES, total=total
            )
        )
    if note.filters is not None:
        command_line = " ".join(["migdialogue export --format html", *filter_args(note.filters), "--output note.html"])
        if note.search:
            from urllib.parse import quote

            _say(
                _("note: a web page of these examples, to search and filter: {command}, then open {page}").format(
                    command=command_line, page="note.html?q=" + quote(note.search)
                )
            )
            return
        _say(_("note: a web page of these examples, to search and filter: {command}").format(command=command_line))


@command()
@with_filters
@with_data
def cite(
    term: Output,
    ident: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID]...", help=N_("Record ids (or footnote numbers), one or more."), autocompletion=_complete_ids
        ),
    ] = None,
    style: Annotated[CiteStyle, typer.Option("--style", help=N_("Citation style."), case_sensitive=False)] = "text",
    filters: FilterArgs = NO_FILTERS,
    source: DataArgs = NO_DATA,
) -> None:
    """How to cite records: the brief itself (ILO, 2025, DOI) plus the footnote sources behind them.

    Several ids, and the examples the filters keep, make one bibliography: one entry for the
    brief (its key never repeats) with every record and footnote, each once, in its note.

    Example: migdialogue cite jordan qatar --style bibtex
    """
    from ..cite import STYLES
    from ..cite import cite as make_citation
    from ..query import filter_examples, find_record

    if style not in STYLES:
        raise UsageError(_("--style {value!r}: choose one of {choices}").format(value=style, choices=", ".join(STYLES)))
    ds = source.load()
    chosen = filters.resolve(ds)
    records = [find_record(ds, i) for i in ident or []]
    if not chosen.is_empty():
        found = filter_examples(ds, chosen)
        if not found:
            raise UsageError(_("no example matches these filters: nothing to cite"))
        records += found
    if not records:
        raise UsageError(_("cite needs an ID or a filter (for example: migdialogue cite jordan)"))
    width = term.width() if style == "text" and term.terminal else None  # a file keeps a reference on one line
    term.write(make_citation(ds, records, style, width=width), exact=style != "text")


@command()
@with_output_context
def validate(
    term: Output,
    path: Annotated[
        str | None,
        typer.Argument(help=N_("A YAML, JSON, JSON Lines or CSV file, or a folder (default: the bundled data).")),
    ] = None,
    alone: Annotated[
        bool,
        typer.Option("--data-only", "--alone", help=N_("Check the file on its own, as --data-only uses it.")),
    ] = False,
) -> None:
    """Check a dataset: every problem as FILE:LINE: record ID: what is wrong. Exit 3 if any.

    A file is checked as it will be used, on top of the bundled data, so it may refer to the
    brief's challenges, countries and footnotes.

    Example: migdialogue validate my-cases.yaml
    """
    from ..dataset import validate_path

    problems = validate_path(path, bundled=not alone)
    term.write("".join(clean(str(problem), one_line=True) + "\n" for problem in problems))
    if problems:
        _say(ngettext("{n} problem found", "{n} problems found", len(problems)).format(n=len(problems)))
        raise typer.Exit(EXIT_INVALID_DATA)
    _say(_("{file}: valid").format(file=path) if path else _("the bundled data: valid"))


McpHost = Literal["claude-desktop", "claude-code", "vscode", "cursor"]


def _launcher() -> list[str]:
    """The absolute command that starts this migdialogue (a host started from a dock or a menu does not
    see the shell's PATH): the console script beside the Python running it, else that Python with -m."""
    from pathlib import Path

    python = Path(sys.executable).absolute()  # not resolved: a virtual environment's python is a link
    for name in ("migdialogue", "migdialogue.exe"):
        script = python.parent / name
        if script.is_file():
            return [str(script)]
    return [str(python), "-m", "migdialogue"]


def _host_config(host: str, argv: list[str]) -> tuple[str, str]:
    """What to paste into a host (stdout) and where (a hint for stderr)."""
    import json

    entry: dict[str, object] = {"command": argv[0], "args": argv[1:]}
    if host == "claude-code":
        if os.name == "nt":
            import subprocess

            line = subprocess.list2cmdline(["claude", "mcp", "add", "--scope", "user", "migdialogue", "--", *argv])
        else:
            import shlex

            line = shlex.join(["claude", "mcp", "add", "--scope", "user", "migdialogue", "--", *argv])
        return line + "\n", _("run this command once in a terminal; then /mcp in Claude Code lists the server")
    if host == "vscode":
        config: dict[str, object] = {"servers": {"migdialogue": {"type": "stdio", **entry}}}
        hint = _("put this in .vscode/mcp.json of your workspace, or in the file 'MCP: Open User Configuration' opens")
    elif host == "cursor":
        config = {"mcpServers": {"migdialogue": entry}}
        hint = _("put this in ~/.cursor/mcp.json (every project) or .cursor/mcp.json (one project)")
    else:
        config = {"mcpServers": {"migdialogue": entry}}
        hint = _(
            "put this in claude_desktop_config.json (Settings > Developer > Edit Config: on macOS in "
            "~/Library/Application Support/Claude, on Windows in %APPDATA%\\Claude), then restart Claude Desktop"
        )
    return json.dumps(config, indent=2) + "\n", hint


@command()
@with_data
def mcp(
    term: Output,
    print_config: Annotated[
        McpHost | None,
        typer.Option(
            "--print-config",
            metavar="HOST",
            case_sensitive=False,
            help=N_("Print the configuration for claude-desktop, claude-code, vscode or cursor, for this machine."),
        ),
    ] = None,
    source: DataArgs = NO_DATA,
) -> None:
    """Serve the brief to AI assistants (Claude, ChatGPT, VS Code, Cursor) over the Model Context
    Protocol, on standard input and output: tools to search, list, show and cite the brief's records,
    each answer with its footnotes. Needs the extra: pip install 'migdialogue[mcp]'.

    An assistant starts this command itself: --print-config HOST prints what to give it.

    Example: migdialogue mcp --print-config claude-desktop
    """
    from ..errors import MigdialogueError

    needs_extra = _("the MCP server needs the mcp extra: pip install 'migdialogue[mcp]'")
    if print_config is not None:
        _print_mcp_config(term, print_config, source, needs_extra)
        return
    try:
        from .. import mcpserver
    except ModuleNotFoundError as err:
        if (err.name or "").partition(".")[0] == "migdialogue":
            raise
        raise MigdialogueError(needs_extra) from None
    ds = source.load()
    _serve_mcp(lambda wire_in, wire_out: mcpserver.serve(ds, wire_in, wire_out))


def _print_mcp_config(term: Output, host: str, source: DataArgs, needs_extra: str) -> None:
    """What to give a host so that it starts this server (stdout), where to put it (stderr)."""
    import importlib.util

    argv = [*_launcher(), "mcp"]
    if source.data:
        argv += ["--data", os.path.abspath(source.data)] + (["--data-only"] if source.data_only else [])
    text, hint = _host_config(host.lower(), argv)
    term.write(text)
    _say(hint)
    if importlib.util.find_spec("mcp") is None:
        _say(_("note: {notice}").format(notice=needs_extra))


def _serve_mcp(serve: Any) -> None:
    """Hand the process's standard streams to the protocol and serve until the host hangs up."""
    import gc

    gc.enable()  # a server runs for hours: collect its cyclic garbage (main() turns the collector off)
    if sys.stdin.isatty():
        _say(_("serving the Model Context Protocol on standard input and output (Ctrl-C to stop); an assistant "
               "starts this command itself: see migdialogue mcp --print-config HOST"))  # fmt: skip
    # The protocol owns the process's standard streams: private copies carry it, and descriptor 1 (with
    # sys.stdout) now writes to stderr, descriptor 0 reads nothing, so no stray print or read can
    # corrupt the conversation.
    sys.stdout.flush()
    wire_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    wire_in = os.fdopen(os.dup(sys.stdin.fileno()), "rb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, sys.stdin.fileno())
    os.close(null)
    sys.stdout = sys.stderr
    serve(wire_in, wire_out)
