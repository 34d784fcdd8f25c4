"""The MCP server (``migdialogue mcp``): the brief's tools, prompts and resources for AI assistants.

An interface like the CLI, over the same core functions (query, fulltext, views, briefing, cite):
nothing here filters or searches on its own. Every result that states a fact from the brief carries
the footnote numbers behind it and a citation string, and says when the brief gives no footnote.
Answers stay under BUDGET characters of JSON (a limit, a summary or full detail level, and a note
when something was cut). A core error becomes a tool error naming the nearest valid values.

The one home of the ``mcp`` SDK and of pydantic (the optional extra ``migdialogue[mcp]``); only
the ``mcp`` command imports this module, so no other command pays for them. The command owns the
standard streams: this module serves the binary streams it is given.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import IO, TYPE_CHECKING, Annotated, Any, Literal, TypeVar, get_args

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError
from mcp.server.mcpserver.prompts.base import UserMessage
from mcp.shared.exceptions import MCPError
from mcp_types import (
    INVALID_PARAMS,
    CallToolResult,
    EmbeddedResource,
    TextContent,
    TextResourceContents,
    ToolAnnotations,
)
from pydantic import BaseModel, Field

from . import briefing, query, views, vocab
from ._version import __version__
from .cite import cite as make_citation
from .errors import MigdialogueError, NotFoundError
from .fulltext import search as run_search
from .i18n import set_language, source_language

if TYPE_CHECKING:
    from .dataset import Dataset
    from .models import Record

NAME = "migdialogue"
URI = "migdialogue://"
BUDGET = 32_000
"""At most this many characters of JSON in one answer (about 8,000 tokens; a host that shows both the
structured content and its text sees twice that, still well under the 25,000 tokens some hosts allow)."""
SEARCH_LIMIT = 50
LIST_LIMIT = 100
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip
_log = logging.getLogger("migdialogue.mcp")

# The choices a model picks from; tests/test_mcp.py checks each against the core's own tuple.
Collection = Literal[
    "all", "examples", "challenges", "recommendations", "instruments", "frameworks", "statistics", "sources"
]  # fulltext.COLLECTIONS
Detail = Literal["summary", "full"]
CiteStyle = Literal["text", "bibtex", "ris", "csl-json"]  # cite.STYLES
Language = Literal["en", "fr", "es"]  # i18n.LANGUAGES
Vocabulary = Literal[
    "countries", "regions", "challenges", "themes", "sectors", "levels", "types", "forms", "parties", "collections"
]

# -- what the tools return -------------------------------------------------------------------------


class Footnote(BaseModel):
    """A footnote of the brief, with its text as the brief gives it."""

    number: int
    citation: str


class Item(BaseModel):
    """One record in a list: what it is, what the brief says (in the dataset editors' words), and its sources."""

    collection: str = Field(description="examples, challenges, recommendations, instruments, frameworks, ...")
    id: str = Field(description="The record's id: get_record gives it in full, cite_record cites it.")
    title: str
    summary: str = Field(default="", description="The record's summary (a figure: its value and unit).")
    countries: list[str] = Field(default_factory=list)
    years: list[int] = Field(default_factory=list)
    score: float | None = Field(default=None, description="Search relevance, 0-100.")
    footnotes: list[int] = Field(description="The brief's footnote numbers behind this record; [] when it gives none.")
    citation: str = Field(description="How to cite it: the brief, its DOI and these footnotes.")
    origin: Literal["brief", "user"] = Field(
        default="brief", description="'user': from the user's own dataset, not from the ILO brief."
    )
    record: dict[str, Any] | None = Field(default=None, description="Every field of the record (detail 'full').")


class SearchResult(BaseModel):
    query: str
    collection: str
    filters: dict[str, Any] = Field(description="The filters applied, as resolved to the dataset's values.")
    results: list[Item]
    more: bool = Field(description="Whether more results exist than shown (raise `limit`).")
    notes: list[str] = Field(description="What to know about these results: unmatched words, cuts, suggestions.")
    cite_as: str


class ExampleList(BaseModel):
    filters: dict[str, Any]
    total: int = Field(description="How many examples match the filters.")
    offset: int
    results: list[Item]
    notes: list[str]
    cite_as: str


class RecordResult(BaseModel):
    collection: str
    id: str
    title: str
    record: dict[str, Any] = Field(description="Every field of the record, as the dataset holds it.")
    footnotes: list[Footnote] = Field(description="The footnotes behind it, with their texts; [] when none.")
    citation: str
    origin: Literal["brief", "user"] = "brief"
    links: dict[str, list[dict[str, str]]] = Field(
        default_factory=dict, description="Related records (challenges, recommendations, examples...) by id."
    )
    notes: list[str]


class CountryResult(BaseModel):
    country: dict[str, Any] = Field(description="Name (as the brief spells it), ISO codes, ILO region, aliases.")
    region: str
    examples: list[Item]
    examples_total: int
    related_examples: list[Item] = Field(
        description="Regional, interregional and bilateral examples involving the country's region."
    )
    related_total: int
    statistics: list[Item]
    footnotes: list[Footnote] = Field(description="Every footnote the country's own examples cite.")
    citation: str
    notes: list[str]


class RegionResult(BaseModel):
    region: dict[str, str]
    countries: list[dict[str, Any]]
    examples: list[Item]
    examples_total: int
    statistics: list[Item]
    notes: list[str]
    cite_as: str


class BriefingResult(BaseModel):
    subject: str
    kind: str = Field(description="country, region, challenge, sector, theme or instrument")
    markdown: str = Field(description="The note; numbers in brackets, [44, 45], are the brief's footnotes.")
    footnotes: list[Footnote] = Field(description="Every footnote the note cites, with its text.")
    citation: str
    notes: list[str]


class CitationResult(BaseModel):
    id: str
    style: str
    citation: str = Field(description="The brief (ILO, 2025, DOI) and the footnote sources behind the record.")


class Term(BaseModel):
    id: str = Field(description="The value to filter with.")
    name: str
    examples: int = Field(description="How many examples have it.")


class CountryTerm(BaseModel):
    id: str
    name: str = Field(description="The value to filter with, as the brief spells it (codes and aliases work too).")
    iso2: str
    iso3: str
    region: str
    examples: int


class Vocabularies(BaseModel):
    countries: list[CountryTerm] = Field(default_factory=list)
    regions: list[Term] = Field(default_factory=list)
    challenges: list[Term] = Field(default_factory=list)
    themes: list[Term] = Field(default_factory=list)
    sectors: list[Term] = Field(default_factory=list)
    levels: list[Term] = Field(default_factory=list)
    types: list[Term] = Field(default_factory=list, description="Dialogue types.")
    forms: list[Term] = Field(default_factory=list, description="Forms of dialogue.")
    parties: list[Term] = Field(default_factory=list, description="Who took part.")
    collections: list[str] = Field(default_factory=list, description="What `search` can look in.")
    notes: list[str]
    cite_as: str


# -- the arguments the tools share ----------------------------------------------------------------

Words = list[str] | str | None
CountryArg = Annotated[Words, Field(description="Country names, aliases or ISO codes (any of them).")]
RegionArg = Annotated[
    Words,
    Field(description="ILO regions: africa, americas, arab-states, asia-pacific, europe-central-asia, or names."),
]
TypeArg = Annotated[Words, Field(description="Dialogue types: tripartite, bipartite, multi-stakeholder, unspecified.")]
LevelArg = Annotated[
    Words, Field(description="Levels: enterprise, sectoral, national, local, regional, interregional, bilateral.")
]
ThemeArg = Annotated[Words, Field(description="The brief's headings (ids from `vocabularies`), e.g. cross-border.")]
ChallengeArg = Annotated[Words, Field(description="Challenge ids or names, e.g. gender, informality.")]
SectorArg = Annotated[Words, Field(description="Sectors, e.g. health, construction, domestic work.")]
YearArg = Annotated[list[int] | int | None, Field(description="Years the example mentions (any of them).")]
SinceArg = Annotated[int | None, Field(description="Examples with a year on or after this one.")]
UntilArg = Annotated[int | None, Field(description="Examples with a year on or before this one.")]
FormArg = Annotated[
    Words, Field(description="Forms of dialogue: negotiation, consultation, information-sharing, not-stated.")
]
PartyArg = Annotated[
    Words,
    Field(
        description="Who took part: governments, employers, workers, civil-society, migrants, local-authorities, "
        "regional-bodies, international-organizations, other, not-stated."
    ),
]
LanguageArg = Annotated[Language, Field(description="en, fr or es: the language of the prompt and of the answer.")]
DetailArg = Annotated[
    Detail, Field(description="'summary': title, summary, footnotes and citation; 'full': every field as well.")
]


def _words(value: Words) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _years(value: list[int] | int | None) -> list[int]:
    if value is None:
        return []
    return [value] if isinstance(value, int) else list(value)


# -- citations ------------------------------------------------------------------------------------


def _month(date: str) -> str:
    year, _, month = date.partition("-")
    return f"{_MONTHS[int(month) - 1]} {year}" if month.isdigit() and 1 <= int(month) <= 12 else date


def _short(ds: Dataset) -> str:
    """The brief in a few words, for each record's citation: ``ILO (2025), Social dialogue ..., https://doi.org/...``."""
    import re

    meta = ds.meta
    acronym = re.search(r"\(([A-Z]{2,})\)$", meta.publisher)
    return (
        f"{acronym.group(1) if acronym else meta.publisher} ({meta.date[:4]}), {meta.title}, https://doi.org/{meta.doi}"
    )


def brief_citation(ds: Dataset) -> str:
    """The brief as one citation: publisher, title, date, DOI (or what the dataset is, when it is not the brief)."""
    meta = ds.meta
    if not meta.doi:
        return f"{meta.title} (the user's own dataset, not the ILO brief)"
    return f"{meta.publisher}, {meta.title}, Policy Brief, {_month(meta.date)}, https://doi.org/{meta.doi}"


def citation(ds: Dataset, key: str, numbers: Sequence[int]) -> str:
    """How to cite one record: the brief and its footnotes (or that it gives none), or that it is not the brief's."""
    if ds.is_user(key):
        return "From the user's own dataset, not from the ILO brief: cite the source it was taken from."
    if not ds.meta.doi:
        return brief_citation(ds)
    if not numbers:
        return f"{_short(ds)}. The brief gives no footnote for this."
    label = "footnote" if len(numbers) == 1 else "footnotes"
    return f"{_short(ds)}, {label} {', '.join(str(n) for n in numbers)}."


def _footnotes(ds: Dataset, numbers: Iterable[int]) -> list[Footnote]:
    return [Footnote(number=c["number"], citation=c["citation"]) for c in views.citations(ds, list(numbers))]


# -- records as items -----------------------------------------------------------------------------


def _summary(rec: Record) -> str:
    from .models import Note, Source, Statistic

    if isinstance(rec, Statistic):
        year = f" ({rec.year})" if rec.year else ""
        return f"{rec.label}: {rec.figure} {rec.unit}{year}"
    if isinstance(rec, Source):
        return rec.citation
    if isinstance(rec, Note):
        return rec.text
    return str(getattr(rec, "summary", ""))


def record_item(ds: Dataset, rec: Record, detail: str = "summary", score: float | None = None) -> Item:
    """A record as a list item, with its footnotes and citation."""
    numbers = [rec.number] if rec.collection == "sources" else list(getattr(rec, "sources", ()))  # type: ignore[attr-defined]
    return Item(
        collection=rec.collection,
        id=rec.key,
        title=rec.display_name,
        summary=_summary(rec),
        countries=list(getattr(rec, "countries", ())),
        years=[y for y in (getattr(rec, "years", None) or [getattr(rec, "year", None)]) if y is not None],
        score=None if score is None else round(score, 1),
        footnotes=numbers,
        citation=citation(ds, rec.key, numbers),
        origin="user" if ds.is_user(rec.key) else "brief",
        record=rec.to_dict() if detail == "full" else None,
    )


def example_item(ds: Dataset, data: dict[str, Any], detail: str = "summary") -> Item:
    """An example as a list item, from its stored dict (a Selection streams them without building records)."""
    numbers = list(data.get("sources") or [])
    key = str(data["id"])
    return Item(
        collection="examples",
        id=key,
        title=str(data.get("title") or key),
        summary=str(data.get("summary") or ""),
        countries=list(data.get("countries") or []),
        years=list(data.get("years") or []),
        footnotes=numbers,
        citation=citation(ds, key, numbers),
        origin="user" if ds.is_user(key) else "brief",
        record=data if detail == "full" else None,
    )


def _page(ds: Dataset, dicts: Iterable[dict[str, Any]], offset: int, limit: int, detail: str) -> list[Item]:
    return [example_item(ds, d, detail) for d in itertools.islice(dicts, offset, offset + limit)]


def _no_footnote_note(items: Sequence[Item]) -> list[str]:
    bare = [i.id for i in items if not i.footnotes and i.origin == "brief"]
    if not bare:
        return []
    return [f"The brief gives no footnote for {', '.join(bare)}: cite the brief itself for these."]


# -- answers within the budget ---------------------------------------------------------------------


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def fit(model: BaseModel, lists: Sequence[str] = ()) -> dict[str, Any]:
    """The model as JSON data of at most BUDGET characters: items are dropped from the end of the
    longest of ``lists`` until it fits, and a note says how many and what to ask instead."""
    data = model.model_dump(mode="json", exclude_none=True)
    size = len(_dumps(data))
    if size <= BUDGET or not lists:
        return data
    note = (
        "Cut: {} more item(s) left out to keep this answer small; ask with detail 'summary', a smaller limit, "
        "an offset, or narrower filters to see them."
    )
    room = BUDGET - len(_dumps(note)) - 8  # the note, its comma, and the digits of its number
    sizes = {name: [len(_dumps(item)) + 1 for item in data[name]] for name in lists}
    cut = 0
    while size > room and any(sizes.values()):
        name = max(lists, key=lambda n: len(sizes[n]))
        size -= sizes[name].pop()
        data[name].pop()
        cut += 1
    data.setdefault("notes", []).append(note.format(cut))
    return data


def _answer(model: BaseModel, lists: Sequence[str] = ()) -> CallToolResult:
    data = fit(model, lists)
    return CallToolResult(content=[TextContent(type="text", text=_dumps(data))], structured_content=data)


# -- errors a model can act on ---------------------------------------------------------------------


def error_message(err: MigdialogueError) -> str:
    """A core error as a model should read it: the nearest valid values, and where to find them all."""
    text = err.message
    if isinstance(err, NotFoundError):
        text += "" if text.endswith("?") else "."
        text += " The `vocabularies` tool lists every valid value; `search` finds record ids."
    return text


_T = TypeVar("_T")


def _guarded(fn: Callable[..., _T]) -> Callable[..., Awaitable[_T]]:
    """A tool body run on the event loop's thread (the dataset's SQLite connection stays on one thread),
    its errors turned into tool errors: never a crash, never a traceback for the model."""

    @functools.wraps(fn)
    async def tool(*args: Any, **kwargs: Any) -> _T:
        try:
            with source_language():  # what the server answers never changes with the machine's language
                return fn(*args, **kwargs)
        except MigdialogueError as err:
            raise ToolError(error_message(err)) from None
        except ToolError:
            raise
        except Exception as err:
            _log.exception("tool %s failed", fn.__name__)
            raise ToolError(f"internal error: {type(err).__name__}: {err}") from None

    return tool


def _resource_error(err: MigdialogueError) -> ResourceNotFoundError:
    return ResourceNotFoundError(error_message(err))


# -- the server -------------------------------------------------------------------------------------

INSTRUCTIONS = """\
These tools answer from one document: {brief}, made queryable by migdialogue (the records are the dataset \
editors' summaries of the brief, in English).
- Answer only from what these tools return. Never add facts, years, figures or organisations from memory.
- Cite the brief and its footnote numbers for every fact: each result carries them in `footnotes` and \
`citation`. When a result says the brief gives no footnote, say the fact rests on the brief's own text.
- When the tools find nothing on a question, say that the brief does not cover it; do not fill the gap.
- The brief and its data stop at February 2025: say so for anything later.
- Filter with real values from `vocabularies` (countries, regions, challenges, themes, sectors, levels, \
dialogue types, forms, parties). `search` takes words in English, French or Spanish; `get_record` gives one \
record in full with its footnotes' texts; `cite_record` gives a citation in text, BibTeX, RIS or CSL-JSON.
- Answer in the user's language.{user}"""


def instructions(ds: Dataset) -> str:
    """The server's instructions for the model."""
    user = ""
    if ds.has_user_data:
        user = (
            "\n- Some records come from the user's own dataset, not from the brief: their `origin` is 'user'; "
            "never attribute them to the ILO."
        )
    return INSTRUCTIONS.format(brief=brief_citation(ds), user=user)


READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)


