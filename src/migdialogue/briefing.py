"""Briefing notes on a country, a region, a challenge, a sector, a theme or an instrument.

The default note fits one printed page (about 500 words): the subject, its examples one line
each, the challenges and recommendations that apply by title, the key figures and the sources.
``full=True`` gives every summary.

References are the brief's own footnote numbers, inline ("[44, 45]"), and the note ends with
one list "Sources in the brief" holding each cited footnote once, labelled with its number.
Markdown footnotes (``[^N]``) are not used: pandoc renumbers them 1, 2, 3 when it converts to
HTML, DOCX or PDF, and lists a footnote once per reference.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from . import names, query, vocab
from .dataset import Dataset
from .display import Reader
from .errors import NotFoundError
from .i18n import N_, _, labelled, ngettext, semicolons
from .models import Challenge, Country, Example, Instrument, Recommendation, Statistic

KINDS = ("country", "region", "challenge", "sector", "theme", "instrument")
TOPIC = "topic"  # a note on several subjects, or narrowed by filters or a search

# The one-page note: at most this many of each (the rest are counted; the full note lists them).
SHORT_EXAMPLES = 5
SHORT_FIGURES = 3
SHORT_RECOMMENDATIONS = 5


@dataclass
class Briefing:
    """What a briefing note holds, before it is written out."""

    subject: str  # what the note covers, as its title names it
    kind: str  # one of KINDS, or TOPIC
    intro: list[str]
    examples: list[Example]
    related: list[Example] = field(default_factory=list)
    challenges: list[Challenge] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    asked: str = ""  # the subject as typed
    # the filters that select every example of the note, for a page of them (None: none do)
    filters: query.Filters | None = None
    search: str = ""  # the search that narrowed the note
    notices: list[str] = field(default_factory=list)  # how the subjects were read, for the terminal
    reader: Reader | None = None  # what read its records' text (in the interface language), for its notice

    def footnotes(self) -> list[int]:
        """Every footnote of the brief cited in the full note, in order of number."""
        numbers: set[int] = set()
        for group in (self.examples, self.related, self.challenges, self.recommendations, self.statistics):
            for rec in group:
                numbers.update(rec.sources)
        return sorted(numbers)

    def example_total(self) -> int:
        return len(self.examples) + len(self.related)


def find_instrument(ds: Dataset, text: str) -> Instrument:
    """An instrument by id, by number ("97", "No. 97", "C097") or by its title."""
    key = vocab.normalise(text)
    digits = re.sub(r"\D", "", text)
    for ins in ds.instruments:
        names = {vocab.normalise(ins.id), vocab.normalise(ins.title)}
        if key and key in names:
            return ins
    if digits:
        numbered = [i for i in ds.instruments if i.number is not None and str(i.number) == str(int(digits))]
        if len(numbered) == 1:
            return numbered[0]
    raise NotFoundError("instrument", text, query.suggestions(text, [i.id for i in ds.instruments]))


_SUBJECT_KINDS = N_("country, region, challenge, sector, theme or instrument")


def resolve_subject(ds: Dataset, text: str) -> tuple[str, object]:
    """A country, a region, a challenge, a sector, a theme or an instrument, in that order: first by
    their English names (and the countries' and regions' in every language), then by their French
    or Spanish names ("genre", "travail domestique"), so that an English name selects what it
    always did.

    A name that selects several challenges, sectors or themes ("care": aged care and care work)
    is the kind ``topic`` with the Filters that select them all."""

    def english(kind: str) -> list[str]:
        return query.select(ds, kind, text, translate=False)

    for kind, finder in (
        ("country", lambda: query.find_country(ds, text)),
        ("region", lambda: query.find_region(text, ds)),
        ("challenge", lambda: english("challenge")),
        ("sector", lambda: english("sector")),
        ("theme", lambda: english("theme")),
        ("instrument", lambda: find_instrument(ds, text)),
    ):
        try:
            found = finder()
        except NotFoundError:
            continue
        return _selected(ds, kind, found)
    for kind in ("challenge", "sector", "theme"):
        found = names.translated(ds, kind, text) or names.translated_partial(ds, kind, text)
        if found:
            return _selected(ds, kind, found)
    groups = [
        ("country", [(c.name, c.name) for c in ds.countries]),
        ("region", [(name, r) for r, name in vocab.REGIONS.items()]),
        ("challenge", [(c.id, c.id) for c in ds.challenges]),
        ("sector", [(s, s) for s in query.all_sectors(ds)]),
        ("theme", [(t, t) for t in vocab.THEMES]),
        ("instrument", [(i.id, i.id) for i in ds.instruments]),
    ]
    raise names.not_found("subject", text, names.near_any(ds, groups, text))


def _selected(ds: Dataset, kind: str, found: object) -> tuple[str, object]:
    """The subject a lookup found: a record or a value, or the topic of the several values it selected."""
    if not isinstance(found, list):
        return kind, found
    if len(found) == 1:
        return kind, ds.get(found[0]) if kind == "challenge" else found[0]
    field_name = {"challenge": "challenges", "sector": "sectors", "theme": "themes"}[kind]
    selected: dict[str, Any] = {field_name: tuple(found)}
    return TOPIC, query.Filters(**selected)


def split_subjects(ds: Dataset, words: Sequence[str]) -> list[str]:
    """The subjects typed as words: all the words as one name when they are one ("South Africa"),
    else split at commas, else each quoted word as typed, else the longest names from the left
    ("Jordan Lebanon": two); a text that no split reads is kept whole (its error names it)."""
    words = [w.strip() for w in words if w.strip()]
    if not words:
        return []
    whole = " ".join(words)
    if "," in whole:
        return [part.strip() for part in whole.split(",") if part.strip()]

    def known(text: str) -> bool:
        try:
            resolve_subject(ds, text)
        except NotFoundError:
            return False
        return True

    if len(words) == 1 or known(whole):
        return [whole]
    if all(known(w) for w in words):
        return list(words)
    tokens = whole.split()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for j in range(len(tokens), i, -1):
            if known(" ".join(tokens[i:j])):
                out.append(" ".join(tokens[i:j]))
                i = j
                break
        else:
            return [whole]
    return out


def _either(values: Sequence[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    values = list(values)
    if len(values) < 2:
        return "".join(values)
    return _("{first} or {last}").format(first=", ".join(values[:-1]), last=values[-1])


def _both(values: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    values = list(values)
    if len(values) < 2:
        return "".join(values)
    return _("{first} and {last}").format(first=", ".join(values[:-1]), last=values[-1])


# People's words for the vocabulary ids (the note never shows an id).
_TYPE_WORDS = {
    "tripartite": N_("tripartite"),
    "bipartite": N_("bipartite"),
    "multi-stakeholder": N_("multi-stakeholder"),
    "unspecified": N_("type not stated"),
}
_FORM_WORDS = {
    "negotiation": N_("negotiation"),
    "consultation": N_("consultation"),
    "information-sharing": N_("information sharing"),
}
_PARTY_WORDS = {
    "governments": N_("governments"),
    "employers": N_("employers"),
    "workers": N_("workers"),
    "civil-society": N_("civil society organizations"),
    "migrants": N_("migrants"),
    "local-authorities": N_("local authorities"),
    "regional-bodies": N_("regional bodies"),
    "international-organizations": N_("international organizations"),
    "other": N_("other stakeholders"),
}


def _level(ident: str) -> str:
    """``national level``, or ``level not stated``."""
    if ident == vocab.NOT_STATED:
        return _("level not stated")
    return _("{level} level").format(level=vocab.shown("level", ident).lower())


def _word(words: dict[str, str], ident: str) -> str:
    return _(words[ident]) if ident in words else ident.replace("-", " ")


def _criteria(reader: Reader, f: query.Filters) -> tuple[list[str], list[str]]:
    """The filters in words: the phrases of a title, and those of a sentence ("in the sectors ...")."""
    title: list[str] = []
    sentence: list[str] = []

    def add(values: Sequence[str], heading: str, phrase_one: str, phrase_many: str) -> None:
        if values:
            title.append(heading.format(values=_either(values)))
            sentence.append((phrase_one if len(values) == 1 else phrase_many).format(values=_either(values)))

    add([reader.name("country", c) for c in f.countries], "{values}", _("in {values}"), _("in {values}"))
    regions = [vocab.shown("region", r) for r in f.regions]
    add(regions, "{values}", _("in the ILO region {values}"), _("in the ILO regions {values}"))
    types = [_word(_TYPE_WORDS, t) for t in f.types]
    add(types, _("{values} dialogue"), _("of {values} dialogue"), _("of {values} dialogue"))
    levels = [vocab.shown("level", v).lower() for v in f.levels if v != vocab.NOT_STATED]
    add(levels, _("{values} level"), _("at the {values} level"), _("at the {values} levels"))
    if vocab.NOT_STATED in f.levels:
        title.append(_("level not stated"))
        sentence.append(_("at a level the brief does not state"))
    themes = [vocab.shown("theme", t) for t in f.themes]
    add(themes, "{values}", _("under the brief's heading {values}"), _("under the brief's headings {values}"))
    challenges = [reader.name("challenge", c) for c in f.challenges]
    add(challenges, "{values}", _("that address {values}"), _("that address {values}"))
    add(
        [reader.name("sector", s) for s in f.sectors],
        _("{values} (sector)") if len(f.sectors) == 1 else _("{values} (sectors)"),
        _("in the sector {values}"),
        _("in the sectors {values}"),
    )
    add([str(y) for y in f.years], "{values}", _("in {values}"), _("in {values}"))
    if f.since is not None:
        title.append(_("since {year}").format(year=f.since))
        sentence.append(_("from {year} on").format(year=f.since))
    if f.until is not None:
        title.append(_("until {year}").format(year=f.until))
        sentence.append(_("up to {year}").format(year=f.until))
    forms = [_word(_FORM_WORDS, x) for x in f.forms]
    add(forms, "{values}", _("through {values}"), _("through {values}"))
    parties = [_word(_PARTY_WORDS, x) for x in f.parties]
    add(parties, _("with {values}"), _("with {values} taking part"), _("with {values} taking part"))
    return title, sentence


@dataclass
class _Part:
    """One subject of a note: what it names and what it gathers."""

    note: Briefing
    phrase: str  # in a sentence: "in Jordan"
    filters: query.Filters | None  # the filters that select its examples (None: none do exactly)


def _subject(reader: Reader, text: str) -> _Part:
    """One subject's material; a name that is none of them, but that a search finds, is a search."""
    ds = reader.ds
    try:
        kind, subject = resolve_subject(ds, text)
    except NotFoundError as err:
        if err.suggestions:
            raise
        from .fulltext import search as run_search

        results = run_search(ds, text, limit=0)
        hits = [h.example for h in results.hits]
        if not hits:
            raise
        shown = f"\u201c{text}\u201d"
        intro = ngettext(
            "The brief documents {n} example of social dialogue on labour migration that a search for {text} finds.",
            "The brief documents {n} examples of social dialogue on labour migration that a search for {text} finds.",
            len(hits),
        ).format(n=len(hits), text=shown)
        note = Briefing(subject=shown, kind=TOPIC, intro=[intro], examples=hits, search=text)
        note.notices.append(
            _("{text!r} is no {kinds}: the note covers the examples a search for it finds").format(
                text=text, kinds=_(_SUBJECT_KINDS)
            )
        )
        if results.beyond:  # the examples found are weak matches: the reader is told, as search tells them
            note.notices.append(results.beyond)
        # every example, searched: the page of them all, searched for the same words
        return _Part(note, _("that a search for {text} finds").format(text=shown), query.Filters())
    return _one(reader, text, kind, subject)


