"""Filters, lookups, facets and cross-links over a Dataset: plain Python, no terminal."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any

from . import names as vocabnames
from . import vocab
from .dataset import Dataset, Selection
from .errors import NotFoundError, UsageError
from .i18n import N_, _
from .models import Challenge, Country, Example, Frozen, Recommendation, Record, Source, Statistic, record
from .names import near, not_found, several, translated, translated_partial
from .vocab import FIXED, ORDER

CROSS_BORDER_LEVELS = ("regional", "interregional", "bilateral")


def suggestions(value: str, choices: Iterable[str], n: int = 1) -> list[str]:
    """Close matches for a 'did you mean' hint, compared on normalised forms."""
    originals: dict[str, str] = {}
    for choice in choices:
        originals.setdefault(vocab.normalise(choice), choice)
    found = difflib.get_close_matches(vocab.normalise(value), list(originals), n=n, cutoff=0.75)
    return [originals[f] for f in found]


# -- resolving what users type -------------------------------------------------------------------


def find_country(ds: Dataset, text: str) -> Country:
    """A country by name, alias or ISO code, or its French or Spanish name (the search lexicon's), in any
    case and with or without accents."""
    key = vocab.normalise(text)
    if key:
        translated = ds.store.lexicon_entry("country", key)
        for country in ds.countries:
            names = [country.name, country.id, *country.aliases]
            if key in {vocab.normalise(n) for n in names} or key in (country.iso2.lower(), country.iso3.lower()):
                return country
            if translated == country.name:
                return country
    territory = find_territory(ds, text)
    if territory:
        hint = _(ABSENT_PLACE).format(place=territory_name(ds, territory))
        raise NotFoundError(
            "country", text, hint=_("{absent}; the countries command lists those it names").format(absent=hint)
        )
    english = [(c.name, c.name) for c in ds.countries] + [(a, c.name) for c in ds.countries for a in c.aliases]
    raise not_found("country", text, near(ds, "country", text, english))


ABSENT_PLACE = N_("the brief names no example in {place}")
# English names said with 'the' (the United Kingdom, the Philippines): grammar, not a list of places
_THE = ("united ", "republic", "islands", "isles", "bahamas", "gambia", "netherlands", "philippines", "maldives",
        "comoros", "seychelles", "vatican", "congo", "emirates", "states")  # fmt: skip


def find_territory(ds: Dataset, text: str) -> str:
    """The ISO code of a country or territory of the world that the dataset does not name, by one of its
    English, French or Spanish names (the gazetteer in the store: CLDR's), or by its ISO code; else ''."""
    key = vocab.normalise(text)
    if not key:
        return ""
    found = ds.store.lexicon_entry("territory", key)
    if found is None and len(key) == 2 and ds.store.lexicon_terms("territory", key.upper()):
        found = key.upper()
    return found or ""


def territory_name(ds: Dataset, code: str, lang: str | None = None) -> str:
    """A territory's name as a sentence says it, in ``lang`` (default: the interface language; CLDR's):
    'the United Kingdom', 'Royaume-Uni'."""
    from .i18n import language

    terms = ds.store.lexicon_terms("territory", code)
    lang = lang or language()
    names = [t for lang_, t, _stems in terms if lang_ == lang] or [t for lang_, t, _stems in terms if lang_ == "en"]
    name = names[0] if names else code
    if lang not in ("fr", "es") and any(part in name.lower() for part in _THE):
        return f"the {name}"
    return name


def find_region(text: str, ds: Dataset | None = None) -> str:
    """A region id by id, name or alias ("Europe" is Europe and Central Asia), or, given the dataset, its
    French or Spanish name (the search lexicon's: "Afrique", "Estados Árabes")."""
    found = vocab.lookup_vocab(text, vocab.REGIONS, vocab.REGION_ALIASES)
    if found is None and ds is not None:
        found = ds.store.lexicon_entry("region", vocab.normalise(text))
    if found is None:
        english = [*((name, r) for r, name in vocab.REGIONS.items()), *((r, r) for r in vocab.REGIONS)]
        raise not_found("region", text, near(ds, "region", text, english))
    return found


def matches(kind: str, text: str, names: dict[str, list[str]]) -> list[str]:
    """What a typed name selects among ``names`` (value -> the names it is known by): the value
    it names exactly, else every value having each typed word as the start of one of its words
    ("care" selects both "aged care" and "care work", "crisis" the crisis-situations theme).

    The one rule of every partial lookup (sector, challenge, dialogue type, level, theme): a
    name matching several values selects them all, never "not found"; none is a NotFoundError
    with a suggestion.
    """
    key = vocab.normalise(text)
    if key:
        exact = [v for v, known in names.items() if key in {vocab.normalise(n) for n in known}]
        if exact:
            return exact[:1]
        typed = key.split()
        partial = []
        for value, known in names.items():
            words = " ".join(vocab.normalise(n) for n in known).split()
            if all(any(w.startswith(t) for w in words) for t in typed):
                partial.append(value)
        if partial:
            return partial
    raise NotFoundError(kind, text, suggestions(text, [n for known in names.values() for n in known]))


def one_of(kind: str, text: str, found: list[str], ds: Dataset | None = None) -> str:
    """The one value a name selects, for a command that shows one record; several are listed (in the
    interface language)."""
    if len(found) > 1:
        raise several(vocabnames.kind_of(kind), text, found, ds)
    return found[0]


def english_names(ds: Dataset | None, kind: str) -> dict[str, list[str]]:
    """The English names each value of a vocabulary is known by (its id first): what :func:`matches`
    looks in."""
    if kind == "challenge":
        return {ch.id: [ch.id, ch.name] for ch in ds.challenges} if ds is not None else {}
    if kind == "sector":
        return {s: [s] for s in all_sectors(ds)} if ds is not None else {}
    return {t: [t, name] for t, name in FIXED[kind].items()}


def select(ds: Dataset | None, kind: str, text: str, *, translate: bool = True) -> list[str]:
    """What a typed name selects among a vocabulary's values (``kind``: challenge, sector, type, level,
    theme, form, party), in English, French or Spanish.

    English first, as :func:`matches` does it (an English name selects what it always did); then,
    with ``translate``, a French or Spanish name or a lexicon term of a concept that stands for
    values (every value it stands for), then the words of a French or Spanish name. None is a
    NotFoundError in the interface language, with the closest choices in that language.
    """
    known = english_names(ds, kind)
    try:
        return matches(vocabnames.LABELS[kind], text, known)
    except NotFoundError:
        if not translate:
            raise
    if ds is not None:
        found = translated(ds, kind, text) or translated_partial(ds, kind, text)
        if found:
            return found
    english = [(n, v) for v, names in known.items() for n in names]
    raise not_found(kind, text, near(ds, kind, text, english))


def match_terms(kind: str, text: str, terms: dict[str, str], ds: Dataset | None = None) -> list[str]:
    """The vocabulary ids (dialogue types, levels, themes, forms, parties) a name selects: by id,
    name or word, and given the dataset, by French or Spanish name or lexicon term."""
    found = vocabnames.kind_of(kind)
    if FIXED.get(found) is terms:
        return select(ds, found, text)
    return matches(kind, text, {t: [t, name] for t, name in terms.items()})


def find_term(kind: str, text: str, terms: dict[str, str], ds: Dataset | None = None) -> str:
    """The one vocabulary id a name selects (several are listed in a UsageError)."""
    return one_of(kind, text, match_terms(kind, text, terms, ds), ds)


def match_challenges(ds: Dataset, text: str) -> list[Challenge]:
    """The challenges a name selects: by id, by name, or by words of its name ("freedom"), or by a
    French or Spanish name ("genre", "liberté syndicale")."""
    by_id = {ch.id: ch for ch in ds.challenges}
    return [by_id[i] for i in select(ds, "challenge", text)]


def find_challenge(ds: Dataset, text: str) -> Challenge:
    """The one challenge a name selects (several are listed in a UsageError)."""
    found = match_challenges(ds, text)
    one_of("challenge", text, [ch.id for ch in found], ds)
    return found[0]


def all_sectors(ds: Dataset) -> list[str]:
    """Every sector named by an example, sorted."""
    return sorted({s for e in ds.examples for s in e.sectors})


def match_sectors(ds: Dataset, text: str) -> list[str]:
    """The sectors a name selects: exact, or every sector with its words ("care": aged care, care
    work), or by a French or Spanish name ("trabajo doméstico")."""
    return select(ds, "sector", text)


def find_sector(ds: Dataset, text: str) -> str:
    """The one sector a name selects (several are listed in a UsageError)."""
    return one_of("sector", text, match_sectors(ds, text), ds)


def find_record(ds: Dataset, ident: str) -> Record:
    """Any record by id, in any case (or a footnote by its number), with a suggestion when none matches."""
    rec = ds.get(ident.strip())
    if rec is None and not ident.strip().lstrip("-").isdigit():
        rec = ds.get(vocab.slug(ident))
    if rec is None:
        text = ident.strip()
        if text.isdecimal() and len(text) <= 18:  # a footnote number: say how many there are
            find_source(ds, int(text))
        key = vocab.slug(ident)
        near = ds.store.example_keys_like(key)  # not every id of a million-record dataset
        others = [r.key for name in ORDER[1:] if name != "sources" for r in ds.collection(name)]
        found = suggestions(ident, [*near, *others])
        if not found and key:
            # the start of an id, or its words ("jordan-garment"): the ids that begin so, or hold every word
            words = key.split("-")
            found = [k for k in [*near, *others] if k.startswith(key)][:3] or [
                k for k in [*near, *others] if all(w in k.split("-") for w in words)
            ][:3]
        raise NotFoundError("record", ident, found)
    return rec


# -- filtering -------------------------------------------------------------------------------------


def _all(groups: Iterable[list[str]]) -> tuple[str, ...]:
    """Every value the typed names select, each once, in order (a filter keeps any of them)."""
    return tuple(dict.fromkeys(v for group in groups for v in group))


@record
class Filters(Frozen):
    """Example filters: AND across fields, OR within one field. Values are resolved ids."""

    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    challenges: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    since: int | None = None
    until: int | None = None
    forms: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()

    @classmethod
    def resolve(
        cls,
        ds: Dataset,
        *,
        countries: Sequence[str] = (),
        regions: Sequence[str] = (),
        types: Sequence[str] = (),
        levels: Sequence[str] = (),
        themes: Sequence[str] = (),
        challenges: Sequence[str] = (),
        sectors: Sequence[str] = (),
        years: Sequence[int] = (),
        since: int | None = None,
        until: int | None = None,
        forms: Sequence[str] = (),
        parties: Sequence[str] = (),
    ) -> Filters:
        """Filters from what a user typed: names, aliases, codes and ids are all accepted."""
        if since is not None and until is not None and since > until:
            after = _("`since` {since} is after `until` {until}").format(since=since, until=until)
            raise UsageError(after, options=("since", "until"))
        return cls(
            countries=tuple(dict.fromkeys(find_country(ds, c).name for c in countries)),
            regions=tuple(dict.fromkeys(find_region(r, ds) for r in regions)),
            types=_all(select(ds, "type", t) for t in types),
            levels=_all(select(ds, "level", lv) for lv in levels),
            themes=_all(select(ds, "theme", t) for t in themes),
            challenges=_all([ch.id for ch in match_challenges(ds, c)] for c in challenges),
            sectors=_all(match_sectors(ds, s) for s in sectors),
            years=tuple(years),
            since=since,
            until=until,
            forms=_all(select(ds, "form", f) for f in forms),
            parties=_all(select(ds, "party", p) for p in parties),
        )

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in self._fields) and self.since is None and self.until is None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Filters) and all(getattr(self, n) == getattr(other, n) for n in self._fields)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, n) for n in self._fields))

    def conditions(self) -> list[tuple[str, list[str]]]:
        """The filters as store conditions: (facet, any of these values)."""
        from .store import year_key

        pairs = [
            ("country", list(self.countries)),
            ("region", list(self.regions)),
            ("type", list(self.types)),
            ("level", list(self.levels)),
            ("theme", list(self.themes)),
            ("challenge", list(self.challenges)),
            ("sector", list(self.sectors)),
            ("year", [year_key(y) for y in self.years]),
            ("form", list(self.forms)),
            ("party", list(self.parties)),
        ]
        return [(facet, values) for facet, values in pairs if values]

    def positions(self, ds: Dataset) -> list[int]:
        """The store positions of the examples that satisfy the filters."""
        return ds.store.positions(self.conditions(), self.since, self.until)


