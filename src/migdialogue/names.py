"""Vocabulary values in English, French and Spanish: the name shown for a value, and the values a
name typed in any of the three languages selects.

Ids never change with the language: a value is stored, filtered and written as its id (a
country as its English name, a sector as the examples name it); only what people read is
translated. ``display_name(kind, value)`` is the one call that shows a value of any vocabulary
in the interface language:

- the fixed vocabularies (regions, dialogue types, levels, themes, forms, parties: ``vocab``)
  through the gettext catalogues, ``pgettext(CONTEXTS[kind], <English name>)``;
- the data's own: countries and sectors through the store's ``names`` table, compiled from the
  lexicon (``data/lexicon.yaml``: its ``countries`` and ``names`` sections), challenges through
  their records' translations (``data/translations``).

What a name selects: ``translated`` (exactly, in French or Spanish, or a lexicon term of a
concept that stands for the value), ``translated_partial`` (the words of a French or Spanish
name), ``near`` (near spellings, for 'did you mean', shown in the interface language) and
``not_found`` (the one line, in the interface language). The English lookups stay in
:mod:`migdialogue.query`, which asks these only when English finds nothing, so an English name
selects what it always did.
"""

from __future__ import annotations

import difflib
import weakref
from collections.abc import Iterable
from typing import Any

from . import vocab
from .dataset import Dataset
from .errors import NotFoundError, UsageError
from .i18n import NC_, Names, _, language, names, pgettext
from .vocab import CONTEXTS, FIXED

KINDS = ("country", "region", "type", "level", "theme", "challenge", "sector", "form", "party")
"""Every vocabulary a value is accepted for, by its filter's name (``--type``, ``--form``...)."""
TRANSLATED = ("fr", "es")
BAND = 0.05  # 'did you mean' names the choices whose likeness is within this of the closest one's


LABELS: dict[str, str] = {
    "country": NC_("vocabulary", "country"),
    "region": NC_("vocabulary", "region"),
    "type": NC_("vocabulary", "dialogue type"),
    "level": NC_("vocabulary", "level"),
    "theme": NC_("vocabulary", "theme"),
    "challenge": NC_("vocabulary", "challenge"),
    "sector": NC_("vocabulary", "sector"),
    "form": NC_("vocabulary", "form of dialogue"),
    "party": NC_("vocabulary", "party"),
}
"""What each vocabulary is called in a message ("sector 'care' matches 2: ..."), in context "vocabulary"."""
SUBJECT = "country, region, challenge, sector, theme or instrument"  # what brief's subject may be

_KIND_OF_LABEL = {"dialogue type": "type", "form of dialogue": "form"}


def kind_of(label: str) -> str:
    """The vocabulary a message label names ("dialogue type" -> "type")."""
    return _KIND_OF_LABEL.get(label, label)


# -- the names -------------------------------------------------------------------------------------

_CATALOGUES: dict[str, Names | None] = {}
_SHOWN: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], dict[str, str]]] = weakref.WeakKeyDictionary()


def _catalogue(lang: str) -> Names | None:
    if lang not in _CATALOGUES:
        _CATALOGUES[lang] = names(lang)
    return _CATALOGUES[lang]


def fixed_name(kind: str, value: str, lang: str) -> str:
    """A fixed vocabulary's value named in ``lang`` by the catalogues (its English name without one)."""
    english = FIXED[kind].get(value, value)
    cat = _catalogue(lang) if lang != "en" else None
    if cat is None:
        return english
    return cat.pgettext(CONTEXTS[kind], english)


def _english(ds: Dataset | None, kind: str, value: str) -> str:
    if kind in FIXED:
        return FIXED[kind].get(value, value)
    if kind == "challenge" and ds is not None:
        for ch in ds.challenges:
            if ch.id == value:
                return ch.name
    return value


def _shown(ds: Dataset, kind: str, lang: str) -> dict[str, str]:
    """value -> the name shown in ``lang``: the store's names table, and for a challenge its record's
    translation (read once per store)."""
    cache = _SHOWN.setdefault(ds.store, {})
    if (kind, lang) not in cache:
        shown = dict(ds.store.shown_names(kind, lang))
        if kind == "challenge":
            named = ds.store.translated_names("challenges", lang)
            shown.update((ch.id, named[ch.id]) for ch in ds.challenges if ch.id in named)
        cache[(kind, lang)] = shown
    return cache[(kind, lang)]


def display_name(kind: str, value: str, lang: str | None = None, ds: Dataset | None = None) -> str:
    """The name people read for a value of a vocabulary, in ``lang`` (default: the interface language).

    ``kind`` is one of :data:`KINDS`. A country's, challenge's or sector's name needs the dataset
    (``ds``); without a French or Spanish name (a user's own sector), the English one is shown.
    """
    lang = lang or language()
    if kind in FIXED:
        name = fixed_name(kind, value, lang)
        if lang != "en" and name == FIXED[kind].get(value, value) and ds is not None:
            return _shown(ds, kind, lang).get(value, name)  # the lexicon's region names when no catalogue
        return name
    english = _english(ds, kind, value)
    if lang == "en" or ds is None:
        return english
    return _shown(ds, kind, lang).get(value, english)


def display_names(ds: Dataset | None, kind: str, lang: str | None = None) -> dict[str, str]:
    """value -> display name for every value of a vocabulary (the dataset's own values for a country,
    challenge or sector): what a page or a listing shows, in one call."""
    return {v: display_name(kind, v, lang, ds) for v in values(ds, kind)}