def _one(reader: Reader, text: str, kind: str, subject: object) -> _Part:
    """One subject's material, by its kind (an instrument when it is none of the others)."""
    return _PARTS.get(kind, _instrument)(reader, text, subject)


def _country(reader: Reader, text: str, subject: object) -> _Part:
    """A country: its own examples, and the regional ones that involve it."""
    ds = reader.ds
    assert isinstance(subject, Country)
    parts = query.country_view(ds, subject)
    region = vocab.shown("region", subject.region)
    country = reader.name("country", subject.name)
    own, related = len(parts["examples"]), len(parts["related_examples"])
    note = Briefing(
        subject=country,
        kind="country",
        intro=[
            ngettext(
                "{country} ({iso3}) is in the ILO region {region}. The brief documents {n} example of social "
                "dialogue on labour migration in {country}, and",
                "{country} ({iso3}) is in the ILO region {region}. The brief documents {n} examples of social "
                "dialogue on labour migration in {country}, and",
                own,
            ).format(country=country, iso3=subject.iso3, region=region, n=own)
            + " "
            + ngettext(
                "{n} regional, interregional or bilateral example involving {region}.",
                "{n} regional, interregional or bilateral examples involving {region}.",
                related,
            ).format(n=related, region=region)
        ],
        examples=list(parts["examples"]),
        related=list(parts["related_examples"]),
        statistics=parts["statistics"],
    )
    return _Part(note, _("in {country}").format(country=country), query.Filters(countries=(subject.name,)))


