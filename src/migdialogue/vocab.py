"""Controlled vocabularies and the one normalisation function used for keys and queries."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from .i18n import NC_, language, pgettext

REGIONS: dict[str, str] = {
    "africa": NC_("region", "Africa"),
    "americas": NC_("region", "Americas"),
    "arab-states": NC_("region", "Arab States"),
    "asia-pacific": NC_("region", "Asia and the Pacific"),
    "europe-central-asia": NC_("region", "Europe and Central Asia"),
}
REGION_ALIASES: dict[str, str] = {
    "europe": "europe-central-asia",
    "central asia": "europe-central-asia",
    "asia": "asia-pacific",
    "pacific": "asia-pacific",
    "asia pacific": "asia-pacific",
    "asia and pacific": "asia-pacific",
    "the americas": "americas",
    "america": "americas",
    "latin america and the caribbean": "americas",
    "arab": "arab-states",
}

LEVELS: dict[str, str] = {
    "enterprise": NC_("level", "Enterprise"),
    "sectoral": NC_("level", "Sectoral"),
    "national": NC_("level", "National"),
    "local": NC_("level", "Local"),
    "regional": NC_("level", "Regional"),
    "interregional": NC_("level", "Interregional"),
    "bilateral": NC_("level", "Bilateral"),
    "not-stated": NC_("level", "Not stated in the brief"),
}

DIALOGUE_TYPES: dict[str, str] = {
    "tripartite": NC_("dialogue type", "Tripartite"),
    "bipartite": NC_("dialogue type", "Bipartite"),
    "multi-stakeholder": NC_("dialogue type", "Multi-stakeholder (tripartite-plus)"),
    "unspecified": NC_("dialogue type", "Not stated in the brief"),
}

THEMES: dict[str, str] = {
    "policy-formulation": NC_("theme", "Labour migration policy formulation"),
    "legislative-reform": NC_("theme", "Legislative reform"),
    "sectoral-protection": NC_("theme", "Migrant workers' protection in specific sectors"),
    "skills-admission": NC_("theme", "Skills shortages and immigration and admission policy"),
    "crisis-situations": NC_("theme", "Migrant workers and refugees in crisis situations"),
    "collective-bargaining": NC_("theme", "Bipartite social dialogue, including collective bargaining"),
    "local-territorial": NC_("theme", "Social dialogue at the local and territorial levels"),
    "cross-border": NC_("theme", "Cross-border, regional and interregional social dialogue"),
}

INSTRUMENT_KINDS: dict[str, str] = {
    "convention": NC_("instrument kind", "Convention"),
    "recommendation": NC_("instrument kind", "Recommendation"),
    "resolution": NC_("instrument kind", "Resolution"),
    "declaration": NC_("instrument kind", "Declaration"),
    "framework": NC_("instrument kind", "Framework"),
    "guiding-principles": NC_("instrument kind", "Guiding principles"),
    "agenda": NC_("instrument kind", "Agenda"),
    "guide": NC_("instrument kind", "Guide"),
    "report": NC_("instrument kind", "Report"),
}

NOT_STATED = "not-stated"

FORMS: dict[str, str] = {
    "negotiation": NC_("form", "Negotiation"),
    "consultation": NC_("form", "Consultation"),
    "information-sharing": NC_("form", "Information sharing"),
    NOT_STATED: NC_("form", "Not stated in the brief"),
}
"""The forms of social dialogue in the ILO definition (negotiation, consultation, information sharing)."""

PARTIES: dict[str, str] = {
    "governments": NC_("party", "Governments"),
    "employers": NC_("party", "Employers' organizations (and employers)"),
    "workers": NC_("party", "Workers' organizations (trade unions, worker representatives)"),
    "civil-society": NC_("party", "Civil society organizations"),
    "migrants": NC_("party", "Migrant workers and migrants' associations"),
    "local-authorities": NC_("party", "Local and regional authorities"),
    "regional-bodies": NC_("party", "Regional bodies (AU, ASEAN, EU institutions, regional economic communities)"),
    "international-organizations": NC_("party", "International organizations (ILO, IOM)"),
    "other": NC_("party", "Other stakeholders"),
    NOT_STATED: NC_("party", "Not stated in the brief"),
}
"""Who took part in a dialogue: the ILO's constituents and the others the brief names."""

QUALIFIERS: dict[str, str] = {
    "about": NC_("qualifier", "about"),
    "around": NC_("qualifier", "around"),
    "approximately": NC_("qualifier", "approximately"),
    "an estimated": NC_("qualifier", "an estimated"),
    "more than": NC_("qualifier", "more than"),
    "over": NC_("qualifier", "over"),
    "nearly": NC_("qualifier", "nearly"),
    "almost": NC_("qualifier", "almost"),
    "at least": NC_("qualifier", "at least"),
    "up to": NC_("qualifier", "up to"),
    "less than": NC_("qualifier", "less than"),
}
"""The words the brief puts before a figure ("more than 70"); a statistic's ``qualifier`` is one of them."""

RECOMMENDATION_KINDS: dict[str, str] = {
    "main": NC_("recommendation kind", "Main recommendation"),
    "sub": NC_("recommendation kind", "Specific recommendation"),
}

