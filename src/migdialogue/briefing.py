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

from . import query, vocab
from .dataset import Dataset
from .errors import NotFoundError
from .models import Challenge, Country, Example, Instrument, Recommendation, Statistic

KINDS = ("country", "region", "challenge", "sector", "theme", "instrument")

# The one-page note: at most this many of each (the rest are counted and named by command).
SHORT_EXAMPLES = 5
SHORT_FIGURES = 3
SHORT_RECOMMENDATIONS = 5


@dataclass
class Briefing:
    """What a briefing note holds, before it is written out."""

    subject: str
    kind: str  # one of KINDS
    intro: list[str]
    examples: list[Example]
    related: list[Example] = field(default_factory=list)
    challenges: list[Challenge] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    more: str = ""  # the command that lists every example of the subject
    asked: str = ""  # the subject as typed, for "brief ... --full"

    def footnotes(self) -> list[int]:
        """Every footnote of the brief cited in the full note, in order of number."""
        numbers: set[int] = set()
        for group in (self.examples, self.related, self.challenges, self.recommendations, self.statistics):
            for rec in group:
                numbers.update(rec.sources)
        return sorted(numbers)


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


def resolve_subject(ds: Dataset, text: str) -> tuple[str, object]:
    """A country, a region, a challenge, a sector, a theme or an instrument, in that order."""
    for kind, finder in (
        ("country", lambda: query.find_country(ds, text)),
        ("region", lambda: query.find_region(text, ds)),
        ("challenge", lambda: query.find_challenge(ds, text)),
        ("sector", lambda: query.find_sector(ds, text)),
        ("theme", lambda: query.find_term("theme", text, vocab.THEMES)),
        ("instrument", lambda: find_instrument(ds, text)),
    ):
        try:
            return kind, finder()
        except NotFoundError:
            continue
    choices = [
        *(c.name for c in ds.countries),
        *vocab.REGIONS.values(),
        *(c.id for c in ds.challenges),
        *query.all_sectors(ds),
        *vocab.THEMES,
        *(i.id for i in ds.instruments),
    ]
    raise NotFoundError(
        "country, region, challenge, sector, theme or instrument", text, query.suggestions(text, choices)
    )


def build(ds: Dataset, text: str) -> Briefing:
    """Gather the material of a briefing note."""
    kind, subject = resolve_subject(ds, text)
    if kind == "country":
        assert isinstance(subject, Country)
        parts = query.country_view(ds, subject)
        region = vocab.REGIONS[subject.region]
        note = Briefing(
            subject=subject.name,
            kind=kind,
            intro=[
                f"{subject.name} ({subject.iso3}) is in the ILO region {region}. The brief documents "
                f"{_count(len(parts['examples']), 'example')} of social dialogue on labour migration in "
                f"{subject.name}, and "
                + _count(len(parts["related_examples"]), "regional, interregional or bilateral example")
                + f" involving {region}."
            ],
            examples=list(parts["examples"]),
            related=list(parts["related_examples"]),
            statistics=parts["statistics"],
            more=f"migdialogue country {subject.name}",
        )
    elif kind == "region":
        assert isinstance(subject, str)
        parts = query.region_view(ds, subject)
        names = ", ".join(c.name for c in parts["countries"]) or "none"
        note = Briefing(
            subject=vocab.REGIONS[subject],
            kind=kind,
            intro=[
                f"Countries of this ILO region named in the brief: {names}. The brief documents "
                f"{_count(len(parts['examples']), 'example')} in or involving the region."
            ],
            examples=list(parts["examples"]),
            statistics=parts["statistics"],
            more=f"migdialogue list --region {subject}",
        )
    elif kind == "challenge":
        assert isinstance(subject, Challenge)
        note = Briefing(
            subject=subject.name,
            kind=kind,
            intro=[subject.summary],
            examples=query.examples_for_challenge(ds, subject.id),
            challenges=[subject],
            more=f"migdialogue list --challenge {subject.id}",
        )
    elif kind == "sector":
        assert isinstance(subject, str)
        examples = query.examples_with(ds, "sector", subject)
        note = Briefing(
            subject=f"{subject} (sector)",
            kind=kind,
            intro=[f"The brief documents {_count(len(examples), 'example')} of social dialogue in {subject}."],
            examples=examples,
            more=f'migdialogue list --sector "{subject}"',
        )
    elif kind == "theme":
        assert isinstance(subject, str)
        examples = query.examples_with(ds, "theme", subject)
        note = Briefing(
            subject=vocab.THEMES[subject],
            kind=kind,
            intro=[
                f"A heading of the brief: {vocab.THEMES[subject]}. It documents "
                f"{_count(len(examples), 'example')} under it."
            ],
            examples=examples,
            more=f"migdialogue list --theme {subject}",
        )
    else:
        assert isinstance(subject, Instrument)
        examples = query.examples_for_instrument(ds, subject.id)
        note = Briefing(
            subject=subject.title,
            kind=kind,
            intro=[subject.summary],
            examples=examples,
            more=f"migdialogue instruments {subject.id}",
        )
        note.recommendations = [r for r in ds.recommendations if subject.id in r.instruments]
    note.asked = text
    all_examples = note.examples + note.related
    if kind != "challenge":
        ids = {c for e in all_examples for c in e.challenges}
        note.challenges = [c for c in ds.challenges if c.id in ids]
    example_ids = {e.id for e in all_examples}
    linked = [r for r in ds.recommendations if example_ids & (set(r.examples) | set(r.related_examples))]
    note.recommendations += [r for r in linked if r not in note.recommendations]
    return note


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _month(date: str) -> str:
    """``2025-02`` as ``February 2025`` (any other form as it is)."""
    year, _, month = date.partition("-")
    return f"{_MONTHS[int(month) - 1]} {year}" if month.isdigit() and 1 <= int(month) <= 12 else date


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _forms_and_parties(ex: Example) -> str:
    """``form: negotiation; parties: governments, employers, workers`` (ids, short), or what is not stated."""
    forms = "form not stated" if ex.forms == (vocab.NOT_STATED,) else "form: " + ", ".join(ex.forms)
    parties = "parties not stated" if ex.parties == (vocab.NOT_STATED,) else "parties: " + ", ".join(ex.parties)
    return f"{forms}; {parties}"