def _region(reader: Reader, text: str, subject: object) -> _Part:
    """An ILO region: its countries and the examples in or involving it."""
    ds = reader.ds
    assert isinstance(subject, str)
    parts = query.region_view(ds, subject)
    names = reader.names("country", [c.name for c in parts["countries"]]) or _("none")
    count = len(parts["examples"])
    note = Briefing(
        subject=vocab.shown("region", subject),
        kind="region",
        intro=[
            ngettext(
                "Countries of this ILO region named in the brief: {names}. The brief documents {n} example "
                "in or involving the region.",
                "Countries of this ILO region named in the brief: {names}. The brief documents {n} examples "
                "in or involving the region.",
                count,
            ).format(names=names, n=count)
        ],
        examples=list(parts["examples"]),
        statistics=parts["statistics"],
    )
    filters = query.Filters(regions=(subject,))
    return _Part(note, _("in or involving {region}").format(region=vocab.shown("region", subject)), filters)


def _challenge(reader: Reader, text: str, subject: object) -> _Part:
    """A challenge: the examples that address it."""
    ds = reader.ds
    assert isinstance(subject, Challenge)
    shown = reader.text(subject)
    note = Briefing(
        subject=shown.name,
        kind="challenge",
        intro=[shown.summary],
        examples=query.examples_for_challenge(ds, subject.id),
        challenges=[subject],
    )
    return _Part(
        note, _("that address {challenge}").format(challenge=shown.name), query.Filters(challenges=(subject.id,))
    )


