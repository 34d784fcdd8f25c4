"""The search lexicon (data/lexicon.yaml): concepts, places and French and Spanish names, validated and stemmed.

The lexicon is search metadata, not a fact about any example: each concept lists the words
people use for it in English, French and Spanish; each place (Latin America, the Gulf, ...)
names the dataset's countries it holds and the grouping it follows; the countries and the
five ILO regions get their French and Spanish names. It is checked like the dataset
(every problem as ``FILE:LINE: entry: message``) and compiled into the store as rows of
stems, which the search expands a query with.

It also names the values of the vocabularies a filter takes, in three languages: a concept may
say which values it stands for (``level: [sectoral]``), so its terms are accepted for them
(``--level sectoriel``), and ``names`` gives the French and Spanish names of the data's own
vocabularies (challenges, sectors), the first of each shown. These are compiled into the
store's ``names`` table (:class:`Name` rows) with the countries' and regions' names.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from typing import Any, NamedTuple

from . import vocab
from .analysis import stem_words
from .errors import Problem
from .i18n import _
from .schema import FieldSpec
from .vocab import CONTEXTS, FIXED

FILE = "lexicon.yaml"

F = FieldSpec
TERMS = "list[str]"
DATA_KINDS = {"challenge": "a challenge's id", "sector": "a sector the examples name"}
"""The vocabularies the data itself makes (a country is named in its own section)."""
VALUE_KINDS = ("challenge", "sector", "type", "level", "theme", "form", "party")
"""The vocabularies a concept may stand for (its field of that name lists the values)."""
SCHEMA: dict[str, tuple[FieldSpec, ...]] = {
    "concepts": (
        F("id", "str"),
        F("en", TERMS),
        F("fr", TERMS),
        F("es", TERMS),
        F("note", "str", required=False),
        *(F(kind, TERMS, required=False, vocab=FIXED.get(kind)) for kind in VALUE_KINDS),
    ),
    "places": (
        F("id", "str"),
        F("en", TERMS),
        F("fr", TERMS, required=False),
        F("es", TERMS, required=False),
        F("countries", TERMS),
        F("reference", "str"),
        F("note", "str", required=False),
    ),
    "countries": (F("name", "str"), F("fr", TERMS, required=False), F("es", TERMS, required=False)),
    "regions": (F("id", "str", vocab=vocab.REGIONS), F("fr", TERMS), F("es", TERMS)),
    "names": (
        F("kind", "str", vocab=DATA_KINDS),
        F("value", "str"),
        F("fr", TERMS),
        F("es", TERMS),
        F("note", "str", required=False),
    ),
}
LANGS = ("en", "fr", "es")


class Row(NamedTuple):
    """One term of the lexicon as the store keeps it."""

    kind: str  # concept | place | country | region
    entry: str  # the concept or place id, the country's name, the region id
    lang: str
    term: str
    folded: str
    stems: str  # space-separated stems in the term's language


class Name(NamedTuple):
    """One name of a vocabulary value, as the store keeps it (the ``names`` table)."""

    kind: str  # country | region | challenge | sector | type | level | theme | form | party
    value: str  # the value's id (a country's English name, a sector as the examples name it)
    lang: str
    name: str
    folded: str
    shown: int  # 1: the name shown in that language (the first given); 0: also accepted


class Lexicon(NamedTuple):
    """A checked lexicon: its rows of stems, (place, country) pairs, names of values, problems, and
    (concept, kind, value) triples: the values a concept stands for."""

    rows: list[Row]
    places: list[tuple[str, str]]
    names: list[Name]
    problems: list[Problem]
    values: list[tuple[str, str, str]] = []


def path() -> str:
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", FILE)


def check(file: str, countries: Iterable[str]) -> Lexicon:
    """Read and validate a lexicon file: its rows, (place, country) pairs, names of values, problems."""
    from .validate import ID_RE, Checker, suggest
    from .yamlio import LList, LMap, read_file

    checker = Checker()
    doc, problems = read_file(file)
    checker.problems.extend(problems)
    rows: list[Row] = []
    places: list[tuple[str, str]] = []
    names: list[Name] = []
    values: list[tuple[str, str, str]] = []
    terms: list[Name] = []  # the concepts' terms as names of the values they stand for (checked, not stored)
    shown_at: dict[tuple[str, str, str], tuple[str, int]] = {}  # (kind, lang, folded) -> value, line
    if doc is None:
        return Lexicon(rows, places, names, checker.problems)
    if not isinstance(doc, LMap):
        checker.add(file, getattr(doc, "line", 1), "", _("the lexicon must be a mapping of sections (concepts, ...)"))
        return Lexicon(rows, places, names, checker.problems)
    known_countries = set(countries)
    seen_ids: dict[str, int] = {}
    seen_terms: dict[tuple[str, str], str] = {}
    for section, value in doc.items():
        line = doc.lines[section]
        if section not in SCHEMA:
            unknown = _("unknown section {name}{hint}").format(name=repr(section), hint=suggest(section, list(SCHEMA)))
            checker.add(file, line, "", unknown)
            continue
        if not isinstance(value, LList):
            checker.add(file, line, "", _("section {name} must be a list").format(name=repr(section)))
            continue
        kind = section.rstrip("s") if section != "countries" else "country"
        if section == "names":
            names += _names(value, file, checker, shown_at)
            continue
        for item, item_line in zip(value, value.lines, strict=True):
            if not isinstance(item, LMap):
                checker.add(file, item_line, "", _("each entry of {name} must be a mapping").format(name=repr(section)))
                continue
            label = str(item.get("id", item.get("name", "?")))
            clean = checker.check_fields(SCHEMA[section], item, file, label)
            entry = clean.get("id", clean.get("name"))
            if not isinstance(entry, str):
                continue
            if section in ("concepts", "places"):
                if not ID_RE.match(entry):
                    checker.add(file, item.lines["id"], entry, _("id must be lower-case kebab-case"))
                if entry in seen_ids:
                    also = _("id also used on line {line}").format(line=seen_ids[entry])
                    checker.add(file, item.lines["id"], entry, also)
                seen_ids[entry] = item.lines["id"]
            if section == "countries" and entry not in known_countries:
                hint = suggest(entry, sorted(known_countries))
                checker.add(file, item.lines["name"], entry, _("not a country of the dataset{hint}").format(hint=hint))
            for name in clean.get("countries", []) if section == "places" else []:
                if name in known_countries:
                    places.append((entry, name))
                else:
                    where = item.lines["countries"]
                    hint = suggest(name, sorted(known_countries))
                    not_one = _("{name} is not a country of the dataset{hint}").format(name=repr(name), hint=hint)
                    checker.add(file, where, entry, not_one)
            for lang in LANGS:
                for term in clean.get(lang, []):
                    folded = vocab.normalise(term)
                    if not folded:
                        checker.add(file, item.lines[lang], entry, _("term {term} has no word").format(term=repr(term)))
                        continue
                    other = seen_terms.get((lang, folded))
                    if other is not None and other != entry:
                        also = _("{lang} term {term} is also a term of {other}").format(
                            lang=lang, term=repr(term), other=repr(other)
                        )
                        checker.add(file, item.lines[lang], entry, also)
                        continue
                    seen_terms[(lang, folded)] = entry
                    stems = " ".join(stem_words(folded.split(), lang))
                    rows.append(Row(kind, entry, lang, term, folded, stems))
            if section in ("countries", "regions"):  # their names, the first shown
                for lang in ("fr", "es"):
                    for i, term in enumerate(clean.get(lang, [])):
                        folded = vocab.normalise(term)
                        if folded:
                            names.append(Name(kind, entry, lang, term, folded, int(i == 0)))
                            if i == 0:
                                shown_at[(kind, lang, folded)] = (entry, item.lines[lang])
            for value_kind in VALUE_KINDS if section == "concepts" else ():
                for target in clean.get(value_kind, []):  # the concept's terms name these values
                    values.append((entry, value_kind, target))
                    terms += [
                        Name(value_kind, target, lang, term, vocab.normalise(term), 0)
                        for lang in LANGS
                        for term in clean.get(lang, [])
                        if vocab.normalise(term)
                    ]
    _check_shown(names + terms, shown_at, file, checker)
    return Lexicon(rows, places, names, checker.problems, values)


def _names(section: Any, file: str, checker: Any, shown_at: dict[tuple[str, str, str], tuple[str, int]]) -> list[Name]:
    """The ``names`` section: French and Spanish names of challenges and sectors, the first shown."""
    from .yamlio import LMap

    out: list[Name] = []
    seen: dict[tuple[str, str], int] = {}
    for item, item_line in zip(section, section.lines, strict=True):
        if not isinstance(item, LMap):
            checker.add(file, item_line, "", _("each entry of {name} must be a mapping").format(name=repr("names")))
            continue
        label = str(item.get("value", "?"))
        clean = checker.check_fields(SCHEMA["names"], item, file, label)
        kind, value = clean.get("kind"), clean.get("value")
        if not isinstance(kind, str) or not isinstance(value, str):
            continue
        if (kind, value) in seen:
            named = _("{kind} {value} is also named on line {line}").format(
                kind=kind, value=repr(value), line=seen[(kind, value)]
            )
            checker.add(file, item_line, value, named)
            continue
        seen[(kind, value)] = item_line
        for lang in ("fr", "es"):
            for i, term in enumerate(clean.get(lang, [])):
                folded = vocab.normalise(term)
                if not folded:
                    checker.add(file, item.lines[lang], value, _("name {term} has no word").format(term=repr(term)))
                    continue
                if i == 0:
                    shown_at[(kind, lang, folded)] = (value, item.lines[lang])
                out.append(Name(kind, value, lang, term, folded, int(i == 0)))
    return out


def _check_shown(
    names: list[Name], shown_at: dict[tuple[str, str, str], tuple[str, int]], file: str, checker: Any
) -> None:
    """A name shown for a value is never also a name of another value of its kind: typed back, it
    would select both."""
    values: dict[tuple[str, str], set[str]] = {}
    for n in names:
        values.setdefault((n.kind, n.folded), set()).add(n.value)
    for (kind, lang, folded), (value, line) in shown_at.items():
        others = sorted(values.get((kind, folded), set()) - {value})
        if others:
            also = _("{lang} name {name} of {kind} {value} also names {others}").format(
                lang=lang, name=repr(folded), kind=kind, value=repr(value), others=", ".join(others)
            )
            checker.add(file, line, value, also)


def bundled(countries: Iterable[str]) -> Lexicon:
    """The bundled lexicon, with the gazetteer's rows; raises DatasetError when it is invalid."""
    from .errors import DatasetError

    names = list(countries)
    lex = check(path(), names)
    if lex.problems:
        raise DatasetError(lex.problems)
    # then the gazetteer: the territories of the world that are not these countries (and these countries'
    # other names in the gazetteer's sources: Argentine Republic, République d'Argentine)
    return lex._replace(rows=lex.rows + territories(_iso2(names), lex.rows))