def values(ds: Dataset | None, kind: str) -> list[str]:
    """Every value of a vocabulary, in its own order (the dataset's for a country, challenge, sector)."""
    if kind in FIXED:
        return list(FIXED[kind])
    if ds is None:
        return []
    if kind == "country":
        return [c.name for c in ds.countries]
    if kind == "challenge":
        return [c.id for c in ds.challenges]
    if kind == "sector":
        return sorted({s for e in ds.examples for s in e.sectors})
    raise ValueError(f"unknown vocabulary {kind!r}")


def _names(ds: Dataset, kind: str) -> list[tuple[str, str, str, bool]]:
    """(value, lang, name, shown) of every French and Spanish name and lexicon term of a kind's values."""
    out = [(v, lang, n, bool(s)) for v, lang, n, s in ds.store.names_of(kind)]
    if kind == "challenge":
        out += [(v, lang, n, True) for lang in TRANSLATED for v, n in _shown(ds, kind, lang).items()]
    if kind in FIXED:
        for lang in TRANSLATED:
            if _catalogue(lang) is not None:
                out += [(v, lang, fixed_name(kind, v, lang), True) for v in FIXED[kind]]
    return out


# -- what a name selects ---------------------------------------------------------------------------


def _known(ds: Dataset, kind: str, found: Iterable[str]) -> list[str]:
    """The values found that the dataset has, each once, in the vocabulary's order."""
    order = {v: i for i, v in enumerate(values(ds, kind))}
    return sorted({v for v in found if v in order}, key=order.__getitem__)


def translated(ds: Dataset, kind: str, text: str) -> list[str]:
    """The values a French or Spanish name, or a lexicon term of a concept standing for them, names
    exactly (in any case, with or without accents); [] when none."""
    key = vocab.normalise(text)
    if not key:
        return []
    found = [v for v, _lang in ds.store.values_named(kind, key)]
    if kind == "challenge":
        found += [v for lang in TRANSLATED for v, n in _shown(ds, kind, lang).items() if vocab.normalise(n) == key]
    if kind in FIXED:
        found += [v for lang in TRANSLATED for v in FIXED[kind] if vocab.normalise(fixed_name(kind, v, lang)) == key]
    return _known(ds, kind, found)


def translated_partial(ds: Dataset, kind: str, text: str) -> list[str]:
    """The values whose French or Spanish name (the one shown) has each typed word as the start of
    one of its words ("liberté" selects freedom of association), one language at a time."""
    typed = vocab.normalise(text).split()
    if not typed:
        return []
    found = []
    for value, _lang, name, shown in _names(ds, kind):
        words = vocab.normalise(name).split()
        if shown and all(any(w.startswith(t) for w in words) for t in typed):
            found.append(value)
    return _known(ds, kind, found)


def near(ds: Dataset | None, kind: str, text: str, english: Iterable[tuple[str, str]], n: int = 3) -> list[str]:
    """The closest choices for a name that selects nothing, shown in the interface language.

    ``english``: (name, value) pairs of the English names and ids the English lookup knows. The
    typed text is compared with every name as it is spelt in its own language (English, French,
    Spanish); a close one is shown as typed when it is in the interface language, else as the
    value's name in that language (a French user who types a near English name sees the French).
    """
    return near_any(ds, [(kind, english)], text, n)


def near_any(
    ds: Dataset | None, groups: Iterable[tuple[str, Iterable[tuple[str, str]]]], text: str, n: int = 3
) -> list[str]:
    """:func:`near` over several vocabularies at once: (kind, English (name, value) pairs) each."""
    lang = language()
    by_key: dict[str, tuple[str, str, str, str]] = {}  # folded name -> name, kind, value, lang
    for kind, english in groups:
        candidates = [(name, value, "en") for name, value in english]
        if ds is not None and kind in KINDS:
            candidates += [(name, value, n_lang) for value, n_lang, name, _s in _names(ds, kind)]
        for name, value, n_lang in candidates:
            by_key.setdefault(vocab.normalise(name), (name, kind, value, n_lang))
    typed = vocab.normalise(text)
    out: list[str] = []
    seen: set[tuple[str, str]] = set()
    best = 0.0
    close = difflib.get_close_matches(typed, list(by_key), n=len(by_key), cutoff=0.75)
    scored = [(difflib.SequenceMatcher(None, typed, key).ratio(), key) for key in close]
    scored.sort(key=lambda sk: (-sk[0], by_key[sk[1]][3] != lang))  # as close: a name in the language first
    for score, key in scored:
        best = best or score
        if score < best - BAND:
            break  # only the choices about as close as the closest
        name, kind, value, n_lang = by_key[key]
        if (kind, value) in seen:
            continue
        seen.add((kind, value))
        shown = name if n_lang == lang or kind not in KINDS else display_name(kind, value, lang, ds)
        if shown not in out:
            out.append(shown)
        if len(out) == n:
            break
    return out


def not_found(kind: str, text: str, choices: list[str]) -> NotFoundError:
    """The one line for a name that selects nothing, with the closest choices (``near``: in the
    interface language); ``kind`` is a vocabulary or ``subject`` (brief's)."""
    return NotFoundError(SUBJECT if kind == "subject" else kind, text, choices)


def several(kind: str, text: str, found: list[str], ds: Dataset | None = None) -> UsageError:
    """The error for a name that selects several values where one is needed (listed, at most ten)."""
    lang = language()
    shown = [v if lang == "en" else display_name(kind, v, lang, ds) for v in found[:10]]
    listed = ", ".join(shown) + (" ..." if len(found) > 10 else "")
    return UsageError(
        _("{what} {value!r} matches {count}: {choices}; give one of them").format(
            what=pgettext("vocabulary", LABELS.get(kind, kind)), value=text, count=len(found), choices=listed
        )
    )