def filter_examples(ds: Dataset, filters: Filters | None = None) -> list[Example]:
    """The examples that satisfy the filters, in dataset order (answered by the store's index)."""
    return list(select_examples(ds, filters))


def select_examples(ds: Dataset, filters: Filters | None = None) -> Selection:
    """The examples that satisfy the filters, read from the store only when they are used."""
    return Selection(ds, None if filters is None or filters.is_empty() else filters.positions(ds))


# -- facets and cross-links ------------------------------------------------------------------------

FACETS = ("region", "type", "level", "theme", "challenge", "country", "sector", "year", "form", "party")


def facet_counts(ds: Dataset, by: str, filters: Filters | None = None) -> list[tuple[Any, int]]:
    """(value, number of examples) for a facet over the examples a filter keeps, most frequent first, then by value."""
    if by not in FACETS:
        raise UsageError(f"unknown facet {by!r}; choose one of {', '.join(FACETS)}")
    f = filters or Filters()
    counts = ds.store.facet_counts(by, f.conditions(), f.since, f.until)
    typed = [(int(v) if by == "year" else v, n) for v, n in counts]
    return sorted(typed, key=lambda kv: (-kv[1], str(kv[0])))


def recommendations_citing(ds: Dataset, example_id: str) -> list[Recommendation]:
    """Recommendations that name an example or list it as related."""
    return [r for r in ds.recommendations if example_id in r.examples or example_id in r.related_examples]