VOCABULARIES: dict[str, dict[str, str]] = {
    "region": REGIONS,
    "level": LEVELS,
    "dialogue type": DIALOGUE_TYPES,
    "theme": THEMES,
    "instrument kind": INSTRUMENT_KINDS,
    "form": FORMS,
    "party": PARTIES,
    "recommendation kind": RECOMMENDATION_KINDS,
}
"""The closed vocabularies by the context their names are translated in (``pgettext``)."""
FIXED: dict[str, dict[str, str]] = {
    "region": REGIONS,
    "type": DIALOGUE_TYPES,
    "level": LEVELS,
    "theme": THEMES,
    "form": FORMS,
    "party": PARTIES,
}
"""The fixed vocabularies a filter takes, by the filter's name (``type``: dialogue types)."""
CONTEXTS: dict[str, str] = {
    "region": "region",
    "type": "dialogue type",
    "level": "level",
    "theme": "theme",
    "form": "form",
    "party": "party",
}
"""The catalogues' message context of each fixed vocabulary's names: ``pgettext("level", "Sectoral")``."""

# The short words a table shows for a type and a level ("tripartite, national"): the ids in English.
_SHORT: dict[str, dict[str, str]] = {
    "dialogue type": {
        "tripartite": NC_("dialogue type, short", "tripartite"),
        "bipartite": NC_("dialogue type, short", "bipartite"),
        "multi-stakeholder": NC_("dialogue type, short", "multi-stakeholder"),
        "unspecified": NC_("dialogue type, short", "unspecified"),
    },
    "level": {
        "enterprise": NC_("level, short", "enterprise"),
        "sectoral": NC_("level, short", "sectoral"),
        "national": NC_("level, short", "national"),
        "local": NC_("level, short", "local"),
        "regional": NC_("level, short", "regional"),
        "interregional": NC_("level, short", "interregional"),
        "bilateral": NC_("level, short", "bilateral"),
        "not-stated": NC_("level, short", "not-stated"),
    },
}


def shown(vocabulary: str, value: str) -> str:
    """A value as people read it, in the interface language: a closed vocabulary's id (``africa``)
    as its name (Africa, Afrique, África); any other value (a country's, a challenge's or a sector's
    name) as it is. What machines read keeps the English names and the ids."""
    names = VOCABULARIES.get(vocabulary)
    if names is None:
        return value
    name = names.get(value)
    return value if name is None else pgettext(vocabulary, name)


def short(vocabulary: str, ident: str) -> str:
    """A dialogue type's or a level's short word for a table: its id in English, translated otherwise."""
    if language() == "en":
        return ident
    word = _SHORT.get(vocabulary, {}).get(ident)
    return ident if word is None else pgettext(vocabulary + ", short", word)


_NON_WORD = re.compile(r"[\W_]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})  # main-d'œuvre is main-d'oeuvre
# ASCII letters and digits are kept, lower-cased; every other ASCII character is a space.
_ASCII_WORDS = str.maketrans({chr(c): (chr(c).lower() if chr(c).isalnum() else " ") for c in range(128)})
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def normalise(text: str) -> str:
    """Casefold, strip accents, ligatures (œ, æ) and punctuation, collapse spaces: one key form for data
    and queries.

    Letters of every script are kept (a query in Arabic or Hebrew still has words).
    """
    if text.isascii():  # most text: one C pass (the same result as the general way below, faster)
        return " ".join(text.translate(_ASCII_WORDS).split())
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text)).translate(_LIGATURES)
    return _NON_WORD.sub(" ", text.casefold()).strip()


def words(text: str) -> list[str]:
    """The words of ``normalise(text)``, as a list (ASCII text: without joining them first)."""
    if text.isascii():
        return text.translate(_ASCII_WORDS).split()
    return normalise(text).split()


def slug(text: str) -> str:
    """Kebab-case id derived from a name: ``Viet Nam`` -> ``viet-nam``."""
    return normalise(text).replace(" ", "-")


def record_key(collection: str, values: Mapping[str, Any]) -> str:
    """The key a record is found by (``show KEY``), unique across the dataset: the one rule for it.

    A country's is derived from its name (``Viet Nam`` -> ``viet-nam``), a footnote's is its
    number, every other record's is its ``id``; "" when the record has none (yet).
    Validation, the store, the dataset and the models all ask this function.
    """
    if collection == "countries":
        name = values.get("name")
        return slug(name) if isinstance(name, str) else ""
    value = values.get("number") if collection == "sources" else values.get("id")
    return "" if value is None else str(value)


def lookup_vocab(value: str, vocab: dict[str, str], aliases: dict[str, str] | None = None) -> str | None:
    """Return the vocabulary id matching an id, a display name or an alias, or None."""
    key = normalise(value)
    for ident, name in vocab.items():
        if key in (normalise(ident), normalise(name)):
            return ident
    if aliases and key in aliases:
        return aliases[key]
    return None


# The collections of the dataset, in the order they are compiled, exported and counted.
ORDER = (
    "examples",
    "challenges",
    "recommendations",
    "instruments",
    "frameworks",
    "statistics",
    "countries",
    "sources",
    "reasons",
    "principles",
)