def _iso2(names: list[str]) -> dict[str, str]:
    """The ISO codes of the bundled countries of these names (data/countries.yaml), with their names."""
    from .yamlio import read_file

    doc, _ = read_file(os.path.join(os.path.dirname(path()), "countries.yaml"))
    wanted = set(names)
    countries = (doc or {}).get("countries", [])
    return {str(c["iso2"]).upper(): str(c["name"]) for c in countries if c.get("name") in wanted}


# CLDR's two-letter regions that are no country or territory: the European Union, the euro area, the
# United Nations, outlying Oceania, unknown, and the pseudo-locales
NOT_TERRITORIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})

# CLDR's alternative English names ("alt" variant and short forms of common/main/en.xml) that Babel's copy
# of CLDR leaves out, and CLDR's former English names still in common use (Turkey, Cape Verde).
CLDR_ALTERNATIVES = {
    "CD": ("Congo (DRC)",),
    "CG": ("Congo (Republic)",),
    "CI": ("Ivory Coast",),
    "CV": ("Cape Verde",),
    "CZ": ("Czech Republic",),
    "FK": ("Islas Malvinas",),
    "GB": ("UK",),
    "HK": ("Hong Kong",),
    "MM": ("Myanmar", "Burma"),
    "MO": ("Macao",),
    "PS": ("Palestine",),
    "SZ": ("Swaziland",),
    "TL": ("East Timor",),
    "TR": ("Turkey",),
    "US": ("US",),
}