def _years(ex: Example) -> str:
    return ", ".join(str(y) for y in ex.years) if ex.years else "year not given"


class _Writer:
    """Markdown (for GitHub and pandoc) or plain text, line by line."""

    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown
        self.lines: list[str] = []
        self.cited: list[int] = []  # the footnotes referred to, in order of first reference

    def esc(self, text: str) -> str:
        from .render.markdown import escape

        return escape(text) if self.markdown else " ".join(text.split())

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
    """The note as Markdown or plain text, one page unless ``full``, wrapped at ``width`` if given."""
    out = _Writer(markdown)
    full_note = f"migdialogue brief {note.asked or note.subject} --full"
    out.heading(f"Briefing note: {note.subject}", 1)
    own = [ex for ex in note.examples + note.related if ds.is_user(ex.id)]
    if ds.meta.doi:
        opening = (
            f"What the ILO policy brief 'Social dialogue for the governance of labour migration' "
            f"({_month(ds.meta.date)}, DOI {ds.meta.doi}) documents."
        )
        if own:
            opening += f" {len(own)} of the examples below come from your own dataset, not from the brief."
    else:
        opening = f"From {ds.meta.title}, not from the ILO brief."
    out.para(out.esc(opening))
    for paragraph in note.intro:
        out.para(out.esc(paragraph))

    def describe(ex: Example) -> str:
        meta = f"{_years(ex)}; {ex.dialogue_type}, {ex.level}; {_forms_and_parties(ex)}"
        if ds.meta.doi and ds.is_user(ex.id):
            meta += "; from your own dataset"
        text = f"{out.bold(ex.title)} ({out.esc(meta)})"
        if full:
            text += f". {out.esc(ex.summary)}"
        return text + out.refs(ex.sources, ds)

    groups = [("Examples", note.examples), ("Regional, interregional and bilateral examples", note.related)]
    if full:
        for title, items in groups:
            if items:
                out.heading(title, 2)
                for ex in items:
                    out.item(describe(ex))
                out.end_list()
    elif note.examples or note.related:
        out.heading("Examples", 2)
        shown = [(ex, "") for ex in note.examples] + [(ex, "Regional: ") for ex in note.related]
        for ex, label in shown[:SHORT_EXAMPLES]:
            out.item(out.esc(label) + describe(ex))
        out.end_list()
        if len(shown) > SHORT_EXAMPLES:
            out.para(out.esc(f"And {len(shown) - SHORT_EXAMPLES} more: {note.more}, or {full_note}."))
    if note.challenges:
        out.heading("Challenges addressed", 2)
        if full:
            for c in note.challenges:
                out.item(f"{out.bold(c.name)}: {out.esc(c.summary)}{out.refs(c.sources, ds)}")
            out.end_list()
        else:
            out.para(out.esc("; ".join(c.name for c in note.challenges) + "."))
    if note.recommendations:
        out.heading("Recommendations that apply", 2)
        out.para(out.esc("Recommendations of the brief, as the dataset's editors link them to these examples:"))
        recs = note.recommendations if full else note.recommendations[:SHORT_RECOMMENDATIONS]
        for r in recs:
            if full:
                out.item(f"{out.bold(r.title)}: {out.esc(r.summary)}{out.refs(r.sources, ds)}")
            else:
                out.item(out.esc(r.title))
        out.end_list()
        if len(recs) < len(note.recommendations):
            out.para(out.esc(f"And {len(note.recommendations) - len(recs)} more: {full_note}."))
    if note.statistics:
        out.heading("Figures" if full else "Key figures", 2)
        figures = note.statistics if full else note.statistics[:SHORT_FIGURES]
        for st in figures:
            year = f" ({st.year})" if st.year else ""
            out.item(f"{out.esc(st.label)}: {out.esc(f'{st.figure} {st.unit}')}{year}{out.refs(st.sources, ds)}")
        out.end_list()
        if len(figures) < len(note.statistics):
            out.para(out.esc(f"And {len(note.statistics) - len(figures)} more: {full_note}."))
    if out.cited:
        out.heading("Sources in the brief", 2)
        for n in sorted(out.cited):
            out.item(out.esc(f"[{n}] {ds.source(n).citation}"))  # type: ignore[union-attr]
        out.end_list()
    out.para(
        out.esc(
            f"Source: {ds.meta.publisher}, {ds.meta.title}, Policy Brief, {_month(ds.meta.date)}, "
            f"https://doi.org/{ds.meta.doi}. The numbers in brackets are the brief's footnotes. "
            "Prepared with migdialogue."
        )
    )
    text = "\n".join(out.lines).rstrip("\n") + "\n"
    if not markdown:  # Markdown is escaped (and so cleaned) piece by piece; plain text here
        from .render import clean

        text = clean(text)
    return text if width is None else wrap_markdown(text, width)


# A word that would start a list, a heading or a block if a wrapped line began with it.
# (pandoc's fancy lists also start with "(2022)", "a.", "iv)", "#." and "(@)").
_OPENS_BLOCK = re.compile(r"[-+*=]+|#+|>|\||\(?(?:\d+|[A-Za-z]|[ivxlcdmIVXLCDM]+|#|@\w*)[.)]\S*")


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
        words = line[len(lead) :].split()
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
