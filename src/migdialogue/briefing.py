"""One-page briefing notes on a country, a region or a challenge, as Markdown or plain text."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import query, vocab
from .dataset import Dataset
from .errors import NotFoundError
from .models import Challenge, Country, Example, Recommendation, Statistic


@dataclass
class Briefing:
    """What a briefing note holds, before it is written out."""

    subject: str
    kind: str  # country | region | challenge
    intro: list[str]
    examples: list[Example]
    related: list[Example] = field(default_factory=list)
    challenges: list[Challenge] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)

    def footnotes(self) -> list[int]:
        """Every footnote of the brief cited in the note, in order of number."""
        numbers: set[int] = set()
        for group in (self.examples, self.related, self.challenges, self.recommendations, self.statistics):
            for rec in group:
                numbers.update(rec.sources)
        return sorted(numbers)


def resolve_subject(ds: Dataset, text: str) -> tuple[str, object]:
    """A country, a region or a challenge, in that order of preference."""
    for kind, finder in (
        ("country", lambda: query.find_country(ds, text)),
        ("region", lambda: query.find_region(text)),
        ("challenge", lambda: query.find_challenge(ds, text)),
    ):
        try:
            return kind, finder()
        except NotFoundError:
            continue
    choices = [c.name for c in ds.countries] + list(vocab.REGIONS.values()) + [c.id for c in ds.challenges]
    raise NotFoundError("country, region or challenge", text, query.suggestions(text, choices))


def build(ds: Dataset, text: str) -> Briefing:
    """Gather the material of a briefing note on a country, region or challenge."""
    kind, subject = resolve_subject(ds, text)
    if kind == "country":
        assert isinstance(subject, Country)
        parts = query.country_view(ds, subject)
        note = Briefing(
            subject=subject.name,
            kind=kind,
            intro=[
                f"{subject.name} ({subject.iso3}) is in the ILO region {vocab.REGIONS[subject.region]}.",
                f"The dataset holds {_count(len(parts['examples']), 'example')} of social dialogue on labour "
                f"migration in {subject.name}, and "
                + _count(len(parts["related_examples"]), "regional, interregional or bilateral example")
                + f" involving {vocab.REGIONS[subject.region]}.",
            ],
            examples=parts["examples"],
            related=parts["related_examples"],
            statistics=parts["statistics"],
        )
    elif kind == "region":
        assert isinstance(subject, str)
        parts = query.region_view(ds, subject)
        names = ", ".join(c.name for c in parts["countries"]) or "none"
        note = Briefing(
            subject=vocab.REGIONS[subject],
            kind=kind,
            intro=[
                f"Countries of this ILO region named in the brief: {names}.",
                f"The dataset holds {_count(len(parts['examples']), 'example')} in or involving the region.",
            ],
            examples=parts["examples"],
            statistics=parts["statistics"],
        )
    else:
        assert isinstance(subject, Challenge)
        examples = query.examples_for_challenge(ds, subject.id)
        note = Briefing(
            subject=subject.name,
            kind=kind,
            intro=[subject.summary],
            examples=examples,
            challenges=[subject],
        )
    all_examples = note.examples + note.related
    if kind != "challenge":
        ids = {c for e in all_examples for c in e.challenges}
        note.challenges = [c for c in ds.challenges if c.id in ids]
    example_ids = {e.id for e in all_examples}
    note.recommendations = [r for r in ds.recommendations if example_ids & (set(r.examples) | set(r.related_examples))]
    return note


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _refs(numbers: tuple[int, ...], markdown: bool) -> str:
    if not numbers:
        return ""
    if markdown:
        return "".join(f"[^{n}]" for n in numbers)
    return " [" + ", ".join(str(n) for n in numbers) + "]"


def _forms_and_parties(ex: Example) -> str:
    """``form: negotiation; parties: governments, employers, workers`` (ids, short), or what is not stated."""
    forms = "form not stated" if ex.forms == (vocab.NOT_STATED,) else "form: " + ", ".join(ex.forms)
    parties = "parties not stated" if ex.parties == (vocab.NOT_STATED,) else "parties: " + ", ".join(ex.parties)
    return f"{forms}; {parties}"


def _years(ex: Example) -> str:
    return ", ".join(str(y) for y in ex.years) if ex.years else "year not given"


def render(ds: Dataset, note: Briefing, *, markdown: bool = True) -> str:
    """The note as GitHub/pandoc Markdown (footnotes as [^N]) or as plain text."""
    from .render.markdown import escape

    def esc(text: str) -> str:
        return escape(text) if markdown else text

    def bold(text: str) -> str:
        return f"**{esc(text)}**" if markdown else text

    def heading(text: str, level: int) -> list[str]:
        if markdown:
            return ["#" * level + " " + esc(text), ""]
        return [text, ("=" if level == 1 else "-") * len(text), ""]

    lines = heading(f"Briefing note: {note.subject}", 1)
    own = [ex for ex in note.examples + note.related if ds.is_user(ex.id)]
    if ds.meta.doi:
        opening = (
            f"What the ILO policy brief 'Social dialogue for the governance of labour migration' "
            f"({ds.meta.date}, DOI {ds.meta.doi}) documents."
        )
        if own:
            opening += f" {len(own)} of the examples below come from your own dataset, not from the brief."
    else:
        opening = f"From {ds.meta.title}, not from the ILO brief."
    lines += [esc(opening), "", *[esc(p) for p in note.intro], ""]
    for title, items in (("Examples", note.examples), ("Regional, interregional and bilateral examples", note.related)):
        if items:
            lines += heading(title, 2)
            for ex in items:
                meta = f"{_years(ex)}; {ex.dialogue_type}, {ex.level}; {_forms_and_parties(ex)}"
                if ds.meta.doi and ds.is_user(ex.id):
                    meta += "; from your own dataset"
                lines.append(f"- {bold(ex.title)} ({esc(meta)}). {esc(ex.summary)}{_refs(ex.sources, markdown)}")
            lines.append("")
    if note.challenges:
        lines += heading("Challenges addressed", 2)
        lines += [f"- {bold(c.name)}: {esc(c.summary)}{_refs(c.sources, markdown)}" for c in note.challenges]
        lines.append("")
    if note.recommendations:
        lines += heading("Recommendations of the brief that apply (as linked by the dataset's editors)", 2)
        lines += [f"- {bold(r.title)}: {esc(r.summary)}{_refs(r.sources, markdown)}" for r in note.recommendations]
        lines.append("")
    if note.statistics:
        lines += heading("Figures", 2)
        for st in note.statistics:
            value = f"{st.figure} {st.unit}"
            year = f" ({st.year})" if st.year else ""
            lines.append(f"- {esc(st.label)}: {esc(value)}{year}{_refs(st.sources, markdown)}")
        lines.append("")
    numbers = [n for n in note.footnotes() if ds.source(n) is not None]
    if numbers:
        if markdown:
            lines += [f"[^{n}]: Footnote {n} of the brief: {esc(ds.source(n).citation)}" for n in numbers]  # type: ignore[union-attr]
        else:
            lines += heading("Footnotes of the brief", 2)
            lines += [f"[{n}] {ds.source(n).citation}" for n in numbers]  # type: ignore[union-attr]
        lines.append("")
    lines.append(
        esc(
            f"Source: {ds.meta.publisher}, {ds.meta.title}, Policy Brief, {ds.meta.date}, "
            f"https://doi.org/{ds.meta.doi}. Prepared with migdialogue."
        )
    )
    return "\n".join(lines).rstrip("\n") + "\n"