def _sector(reader: Reader, text: str, subject: object) -> _Part:
    """A sector: its examples."""
    ds = reader.ds
    assert isinstance(subject, str)
    examples = query.examples_with(ds, "sector", subject)
    sector = reader.name("sector", subject)
    note = Briefing(
        subject=_("{values} (sector)").format(values=sector),
        kind="sector",
        intro=[
            ngettext(
                "The brief documents {n} example of social dialogue in {sector}.",
                "The brief documents {n} examples of social dialogue in {sector}.",
                len(examples),
            ).format(n=len(examples), sector=sector)
        ],
        examples=examples,
    )
    return _Part(note, _("in the sector {sector}").format(sector=sector), query.Filters(sectors=(subject,)))


def _theme(reader: Reader, text: str, subject: object) -> _Part:
    """A heading of the brief: the examples under it."""
    ds = reader.ds
    assert isinstance(subject, str)
    examples = query.examples_with(ds, "theme", subject)
    note = Briefing(
        subject=vocab.shown("theme", subject),
        kind="theme",
        intro=[
            ngettext(
                "A heading of the brief: {theme}. It documents {n} example under it.",
                "A heading of the brief: {theme}. It documents {n} examples under it.",
                len(examples),
            ).format(theme=vocab.shown("theme", subject), n=len(examples))
        ],
        examples=examples,
    )
    return _Part(
        note,
        _("under the brief's heading {theme}").format(theme=vocab.shown("theme", subject)),
        query.Filters(themes=(subject,)),
    )


def _several(reader: Reader, text: str, subject: object) -> _Part:
    """A name that selects several challenges, sectors or themes (the filters that select them)."""
    ds = reader.ds
    assert isinstance(subject, query.Filters)
    title, sentence = _criteria(reader, subject)
    examples = query.filter_examples(ds, subject)
    note = Briefing(subject=title[0], kind=TOPIC, intro=[], examples=examples)
    if subject.challenges:
        what, chosen = _("challenges"), [reader.name("challenge", c) for c in subject.challenges]
    elif subject.sectors:
        what, chosen = _("sectors"), [reader.name("sector", s) for s in subject.sectors]
    else:
        what, chosen = _("headings of the brief"), [vocab.shown("theme", t) for t in subject.themes]
    note.notices.append(
        _("{text!r} matches the {what} {names}: the note covers them all").format(
            text=text, what=what, names=_both(chosen)
        )
    )
    return _Part(note, sentence[0], subject)


def _instrument(reader: Reader, text: str, subject: object) -> _Part:
    """An instrument: the examples and the recommendations that refer to it."""
    ds = reader.ds
    assert isinstance(subject, Instrument)
    examples = query.examples_for_instrument(ds, subject.id)
    shown = reader.text(subject)
    note = Briefing(subject=shown.title, kind="instrument", intro=[shown.summary], examples=examples)
    note.recommendations = [r for r in ds.recommendations if subject.id in r.instruments]
    return _Part(note, _("that refer to {instrument}").format(instrument=shown.title), None)