def examples_with(ds: Dataset, facet: str, *values: str) -> list[Example]:
    """The examples having any of these values for a facet (store lookup)."""
    return ds.examples_at(ds.store.positions([(facet, list(values))]))


def examples_for_challenge(ds: Dataset, challenge_id: str) -> list[Example]:
    return examples_with(ds, "challenge", challenge_id)


def examples_for_instrument(ds: Dataset, instrument_id: str) -> list[Example]:
    return examples_with(ds, "instrument", instrument_id)


def cited_by(ds: Dataset, number: int) -> list[Record]:
    """Every record that cites a footnote (meta notes included)."""
    out: list[Record] = list(examples_with(ds, "source", str(number)))
    out += [r for r in ds.records() if r.collection != "examples" and number in getattr(r, "sources", ())]
    out.extend(n for n in ds.meta.notes if number in n.sources)
    return out


def country_view(ds: Dataset, country: Country) -> dict[str, Any]:
    """A country's own examples, the cross-border examples of its region, and its statistics."""
    own = ds.store.positions([("country", [country.name])])
    related = ds.store.positions([("region", [country.region]), ("level", list(CROSS_BORDER_LEVELS))])
    mine = set(own)
    stats = [s for s in ds.statistics if country.name in s.countries]
    return {
        "examples": Selection(ds, own),
        "related_examples": Selection(ds, [p for p in related if p not in mine]),
        "statistics": stats,
    }


