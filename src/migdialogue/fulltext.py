"""Ranked search over every collection: query syntax, lexicon expansion, BM25F, coverage and honest answers.

How a query is read:
- Words are folded (case, accents, apostrophes: :func:`migdialogue.vocab.normalise`) and
  Snowball-stemmed (:mod:`migdialogue.analysis`). ``"a quoted phrase"`` must appear as a phrase;
  ``-word`` (or ``-"a phrase"``) excludes the records that contain it. Stop words of English,
  French and Spanish are not looked for alone.
- The lexicon (data/lexicon.yaml) is matched on the query's words, read as a whole (the reading with
  the most words in terms, then the fewest units; among the terms at one word, the longest first), in each
  language with that language's stemmer. A matched concept becomes one *unit* of the query whose
  alternatives are the words typed and every English term of the concept (``synonym`` when the
  query was English, ``translation`` when French or Spanish); a place (Latin America, the Gulf)
  expands to the dataset's countries it holds; a country or region named in French or Spanish
  to its English name; a country or territory of the world the data does not name (the gazetteer:
  CLDR's names, compiled into the store) is one unit found only by its whole name, and when no
  record names it a notice says the brief has no example there. Every other word is a unit of its
  own; a word that neither the data nor the lexicon holds and is a slip of the keyboard away from
  one that they do (rapidfuzz ratio of 80 or more, one edit, two in a word of seven letters or
  more, the same first letter; among the words of the query's language when its lexicon terms tell
  it) is read as that word, through the lexicon, at a near spelling's strength (``fuzzy``).
- The languages whose translations of the records are searched too (issue 22): French, Spanish or
  both, when the query's words tell that language better than English (a word the
  translations into it hold, a stop word of it alone, a lexicon term of it each count one; the
  records' own words count for English); none for an English query, whose results are as before.

How a record is scored (BM25F, as in Robertson and Zaragoza, "The Probabilistic Relevance
Framework: BM25 and Beyond", 2009):
- For each alternative, its occurrences in each field (a stem sequence) are weighted by the
  field (title 3, countries 3, actors 2, sectors 2, tags 1.5, summary 1, and 0.2 for the notes: an
  example's parties, challenge and form notes and the text of the footnotes it cites) and normalised by the
  field's length against the collection's average (b = 0.75), and summed: ``tf``. A unit takes
  its best alternative: ``strength * idf_a * tf * (k1 + 1) / (k1 + tf)``, k1 = 1.2, where the
  strength is 1.0 for the words typed, translations and places, 0.7 for synonyms and up to 0.8
  for near spellings, and ``idf = ln(1 + (N - df + 0.5) / (df + 0.5))``, which is never zero
  (FTS5's own bm25() gives 0 to a term in half the rows or more). A unit's weight ``idf_u`` is
  the idf of the words typed (of its most frequent alternative, when the data lacks them); an
  alternative counts with its own idf but never more than its unit's, so a broad synonym weighs
  less than the word typed. ``df`` is counted over the collections searched (one, or all of
  them for ``--in all``); a phrase's is its rarest word's.
- A record's translations into the languages searched are fields of their own (their title,
  summary and notes weighted as the English ones: store.TR_WEIGHTS), and df counts a record holding a
  stem in any of them; for each alternative, the record's own text and each translation are ways
  of saying the same thing: the best of them gives its ``tf``, never their sum. A lexicon term's
  words apart are counted in a translation only within NEAR words of each other.
- Coverage: the share of the query's idf that the record matches (a unit found through a
  synonym or a near spelling counts at its strength) multiplies the sum (so the sum and the
  share together count coverage twice), and a record holding every query word outranks one
  repeating a single word, and the word typed outranks its synonym.
- A record whose fields hold the whole query as a phrase earns 25 % more.
- A unit found in more than half of a collection's records is *common*. A record that matches
  only common units is not a result, unless every unit of the query is common (the brief's own
  words: tripartite, social dialogue): then every record holding them is, ranked as above.
- A unit that names a filter's value (tripartite, sectoral, a region, a challenge: its words or a
  term of its concept are the value's label, in English, or its name in French or Spanish as
  names.display_name shows it and the filters accept it: sectoriel, tripartita) brings the examples
  having that value first, and a notice names the filter that keeps exactly them (its value as stored:
  ``--level sectoral``).
- A stop word of one language is never another language's term alone ('for' is not the Spanish
  'foro'). A place also reaches, at REGIONAL_STRENGTH, the regional and interregional records of the
  ILO regions its countries are in (Southeast Asia: ASEAN's). Under ``--in all``, a question about
  figures (how many, combien, cuántos) or instruments (which conventions) multiplies the scores of
  that collection's records by INTENT_BOOST, and those covering at least ASKED_COVERAGE of the query
  come first.
- When the best record covers less than WEAK_COVERAGE (30 %) of the query's weight, a notice says
  the brief may not cover the question: only weak matches. Here a word counts as surely as it was found:
  by the idf of the alternative that found it (never more than its own), and at half its weight when
  found only in the notes or, in a French or Spanish query, only through its English stem. A query naming
  a filter's value (a challenge: global warming) is covered: the brief files examples under it. A query
  whose words that neither a record nor the lexicon holds carry UNKNOWN_SHARE (half) of its weight or more
  is not ('la IA en la contratación'), whatever it names.
- The score shown (0-100) is the units' saturations ``tf / (k1 + tf)`` weighted by idf, times
  the coverage, times the phrase bonus, capped at 100; results are ordered by score, then
  collection, then id, so every run prints the same.

Candidates come from the store's FTS5 index (any alternative of a non-common unit; the best
few hundred by FTS5's BM25 when a dataset is large) and from its translations' (text_fr, text_es), and
only they are scored as above. When
more than RANKED_AT_MOST examples may match and no filter narrows them, FTS5 ranks only those of
evenly spaced full-text tables (of SHARD_ROWS examples each) holding about RANKED_AT_MOST
matches, so a search of a million records stays under half a second; a notice says so.
"""

from __future__ import annotations

import math
import re
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from . import vocab
from .analysis import ALL_STOP_WORDS, LANGUAGES, STOP_WORDS, stem_words
from .errors import UsageError
from .i18n import N_, _, language, number
from .store import FIELD_WEIGHTS as FIELD_WEIGHTS
from .store import FIELDS, MAX_SQL_INT, SEARCHABLE, TR_FIELDS, TR_LANGS, TR_WEIGHTS

if TYPE_CHECKING:
    from .dataset import Dataset
    from .models import Example, Record
    from .query import Filters