_PARTS = {
    "country": _country,
    "region": _region,
    "challenge": _challenge,
    "sector": _sector,
    "theme": _theme,
    TOPIC: _several,
}


def _merged_filters(parts: Sequence[_Part], filters: query.Filters | None) -> query.Filters | None:
    """Filters that select exactly the examples of these subjects narrowed by ``filters``, when some do."""
    if not parts:
        return filters
    chosen = [p.filters for p in parts]
    if any(f is None for f in chosen) or any(p.note.related for p in parts):
        return None
    values: dict[str, Any] = {}
    for f in chosen:
        assert f is not None
        for name in f._fields:
            given = getattr(f, name)
            if given:
                values[name] = (*values.get(name, ()), *given)
    if len(values) > 1:  # subjects of different kinds: any of them, which filters (all of them) cannot say
        return None
    if filters is not None and not filters.is_empty():
        for name in filters._fields:
            given = getattr(filters, name)
            if given in (None, (), []):
                continue
            if name in values:
                return None  # the subject and a filter of the same kind: both must hold
            values[name] = given
    return query.Filters(**values)


def _unique(records: Sequence[Any]) -> list[Any]:
    seen: set[str] = set()
    out = []
    for rec in records:
        if rec.key not in seen:
            seen.add(rec.key)
            out.append(rec)
    return out


def build(
    ds: Dataset,
    subjects: str | Sequence[str] = (),
    *,
    filters: query.Filters | None = None,
    search: str = "",
) -> Briefing:
    """Gather the material of a briefing note: on one or more subjects (any of them), narrowed by
    the filters and a search (all of them); without a subject, on what the filters and search keep."""
    names = [subjects] if isinstance(subjects, str) else list(subjects)
    reader = Reader(ds)
    parts = [_subject(reader, text) for text in names]
    narrowed = (filters is not None and not filters.is_empty()) or bool(search.strip())
    if len(parts) == 1 and not narrowed:
        note = parts[0].note
        note.filters = None if note.related else parts[0].filters
    else:
        note = _topic(reader, parts, filters, search)
    note.asked = " ".join(names)
    note.reader = reader
    all_examples = note.examples + note.related
    if note.kind != "challenge":
        ids = {c for e in all_examples for c in e.challenges}
        own = [c for c in note.challenges if c.id not in ids]
        note.challenges = own + [c for c in ds.challenges if c.id in ids]
    example_ids = {e.id for e in all_examples}
    linked = [r for r in ds.recommendations if example_ids & (set(r.examples) | set(r.related_examples))]
    note.recommendations += [r for r in linked if r not in note.recommendations]
    return note


def _topic(reader: Reader, parts: list[_Part], filters: query.Filters | None, search: str) -> Briefing:
    """A note on several subjects, or on what filters and a search keep."""
    ds = reader.ds
    if parts:
        examples = _unique([e for p in parts for e in p.note.examples])
        mine = {e.id for e in examples}
        related = [e for e in _unique([e for p in parts for e in p.note.related]) if e.id not in mine]
    else:
        examples, related = query.filter_examples(ds, filters), []
    if filters is not None and not filters.is_empty() and parts:
        keep = {e.id for e in query.filter_examples(ds, filters)}
        examples = [e for e in examples if e.id in keep]
        related = [e for e in related if e.id in keep]
    text = search.strip()
    beyond = ""  # the search's notice that the brief names no example in a place or may not cover it
    if text:
        from .fulltext import search as run_search

        results = run_search(ds, text, filters, limit=0)
        ranked = [h.example.id for h in results.hits]
        beyond = results.beyond
        order = {ident: i for i, ident in enumerate(ranked)}
        if parts:
            examples = [e for e in examples if e.id in order]
            related = [e for e in related if e.id in order]
        else:
            by_id = {e.id: e for e in examples}
            examples = [by_id[i] for i in ranked if i in by_id]
    title: list[str] = []
    sentence: list[str] = []
    if parts:
        title.append(_both([p.note.subject for p in parts]))
        sentence.append(_either([p.phrase for p in parts]))
    filter_title, filter_sentence = _criteria(reader, filters or query.Filters())
    title += filter_title
    sentence += filter_sentence
    if text:
        quoted = f"\u201c{text}\u201d"
        title.append(_("examples that a search for {text} finds").format(text=quoted) if not title else quoted)
        sentence.append(_("that a search for {text} finds").format(text=quoted))
    criteria = ", ".join(sentence)
    if examples:
        intro = ngettext(
            "The brief documents {n} example of social dialogue on labour migration {criteria}.",
            "The brief documents {n} examples of social dialogue on labour migration {criteria}.",
            len(examples),
        ).format(n=len(examples), criteria=criteria)
    else:
        intro = _("The brief documents no example of social dialogue on labour migration {criteria}.").format(
            criteria=criteria
        )
    if related:
        intro += " " + ngettext(
            "The note also names {n} regional, interregional or bilateral example involving their regions.",
            "The note also names {n} regional, interregional or bilateral examples involving their regions.",
            len(related),
        ).format(n=len(related))
    statistics = _unique([s for p in parts for s in p.note.statistics])
    if filters is not None and (filters.countries or filters.regions):
        statistics = _unique([*statistics, *query.stated_figures(ds, filters)])
    note = Briefing(
        subject=semicolons(title),
        kind=TOPIC,
        intro=[intro],
        examples=examples,
        related=related,
        challenges=_unique([c for p in parts for c in p.note.challenges]),
        recommendations=_unique([r for p in parts for r in p.note.recommendations]),
        statistics=statistics,
        search=text,
        notices=[n for p in parts for n in p.note.notices] + ([beyond] if beyond else []),
    )
    note.filters = _merged_filters(parts, filters)  # with a search, the page is searched for it too
    return note