def where_named(ds: Dataset, country: Country) -> dict[str, list[str]]:
    """Where the brief names a country outside its examples' country lists: the footnotes whose
    citation, and the records of the small collections whose text, hold its name or an alias
    (for a country with no example of its own: why it is in the dataset)."""
    import re

    names = [n for n in (country.name, *country.aliases) if n]
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
    found: dict[str, list[str]] = {"footnotes": [], "records": []}
    found["footnotes"] = [str(s.number) for s in ds.sources if pattern.search(s.citation)]
    for name in ("challenges", "recommendations", "instruments", "frameworks", "statistics", "reasons"):
        for rec in ds.collection(name):
            texts = [v for v in rec.to_dict().values() if isinstance(v, str)]
            if country.name in getattr(rec, "countries", ()) or any(pattern.search(t) for t in texts):
                found["records"].append(rec.key)
    return found


def footnotes_cited(ds: Dataset, country: Country) -> list[int]:
    """The footnotes a country's own examples cite (counted by the store, no record read)."""
    return sorted(int(n) for n, _ in ds.store.facet_counts("source", [("country", [country.name])]))


def _region_positions(ds: Dataset, region: str) -> set[int]:
    names = sorted(c.name for c in ds.countries if c.region == region)
    positions = set(ds.store.positions([("region", [region])]))
    if names:
        positions |= set(ds.store.positions([("country", names)]))
    return positions


