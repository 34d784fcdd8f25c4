"""What the full-text index holds of a record: each searchable field's text (``record_texts``),
with the names searched with it, analysed into English stems (``analysed``); and a lexicon term's
key. The builder indexes with these, and the reader analyses a search's candidates again with the
same functions (the index keeps no copy of the text; the stems of its first STEMS_KEPT rows only)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from .. import vocab

UNSTATED = frozenset({"unspecified", "not-stated"})  # a value saying the brief does not say: not searched


def record_texts(
    collection: str, record: dict[str, Any], countries: dict[str, list[str]], challenges: dict[str, str]
) -> list[str]:
    """The text of each searchable field of a record (same order as FIELDS), before analysis."""
    from ..vocab import INSTRUMENT_KINDS, RECOMMENDATION_KINDS

    def places(names: list[str]) -> str:
        return " ".join([*names, *(a for n in names for a in countries.get(n, []))])

    regions = [vocab.REGIONS.get(r, r) for r in record.get("region") or []]
    cited = [challenges.get(f"#{n}", "") for n in record.get("sources") or []] if collection != "sources" else []
    if collection == "examples":
        notes = [
            *(vocab.PARTIES.get(p, p) for p in record.get("parties") or [] if p not in UNSTATED),
            *(record.get("challenge_notes") or {}).values(),
            *(record.get("form_notes") or {}).values(),
            *cited,
        ]
        stated = [
            labels.get(record[key], record[key])
            for key, labels in (("level", vocab.LEVELS), ("dialogue_type", vocab.DIALOGUE_TYPES))
            if record[key] not in UNSTATED
        ]
        tags = [
            vocab.THEMES.get(record["theme"], record["theme"]),
            *stated,
            *regions,
            *(challenges.get(c, c) for c in record["challenges"]),
            *(str(y) for y in record["years"]),
        ]
        quote = record.get("quote") or {}
        return [
            record["title"],
            places(record["countries"]),
            " ".join(record["actors"]),
            " ".join(record["sectors"]),
            " ".join(tags),
            " ".join([record["summary"], *(record.get("points") or []), quote.get("text", "")]),
            " ".join(notes),
        ]
    title, tags, summary = "", [], record.get("summary", "")
    if collection == "challenges":
        title, tags = record["name"], [record["id"].replace("-", " ")]
    elif collection == "recommendations":
        title, tags = record["title"], [RECOMMENDATION_KINDS.get(record["kind"], record["kind"])]
    elif collection == "instruments":
        number = record.get("number")
        tags = [INSTRUMENT_KINDS.get(record["kind"], record["kind"]), record["id"]]
        if number is not None:
            tags += [f"No {number}", str(number)]
        if record.get("year") is not None:
            tags.append(str(record["year"]))
        title = record["title"]
    elif collection == "frameworks":
        title = " ".join([record["name"], record.get("acronym") or ""])
        tags = [str(y) for y in record.get("years") or []]
    elif collection == "statistics":
        title = record["label"]
        tags = [record["unit"], *regions, *([str(record["year"])] if record.get("year") is not None else [])]
    elif collection == "sources":
        tags, summary = [str(record["number"])], record["citation"]
    return [title, places(record.get("countries") or []), "", "", " ".join(tags), summary, " ".join(cited)]


def searched_names(con: sqlite3.Connection) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The countries' aliases (by name), and the challenges' names (by id) with the footnotes' citations (by
    '#' and their number): searched with the records naming or citing them."""
    countries: dict[str, list[str]] = {}
    challenges: dict[str, str] = {}
    for collection, text in con.execute(
        "SELECT collection, json FROM records WHERE collection IN (?, ?, ?)", ("countries", "challenges", "sources")
    ):
        rec = json.loads(text)
        if collection == "countries":
            countries[rec["name"]] = list(rec.get("aliases", []))
        elif collection == "sources":
            challenges[f"#{rec['number']}"] = rec["citation"]
        else:
            challenges[rec["id"]] = rec["name"]
    return countries, challenges


def translated_texts(fields: dict[str, Any]) -> list[str]:
    """The text of each searchable field of a record's translation (TR_FIELDS order), before analysis:
    its title (name, label); summary and points; the challenge, form and sector notes."""
    title = fields.get("title") or fields.get("name") or fields.get("label") or ""
    summary = " ".join([fields.get("summary") or "", *(fields.get("points") or [])])
    kinds = ("challenge_notes", "form_notes", "sector_notes")
    notes = [str(v) for key in kinds for v in (fields.get(key) or {}).values()]
    return [str(title), summary, " ".join(notes)]


def analysed(texts: list[str]) -> list[tuple[list[str], list[str]]]:
    """(folded words, their English stems) of each field's text: what the full-text index holds."""
    from ..analysis import stem_words

    out = []
    for text in texts:
        tokens = vocab.words(text)
        out.append((tokens, stem_words(tokens) if tokens else []))
    return out


def analysed_records(records: list[list[str]]) -> list[list[tuple[list[str], list[str]]]]:
    """``analysed`` of several records' fields, the same, their new words stemmed together (a search's
    candidates: one call to the stemmer rather than one per field)."""
    from ..analysis import stem_words

    tokens = [[vocab.words(text) for text in texts] for texts in records]
    stem_words([w for fields in tokens for words in fields for w in words])
    return [[(words, stem_words(words) if words else []) for words in fields] for fields in tokens]


def field_stems(texts: list[str], words: set[str]) -> tuple[list[str], list[int]]:
    """Each field's stems joined, and its length in stems; its words are added to ``words``."""
    fields, lengths = [], []
    for tokens, stemmed in analysed(texts):
        words.update(tokens)
        lengths.append(len(stemmed))
        fields.append(" ".join(stemmed))
    return fields, lengths


def lexicon_row(kind: str, entry: str, lang: str, term: str, folded: str, stems: str) -> tuple[str, ...]:
    """A lexicon row with its key: the stems of its words that are not stop words of its language,
    which a query's words are matched against ("empleadas de hogar" matches "empleadas del hogar")."""
    from ..analysis import STOP_WORDS

    stop = STOP_WORDS.get(lang, frozenset())
    key = [s for w, s in zip(folded.split(), stems.split(), strict=True) if w not in stop] or stems.split()
    return (kind, entry, lang, term, folded, stems, " ".join(key), key[0])