_MONTHS = [
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
]


def _month(date: str) -> str:
    """``2025-02`` as ``February 2025`` (any other form as it is)."""
    year, _sep, month = date.partition("-")
    if month.isdigit() and 1 <= int(month) <= 12:
        return _("{month} {year}").format(month=_(_MONTHS[int(month) - 1]), year=year)
    return date


def _forms_and_parties(ex: Example) -> str:
    """``negotiation; parties: governments, employers, workers`` in people's words, or what is not stated."""
    if ex.forms == (vocab.NOT_STATED,):
        forms = _("form not stated")
    else:
        forms = _("form: {forms}").format(forms=", ".join(_word(_FORM_WORDS, f) for f in ex.forms))
    if ex.parties == (vocab.NOT_STATED,):
        parties = _("parties not stated")
    else:
        parties = _("parties: {parties}").format(parties=", ".join(_word(_PARTY_WORDS, p) for p in ex.parties))
    return _("{first}; {second}").format(first=forms, second=parties)


def _years(ex: Example, title: str) -> str:
    """The example's years, unless its title (as shown) already gives them all (or it has none): "" then."""
    if not ex.years or all(str(y) in title for y in ex.years):
        return ""
    return ", ".join(str(y) for y in ex.years)


_URL = re.compile(r"https?://[^\s<>\]\[\"]+[^\s<>\]\[\".,;:!?)']")


class _Writer:
    """Markdown (for GitHub and pandoc) or plain text, line by line."""

    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown
        self.lines: list[str] = []
        self.cited: list[int] = []  # the footnotes referred to, in order of first reference

    def esc(self, text: str) -> str:
        """Text as it reads, every web address in it a link (in Markdown, ``<https://...>``)."""
        if not self.markdown:
            return " ".join(text.split())
        from .render.markdown import escape

        out, last = [], 0
        for found in _URL.finditer(text):
            out += [escape(text[last : found.start()]), f"<{found.group()}>"]
            last = found.end()
        out.append(escape(text[last:]))
        return "".join(out)

    def bold(self, text: str) -> str:
        return f"**{self.esc(text)}**" if self.markdown else self.esc(text)

    def heading(self, text: str, level: int) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
        if self.markdown:
            self.lines += ["#" * level + " " + self.esc(text), ""]
        else:
            self.lines += [text, ("=" if level == 1 else "-") * min(len(text), 60), ""]

    def refs(self, numbers: Sequence[int], ds: Dataset) -> str:
        """`` [44, 45]``: the brief's footnote numbers, as text every converter keeps."""
        known = [n for n in numbers if ds.source(n) is not None]
        if not known:
            return ""
        self.cited += [n for n in known if n not in self.cited]
        return " " + self.esc("[" + ", ".join(str(n) for n in known) + "]")

    def item(self, text: str) -> None:
        self.lines.append("- " + text)

    def para(self, text: str) -> None:
        self.lines += [text, ""]

    def end_list(self) -> None:
        self.lines.append("")


