"""Controlled vocabularies and the one normalisation function used for keys and queries."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

REGIONS: dict[str, str] = {
    "africa": "Africa",
    "americas": "Americas",
    "arab-states": "Arab States",
    "asia-pacific": "Asia and the Pacific",
    "europe-central-asia": "Europe and Central Asia",
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
    "enterprise": "Enterprise",
    "sectoral": "Sectoral",
    "national": "National",
    "local": "Local",
    "regional": "Regional",
    "interregional": "Interregional",
    "bilateral": "Bilateral",
    "not-stated": "Not stated in the brief",
}

DIALOGUE_TYPES: dict[str, str] = {
    "tripartite": "Tripartite",
    "bipartite": "Bipartite",
    "multi-stakeholder": "Multi-stakeholder (tripartite-plus)",
    "unspecified": "Not stated in the brief",
}

THEMES: dict[str, str] = {
    "policy-formulation": "Labour migration policy formulation",
    "legislative-reform": "Legislative reform",
    "sectoral-protection": "Migrant workers' protection in specific sectors",
    "skills-admission": "Skills shortages and immigration and admission policy",
    "crisis-situations": "Migrant workers and refugees in crisis situations",
    "collective-bargaining": "Bipartite social dialogue, including collective bargaining",
    "local-territorial": "Social dialogue at the local and territorial levels",
    "cross-border": "Cross-border, regional and interregional social dialogue",
}

INSTRUMENT_KINDS: dict[str, str] = {
    "convention": "Convention",
    "recommendation": "Recommendation",
    "resolution": "Resolution",
    "declaration": "Declaration",
    "framework": "Framework",
    "guiding-principles": "Guiding principles",
    "agenda": "Agenda",
    "guide": "Guide",
    "report": "Report",
}

NOT_STATED = "not-stated"

FORMS: dict[str, str] = {
    "negotiation": "Negotiation",
    "consultation": "Consultation",
    "information-sharing": "Information sharing",
    NOT_STATED: "Not stated in the brief",
}
"""The forms of social dialogue in the ILO definition (negotiation, consultation, information sharing)."""

PARTIES: dict[str, str] = {
    "governments": "Governments",
    "employers": "Employers' organizations (and employers)",
    "workers": "Workers' organizations (trade unions, worker representatives)",
    "civil-society": "Civil society organizations",
    "migrants": "Migrant workers and migrants' associations",
    "local-authorities": "Local and regional authorities",
    "regional-bodies": "Regional bodies (AU, ASEAN, EU institutions, regional economic communities)",
    "international-organizations": "International organizations (ILO, IOM)",
    "other": "Other stakeholders",
    NOT_STATED: "Not stated in the brief",
}
"""Who took part in a dialogue: the ILO's constituents and the others the brief names."""

QUALIFIERS: dict[str, str] = {
    q: q
    for q in (
        "about",
        "around",
        "approximately",
        "an estimated",
        "more than",
        "over",
        "nearly",
        "almost",
        "at least",
        "up to",
        "less than",
    )
}
"""The words the brief puts before a figure ("more than 70"); a statistic's ``qualifier`` is one of them."""

RECOMMENDATION_KINDS: dict[str, str] = {"main": "Main recommendation", "sub": "Specific recommendation"}

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