def region_view(ds: Dataset, region: str) -> dict[str, Any]:
    """A region's countries, its examples (national and cross-border) and its statistics."""
    countries = [c for c in ds.countries if c.region == region]
    names = {c.name for c in countries}
    stats = [s for s in ds.statistics if region in s.region or names & set(s.countries)]
    positions = sorted(_region_positions(ds, region))
    return {"countries": countries, "examples": Selection(ds, positions), "statistics": stats}


def region_example_count(ds: Dataset, region: str) -> int:
    """How many examples are in or involve a region (without reading them)."""
    return len(_region_positions(ds, region))


RELATED_WEIGHTS = {"country": 4.0, "challenge": 2.0, "sector": 2.0, "region": 1.0, "theme": 1.5, "level": 0.5}


def related(ds: Dataset, ident: str, limit: int = 5) -> list[tuple[Example, float, list[str]]]:
    """Examples most similar to one: shared country, challenge, sector, region, theme, level; with reasons.

    Scores add a weight per shared value (country 4, challenge 2, sector 2, theme 1.5, region 1,
    level 0.5); the store scores every example in one query, so this scales with the data.
    """
    base = find_record(ds, ident)
    if not isinstance(base, Example):
        raise UsageError(_("{id} is not an example; 'related' compares examples").format(id=repr(ident)))
    mine = {
        "country": set(base.countries),
        "challenge": set(base.challenges),
        "sector": set(base.sectors),
        "region": set(base.region),
        "theme": {base.theme},
        "level": {base.level},
    }
    pairs = [(facet, value, RELATED_WEIGHTS[facet]) for facet, values in mine.items() for value in sorted(values)]
    base_pos = ds.store.example_position(base.id)
    scored_positions = ds.store.related(pairs, exclude=base_pos, limit=limit)
    examples = {ex.id: ex for ex in ds.examples_at(p for p, _ in scored_positions)}
    out = []
    by_pos = dict(scored_positions)
    for ex in sorted(examples.values(), key=lambda e: e.id):
        reasons = []
        for label, theirs in (
            ("country", ex.countries),
            ("challenge", ex.challenges),
            ("sector", ex.sectors),
            ("region", ex.region),
        ):
            shared = sorted(mine[label] & set(theirs))
            if shared:
                reasons.append(f"same {label}: {', '.join(shared)}")
        if ex.theme == base.theme:
            reasons.append(f"same theme: {vocab.THEMES[ex.theme]}")
        if ex.level == base.level:
            reasons.append(f"same level: {ex.level}")
        pos = ds.store.example_position(ex.id)
        out.append((ex, by_pos[pos] if pos is not None else 0.0, reasons))
    out.sort(key=lambda t: (-t[1], t[0].id))
    return out