K1, B = 1.2, 0.75
COMMON_SHARE = 0.5
PHRASE_BONUS = 0.25
STRENGTH = {"words": 0.9, "word": 1.0, "stem": 1.0, "phrase": 1.0, "translation": 1.0, "place": 1.0, "synonym": 0.7}
FUZZY_CUTOFF = 80.0
FUZZY_STRENGTH = 0.8
SUGGEST_CUTOFF = 75.0
MAX_QUERY_WORDS = 32
MIN_CANDIDATES = 500
MAX_CANDIDATES = 100_000
# FTS5's BM25 costs about two microseconds per matching row: past this many possible matches among
# the examples (and with no filter), only an evenly spaced sample of their full-text tables is ranked
RANKED_AT_MOST = 50_000
COLLECTIONS = ("all", *SEARCHABLE)
STRONG_ELSEWHERE = 40.0  # a record of another collection matching every unit with this score is mentioned
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# words that join two things asked for: a lexicon term is never matched across one it does not hold itself
CONJUNCTIONS = frozenset({"and", "or", "nor", "et", "ou", "ni", "y", "e", "o", "u"})
_KIND_ORDER = {"concept": 0, "place": 1, "country": 2, "region": 3, "territory": 4}
# the filters a query word can name (tripartite, sectoral, Africa, discrimination): their examples come first
NAMED_FACETS = ("type", "level", "region", "challenge")
UNSTATED = ("unspecified", "not-stated")
# The notices a person reads, worded once: the CLI shows them and the page (htmlpage.py, web/page.js)
# fills in the same words. Placeholders in braces; `name` in backquotes is a filter, shown by the CLI
# as its flag (--name) and by the page as its label.
NOTICES = {
    "named": N_("{word} names a filter: its {count} examples come first; {filter} keeps exactly them"),
    "named_one": N_("{word} names a filter: its one example comes first; {filter} keeps exactly it"),
    "absent": N_("the brief names no example in {place}"),
    "absent_rest": N_("the brief names no example in {place}; the results match your other words"),
    "read_as": N_("{typed} read as {word}"),
    "did_you_mean": N_("did you mean {words}?"),
    "weak": N_("the brief may not cover {query}: only weak matches"),
}
# What no record of a collection holds, named as a whole phrase in each language (its gender and
# article): "no example mentions 'x'", "aucune fiche ne mentionne 'x'".
NONE_OF = {
    "all": N_("no record"),
    "examples": N_("no example"),
    "challenges": N_("no challenge"),
    "recommendations": N_("no recommendation"),
    "instruments": N_("no instrument"),
    "frameworks": N_("no framework"),
    "statistics": N_("no figure"),
    "sources": N_("no footnote"),
}
NARROWED = {
    (True, False): N_("filters"),
    (False, True): N_("exclusions"),
    (True, True): N_("filters and exclusions"),
}
# the other collections, as "also found ..." names a record of one
KIND_OF = {
    "challenges": N_("challenge"),
    "recommendations": N_("recommendation"),
    "instruments": N_("instrument"),
    "frameworks": N_("framework"),
    "statistics": N_("figure"),
    "sources": N_("footnote"),
}
# The best match covering less than this share of the query's weight (its meaningful words, each by its
# idf, at the strength it was found with) is a weak match: the question may be beyond the brief. This share
# counts how surely each word was found: by the idf of what found it, never more than the word's own (a broad
# translation, 'extranjeros' as 'migrant workers', says little), and at WEAKLY_FOUND a word found only in the
# notes (parties, challenge notes, cited footnotes) or, in a French or Spanish query, only through its
# English stem ('personal' as 'persons').
WEAK_COVERAGE = 0.3
WEAKLY_FOUND = 0.5
# ... and so are the matches of a query whose words that neither a record nor the lexicon holds carry at least
# this share of its weight ('la IA en la contratación': what it asks for, the brief never speaks of)
UNKNOWN_SHARE = 0.5
NOTES_FIELD = FIELDS.index("notes")  # the page's search checks it by its place
# A place (Southeast Asia, Latin America) also reaches the regional and interregional records of the ILO
# regions its countries are in (ASEAN's, the South American Conference), at this strength.
REGIONAL_STRENGTH = 0.5
# ... and its countries at this strength (a synonym's): parts of the place, not its name, so that the records
# of the place as a whole (its regional bodies' own: ASEAN's for Southeast Asia) come before one country's.
MEMBER_STRENGTH = STRENGTH["synonym"]
# The editors' French and Spanish text of the records is searched too (issue 22), its fields weighted as the
# English ones (store.TR_WEIGHTS) times this.
TRANSLATED_WEIGHT = 1.0
TR_ONES = [1.0] * len(TR_FIELDS)
NEAR = 8  # words: how far apart a term's words may stand in a translation ('Comisión Nacional ..., tripartita')
# Under --in all, a question about figures or instruments brings that collection forward: its records'
# scores are multiplied by INTENT_BOOST (at most 100). The words are matched on the folded query.
INTENT_BOOST = 1.5
# ... and its records that cover at least this share of the query's weight come first (measured on the questions
# not held out and the public ones: 0.5, 0.3, 0.2, 0.1, 0; a fifth ranked best, benchmarks/README.md).
ASKED_COVERAGE = 0.2
INTENTS = {
    "statistics": (
        "how many", "how much", "number of", "share of", "percentage", "proportion", "figures", "statistics",
        "combien", "nombre de", "pourcentage", "proportion", "part des", "chiffres", "statistiques",
        "cuantos", "cuantas", "cuanto", "cuanta", "numero de", "porcentaje", "proporcion", "cifras", "estadisticas",
    ),
    "instruments": (
        "convention", "conventions", "which conventions", "resolution", "resolutions", "declaration", "instrument",
        "instruments", "recommendation no", "convenio", "convenios", "resolucion", "resoluciones", "declaracion",
        "instrumentos", "resolutions de", "declarations",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Alternative:
    """One way a query unit can be found in a record."""

    stems: tuple[str, ...]
    text: str  # as shown in --explain
    via: str  # word, stem, words, phrase, synonym, translation, place, fuzzy
    strength: float
    apart: bool = False  # the stems anywhere in one field, not as a phrase
    own: bool = True  # the query's own words, found in the records' translations too (not a lexicon's English term)


@dataclass
class Unit:
    """One thing the query asks for: a word, a quoted phrase or a lexicon concept."""

    typed: str
    alternatives: list[Alternative]
    required: bool = False  # a quoted phrase
    concept: str = ""  # the lexicon entry it matched, if any
    lang: str = ""  # the language of the lexicon term it matched

    def frequencies(self, df: dict[str, int]) -> int:
        """How many records hold it: the words typed, or, when the data lacks them (a French or Spanish
        query), its most frequent alternative: the concept as a whole, so that all its terms weigh alike."""
        found = [_frequency(a, df) for a in self.alternatives]
        if found and found[0]:
            return found[0]
        return max(found, default=0)


def _frequency(alt: Alternative, df: dict[str, int]) -> int:
    """How many records hold an alternative (a phrase: as many as hold its rarest word)."""
    return min(df.get(s, 0) for s in alt.stems)


@dataclass
class ParsedQuery:
    units: list[Unit]
    excluded: list[tuple[str, ...]]
    phrase: tuple[str, ...]  # the whole query's stems, for the phrase bonus
    unknown: list[str] = field(default_factory=list)  # words neither the data nor the lexicon holds
    corrected: dict[str, str] = field(default_factory=dict)  # a slip of the keyboard -> the word read
    langs: tuple[str, ...] = TR_LANGS  # the languages whose translations of the records are searched too
    shown: dict[str, str] = field(default_factory=dict)  # a folded word -> as typed, accents kept (notices)


@dataclass(frozen=True)
class Hit:
    """One search result: a record, its score (0-100), the alternatives that matched and how."""

    record: Record
    score: float
    matched: tuple[str, ...] = ()
    explain: tuple[dict[str, Any], ...] = ()

    @property
    def collection(self) -> str:
        return self.record.collection

    @property
    def example(self) -> Example:
        from .models import Example

        assert isinstance(self.record, Example)
        return self.record

    def to_dict(self, *, collection: bool = False, explain: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"score": round(self.score, 1), "matched": list(self.matched)}
        if collection:
            out["collection"] = self.record.collection
        out.update(self.record.to_dict())
        if explain:
            out["explain"] = list(self.explain)
        return out


@dataclass
class Results:
    """What a search found, with the notices a person should read (common words, did you mean, elsewhere)."""

    hits: list[Hit]
    notices: list[str] = field(default_factory=list)
    collection: str = "examples"
    beyond: str = ""  # the notice among them that the brief names no example in a place or may not cover the query

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def __getitem__(self, index: int) -> Hit:
        return self.hits[index]


# -- reading the query ------------------------------------------------------------------------------


def split_query(text: str) -> list[tuple[str, list[str]]]:
    """The query's parts: ("word"|"phrase"|"exclude", folded words), in order."""
    parts: list[tuple[str, list[str]]] = []
    for minus, quoted, bare in _TOKEN.findall(text):
        if bare:
            excluded = bare.startswith("-") and len(bare) > 1
            words = vocab.normalise(bare[1:] if excluded else bare).split()
            if words:
                parts.append(("exclude" if excluded else "word", words))
        else:
            words = vocab.normalise(quoted).split()
            if words:
                parts.append(("exclude" if minus else "phrase", words))
    return parts


def _lexicon_units(
    ds: Dataset,
    typed: list[str],
    corrections: dict[str, tuple[str, float, list[str]]] | None = None,
    capitals: frozenset[str] = frozenset(),
) -> list[Unit]:
    """Units for a run of plain words: lexicon terms (longest first, any language), then single words.

    A term is matched on its words that are not stop words of its own language, skipping the
    query's stop words of that language between them: "empleadas de hogar" finds the term
    "empleadas del hogar", "freedom association" finds "freedom of association", and the French
    "est" of "Afrique de l'Est" is not dropped as the French word for "is" would be in English.
    A place's two-letter code (US, UK) is read as the place only when typed in capitals (``capitals``,
    folded): "how can unions help us" names no country.
    """
    fixes = corrections or {}
    words = [fixes[w][0] if fixes.get(w, ("",))[0] else w for w in typed]
    per_lang = {lang: stem_words(words, lang) for lang in LANGUAGES}
    stop = {lang: STOP_WORDS[lang] for lang in LANGUAGES}
    firsts = {per_lang[lang][i] for lang in LANGUAGES for i, w in enumerate(words) if w not in stop[lang]}
    firsts |= set(words)  # the gazetteer's places are matched on their words as typed
    # (lang, first key word, exact) -> terms; exact: a place of the gazetteer, matched unstemmed
    starting: dict[tuple[str, str, bool], list[tuple[tuple[str, ...], str, str, frozenset[str]]]] = {}
    for kind, entry, lang, term, key_text in ds.store.lexicon_starting(firsts):
        stems = tuple(key_text.split())
        joins = CONJUNCTIONS & set(vocab.normalise(term).split())
        starting.setdefault((lang, stems[0], kind == "territory"), []).append((stems, kind, entry, joins))

    def end_of(i: int, lang: str, key: tuple[str, ...], exact: bool, joins: frozenset[str]) -> int | None:
        """Where a term that starts at word i ends (exclusive), or None when it does not match: the query's
        stop words between its words are skipped, but not a conjunction the term lacks ('trafficking and
        forced labour' asks for two things, not 'trafficking for forced labour')."""
        j = i
        for n, stem in enumerate(key):
            while n and j < len(words) and words[j] in stop[lang]:
                if words[j] in CONJUNCTIONS and words[j] not in joins:
                    return None
                j += 1
            if j >= len(words) or words[j] in stop[lang] or (words[j] if exact else per_lang[lang][j]) != stem:
                return None
            j += 1
        return j

    # every term that matches at each word, best first: longest, then English, a concept, by id
    matches: list[list[tuple[tuple[int, int, int, str], int, str, str, str]]] = []
    for i in range(len(words)):
        here = []
        for order, lang in enumerate(LANGUAGES):
            if words[i] in stop[lang]:
                continue
            terms = [*starting.get((lang, per_lang[lang][i], False), []), *starting.get((lang, words[i], True), [])]
            for term_key, kind, entry, joins in terms:
                if len(term_key) == 1 and words[i] in ALL_STOP_WORDS:
                    continue  # a stop word of another language is no term alone ('for' is not the Spanish 'foro')
                if kind in _PLACE_KINDS and len(term_key) == 1 and len(words[i]) == 2 and words[i] not in capitals:
                    continue  # 'us' in lower case is the pronoun, not the US
                end = end_of(i, lang, term_key, kind == "territory", joins)
                if end is not None:
                    here.append(((-len(term_key), order, _KIND_ORDER[kind], entry), end, kind, entry, lang))
        matches.append(sorted(here))
    # the best reading of the whole query, not the first term met: the most words read as terms, then the
    # fewest units ('domestic workers rights': not a term swallowing the start of a longer one)
    best: list[tuple[tuple[int, int], int]] = [((0, 0), -1)] * (len(words) + 1)  # (covered, -units), choice
    for i in range(len(words) - 1, -1, -1):
        alone = 0 if words[i] in ALL_STOP_WORDS or (len(words[i]) == 1 and not words[i].isdigit()) else 1
        options = [((best[end][0][0] + end - i, best[end][0][1] - 1), k) for k, (_r, end, *_x) in enumerate(matches[i])]
        options.append(((best[i + 1][0][0], best[i + 1][0][1] - alone), -1))
        best[i] = max(options, key=lambda o: o[0])  # the first of equals: the best-ranked term
    units: list[Unit] = []
    i = 0
    while i < len(words):
        choice = best[i][1]
        if choice >= 0:
            _, end, kind, entry, lang = matches[i][choice]
            unit = _concept_unit(ds, words[i:end], kind, entry, lang)
            units.append(_corrected(unit, typed[i:end], fixes))
            i = end
            continue
        word = words[i]
        i += 1
        if word in ALL_STOP_WORDS or (len(word) == 1 and not word.isdigit()):
            continue
        stem = stem_words([word])[0]
        unit = Unit(word, [Alternative((stem,), word, "word" if stem == word else "stem", 1.0)])
        for other in fixes.get(typed[i - 1], ("", 0.0, []))[2]:
            unit.alternatives.append(Alternative(tuple(stem_words([other])), other, "fuzzy", 1.0))
        units.append(_corrected(unit, typed[i - 1 : i], fixes))
    return units


def _corrected(unit: Unit, typed: list[str], fixes: dict[str, tuple[str, float, list[str]]]) -> Unit:
    """A unit read from words some of which were slips of the keyboard: found at a near spelling's strength."""
    strengths = [fixes[w][1] for w in typed if fixes.get(w, ("",))[0]]
    if not strengths:
        return unit
    factor = min(strengths)
    unit.alternatives = [
        Alternative(a.stems, a.text, "fuzzy", a.strength * factor, a.apart, a.own) for a in unit.alternatives
    ]
    return unit


def _concept_unit(ds: Dataset, span: list[str], kind: str, entry: str, lang: str) -> Unit:
    typed = " ".join(span)
    alts = [Alternative(tuple(stem_words(span)), typed, "word", 1.0)]
    content = [w for w in span if w not in STOP_WORDS[lang]]
    # the words typed, apart: "convention 143" in "Convention, 1975 (No. 143)"; not when each of them is in
    # most examples: apart, they say nothing of the concept ('organise + migrant + workers' is in every text
    # naming workers' organisations and migrant workers), and its synonyms must not lose to them
    if len(content) > 1 and not _all_common(ds, tuple(stem_words(content))):
        alts.append(Alternative(tuple(stem_words(content)), " + ".join(content), "words", STRENGTH["words"], True))
    if kind == "territory":  # a place of the world the dataset does not name: found only by its names
        # never by its words apart ('united' of United States, 'kingdom' of Morocco's name), and a French or
        # Spanish name only through its English ones ('Islande' is no stem of the English 'islands')
        alts = alts[:1] if lang == "en" else []
        for term_lang, term, _stems in ds.store.lexicon_terms(kind, entry):
            if term_lang == "en":
                found = tuple(stem_words(vocab.normalise(term).split()))
                alts.append(Alternative(found, term, "place", 1.0, own=False))
        return Unit(typed, list(dict.fromkeys(alts)), concept=f"{kind}:{entry}", lang=lang)
    via = "synonym" if lang == "en" else "translation"
    names: list[tuple[str, float]] = []
    if kind == "place":
        names = place_names(ds, entry)
    elif kind == "country":
        names = [(n, 1.0) for n in _country_names(ds, entry)]
    elif kind == "region":
        names = [(vocab.REGIONS.get(entry, entry), 1.0)]
    for name, strength in names:
        alts.append(Alternative(tuple(stem_words(vocab.normalise(name).split())), name, "place", strength, own=False))
    if kind == "place":
        for label in regional_labels(ds, entry):
            alts.append(Alternative(tuple(stem_words(label.split())), label, "place", REGIONAL_STRENGTH, True, False))
    for term_lang, term, stems in ds.store.lexicon_terms(kind, entry):
        if term_lang == "en":
            alts.append(Alternative(tuple(stems.split()), term, via, STRENGTH[via], own=False))
    label = value_label(ds, f"{kind}:{entry}")
    if label:  # the filter's value it names, as the records say it: 'sectoriel' finds 'sectoral'
        label_stems = tuple(stem_words(vocab.normalise(label).split()))
        alts.append(Alternative(label_stems, label, via, STRENGTH[via], own=False))
    unique: dict[tuple[tuple[str, ...], bool], Alternative] = {}
    for alt in alts:
        if alt.stems and (alt.stems, alt.apart) not in unique:
            unique[(alt.stems, alt.apart)] = alt
    return Unit(typed, list(unique.values()), concept=f"{kind}:{entry}", lang=lang)


def place_names(ds: Dataset, place: str) -> list[tuple[str, float]]:
    """What records call a place, each with its strength: the English names of the regional bodies all of
    whose member States it holds (East Africa: IGAD and the East African Community; Southeast Asia: ASEAN),
    as its own names; its countries' names and aliases at MEMBER_STRENGTH (parts of it, not its name), so
    that the records of the place as a whole come before those of one of its countries."""
    countries = ds.store.place_countries(place)
    names = [(n, MEMBER_STRENGTH) for c in countries for n in _country_names(ds, c)]
    for members, states in ds.store.members_places().items():
        if set(states) <= set(countries):  # a place `X-members` lists the member States of the body X
            body = members.removesuffix("-members")
            names += [(t, 1.0) for lang, t, _stems in ds.store.lexicon_terms("concept", body) if lang == "en"]
    return names


def _all_common(ds: Dataset, stems: tuple[str, ...]) -> bool:
    """Whether each of these stems is in more than COMMON_SHARE of the examples."""
    n = int(ds.store.text_stats().get("examples", {}).get("count", 0))
    df = ds.store.doc_frequencies(["examples"], set(stems)) if n else {}
    return bool(n) and all(df.get(s, 0) > COMMON_SHARE * n for s in stems)


def regional_labels(ds: Dataset, place: str) -> list[str]:
    """What a place's regional and interregional records hold (folded, its stop words left out): the
    level and the ILO region of its countries ('regional asia pacific', 'interregional asia pacific')."""
    from .analysis import STOP_WORDS

    wanted = set(ds.store.place_countries(place))
    regions = sorted({c.region for c in ds.countries if c.name in wanted and c.region})
    out = []
    for region in regions:
        words = [w for w in vocab.normalise(vocab.REGIONS.get(region, region)).split() if w not in STOP_WORDS["en"]]
        out += [" ".join(["regional", *words]), " ".join(["interregional", *words])]
    return out


def _country_names(ds: Dataset, name: str) -> list[str]:
    for country in ds.countries:
        if country.name == name:
            return [country.name, *country.aliases]
    return [name]


def parse(ds: Dataset, text: str, translations: bool = True) -> ParsedQuery:
    """Read a query into units, exclusions and the phrase it makes (and the languages whose translations of
    the records it is matched against, none when ``translations`` is False).

    A word that neither the data nor the lexicon holds, and that is a slip of the keyboard away from
    one that they do (in the query's language, when its other words tell it), is read as that word,
    through the lexicon like any other (``colective bargainng`` is the concept collective bargaining),
    at the strength of a near spelling.
    """
    parts = split_query(text)
    if sum(len(w) for _, w in parts) > MAX_QUERY_WORDS:
        raise UsageError(_("the search query has more than {n} words; shorten it").format(n=MAX_QUERY_WORDS))
    query = _parse_parts(ds, parts, text, {}, translations)
    slips = _corrections(ds, query)
    if not slips:
        return query
    data = [ds.store.vocabulary(lang) for lang in ("en", *query.langs)]
    chosen = dict.fromkeys(slips, 0)
    while True:
        fixes = {
            w: (found[chosen[w]][0], found[chosen[w]][1], [c for c, _s in found[chosen[w] + 1 :]])
            if chosen[w] < len(found)
            else ("", 0.0, [])
            for w, found in slips.items()
        }
        query = _parse_parts(ds, parts, text, fixes, translations)
        # a word read as a lexicon word that then makes no term, and that the data lacks: the next slip
        lone = {u.typed for u in query.units if not u.concept}
        failed = [w for w, (fix, _s, _o) in fixes.items() if fix in lone and not any(_holds(d, fix) for d in data)]
        if not failed:
            return query
        for w in failed:
            chosen[w] += 1


def _holds(words: list[str], word: str) -> bool:
    """Whether a sorted list holds a word."""
    at = bisect_left(words, word)
    return at < len(words) and words[at] == word


def _parse_parts(
    ds: Dataset,
    parts: list[tuple[str, list[str]]],
    text: str,
    corrections: dict[str, tuple[str, float, list[str]]],
    translations: bool = True,
) -> ParsedQuery:
    units: list[Unit] = []
    excluded: list[tuple[str, ...]] = []
    run: list[str] = []
    every: list[str] = []
    for kind, words in [*parts, ("end", [])]:
        if kind != "word" and run:
            units += _lexicon_units(ds, run, corrections, _capitals(text))
            run = []
        if kind == "word":
            run += words
            every += words
        elif kind == "phrase":
            stems = tuple(stem_words(words))
            units.append(Unit(" ".join(words), [Alternative(stems, f'"{" ".join(words)}"', "phrase", 1.0)], True))
            every += words
        elif kind == "exclude":
            excluded.append(tuple(stem_words(words)))
    if not units:
        if excluded:
            raise UsageError(_("the search query only excludes words; say what to look for too"))
        nothing = _("the search query {text!r} has no word to look for (common words and single letters are left out)")
        raise UsageError(nothing.format(text=text))
    query = ParsedQuery(units, excluded, tuple(stem_words(every)), shown=_as_typed(text))
    query.langs = _translated_langs(ds, every, units) if translations else ()
    query.unknown = [w for w, (fix, _s, _o) in corrections.items() if not fix]
    query.corrected = {w: fix for w, (fix, _s, _o) in corrections.items() if fix}
    return query


def _translated_langs(ds: Dataset, words: list[str], units: list[Unit]) -> tuple[str, ...]:
    """The languages whose translations of the records a query is matched against: those its words tell
    better than English (each word the records' text in a language holds, each stop word of that language
    alone, each lexicon term of it counts one), none for a query that reads as English as well ('migrant
    workers': French text holds both words, in the English names it keeps)."""
    votes = dict.fromkeys(LANGUAGES, 0)
    for word in dict.fromkeys(words):
        stops = [lang for lang in LANGUAGES if word in STOP_WORDS[lang]]
        if stops:
            if len(stops) == 1:
                votes[stops[0]] += 1
            continue
        for lang in LANGUAGES:
            votes[lang] += _holds(ds.store.vocabulary(lang), word)
    for unit in units:
        if unit.lang in votes and unit.lang != "en":
            votes[unit.lang] += 1
    return tuple(lang for lang in TR_LANGS if votes[lang] > votes["en"])


def is_slip(word: str, other: str) -> bool:
    """A slip of the keyboard: the same first letter and one letter missed, added, mistyped or two
    swapped (two such slips in a word of seven letters or more); 'inde' is no slip of 'inside'."""
    from rapidfuzz.distance import OSA

    if not other or other == word or other[0] != word[0]:
        return False
    return OSA.distance(word, other) <= (1 if len(word) < 7 else 2)


def _fewest_slips(word: str, close: list[tuple[str, float, int]]) -> list[tuple[str, float, int]]:
    """Near spellings as rapidfuzz ranks them (best ratio first), those of equal ratio by fewest slips:
    'jordanei' is one swap from the French 'jordanie' and two letters from the Spanish 'jordania', which
    the ratio scores alike and the alphabet put first."""
    from rapidfuzz.distance import OSA

    return sorted(close, key=lambda c: (-round(c[1], 6), OSA.distance(word, c[0])))


def _corrections(ds: Dataset, query: ParsedQuery) -> dict[str, list[tuple[str, float]]]:
    """Each word of the query that the data and the lexicon do not hold, with the words it is a slip of
    (at most five, best first: those of the query's language, then the data's English words, whose
    cognates a French or Spanish word may be: resoluciones, resolutions) and the strength of each."""
    plain = [u for u in query.units if not u.concept and not u.required and u.typed.isalpha() and len(u.typed) >= 4]
    if not plain:
        return {}
    df = ds.store.doc_frequencies(SEARCHABLE, [u.alternatives[0].stems[0] for u in plain], query.langs)
    missing = [u.typed for u in plain if not df[u.alternatives[0].stems[0]]]
    if missing:
        known = ds.store.lexicon_holds(missing)
        missing = [w for w in missing if w not in known]
    if not missing:
        return {}
    from rapidfuzz import fuzz, process

    # within the query's language, when the lexicon terms it holds tell it (the data is English)
    langs = {u.lang for u in query.units if u.lang} or set(LANGUAGES)
    choices = sorted(
        {w for lang in langs for w in ds.store.vocabulary(lang) if lang == "en" or lang in query.langs}
        | {w for lang in langs for w in ds.store.lexicon_words(lang, places=False)}
    )
    english = [] if "en" in langs else ds.store.vocabulary()
    out: dict[str, list[tuple[str, float]]] = {}
    for word in missing:
        found: list[tuple[str, float]] = []
        for pool in (choices, english):
            close = process.extract(word, pool, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5)
            for c, score, _i in _fewest_slips(word, close):
                if is_slip(word, c) and all(c != f for f, _s in found):
                    found.append((c, FUZZY_STRENGTH * score / 100.0))
        out[word] = found[:5]
    return out


def did_you_mean(ds: Dataset, words: list[str]) -> list[str]:
    """Close spellings of words the data does not hold (for a query that found nothing): slips of the
    keyboard only."""
    if not words:
        return []
    from rapidfuzz import fuzz, process

    choices = sorted(set(ds.store.vocabulary()) | set(ds.store.lexicon_words(places=False)))
    out = []
    for word in words:
        close = process.extract(word, choices, scorer=fuzz.ratio, score_cutoff=SUGGEST_CUTOFF, limit=5)
        best = [c for c, _, _ in _fewest_slips(word, close) if is_slip(word, c)]
        if best:
            out.append(best[0])
    return out


# -- scoring ----------------------------------------------------------------------------------------


def _fts_expression(units: list[Unit]) -> str:
    def quoted(stems: tuple[str, ...]) -> str:
        return '"' + " ".join(stems).replace('"', '""') + '"'

    alts = sorted({(a.stems, a.apart) for u in units for a in u.alternatives})
    return " OR ".join(
        "(" + " AND ".join(quoted((s,)) for s in stems) + ")" if apart else quoted(stems) for stems, apart in alts
    )


def _count(padded: str, stems: tuple[str, ...], apart: bool = False, near: bool = False) -> int:
    """Occurrences of a stem sequence in a field (padded with spaces); apart: of its rarest stem, if all occur;
    apart and near: of its first stem with every other within NEAR words of it (in a translation, a term's
    words apart are far more often other words: the 'est' of 'Asie du Sud-Est' is the French 'is')."""
    if apart and near and min(padded.count(f" {s} ") for s in stems):
        words = padded.split()
        at = {s: [i for i, w in enumerate(words) if w == s] for s in stems}
        return sum(all(any(abs(i - k) <= NEAR for k in at[s]) for s in stems[1:]) for i in at[stems[0]])
    if apart:
        return min(padded.count(f" {s} ") for s in stems)
    return padded.count(" " + " ".join(stems) + " ")


@dataclass
class _Stats:
    """What BM25F needs of the collections searched, for one query."""

    count: int
    avg: dict[str, list[float]]  # each collection's average field lengths
    idf: list[float]  # each unit's weight
    common: list[bool]
    alt_idf: dict[tuple[int, tuple[str, ...]], float]  # (unit, alternative's stems) -> idf
    freqs: list[int]  # how many records hold each unit
    weights: list[float]  # each field's weight: FIELD_WEIGHTS, then the translations' searched
    groups: list[tuple[int, int]]  # the fields of the record's own text, then of each translation searched
    fields: list[str]  # each field's name, as --explain shows it

    @property
    def every_common(self) -> bool:
        """Every unit of the query is common (the brief's own words: tripartite, social dialogue): any
        record holding them is a result, ranked by how much it says of them."""
        return all(self.common)

    @property
    def total_idf(self) -> float:
        return sum(self.idf)


def _idf(n: int, df: int) -> float:
    return math.log(1.0 + (n - min(df, n) + 0.5) / (min(df, n) + 0.5))


def _stats(ds: Dataset, names: list[str], units: list[Unit], langs: tuple[str, ...] = ()) -> _Stats:
    """BM25F's statistics: the collections searched together are one corpus for idf (``--in all``);
    field lengths stay each collection's own."""
    info = ds.store.text_stats()
    n = sum(int(info[c]["count"]) for c in names)
    df = ds.store.doc_frequencies(names, {s for u in units for a in u.alternatives for s in a.stems}, langs)
    freqs = [u.frequencies(df) for u in units]
    idf = [_idf(n, f) for f in freqs]
    common = [f > COMMON_SHARE * n for f in freqs]
    # an alternative counts with its own idf, never more than its unit's: a broad synonym weighs less
    alt_idf = {
        (i, a.stems): min(weight, _idf(n, _frequency(a, df)))
        for i, (u, weight) in enumerate(zip(units, idf, strict=True))
        for a in u.alternatives
    }
    translated = ds.store.translated_stats()
    avg = {
        c: [
            float(x) or 1.0
            for x in [*info[c]["avg"], *(y for lang in langs for y in translated.get(c, {}).get(lang, TR_ONES))]
        ]
        for c in names
    }
    weights = [*FIELD_WEIGHTS, *(TRANSLATED_WEIGHT * w for _lang in langs for w in TR_WEIGHTS)]
    fields = [*FIELDS, *(f"{f} ({lang})" for lang in langs for f in TR_FIELDS)]
    starts = [len(FIELDS) + k * len(TR_FIELDS) for k in range(len(langs))]
    groups = [(0, len(FIELDS)), *((a, a + len(TR_FIELDS)) for a in starts)]
    return _Stats(n, avg, idf, common, alt_idf, freqs, weights, groups, fields)


def _score(
    fields: list[str], avg_lengths: list[float], query: ParsedQuery, stats: _Stats, explain: bool, asked: bool = False
) -> tuple[float, tuple[str, ...], tuple[dict[str, Any], ...], float, frozenset[int], float] | None:
    """(score 0-100, matched alternatives, explanation, coverage, units matched, how surely it covers the query:
    see WEAK_COVERAGE) of a record, or None."""
    padded = [f" {text} " for text in fields]
    if any(_count(p, ex) for ex in query.excluded for p in padded):
        return None
    norms = [
        weight / (1.0 - B + B * (text.count(" ") + 1 if text else 0) / avg)
        for weight, text, avg in zip(stats.weights, fields, avg_lengths, strict=True)
    ]
    total, covered, sure, matched, notes, useful = 0.0, 0.0, 0.0, [], [], False
    found: set[int] = set()
    for i, unit in enumerate(query.units):
        part, best_alt, best_fields = 0.0, None, []
        for alt in unit.alternatives:
            # the record's own text and each translation are ways of saying the same: the best of them counts
            # (a lexicon's English term only in the record's own text: in French, 'pays' is no 'pay')
            groups = stats.groups if alt.own else stats.groups[:1]
            counts = [_count(p, alt.stems, alt.apart, j >= len(FIELDS)) for j, p in enumerate(padded[: groups[-1][1]])]
            tf, group = max(
                (sum(c * w for c, w in zip(counts[a:b], norms[a:b], strict=True)), (a, b)) for a, b in groups
            )
            value = alt.strength * stats.alt_idf[(i, alt.stems)] * tf * (K1 + 1.0) / (K1 + tf) if tf else 0.0
            if value > part:
                part, best_alt = value, alt
                best_fields = [stats.fields[j] for j in range(*group) if counts[j]]
        if best_alt is None:
            if unit.required:
                return None
            continue
        total += part
        covered += stats.idf[i] * best_alt.strength
        surely = min(stats.idf[i], stats.alt_idf[(i, best_alt.stems)]) * best_alt.strength
        if all(f.startswith("notes") for f in best_fields) or (query.langs and best_alt.via == "stem"):
            surely *= WEAKLY_FOUND
        sure += surely
        found.add(i)
        useful = useful or not stats.common[i]
        matched.append(best_alt.text)
        if explain:
            notes.append(
                {
                    "query": unit.typed,
                    "matched": best_alt.text,
                    "stems": list(best_alt.stems),
                    "via": best_alt.via,
                    "fields": best_fields,
                    "strength": round(best_alt.strength, 2),
                    "idf": round(stats.alt_idf[(i, best_alt.stems)], 3),
                    "common": stats.common[i],
                    "weight": round(part, 3),
                }
            )
    if not found or (not useful and not stats.every_common and not asked):
        return None  # asked: a record of the collection the question asks for (how many: a figure)
    coverage = covered / stats.total_idf
    phrase = len(query.phrase) > 1 and any(_count(p, query.phrase) for p in padded)
    # each unit's saturation (0-1) weighted by its idf, times the coverage: 100 only for a record
    # holding every unit strongly; the phrase bonus on top, capped at 100
    score = 100.0 * total / ((K1 + 1.0) * stats.total_idf) * coverage * (1.0 + PHRASE_BONUS * phrase)
    scaled = min(100.0, score)
    if explain:
        notes.append({"coverage": round(coverage, 3), "phrase": phrase})
    return scaled, tuple(dict.fromkeys(matched)), tuple(notes), coverage, frozenset(found), sure / stats.total_idf


class _Scored(NamedTuple):
    score: float
    order: int  # the collection's place in SEARCHABLE
    rowid: int
    matched: tuple[str, ...]
    explain: tuple[dict[str, Any], ...]
    coverage: float
    units: frozenset[int]  # which of the query's units it matched
    sure: float  # how surely it covers the query (WEAK_COVERAGE)


def _rank(
    ds: Dataset,
    query: ParsedQuery,
    collections: tuple[str, ...],
    within: tuple[str, list[Any]] | None,
    cap: int,
    explain: bool,
    asked: frozenset[int] = frozenset(),
) -> tuple[list[_Scored], list[str], frozenset[int], _Sample | None, list[float]]:
    """Scored rows, the common words seen, the query's units some record of these collections holds,
    what was left out when only a sample was ranked, and each unit's weight (its idf)."""
    info = ds.store.text_stats()
    names = [c for c in collections if info.get(c, {}).get("count")]
    if not names:
        return [], [], frozenset(), None, []
    stats = _stats(ds, names, query.units, query.langs)
    held = frozenset(i for i, f in enumerate(stats.freqs) if f)
    common = zip(query.units, stats.common, strict=True)
    common_words = list(dict.fromkeys(_shown(u, query.shown) for u, c in common if c))
    searchable = [u for u, common in zip(query.units, stats.common, strict=True) if not common or stats.every_common]
    expr = _fts_expression(searchable)
    required = [u for u in query.units if u.required]
    if required:
        expr = f"({expr}) AND " + " AND ".join(f"({_fts_expression([u])})" for u in required)
    sample = None
    rows: list[int] = []
    total = ds.store.shards()
    if "examples" in names and within is None and total > 1 and cap < MAX_SQL_INT:
        df = ds.store.doc_frequencies(["examples"], {s for u in searchable for a in u.alternatives for s in a.stems})
        reach = {id(u): max(_frequency(a, df) for a in u.alternatives) for u in searchable}
        matches = max(reach.values())
        if required:  # a quoted phrase narrows the search: no more than its own matches (a common one: not)
            matches = min([matches, *(reach.get(id(u), matches) for u in required)])
        wanted = math.ceil(total * RANKED_AT_MOST / matches) if matches else total
        if wanted < total:
            # FTS5 ranks only evenly spaced tables (the first and the last among them); the units
            # with few matches (a name, a rare word) are looked for in every table
            shards = sorted({round(i * (total - 1) / max(1, wanted - 1)) for i in range(wanted)})
            rare = [u for u in searchable if reach[id(u)] <= RANKED_AT_MOST]
            if rare:
                rows += ds.store.candidates(_fts_expression(rare), ["examples"], None, cap)
            sample = _Sample(matches, tuple(_shown(u, query.shown) for u in rare if reach[id(u)]))
            rows += ds.store.candidates(expr, names, None, cap, shards)
            rows = list(dict.fromkeys(rows))
    if sample is None:
        rows = ds.store.candidates(expr, names, within if "examples" in names else None, cap)
    for lang in query.langs:  # the records whose French or Spanish text matches
        found_in = ds.store.translated_candidates(expr, names, within if "examples" in names else None, cap, lang)
        rows = list(dict.fromkeys([*rows, *found_in]))
    asked_in = [c for c in names if SEARCHABLE.index(c) in asked]
    if asked_in:  # the collection a question asks for: its records holding any of the words, common or not
        rows = list(dict.fromkeys([*rows, *ds.store.candidates(_fts_expression(query.units), asked_in, None, cap)]))
    bounds = sorted((int(info[c]["first"]), SEARCHABLE.index(c), c) for c in names)
    scored = []
    texts = ds.store.texts(rows)
    for lang in query.langs:
        translated = ds.store.translated_texts(rows, lang)
        for rowid, fields in texts.items():
            fields += translated.get(rowid, [""] * len(TR_FIELDS))
    for rowid, fields in texts.items():
        first, order, name = bounds[bisect_right([b[0] for b in bounds], rowid) - 1]
        result = _score(fields, stats.avg[name], query, stats, explain, order in asked)
        if result is not None:
            scored.append(_Scored(result[0], order, rowid, *result[1:]))
    return scored, common_words, held, sample, stats.idf


def _asked(query: str) -> frozenset[int]:
    """The collections (their places in SEARCHABLE) a question asks for: how many, figures; which
    conventions, instruments. Their records are results when they hold any of the query's words, even
    common ones, and their scores are multiplied by INTENT_BOOST (at most 100)."""
    padded = f" {vocab.normalise(query)} "
    return frozenset(SEARCHABLE.index(c) for c, words in INTENTS.items() if any(f" {w} " in padded for w in words))


class _Sample(NamedTuple):
    """A search that ranked an even sample of a very large dataset's full-text tables."""

    matches: int  # how many examples may match
    whole: tuple[str, ...]  # the query words looked for in every table (few matches), as shown


def search(
    ds: Dataset,
    query: str,
    filters: Filters | None = None,
    *,
    limit: int = 10,
    min_score: float = 0.0,
    collection: str = "examples",
    explain: bool = False,
    translations: bool = True,
) -> Results:
    """Search one collection (or ``all``): ranked hits (``limit`` 0: all) and notices for the reader.

    ``translations``: a French or Spanish query is matched against the records' French and Spanish text
    too (False: through the lexicon only, as the HTML page's search does in English: it carries no index
    of the translations, and in French or Spanish matches their words its own lighter way, web/page.js)."""
    if collection not in COLLECTIONS:
        choices = ", ".join(COLLECTIONS)
        raise UsageError(f"`collection` {collection!r}: choose one of {choices}", options=("collection",))
    if min_score != min_score:  # NaN passes every range check and then keeps nothing
        raise UsageError("`min_score` nan is not a number; give one from 0 to 100", options=("min_score",))
    parsed = parse(ds, query, translations)
    within = None
    if filters is not None and not filters.is_empty():
        within = ds.store.where(filters.conditions(), filters.since, filters.until)
    cap = min(MAX_CANDIDATES, max(MIN_CANDIDATES, 50 * limit)) if limit else MAX_SQL_INT
    targets = SEARCHABLE if collection == "all" else (collection,)
    asked = _asked(query) if collection == "all" else frozenset()
    scored, common_words, held, sampled, weights = _rank(ds, parsed, targets, within, cap, explain, asked)
    found = frozenset().union(*(s.units for s in scored))
    if (within is None and not parsed.excluded) or sampled is not None:
        found |= held  # a word some record holds is never said to be missing (nor one a sample left out)
    if asked:
        scored = [s._replace(score=min(100.0, s.score * INTENT_BOOST)) if s.order in asked else s for s in scored]
    scored = [s for s in scored if s.score >= min_score]
    named = named_values(ds, parsed.units) if collection == "examples" else []
    # a word naming a filter's value (a challenge, a type) says the brief files examples under it: covered,
    # unless most of the question is words neither the records nor the lexicon use
    weak = bool(scored) and (
        (not named and max(s.sure for s in scored) < WEAK_COVERAGE)
        or _unknown_share(ds, parsed, held, weights) >= UNKNOWN_SHARE
    )
    keys = ds.store.doc_keys([s.rowid for s in scored])
    tiers: dict[int, int] = {}
    if asked:  # the collection a question asks for comes first: its records that answer a good part of it
        for s in scored:
            if s.order in asked and s.coverage >= ASKED_COVERAGE:
                tiers[s.rowid] = 1
    for _i, facet, value, _label in named:  # an example's row in the index is its position
        for pos in set(ds.store.positions([(facet, [value])])) & {s.rowid for s in scored}:
            tiers[pos] = tiers.get(pos, 0) + 1
    scored.sort(key=lambda s: (-tiers.get(s.rowid, 0), -round(s.score, 6), s.order, keys[s.rowid]))
    if limit:
        scored = scored[:limit]
    records = _records(ds, [s.rowid for s in scored])
    hits = [Hit(records[s.rowid], s.score, s.matched, s.explain) for s in scored]
    notices = _notices(
        ds,
        query,
        parsed,
        hits,
        collection=collection,
        targets=targets,
        found=found,
        weak=weak,
        filters=filters,
        named=named,
        within=within,
        sampled=sampled,
        common_words=common_words,
    )
    beyond = notices[0] if notices and _beyond(notices[0]) else ""
    return Results(hits, notices, collection, beyond)


def _beyond(notice: str) -> bool:
    """Whether a notice (the first, where _notices puts it) says the brief names no example in a place or
    may not cover the query: it is one of those notices filled in (their words around the fields match)."""
    for key in ("absent", "absent_rest", "weak"):
        parts = re.split(r"\{[a-z]+\}", _(NOTICES[key]))
        if notice.startswith(parts[0]) and notice.endswith(parts[-1]) and len(notice) > len(parts[0]) + len(parts[-1]):
            return True
    return False


def _unknown_share(ds: Dataset, query: ParsedQuery, held: frozenset[int], weights: list[float]) -> float:
    """The share of the query's weight that its words neither a record nor the lexicon holds carry ('ia',
    'inteligencia', 'estudiantes'): what it asks for that the brief and its vocabulary never speak of."""
    if not weights or not sum(weights):
        return 0.0
    plain = [(u, w) for i, (u, w) in enumerate(zip(query.units, weights, strict=True)) if i not in held]
    plain = [(u, w) for u, w in plain if not u.concept and not u.required]
    known = ds.store.lexicon_holds(u.typed for u, _w in plain)
    unknown = [w for u, w in plain if u.typed not in known]
    return sum(unknown) / sum(weights)


def _notices(
    ds: Dataset,
    query: str,
    parsed: ParsedQuery,
    hits: list[Hit],
    *,
    collection: str,
    targets: tuple[str, ...],
    found: frozenset[int],
    weak: bool,
    filters: Filters | None,
    named: list[tuple[int, str, str, str]],
    within: tuple[str, list[Any]] | None,
    sampled: _Sample | None,
    common_words: list[str],
) -> list[str]:
    """What a search tells its reader beside the results: a place no record names, a weak match, a
    word read as another, a word that names a filter's value, words no record holds (or none holds
    together), a sample ranked, close spellings, and the strong matches of another collection."""
    notices: list[str] = []
    all_common = bool(common_words) and all(_shown(u, parsed.shown) in common_words for u in parsed.units)
    # a place of the world that no record of these collections names: said so, never found in pieces
    absent = [
        i
        for i, u in enumerate(parsed.units)
        if u.concept.startswith("territory:") and not ds.store.candidates(_fts_expression([u]), list(targets), None, 1)
    ]
    missing = [_shown(u, parsed.shown) for i, u in enumerate(parsed.units) if i not in found and i not in absent]
    if absent:
        from .query import territory_name

        places = ", ".join(territory_name(ds, parsed.units[i].concept.split(":", 1)[1]) for i in absent)
        notices.append(_(NOTICES["absent_rest" if hits else "absent"]).format(place=places))
    elif weak and hits:
        notices.append(_(NOTICES["weak"]).format(query=repr(" ".join(query.split()))))
    for typed, word in parsed.corrected.items():
        notices.append(_(NOTICES["read_as"]).format(typed=repr(typed), word=repr(word)))
    chosen = dict(filters.conditions()) if filters is not None else {}
    for i, facet, value, _label in named:
        if value not in chosen.get(facet, []):
            count = ds.store.value_count(facet, value)
            where_ = f"`{facet}` {value}"
            notice = NOTICES["named_one" if count == 1 else "named"]
            notices.append(_(notice).format(word=_shown(parsed.units[i], parsed.shown), count=count, filter=where_))
    none = _(NONE_OF.get(collection, NONE_OF["all"]))
    narrowed = NARROWED.get((within is not None, bool(parsed.excluded)))  # only what the user gave
    kept = {"narrowed": _(narrowed)} if narrowed else {}
    if missing:
        if narrowed:
            said = _("{none} that your {narrowed} keep mentions {words}")
            if hits:
                said = _("{none} that your {narrowed} keep mentions {words}; the results match your other words")
        else:
            said = (
                _("{none} mentions {words}; the results match your other words")
                if hits
                else _("{none} mentions {words}")
            )
        notices.append(said.format(none=none, words=", ".join(missing), **kept))
    elif not hits and len(parsed.units) > 1:
        # each word is in some record, but none holds them all as the query asks (a quoted phrase)
        said = (
            _("{none} that your {narrowed} keep holds {words} together")
            if narrowed
            else _("{none} holds {words} together")
        )
        words = _(" and ").join(_shown(u, parsed.shown) for u in parsed.units)
        notices.append(said.format(none=none, words=words, **kept))
    if sampled is not None:
        counts = {"matches": number(sampled.matches), "ranked": number(RANKED_AT_MOST)}
        if sampled.whole:
            said = _(
                "about {matches} examples may match; only about {ranked} were ranked, including all with {words};"
                " -n 0 ranks all"
            )
            notices.append(said.format(words=_(" or ").join(sampled.whole), **counts))
        else:
            said = _("about {matches} examples may match; only about {ranked} were ranked; -n 0 ranks all")
            notices.append(said.format(**counts))
    if not hits:
        close = did_you_mean(ds, parsed.unknown)
        if close:
            notices.append(_(NOTICES["did_you_mean"]).format(words=", ".join(repr(c) for c in close)))
    if collection == "examples" and not all_common and within is None:
        elsewhere = _strong_elsewhere(ds, parsed, hits)
        if elsewhere:
            notices.append(elsewhere)
    return notices


def filter_labels(ds: Dataset) -> dict[str, dict[str, str]]:
    """The values of the filters a query word can name, with their labels (the stated ones only)."""
    return {
        "type": {k: v for k, v in vocab.DIALOGUE_TYPES.items() if k not in UNSTATED},
        "level": {k: v for k, v in vocab.LEVELS.items() if k not in UNSTATED},
        "region": dict(vocab.REGIONS),
        "challenge": {c.id: c.name for c in ds.challenges},
    }


def named_values(ds: Dataset, units: list[Unit]) -> list[tuple[int, str, str, str]]:
    """(unit, facet, value, label) for each query unit that names a filter's value: a region it names,
    or its words (or a term of its concept) being the value's label: 'tripartite', 'sectoral',
    'discrimination'. Each value once, only those some example has."""
    by_label = label_index(ds)
    out: list[tuple[int, str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for i, unit in enumerate(units):
        hit: tuple[str, str, str] | None = None
        if unit.concept.startswith("region:"):
            entry = unit.concept.split(":", 1)[1]
            hit = ("region", entry, vocab.REGIONS.get(entry, entry))
        elif not unit.required and not any(a.via == "fuzzy" for a in unit.alternatives):
            hit = by_label.get(unit.typed) or concept_value(ds, unit.concept, by_label)
        if hit is not None and hit[:2] not in seen and ds.store.value_count(hit[0], hit[1]):
            seen.add(hit[:2])
            out.append((i, *hit))
    return out


def label_index(ds: Dataset) -> dict[str, tuple[str, str, str]]:
    """The filters' values a query's words can name, by their folded label: (facet, value, label), the
    English labels first, then the French and Spanish names the filters accept ('sectoriel', 'tripartita')."""
    out: dict[str, tuple[str, str, str]] = {}
    for labels in _labels_by_lang(ds).values():
        for folded, hit in labels.items():
            out.setdefault(folded, hit)
    return out


_LABELS: weakref.WeakKeyDictionary[Any, dict[str, dict[str, tuple[str, str, str]]]] = weakref.WeakKeyDictionary()


def _labels_by_lang(ds: Dataset) -> dict[str, dict[str, tuple[str, str, str]]]:
    """Per language (English, French, Spanish), the filters' values by their folded name in it, as
    names.display_name shows them (read once per store)."""
    if ds.store not in _LABELS:
        from .names import TRANSLATED, display_name

        by_lang: dict[str, dict[str, tuple[str, str, str]]] = {"en": {}}
        for facet, values in filter_labels(ds).items():
            for value, label in values.items():
                by_lang["en"].setdefault(vocab.normalise(label), (facet, value, label))
        for lang in TRANSLATED:
            by_lang[lang] = {}
            for facet, values in filter_labels(ds).items():
                for value in values:
                    name = display_name(facet, value, lang, ds)
                    by_lang[lang].setdefault(vocab.normalise(name), (facet, value, name))
        _LABELS[ds.store] = by_lang
    return _LABELS[ds.store]


def concept_value(ds: Dataset, concept: str, by_label: dict[str, tuple[str, str, str]]) -> tuple[str, str, str] | None:
    """The filter's value a lexicon concept names: one of its terms is the value's name exactly in the
    term's language (the concept tripartite: the type Tripartite; the concept sectoral: the level
    Sectoriel in French, Sectorial in Spanish; 'sectors' is no name of the sectoral level).
    ``by_label``: label_index's (the same names; kept for the callers that have it)."""
    if not concept.startswith("concept:"):
        return None
    terms = ds.store.lexicon_terms("concept", concept.split(":", 1)[1])
    by_lang = _labels_by_lang(ds)
    for first in (True, False):  # an English term first
        for lang, term, _stems in terms:
            if (lang == "en") == first and (hit := by_lang.get(lang, {}).get(vocab.normalise(term))) is not None:
                return hit
    return None


def value_label(ds: Dataset, concept: str) -> str:
    """The English label of the filter's value a lexicon concept names ('' if none), searched as one of
    its English terms: the concept sectoral names the level Sectoral by its French and Spanish terms
    (sectoriel, sectorial), so they find the records that say 'sectoral', as the English word does,
    without making 'sectors' a term of the concept."""
    found = concept_value(ds, concept, label_index(ds))
    return filter_labels(ds)[found[0]][found[1]] if found is not None else ""


_PLACE_KINDS = frozenset({"country", "territory"})


def _capitals(text: str) -> frozenset[str]:
    """The query's two-letter words typed in capitals (US, UK), folded: a place's code only as people write it."""
    return frozenset(w.casefold() for w in re.findall(r"\w+", text) if len(w) == 2 and w.isupper())


def _as_typed(text: str) -> dict[str, str]:
    """The query's words as typed (lower case, accents kept: 'données', not 'donnees'), by their folded form."""
    shown: dict[str, str] = {}
    for token in text.split():
        word = token.strip("-\"'«»“”‘’.,;:!?¿¡()[]").casefold()
        folded = vocab.normalise(word).split()
        if len(folded) == 1 and word:
            shown.setdefault(folded[0], word)
    return shown


def _shown(unit: Unit, shown: dict[str, str]) -> str:
    """A query unit as a notice names it, as typed: a word in single quotes, a quoted phrase in its own
    double quotes (so it is clear that it was looked for exactly as typed)."""
    typed = " ".join(shown.get(w, w) for w in unit.typed.split())
    return f'"{typed}"' if unit.required else repr(typed)


def _strong_elsewhere(ds: Dataset, query: ParsedQuery, hits: list[Hit]) -> str:
    """A notice naming the best record of another collection that matches every unit, if strong."""
    others = SEARCHABLE[1:]
    # no sample: examples not searched
    scored, _common, _held, _sampled, _weights = _rank(ds, query, others, None, 20, explain=False)
    best_example = hits[0].score if hits else 0.0
    every = frozenset(range(len(query.units)))
    full = [s for s in scored if s.units == every and s.score >= max(STRONG_ELSEWHERE, best_example)]
    if not full:
        return ""
    keys = ds.store.doc_keys([s.rowid for s in full])
    full.sort(key=lambda s: (-round(s.score, 6), s.order, keys[s.rowid]))
    record = _records(ds, [full[0].rowid])[full[0].rowid]
    kind = _(KIND_OF.get(record.collection, record.collection))
    return _("also found {kind} {id} ({name}); use --in all").format(kind=kind, id=record.key, name=_name(ds, record))


def _name(ds: Dataset, record: Record) -> str:
    """A record's name as the interface language reads it (display.Reader.title's, below it): its
    translated title, name or label (an ILO convention's official title), else as written."""
    lang = language()
    found = ds.translation(record.collection, record.key, lang) if lang != "en" else None
    fields = found[0] if found else {}
    names = [str(fields[f]) for f in ("title", "name", "label") if isinstance(fields.get(f), str)]
    return names[0] if names else record.display_name


def _records(ds: Dataset, rowids: list[int]) -> dict[int, Record]:
    """The records behind rows of the full-text index."""
    docs = ds.store.docs(rowids)
    out: dict[int, Record] = {}
    example_rows = sorted((pos, rowid) for rowid, (name, pos) in docs.items() if name == "examples")
    for (_pos, rowid), example in zip(example_rows, ds.examples_at(p for p, _r in example_rows), strict=True):
        out[rowid] = example
    for rowid, (name, pos) in docs.items():
        if name != "examples":
            out[rowid] = ds.collection(name)[pos]
    return out