Tool = Callable[[str], Callable[[Callable[..., Any]], Callable[..., Any]]]
"""``@tool(title)``: registers a function as a read-only tool of a server (its name, its title, its
docstring as the description the model reads), its errors turned into tool errors."""


def build(ds: Dataset) -> MCPServer[Any]:
    """The server over a dataset: its tools (in the order hosts list them), resources and prompts."""
    server: MCPServer[Any] = MCPServer(
        NAME,
        title="ILO brief: social dialogue for the governance of labour migration",
        instructions=instructions(ds),
        version=__version__,
        log_level="WARNING",
        warn_on_duplicate_tools=False,
    )
    tool = _registrar(server)
    _search_tool(tool, ds)
    _list_tool(tool, ds)
    _record_tools(tool, ds)
    _note_tools(tool, ds)
    _resources(server, ds)
    _prompts(server, ds)
    return server


def _registrar(server: MCPServer[Any]) -> Tool:
    def tool(title: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def register(fn: Callable[..., Any]) -> Callable[..., Any]:
            server.add_tool(
                _guarded(fn),
                name=fn.__name__,
                title=title,
                description=" ".join((fn.__doc__ or "").split()),
                annotations=READ_ONLY.model_copy(update={"title": title}),
            )
            return fn

        return register

    return tool


def _filters(
    ds: Dataset,
    country: Words = None,
    region: Words = None,
    type: Words = None,  # noqa: A002 (the CLI's --type)
    level: Words = None,
    theme: Words = None,
    challenge: Words = None,
    sector: Words = None,
    year: list[int] | int | None = None,
    since: int | None = None,
    until: int | None = None,
    form: Words = None,
    party: Words = None,
) -> query.Filters:
    """The tools' filter arguments resolved to the dataset's values."""
    return query.Filters.resolve(
        ds,
        countries=_words(country),
        regions=_words(region),
        types=_words(type),
        levels=_words(level),
        themes=_words(theme),
        challenges=_words(challenge),
        sectors=_words(sector),
        years=_years(year),
        since=since,
        until=until,
        forms=_words(form),
        parties=_words(party),
    )


def _search_tool(tool: Tool, ds: Dataset) -> None:
    @tool("Search the brief")
    def search(
        query: Annotated[str, Field(description='Words in English, French or Spanish; "a phrase"; -word excludes.')],
        collection: Annotated[Collection, Field(description="Where to look; 'all' searches every collection.")] = (
            "examples"
        ),
        limit: Annotated[int, Field(ge=1, le=SEARCH_LIMIT, description="At most this many results.")] = 10,
        detail: DetailArg = "summary",
        country: CountryArg = None,
        region: RegionArg = None,
        type: TypeArg = None,  # noqa: A002
        level: LevelArg = None,
        theme: ThemeArg = None,
        challenge: ChallengeArg = None,
        sector: SectorArg = None,
        year: YearArg = None,
        since: SinceArg = None,
        until: UntilArg = None,
        form: FormArg = None,
        party: PartyArg = None,
    ) -> Annotated[CallToolResult, SearchResult]:
        """Search the ILO brief in the user's own words (English, French or Spanish), ranked and
        typo-tolerant, with synonyms and translations (hotels finds hospitality; travailleurs
        domestiques finds domestic work). Filters (AND across fields, OR within one) select examples.
        Each result carries its footnote numbers and a citation; `get_record` gives one in full."""
        if not query.strip():
            raise ToolError("the search query is empty: give some words")
        chosen = _filters(ds, country, region, type, level, theme, challenge, sector, year, since, until, form, party)
        found = run_search(ds, query, chosen, limit=limit + 1, collection=collection)
        hits = found.hits[:limit]
        items = [record_item(ds, h.record, detail, h.score) for h in hits]
        notes = [n.replace("use --in all", "search with collection 'all'") for n in found.notices]
        if not hits:
            notes.append("Nothing in the brief matches: say that the brief does not cover this, or try other words.")
        notes += _no_footnote_note(items)
        result = SearchResult(
            query=query,
            collection=collection,
            filters=_applied(chosen),
            results=items,
            more=len(found.hits) > limit,
            notes=notes,
            cite_as=brief_citation(ds),
        )
        return _answer(result, ["results"])


def _list_tool(tool: Tool, ds: Dataset) -> None:
    @tool("List examples")
    def list_examples(
        country: CountryArg = None,
        region: RegionArg = None,
        type: TypeArg = None,  # noqa: A002
        level: LevelArg = None,
        theme: ThemeArg = None,
        challenge: ChallengeArg = None,
        sector: SectorArg = None,
        year: YearArg = None,
        since: SinceArg = None,
        until: UntilArg = None,
        form: FormArg = None,
        party: PartyArg = None,
        limit: Annotated[int, Field(ge=1, le=LIST_LIMIT, description="At most this many examples.")] = 20,
        offset: Annotated[int, Field(ge=0, description="Skip this many (for the next page).")] = 0,
        detail: DetailArg = "summary",
    ) -> Annotated[CallToolResult, ExampleList]:
        """List the brief's examples of social dialogue on labour migration, filtered (AND across
        fields, OR within one), in the dataset's order. Use real values from `vocabularies`."""
        chosen = _filters(ds, country, region, type, level, theme, challenge, sector, year, since, until, form, party)
        selection = query.select_examples(ds, chosen)
        total = len(selection)
        items = _page(ds, selection.dicts(), offset, limit, detail)
        notes = _no_footnote_note(items)
        if not total:
            notes.append("No example matches these filters.")
        elif offset + len(items) < total:
            notes.append(f"{total - offset - len(items)} more: ask again with offset {offset + len(items)}.")
        result = ExampleList(
            filters=_applied(chosen), total=total, offset=offset, results=items, notes=notes, cite_as=brief_citation(ds)
        )
        return _answer(result, ["results"])


def _record_tools(tool: Tool, ds: Dataset) -> None:
    """One record, one country, one region."""

    @tool("One record in full")
    def get_record(
        id: Annotated[str, Field(description="Any record id (from search or a list), or a footnote number.")],  # noqa: A002
    ) -> Annotated[CallToolResult, RecordResult]:
        """One record in full: every field, the texts of the footnotes behind it, its citation and the
        records it links to (challenges it addresses, recommendations it illustrates...)."""
        return _answer(record_result(ds, query.find_record(ds, id)))

    @tool("A country")
    def get_country(
        name: Annotated[str, Field(description="A country's name, alias or ISO code; French and Spanish names work.")],
        limit: Annotated[int, Field(ge=1, le=LIST_LIMIT, description="At most this many examples of each kind.")] = 20,
        detail: DetailArg = "summary",
    ) -> Annotated[CallToolResult, CountryResult]:
        """One country as the brief covers it: ISO codes, ILO region, its examples, the regional,
        interregional and bilateral examples of its region, the figures about it, and the footnotes."""
        found = query.find_country(ds, name)
        return _answer(country_result(ds, found, limit, detail), ["related_examples", "examples"])

    @tool("An ILO region")
    def get_region(
        name: Annotated[str, Field(description="africa, americas, arab-states, asia-pacific, europe-central-asia.")],
        limit: Annotated[int, Field(ge=1, le=LIST_LIMIT, description="At most this many examples.")] = 20,
        detail: DetailArg = "summary",
    ) -> Annotated[CallToolResult, RegionResult]:
        """One ILO region: its countries, its examples (national and cross-border) and its figures."""
        return _answer(region_result(ds, query.find_region(name, ds), limit, detail), ["examples", "statistics"])


def _note_tools(tool: Tool, ds: Dataset) -> None:
    """A briefing note, a citation, the vocabularies."""

    @tool("A briefing note")
    def briefing_note(
        subject: Annotated[
            str, Field(description="A country, an ILO region, a challenge, a sector, a theme or an instrument.")
        ],
        full: Annotated[bool, Field(description="Every summary, challenge and figure (several pages).")] = False,
    ) -> Annotated[CallToolResult, BriefingResult]:
        """A one-page briefing note in Markdown on a subject: its examples, the challenges and
        recommendations that apply, key figures, and the brief's footnotes behind each."""
        return _answer(briefing_result(ds, subject, full))

    @tool("How to cite a record")
    def cite_record(
        id: Annotated[str, Field(description="Any record id, or a footnote number.")],  # noqa: A002
        style: Annotated[CiteStyle, Field(description="text, bibtex, ris or csl-json.")] = "text",
    ) -> Annotated[CallToolResult, CitationResult]:
        """How to cite a record: the brief itself (ILO, 2025, DOI) plus the footnote sources behind it."""
        rec = query.find_record(ds, id)
        return _answer(CitationResult(id=rec.key, style=style, citation=make_citation(ds, rec, style)))

    @tool("Values to filter with")
    def vocabularies(
        which: Annotated[
            list[Vocabulary] | None, Field(description="Only these vocabularies (default: all of them).")
        ] = None,
    ) -> Annotated[CallToolResult, Vocabularies]:
        """The values the filters take, with how many examples have each: countries, ILO regions,
        challenges, themes, sectors, levels, dialogue types, forms, parties, and the searchable collections."""
        return _answer(vocabularies_result(ds, which), ["countries", "sectors"])


def _applied(filters: query.Filters) -> dict[str, Any]:
    """The filters as resolved (names to the dataset's values), those given only."""
    out: dict[str, Any] = {}
    for name in filters._fields:
        value = getattr(filters, name)
        if value not in ((), None):
            out[name] = list(value) if isinstance(value, tuple) else value
    return out


def record_result(ds: Dataset, rec: Record) -> RecordResult:
    """One record in full, with its footnotes resolved (a country: the footnotes its examples cite)."""
    from .models import Country

    data = views.show_document(ds, rec).data
    links = data.get("links", {})
    if isinstance(rec, Country):
        numbers = query.footnotes_cited(ds, rec)
        links = {"examples": [{"id": e["id"], "name": e["title"]} for e in data["examples"]]}
        notes = ["A country: get_country gives its examples, the regional ones and its figures."]
    else:
        numbers = [rec.number] if rec.collection == "sources" else list(getattr(rec, "sources", ()))  # type: ignore[attr-defined]
        notes = []
    if not numbers and not ds.is_user(rec.key):
        notes.append("The brief gives no footnote for this record: cite the brief itself.")
    if ds.is_user(rec.key):
        notes.append("From the user's own dataset, not from the ILO brief.")
    return RecordResult(
        collection=rec.collection,
        id=rec.key,
        title=rec.display_name,
        record=rec.to_dict(),
        footnotes=_footnotes(ds, numbers),
        citation=citation(ds, rec.key, numbers),
        origin="user" if ds.is_user(rec.key) else "brief",
        links=links,
        notes=notes,
    )


def country_result(ds: Dataset, country: Any, limit: int, detail: str) -> CountryResult:
    parts = query.country_view(ds, country)
    numbers = query.footnotes_cited(ds, country)
    examples = _page(ds, parts["examples"].dicts(), 0, limit, detail)
    related = _page(ds, parts["related_examples"].dicts(), 0, limit, detail)
    notes = _no_footnote_note(examples + related)
    for label, shown, total in (
        ("examples", examples, len(parts["examples"])),
        ("related examples", related, len(parts["related_examples"])),
    ):
        if len(shown) < total:
            notes.append(f"{total - len(shown)} more {label}: list_examples with this country (or region) shows them.")
    if not len(parts["examples"]):
        notes.append(f"The brief documents no example in {country.name} itself.")
    return CountryResult(
        country=country.to_dict(),
        region=vocab.REGIONS[country.region],
        examples=examples,
        examples_total=len(parts["examples"]),
        related_examples=related,
        related_total=len(parts["related_examples"]),
        statistics=[record_item(ds, s, detail) for s in parts["statistics"]],
        footnotes=_footnotes(ds, numbers),
        citation=citation(ds, country.key, numbers),
        notes=notes,
    )


def region_result(ds: Dataset, region: str, limit: int, detail: str) -> RegionResult:
    parts = query.region_view(ds, region)
    counts = query.example_counts(ds, "country")
    examples = _page(ds, parts["examples"].dicts(), 0, limit, detail)
    notes = _no_footnote_note(examples)
    if len(examples) < len(parts["examples"]):
        notes.append(f"{len(parts['examples']) - len(examples)} more examples: list_examples with this region.")
    return RegionResult(
        region={"id": region, "name": vocab.REGIONS[region]},
        countries=[{**c.to_dict(), "examples": counts.get(c.name, 0)} for c in parts["countries"]],
        examples=examples,
        examples_total=len(parts["examples"]),
        statistics=[record_item(ds, s, detail) for s in parts["statistics"]],
        notes=notes,
        cite_as=brief_citation(ds),
    )


def briefing_result(ds: Dataset, subject: str, full: bool) -> BriefingResult:
    import re

    note = briefing.build(ds, subject)
    text = briefing.render(ds, note, markdown=True, full=full)
    _, _, listed = text.partition("## Sources in the brief")
    numbers = sorted({int(n) for n in re.findall(r"^- \\?\[(\d+)\\?\]", listed, flags=re.M)})
    notes = []
    total = note.example_total()
    if not full and total > briefing.SHORT_EXAMPLES:
        notes.append(f"The note names {briefing.SHORT_EXAMPLES} of {total} examples; full=true names them all.")
    room = BUDGET // 2  # the note, and its footnotes' texts listed again
    if len(text) > room:
        text = text[: text.rfind("\n", 0, room) + 1]
        notes.append("Cut: the note ends early to keep this answer small; ask without full=true for one page.")
    if not numbers:
        notes.append("The brief gives no footnote for what this note shows: cite the brief itself.")
    return BriefingResult(
        subject=note.subject,
        kind=note.kind,
        markdown=text,
        footnotes=_footnotes(ds, numbers),
        citation=citation(ds, "", numbers),
        notes=notes,
    )


def vocabularies_result(ds: Dataset, which: Sequence[str] | None = None) -> Vocabularies:
    from .fulltext import COLLECTIONS

    wanted = set(which or get_args(Vocabulary))

    def terms(facet: str, names: dict[str, str]) -> list[Term]:
        counts = query.example_counts(ds, facet)
        return [Term(id=k, name=v, examples=counts.get(k, 0)) for k, v in names.items()]

    out = Vocabularies(notes=[], cite_as=brief_citation(ds))
    if "countries" in wanted:
        out.countries = [
            CountryTerm(id=d["id"], name=d["name"], iso2=d["iso2"], iso3=d["iso3"], region=d["region"],
                        examples=d["example_count"])
            for d in views.countries_listing(ds).data
        ]  # fmt: skip
    if "regions" in wanted:
        regions = views.regions_listing(ds).data
        out.regions = [Term(id=d["id"], name=d["name"], examples=d["example_count"]) for d in regions]
    if "challenges" in wanted:
        out.challenges = terms("challenge", {c.id: c.name for c in ds.challenges})
    if "themes" in wanted:
        out.themes = terms("theme", vocab.THEMES)
    if "sectors" in wanted:
        out.sectors = terms("sector", {s: s for s in query.all_sectors(ds)})
    if "levels" in wanted:
        out.levels = terms("level", vocab.LEVELS)
    if "types" in wanted:
        out.types = terms("type", vocab.DIALOGUE_TYPES)
    if "forms" in wanted:
        out.forms = terms("form", vocab.FORMS)
    if "parties" in wanted:
        out.parties = terms("party", vocab.PARTIES)
    if "collections" in wanted:
        out.collections = list(COLLECTIONS)
    return out


def search_result(ds: Dataset, text: str, limit: int = 10) -> SearchResult:
    """The first results of a search of the examples, for a resource or a prompt's attachment."""
    found = run_search(ds, text, limit=limit)
    items = [record_item(ds, h.record, "summary", h.score) for h in found.hits]
    notes = [n.replace("use --in all", "search with collection 'all'") for n in found.notices]
    if not items:
        notes.append("Nothing in the brief matches: say that the brief does not cover this, or try other words.")
    return SearchResult(
        query=text,
        collection="examples",
        filters={},
        results=items,
        more=len(items) == limit,
        notes=notes + _no_footnote_note(items),
        cite_as=brief_citation(ds),
    )


def uri(kind: str, value: str) -> str:
    """The resource URI of a record, country, region, search... (the value percent-encoded)."""
    from urllib.parse import quote

    return f"{URI}{kind}/{quote(value, safe='')}"


# -- resources: the tools' answers by URI ----------------------------------------------------------


def _json_resource(make: Callable[[], BaseModel], lists: Sequence[str] = ()) -> str:
    try:
        with source_language():
            return _dumps(fit(make(), lists))
    except MigdialogueError as err:
        raise _resource_error(err) from None


def _resources(server: MCPServer[Any], ds: Dataset) -> None:
    json_type = "application/json"

    @server.resource(f"{URI}about", name="about", title="The brief", mime_type=json_type)
    def about() -> str:
        """The brief: title, publisher, date, DOI, its definition of social dialogue, and the records per collection."""
        return _dumps(views.about_document(ds).data)

    @server.resource(f"{URI}vocabularies", name="vocabularies", title="Values to filter with", mime_type=json_type)
    def vocabularies() -> str:
        """Every value the filters take, with its number of examples (as the vocabularies tool)."""
        return _json_resource(lambda: vocabularies_result(ds), ["countries", "sectors"])

    @server.resource(f"{URI}record/{{id}}", name="record", title="One record", mime_type=json_type)
    def record(id: str) -> str:  # noqa: A002
        """One record in full with its footnotes' texts (as get_record): migdialogue://record/ID."""
        return _json_resource(lambda: record_result(ds, query.find_record(ds, id)))

    @server.resource(f"{URI}country/{{name}}", name="country", title="A country", mime_type=json_type)
    def country(name: str) -> str:
        """One country (as get_country): migdialogue://country/Jordan."""
        return _json_resource(
            lambda: country_result(ds, query.find_country(ds, name), 20, "summary"), ["related_examples", "examples"]
        )

    @server.resource(f"{URI}region/{{name}}", name="region", title="An ILO region", mime_type=json_type)
    def region(name: str) -> str:
        """One ILO region (as get_region): migdialogue://region/arab-states."""
        return _json_resource(lambda: region_result(ds, query.find_region(name, ds), 20, "summary"), ["examples"])

    @server.resource(f"{URI}search/{{query}}", name="search", title="Search the examples", mime_type=json_type)
    def search(query: str) -> str:
        """The first ten examples a search finds (as the search tool): migdialogue://search/nurses."""
        return _json_resource(lambda: search_result(ds, query), ["results"])

    @server.resource(f"{URI}briefing/{{subject}}", name="briefing", title="A briefing note", mime_type="text/markdown")
    def briefing_note(subject: str) -> str:
        """A one-page briefing note in Markdown (as briefing_note): migdialogue://briefing/health."""
        try:
            note = briefing.build(ds, subject)
        except MigdialogueError as err:
            raise _resource_error(err) from None
        return briefing.render(ds, note, markdown=True)

    @server.resource(f"{URI}cite/{{id}}{{?style}}", name="cite", title="How to cite a record", mime_type="text/plain")
    def cite(id: str, style: str = "text") -> str:  # noqa: A002
        """How to cite a record (as cite_record): migdialogue://cite/ID?style=bibtex."""
        from .cite import STYLES

        if style not in STYLES:
            raise ResourceNotFoundError(f"no citation style {style!r}; choose one of {', '.join(STYLES)}")
        try:
            return make_citation(ds, query.find_record(ds, id), style)
        except MigdialogueError as err:
            raise _resource_error(err) from None


# -- prompts in English, French and Spanish -------------------------------------------------------

_ANSWER_RULES = {
    "en": "Answer only from what the migdialogue tools return, cite the brief and its footnote numbers for "
    "every fact, say plainly where the brief does not cover the question, and remember that its data stop "
    "at February 2025. Answer in English.",
    "fr": "Répondez uniquement à partir de ce que renvoient les outils migdialogue, citez la note et ses numéros "
    "de notes de bas de page pour chaque fait, dites clairement quand la note ne traite pas la question, et "
    "rappelez que ses données s'arrêtent en février 2025. Répondez en français.",
    "es": "Responda solo con lo que devuelven las herramientas de migdialogue, cite la nota y sus números de nota "
    "al pie para cada hecho, diga claramente cuándo la nota no trata la pregunta y recuerde que sus datos "
    "terminan en febrero de 2025. Responda en español.",
}
_TOPIC = {
    "en": "What does the ILO policy brief 'Social dialogue for the governance of labour migration' say about "
    "{topic}? Use the search tool (and get_record for the details of the most relevant examples). The first "
    "search results are attached.",
    "fr": "Que dit la note d'orientation de l'OIT « Social dialogue for the governance of labour migration » "
    "sur {topic} ? Utilisez l'outil search (et get_record pour le détail des exemples les plus pertinents). Les "
    "premiers résultats de recherche sont joints.",
    "es": "¿Qué dice la nota de orientación de la OIT «Social dialogue for the governance of labour migration» "
    "sobre {topic}? Use la herramienta search (y get_record para el detalle de los ejemplos más pertinentes). "
    "Se adjuntan los primeros resultados de la búsqueda.",
}
_COUNTRY = {
    "en": "Write a short note on {country} as the ILO brief covers it: its examples of social dialogue on "
    "labour migration, who took part, the challenges addressed, and the regional or bilateral examples "
    "involving it. The country's record is attached.",
    "fr": "Rédigez une courte note sur {country} telle que la note d'orientation de l'OIT en traite : ses "
    "exemples de dialogue social sur la migration de main-d'œuvre, qui y a pris part, les défis traités, "
    "et les exemples régionaux ou bilatéraux qui le concernent. La fiche du pays est jointe.",
    "es": "Redacte una nota breve sobre {country} tal como la trata la nota de orientación de la OIT: sus "
    "ejemplos de diálogo social sobre la migración laboral, quiénes participaron, los desafíos abordados "
    "y los ejemplos regionales o bilaterales que lo incluyen. Se adjunta la ficha del país.",
}
_COMPARE = {
    "en": "Compare {first} and {second} as the ILO brief covers them: the forms and levels of social dialogue, "
    "the parties involved, the challenges addressed, and any example they share. Both countries' records "
    "are attached.",
    "fr": "Comparez {first} et {second} tels que la note d'orientation de l'OIT en traite : les formes et "
    "niveaux du dialogue social, les parties concernées, les défis traités et les exemples qu'ils "
    "partagent. Les fiches des deux pays sont jointes.",
    "es": "Compare {first} y {second} tal como los trata la nota de orientación de la OIT: las formas y niveles"
    " del diálogo social, las partes que intervienen, los desafíos abordados y los ejemplos que "
    "comparten. Se adjuntan las fichas de ambos países.",
}


def _attached(uri: str, data: dict[str, Any]) -> UserMessage:
    return UserMessage(
        EmbeddedResource(
            type="resource", resource=TextResourceContents(uri=uri, mime_type="application/json", text=_dumps(data))
        )
    )


def _prompt_error(err: MigdialogueError) -> MCPError:
    return MCPError(code=INVALID_PARAMS, message=error_message(err))


def _prompts(server: MCPServer[Any], ds: Dataset) -> None:
    def country_data(name: str) -> tuple[str, dict[str, Any]]:
        try:
            with source_language():
                found = query.find_country(ds, name)
                return found.name, fit(country_result(ds, found, 20, "summary"), ["related_examples", "examples"])
        except MigdialogueError as err:
            raise _prompt_error(err) from None

    @server.prompt("what_the_brief_says", title="What does the brief say about a topic?")
    async def what_the_brief_says(
        topic: Annotated[str, Field(description="The topic, in English, French or Spanish.")],
        language: LanguageArg = "en",
    ) -> list[UserMessage]:
        """Ask what the ILO brief says about a topic, with the first search results attached."""
        try:
            with source_language():
                found = fit(search_result(ds, topic), ["results"])
        except MigdialogueError as err:
            raise _prompt_error(err) from None
        text = _TOPIC[language].format(topic=topic) + " " + _ANSWER_RULES[language]
        return [UserMessage(text), _attached(uri("search", topic), found)]

    @server.prompt("country_note", title="A note on a country")
    async def country_note(
        country: Annotated[str, Field(description="A country's name, alias or ISO code.")],
        language: LanguageArg = "en",
    ) -> list[UserMessage]:
        """A short note on a country as the brief covers it, with the country's record attached."""
        name, data = country_data(country)
        text = _COUNTRY[language].format(country=name) + " " + _ANSWER_RULES[language]
        return [UserMessage(text), _attached(uri("country", name), data)]

    @server.prompt("compare_countries", title="Compare two countries")
    async def compare_countries(
        first: Annotated[str, Field(description="A country's name, alias or ISO code.")],
        second: Annotated[str, Field(description="Another country.")],
        language: LanguageArg = "en",
    ) -> list[UserMessage]:
        """Compare two countries as the brief covers them, with both records attached."""
        one, one_data = country_data(first)
        two, two_data = country_data(second)
        text = _COMPARE[language].format(first=one, second=two) + " " + _ANSWER_RULES[language]
        attached = [_attached(uri("country", one), one_data), _attached(uri("country", two), two_data)]
        return [UserMessage(text), *attached]


# -- serving ------------------------------------------------------------------------------------------


def serve(ds: Dataset, stdin: IO[bytes], stdout: IO[bytes]) -> None:
    """Serve the protocol over these binary streams (the command hands over the process's own) until
    the client closes them."""
    import io

    import anyio
    from mcp.server.stdio import stdio_server

    set_language("en")  # the protocol's text is English (the prompts say which language to answer in)
    server = build(ds)

    async def run() -> None:
        reader = anyio.wrap_file(io.TextIOWrapper(stdin, encoding="utf-8", errors="replace"))
        writer = anyio.wrap_file(io.TextIOWrapper(stdout, encoding="utf-8", write_through=True))
        async with stdio_server(reader, writer) as (read_stream, write_stream):
            lowlevel = server._lowlevel_server
            await lowlevel.run(read_stream, write_stream, lowlevel.create_initialization_options())

    anyio.run(run)