RELATED_BLOCK = 20_000  # related_among: examples compared with each other at most this many at a time


def related_among(examples: Sequence[Example], limit: int = 3) -> dict[str, list[Example]]:
    """For each example, the ``limit`` most similar among ``examples``, by :func:`related`'s score
    (the same answer: best first, ties by id), computed once for them all.

    Each value (a country, a challenge, a sector ...) is the set of the examples holding it, as the
    bits of an integer; an example's scores against all the others are added up at once, bit-sliced
    (one integer per bit of the score), and the best are read from those integers: for 10,000
    examples, a fraction of a second where a query per example took minutes. Beyond
    ``RELATED_BLOCK`` examples, they are compared in blocks of that many (in id order), so the time
    grows linearly with their number: an example's related ones are then those of its block.
    """
    ordered = sorted(examples, key=lambda e: e.key)
    out: dict[str, list[Example]] = {}
    for start in range(0, len(ordered), RELATED_BLOCK):
        out.update(_related_in_block(ordered[start : start + RELATED_BLOCK], limit))
    return out


def _related_in_block(block: Sequence[Example], limit: int) -> dict[str, list[Example]]:
    weights = {facet: round(weight * 2) for facet, weight in RELATED_WEIGHTS.items()}  # whole: 8, 4, 3, 2, 1
    held: list[list[tuple[tuple[str, str], int]]] = []
    masks: dict[tuple[str, str], int] = {}
    for i, ex in enumerate(block):
        values = sorted(
            {("country", v) for v in ex.countries}
            | {("challenge", v) for v in ex.challenges}
            | {("sector", v) for v in ex.sectors}
            | {("region", v) for v in ex.region}
            | {("theme", ex.theme), ("level", ex.level)}
        )
        held.append([(value, weights[value[0]]) for value in values])
        for value in values:
            masks[value] = masks.get(value, 0) | (1 << i)
    out: dict[str, list[Example]] = {}
    for i, ex in enumerate(block):
        planes: list[int] = []  # planes[b]: the examples whose score has bit b set
        anyone = 0
        for value, weight in held[i]:
            mask = masks[value]
            anyone |= mask
            for bit in range(weight.bit_length()):
                if weight >> bit & 1:
                    _add(planes, mask, bit)
        anyone &= ~(1 << i)
        best = _best(planes, anyone, limit)
        scores = {c: sum(w for value, w in held[i] if masks[value] >> c & 1) for c in best}
        out[ex.id] = [block[c] for c in sorted(best, key=lambda c: (-scores[c], block[c].id))]
    return out


def _add(planes: list[int], mask: int, bit: int) -> None:
    """Add 2**bit to the score of every example in ``mask`` (bit-sliced: a ripple of carries)."""
    carry = mask
    while carry:
        while len(planes) <= bit:
            planes.append(0)
        planes[bit], carry = planes[bit] ^ carry, planes[bit] & carry
        bit += 1


def _best(planes: list[int], among: int, limit: int) -> list[int]:
    """The ``limit`` examples of ``among`` with the highest scores, ties by position (id order)."""
    above, tied = 0, among  # above: scores over the threshold found so far; tied: equal to it so far
    for plane in reversed(planes):
        higher = tied & plane
        if (above | higher).bit_count() >= limit:
            tied = higher
        else:
            above |= higher
            tied &= ~plane
    chosen: list[int] = []
    for pool in (above, tied):
        while pool and len(chosen) < limit:
            low = pool & -pool
            chosen.append(low.bit_length() - 1)
            pool ^= low
    return chosen