def render(ds: Dataset, note: Briefing, *, markdown: bool = True, full: bool = False, width: int | None = None) -> str:
    """The note as Markdown or plain text, one page unless ``full``, wrapped at ``width`` if given.

    A note is a document to send: it names no command, option or id, only what people read."""
    out = _Writer(markdown)
    reader = note.reader or Reader(ds)
    _write_opening(out, ds, note)
    notice_at = len(out.lines)  # the notice on the text, once the note knows what it shows
    for paragraph in note.intro:
        out.para(out.esc(paragraph))
    _write_examples(out, ds, note, reader, full)
    _write_challenges(out, ds, note, reader, full)
    _write_recommendations(out, ds, note, reader, full)
    _write_figures(out, ds, note, reader, full)
    _write_sources(out, ds, reader)
    notice = reader.notice()
    if notice:
        out.lines[notice_at:notice_at] = [out.esc(notice), ""]
    text = "\n".join(out.lines).rstrip("\n") + "\n"
    if not markdown:  # Markdown is escaped (and so cleaned) piece by piece; plain text here
        from .render import clean

        text = clean(text)
    return text if width is None else wrap_markdown(text, width)


def _write_opening(out: _Writer, ds: Dataset, note: Briefing) -> None:
    """The title, and what the note is from (the brief, and how many examples are the user's own)."""
    out.heading(_("Briefing note: {subject}").format(subject=note.subject), 1)
    own = [ex for ex in note.examples + note.related if ds.is_user(ex.id)]
    if ds.meta.doi:
        opening = _(
            "What the ILO policy brief \u2018Social dialogue for the governance of labour migration\u2019 "
            "({date}, {link}) documents."
        ).format(date=_month(ds.meta.date), link=f"https://doi.org/{ds.meta.doi}")
        if own:
            opening += " " + _("{n} of the examples below come from your own dataset, not from the brief.").format(
                n=len(own)
            )
    else:
        opening = _("From {title}, not from the ILO brief.").format(title=ds.meta.title)
    out.para(out.esc(opening))


def _described(out: _Writer, ds: Dataset, reader: Reader, ex: Example, full: bool) -> str:
    """One example as the note lists it: its title, years, type and level, forms and parties (and its
    summary in the full note), then its footnotes."""
    shown = reader.text(ex)
    level = _level(ex.level)
    years = _years(ex, shown.title)
    parts = [years] if years else []
    parts += [f"{_word(_TYPE_WORDS, ex.dialogue_type)}, {level}", _forms_and_parties(ex)]
    if ds.meta.doi and ds.is_user(ex.id):
        parts.append(_("from your own dataset"))
    meta = parts[0]
    for part in parts[1:]:
        meta = _("{first}; {second}").format(first=meta, second=part)
    text = _("{title}: {details}").format(title=out.bold(shown.title), details=out.esc(meta))
    if full:
        text += f". {out.esc(shown.summary)}"
    return text + out.refs(ex.sources, ds)


def _write_examples(out: _Writer, ds: Dataset, note: Briefing, reader: Reader, full: bool) -> None:
    """The examples: all, in two groups, in the full note; the first SHORT_EXAMPLES in one list otherwise."""
    groups = [
        (_("Examples"), note.examples),
        (_("Regional, interregional and bilateral examples"), note.related),
    ]
    if full:
        for title, items in groups:
            if items:
                out.heading(title, 2)
                for ex in items:
                    out.item(_described(out, ds, reader, ex, full))
                out.end_list()
    elif note.examples or note.related:
        out.heading(_("Examples"), 2)
        shown = [(ex, "") for ex in note.examples] + [(ex, _("Regional: ")) for ex in note.related]
        for ex, label in shown[:SHORT_EXAMPLES]:
            out.item(out.esc(label) + _described(out, ds, reader, ex, full))
        out.end_list()
        if len(shown) > SHORT_EXAMPLES:
            rest = len(shown) - SHORT_EXAMPLES
            out.para(
                out.esc(
                    ngettext(
                        "And {n} more example, in the full version of this note.",
                        "And {n} more examples, in the full version of this note.",
                        rest,
                    ).format(n=rest)
                )
            )


def _write_challenges(out: _Writer, ds: Dataset, note: Briefing, reader: Reader, full: bool) -> None:
    if note.challenges:
        out.heading(_("Challenges addressed"), 2)
        if full:
            for c in note.challenges:
                shown = reader.text(c)
                out.item(labelled(out.bold(shown.name), out.esc(shown.summary) + out.refs(c.sources, ds)))
            out.end_list()
        else:
            out.para(out.esc(semicolons(reader.text(c).name for c in note.challenges) + "."))