@functools.cache  # the libraries' data, the same all along: worked out once per process that compiles (read only)
def territory_names(lang: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Every name of each country and territory of the world (ISO code -> names) in a language, the usual
    one first: CLDR's (Babel's copy; its alternatives in parentheses apart: 'Myanmar (Burma)' is also
    'Myanmar' and 'Burma'), CLDR's alternative names (CLDR_ALTERNATIVES, English), then pycountry's ISO 3166
    names (the short, official and common names, in French and Spanish its translations), an inverted one
    also in its usual order ('Korea, Republic of': 'Republic of Korea'), and the head of an inverted name
    whose qualifier has several words and whose words are those of its usual name in a language ('Korea';
    not 'Christmas' of 'Christmas, Île' nor 'Syrienne') for the territory whose qualifier is the shortest
    ('Republic of', not 'Democratic People's Republic of'), apart: (names, heads).

    Babel and pycountry are imported here only, when the bundled data is compiled.
    """
    import gettext
    import re

    import pycountry
    from babel import Locale

    cldr = {str(k): str(v) for k, v in Locale.parse(lang).territories.items() if len(k) == 2 and k.isalpha()}
    out: dict[str, list[str]] = {code: [] for code in cldr if code not in NOT_TERRITORIES}

    def add(code: str, name: str) -> None:
        name = " ".join(name.split())
        if code in out and name and name not in out[code]:
            out[code].append(name)

    for code, name in cldr.items():
        add(code, name)
        bracket = re.fullmatch(r"(.+?) \((.+)\)", name)
        if bracket:  # 'Myanmar (Burma)'; not the 'partie néerlandaise' of Saint-Martin's
            add(code, bracket.group(1))
            if bracket.group(2)[:1].isupper():
                add(code, bracket.group(2))
    if lang == "en":
        for code, names in CLDR_ALTERNATIVES.items():
            for name in names:
                add(code, name)
    translate = (
        (lambda text: text)
        if lang == "en"
        else gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True).gettext
    )
    heads: dict[str, tuple[int, str]] = {}
    for country in pycountry.countries:
        code = str(country.alpha_2)
        for attr in ("name", "common_name", "official_name"):
            english = getattr(country, attr, None)
            if not english:
                continue
            name = translate(str(english))
            add(code, name)
            head, comma, qualifier = name.partition(", ")
            if comma and "(" not in name:
                add(code, f"{qualifier} {head}")
                # a head alone when its qualifier is a form of state ('Korea, Republic of'), not a kind of
                # place ('Christmas, Île') nor a part ('Virgin Islands, British')
                if " " not in qualifier:
                    continue
                if head not in heads or len(qualifier) < heads[head][0]:
                    heads[head] = (len(qualifier), code)
    # a head alone only when its words are those of the territory's usual name in one of the languages
    # ('Korea' of South Korea; not 'Syrienne' of 'Syrienne, République arabe')
    usual = {
        code: {
            w for other in LANGS for w in vocab.normalise(str(Locale.parse(other).territories.get(code, ""))).split()
        }
        for code in out
    }
    by_head: dict[str, list[str]] = {}
    for head, (_length, code) in sorted(heads.items()):
        if set(vocab.normalise(head).split()) <= usual.get(code, set()):
            by_head.setdefault(code, []).append(head)
    return out, by_head


def territories(skip: dict[str, str] | set[str], rows: Iterable[Row] = ()) -> list[Row]:
    """The gazetteer: every country and territory of the world that is not in ``skip`` (ISO codes), by
    all its names in English, French and Spanish (territory_names: CLDR's and pycountry's), and its
    two-letter alias made of its initials ('UK' for the United Kingdom); a name the lexicon already has in
    that language, or that names another territory first, is left to it, and so is one word that is a term
    of the lexicon in any language (the French 'réunion' is a meeting, not Réunion). Search recognises them
    as places, so a place the brief never names is said to be absent instead of being found through
    fragments of its name ('united' of United States). The first row of a territory in a language is its
    usual name (what a notice says). ``skip`` given as codes with the dataset's names of those countries:
    their other names are rows of those countries (kind ``country``, stemmed as the lexicon's).

    Babel and pycountry are imported when the bundled data is compiled only: the rows are stored, and no
    search or start-up reads them.
    """
    from babel.core import get_global

    from .analysis import ALL_STOP_WORDS

    rows = list(rows)
    taken = {(r.lang, r.folded) for r in rows}
    terms_anywhere = {r.folded for r in rows}
    found = {lang: territory_names(lang) for lang in LANGS}
    names = {lang: found[lang][0] for lang in LANGS}
    # the names of the countries the data names (skip) are theirs: 'Korea' is never another's head
    out: list[Row] = []
    countries = skip if isinstance(skip, dict) else {}
    for lang in LANGS:
        for code in sorted(skip):
            for term in [*names[lang].get(code, []), *found[lang][1].get(code, [])]:
                folded = vocab.normalise(term)
                if code in countries and folded and (lang, folded) not in taken and folded not in ALL_STOP_WORDS:
                    stems = " ".join(stem_words(folded.split(), lang))
                    out.append(Row("country", countries[code], lang, term, folded, stems))
                taken.add((lang, folded))
    codes = sorted(c for c in names["en"] if c not in skip)
    rows_of: dict[tuple[str, str], list[Row]] = {}
    # each territory's usual name first, then its other names, then the heads of inverted names: a name
    # goes to the first territory it names in that order ('China' is China, not Hong Kong's '(China)')
    passes = [
        {lang: {c: names[lang].get(c, [])[:1] for c in codes} for lang in LANGS},
        {lang: {c: names[lang].get(c, [])[1:] for c in codes} for lang in LANGS},
        {lang: {c: found[lang][1].get(c, []) for c in codes} for lang in LANGS},
    ]
    for terms in passes:
        for code in codes:
            for lang in LANGS:
                for term in terms[lang][code]:
                    folded = vocab.normalise(term)
                    if (
                        not folded
                        or (lang, folded) in taken
                        or (" " not in folded and folded in terms_anywhere)
                        or (len(folded) < 3 and folded in ALL_STOP_WORDS)
                    ):
                        continue
                    taken.add((lang, folded))
                    # matched word for word, unstemmed
                    rows_of.setdefault((code, lang), []).append(Row("territory", code, lang, term, folded, folded))
    out += [row for code in codes for lang in LANGS for row in rows_of.get((code, lang), [])]
    english = {code: (found[0] if found else "") for code, found in names["en"].items()}
    for alias, targets in sorted(get_global("territory_aliases").items()):
        folded = vocab.normalise(alias)
        # a two-letter alias made of its territory's English initials: UK (United Kingdom), not MI or SU
        name = english.get(targets[0], "") if len(targets) == 1 and targets[0] in codes else ""
        initials = "".join(w[0] for w in vocab.normalise(name).split())
        if len(alias) == 2 and initials == folded and folded not in ALL_STOP_WORDS and ("en", folded) not in taken:
            taken.add(("en", folded))
            out.append(Row("territory", targets[0], "en", alias, folded, folded))
    return out


def as_data(lex: Lexicon) -> dict[str, Any]:
    """The compiled lexicon in a plain shape (the store's input)."""
    return {
        "rows": [tuple(r) for r in lex.rows],
        "places": [tuple(p) for p in lex.places],
        "names": [tuple(n) for n in lex.names],
        "values": [tuple(v) for v in lex.values],
    }


FIELDS: dict[str, str] = {
    "countries": "country",
    "region": "region",
    "level": "level",
    "dialogue_type": "type",
    "theme": "theme",
    "forms": "form",
    "parties": "party",
    "challenges": "challenge",
    "sectors": "sector",
}
"""The fields of a record whose values a user may write by another name, with their vocabulary."""


def aliases(
    data: dict[str, Any] | None,
    countries: Iterable[Any] = (),
    challenges: Iterable[Any] = (),
    sectors: Iterable[str] = (),
    more: Iterable[tuple[str, str, str]] = (),
) -> dict[str, dict[str, tuple[str, ...]]]:
    """The other names a user's dataset may write its values with, by field (``validate.Checker``).

    The English names and ids (a name the English knows stands for what it always did), then the
    French and Spanish names of the catalogues and of the compiled lexicon ``data``, and the terms
    of the concepts that stand for values. ``countries``, ``challenges`` and ``sectors``: the
    records and sectors those names refer to (the bundled ones); without them a country's,
    challenge's or sector's other names are not taken (a dataset of its own names its own).
    ``more``: other (kind, name, value) triples (the challenges' translated names).
    """
    from .i18n import catalogue

    by_kind: dict[str, dict[str, list[str]]] = {kind: {} for kind in FIELDS.values()}
    english: set[tuple[str, str]] = set()

    def add(kind: str, name: str, value: str, own: bool = False) -> None:
        key = vocab.normalise(name)
        if not key or (not own and (kind, key) in english):
            return
        if own:
            english.add((kind, key))
        found = by_kind[kind].setdefault(key, [])
        if value not in found:
            found.append(value)

    for kind, terms in FIXED.items():
        for value, name in terms.items():
            add(kind, value, value, own=True)
            add(kind, name, value, own=True)
    for alias, region in vocab.REGION_ALIASES.items():
        add("region", alias, region, own=True)
    known: dict[str, set[str]] = {"country": set(), "challenge": set(), "sector": set(sectors)}
    for sector in known["sector"]:
        add("sector", sector, sector, own=True)
    for country in countries:
        known["country"].add(country.name)
        for n in (country.name, *country.aliases):
            add("country", n, country.name, own=True)
    for ch in challenges:
        known["challenge"].add(ch.id)
        add("challenge", ch.id, ch.id, own=True)
        add("challenge", ch.name, ch.id, own=True)
    for lang in ("fr", "es"):
        cat: Any = catalogue(lang)
        for kind, terms in FIXED.items() if cat is not None else ():
            for value, name in terms.items():
                add(kind, cat.pgettext(CONTEXTS[kind], name), value)
    for kind, name, value in more:
        if kind in by_kind and (kind not in known or value in known[kind]):
            add(kind, name, value)
    lex = data or {}
    for kind, value, _lang, name, _folded, _shown in lex.get("names", []):
        if kind in by_kind and (kind not in known or value in known[kind]):
            add(kind, name, value)
    stands: dict[str, list[tuple[str, str]]] = {}
    for concept, kind, value in lex.get("values", []):
        stands.setdefault(concept, []).append((kind, value))
    for row_kind, entry, _lang, term, _folded, _stems in lex.get("rows", []):
        for kind, value in stands.get(entry, []) if row_kind == "concept" else ():
            if kind in by_kind and (kind not in known or value in known[kind]):
                add(kind, term, value)
    return {field: {k: tuple(v) for k, v in by_kind[kind].items()} for field, kind in FIELDS.items()}