def timeline(
    ds: Dataset, filters: Filters | None = None, *, examples_only: bool = False
) -> list[tuple[int, list[Record]]]:
    """Instruments, frameworks and examples by year, oldest first (an example under each year it gives).

    Years after the brief's own (the end of a plan running to 2030) are not events and are left out;
    the filters' ``since`` and ``until`` bound the years of every line, instruments and frameworks too.
    """
    last = int(ds.meta.date[:4]) if ds.meta.date[:4].isdigit() else 9999
    by_year: dict[int, list[Record]] = {}
    if not examples_only:
        for ins in ds.instruments:
            if ins.year is not None:
                by_year.setdefault(ins.year, []).append(ins)
        for fw in ds.frameworks:
            for year in fw.years:
                by_year.setdefault(year, []).append(fw)
    for ex in filter_examples(ds, filters):
        for year in ex.years:
            by_year.setdefault(year, []).append(ex)
    order = {"instruments": 0, "frameworks": 1, "examples": 2}
    low = filters.since if filters is not None and filters.since is not None else 0
    high = min(last, filters.until if filters is not None and filters.until is not None else 9999)
    return [
        (year, sorted(items, key=lambda r: (order[r.collection], r.key)))
        for year, items in sorted(by_year.items())
        if low <= year <= high
    ]


def find_in(ds: Dataset, collection: str, ident: str) -> Record:
    """A record of one collection by id in any case; an instrument also by number, a framework by
    acronym, a challenge by name (raises NotFoundError with the nearest id)."""
    key = vocab.normalise(ident)
    for rec in ds.collection(collection):
        names = [rec.key, getattr(rec, "acronym", None) or ""]
        if collection == "instruments" and getattr(rec, "number", None) is not None:
            names.append(str(rec.number))  # type: ignore[attr-defined]
        if key and key in {vocab.normalise(n) for n in names if n}:
            return rec
    if collection == "challenges":
        return find_challenge(ds, ident)
    keys = [r.key for r in ds.collection(collection)]
    raise NotFoundError(collection.rstrip("s"), ident, suggestions(ident, keys))


def find_source(ds: Dataset, number: int) -> Source:
    """The footnote with this number (raises NotFoundError saying the range there is)."""
    src = ds.source(number)
    if src is None:
        last = max((s.number for s in ds.sources), default=0)
        hint = _("the footnotes run from 1 to {last}").format(last=last) if last else ""
        raise NotFoundError("footnote", str(number), hint=hint)
    return src


def stated_figures(ds: Dataset, filters: Filters | None = None) -> list[Statistic]:
    """The figures the brief states; with filters, those about their countries or regions (a figure about
    a country counts for its region). Only the country and region filters apply to figures."""
    figures = list(ds.statistics)
    if filters is None or not (filters.countries or filters.regions):
        return figures
    countries, regions = set(filters.countries), set(filters.regions)
    region_of = {c.name: c.region for c in ds.countries}
    return [
        st
        for st in figures
        if countries & set(st.countries)
        or regions & set(st.region)
        or {region_of.get(c) for c in st.countries} & regions
    ]


def example_total(ds: Dataset, filters: Filters | None = None) -> int:
    """How many examples the filters keep (all of them without filters)."""
    if filters is None or filters.is_empty():
        return ds.store.example_count()
    return len(filters.positions(ds))


def example_counts(ds: Dataset, facet: str) -> dict[Any, int]:
    """Examples per value of a facet (country, challenge ...), over the whole dataset."""
    return dict(facet_counts(ds, facet))


def record_ids(ds: Dataset) -> list[str]:
    """Every record's id (for completion)."""
    return list(ds.store.ids())


def example_ids_starting(ds: Dataset, prefix: str) -> list[str]:
    """Example ids a completion of ``prefix`` picks from (all of them in a dataset of ordinary size)."""
    return list(ds.store.example_keys_like(prefix.lower()))