def _write_recommendations(out: _Writer, ds: Dataset, note: Briefing, reader: Reader, full: bool) -> None:
    if note.recommendations:
        out.heading(_("Recommendations that apply"), 2)
        out.para(out.esc(_("Recommendations of the brief, as the dataset's editors link them to these examples:")))
        recs = note.recommendations if full else note.recommendations[:SHORT_RECOMMENDATIONS]
        for r in recs:
            shown = reader.text(r)
            if full:
                out.item(labelled(out.bold(shown.title), out.esc(shown.summary) + out.refs(r.sources, ds)))
            else:
                out.item(out.esc(shown.title))
        out.end_list()
        if len(recs) < len(note.recommendations):
            rest = len(note.recommendations) - len(recs)
            out.para(out.esc(_("And {n} more, in the full version of this note.").format(n=rest)))


def _write_figures(out: _Writer, ds: Dataset, note: Briefing, reader: Reader, full: bool) -> None:
    if note.statistics:
        out.heading(_("Figures") if full else _("Key figures"), 2)
        figures = note.statistics if full else note.statistics[:SHORT_FIGURES]
        for st in figures:
            text = reader.text(st)
            label = text.label
            year = f" ({st.year})" if st.year and str(st.year) not in label else ""
            figure = f"{reader.figure(st)} {text.unit}"
            out.item(labelled(out.esc(label), out.esc(figure) + year + out.refs(st.sources, ds)))
        out.end_list()
        if len(figures) < len(note.statistics):
            rest = len(note.statistics) - len(figures)
            out.para(out.esc(_("And {n} more, in the full version of this note.").format(n=rest)))


def _write_sources(out: _Writer, ds: Dataset, reader: Reader) -> None:
    """The footnotes the note cited, as the brief gives them (never translated), and the note's source."""
    if out.cited:
        reader.verbatim = True
        out.heading(_("Sources in the brief"), 2)
        for n in sorted(out.cited):
            out.item(out.esc(f"[{n}] {ds.source(n).citation}"))  # type: ignore[union-attr]
        out.end_list()
    out.para(
        out.esc(
            _(
                "Source: {publisher}, {title}, Policy Brief, {date}, {link}. The numbers in brackets are the "
                "brief's footnotes. Prepared with migdialogue."
            ).format(
                publisher=ds.meta.publisher,
                title=ds.meta.title,
                date=_month(ds.meta.date),
                link=f"https://doi.org/{ds.meta.doi}",
            )
        )
    )


# A word that would start a list, a heading or a block if a wrapped line began with it.
# (pandoc's fancy lists also start with "(2022)", "a.", "iv)", "#." and "(@)").
_OPENS_BLOCK = re.compile(r"[-+*=]+|#+|>|\||\(?(?:\d+|[A-Za-z]|[ivxlcdmIVXLCDM]+|#|@\w*)[.)]\S*")


_SPACES = re.compile(r"[ \t\r\f\v]+")


def wrap_markdown(text: str, width: int) -> str:
    """Markdown or text wrapped at spaces to ``width``: headings and underlines kept whole, list
    items continued under their text; a line never starts with a word Markdown would read as
    the start of a list, a heading or a quote."""
    out: list[str] = []
    for line in text.split("\n"):
        if not line or line.startswith("#"):  # a Markdown heading stays on its line
            out.append(line)
            continue
        if set(line) <= {"=", "-"}:  # a text heading's underline
            out.append(line[:width])
            continue
        lead = "- " if line.startswith("- ") else ""
        # at spaces only: a no-break space (French typography: "78 600", "titre : ...") holds its words together
        words = [w for w in _SPACES.split(line[len(lead) :]) if w]
        units: list[str] = []
        for word in words:
            # never break before such a word, nor inside a reference such as "[44, 45]"
            if units and (_OPENS_BLOCK.fullmatch(word) or units[-1].count("[") > units[-1].count("]")):
                units[-1] += " " + word
            else:
                units.append(word)
        current, started = lead, False
        for unit in units:
            if started and len(current) + 1 + len(unit) > width:
                out.append(current)
                current = " " * len(lead) + unit
            else:
                current += (" " if started else "") + unit
            started = True
        out.append(current)
    return "\n".join(out)
