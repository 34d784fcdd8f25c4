"""Ranked, typo-tolerant full-text search over the examples, with rapidfuzz and the store's FTS5 index.

Scoring, per query word: 1.0 for the same word, 0.9 for a word that starts with it
(``bargain`` finds ``bargaining``), 0.85 for a word it starts with (``workers`` finds
``work``), and, for a query word the data contains in none of these ways, up to 0.8 for a
close spelling (``colective``, rapidfuzz ratio of 80 or more);
times the weight of the field it is found in (title and countries weigh most, the summary
least). A query of several words found as a phrase earns a bonus. So exact words and
phrases always outrank fuzzy matches. The score is scaled to 0-100; results are ordered by
score, then id, so every run prints the same thing.

The words close to each query word are found in the dataset's vocabulary; the store's FTS5
index then returns the examples containing any of them (the best few hundred by BM25 with
the same field weights, which is every match for a dataset of ordinary size), and those
candidates are scored as above.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from . import vocab
from .dataset import Dataset
from .errors import UsageError
from .models import Example
from .query import Filters
from .store import FIELDS

FIELD_WEIGHTS = {"title": 3.0, "countries": 3.0, "actors": 2.0, "sectors": 2.0, "tags": 1.5, "summary": 1.0}
MAX_WEIGHT = max(FIELD_WEIGHTS.values())
STOP_WORDS = frozenset(
    "a an and are as at by for from in into is of on or the to with".split()  # noqa: SIM905
)
FUZZY_CUTOFF = 80.0
MAX_QUERY_WORDS = 32
MIN_CANDIDATES = 500


@dataclass(frozen=True)
class Hit:
    """One search result."""

    example: Example
    score: float
    matched: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        return {"score": round(self.score, 1), "matched": list(self.matched), **self.example.to_dict()}


def similar_words(word: str, vocabulary: list[str]) -> dict[str, float]:
    """Every vocabulary word (sorted list) that matches a query word, with its strength (0-1)."""
    out: dict[str, float] = {}
    i = bisect_left(vocabulary, word)
    if i < len(vocabulary) and vocabulary[i] == word:
        out[word] = 1.0
    if len(word) >= 3:
        j = i
        while j < len(vocabulary) and vocabulary[j].startswith(word):
            out.setdefault(vocabulary[j], 0.9)
            j += 1
    for k in range(4, len(word)):
        if len(word) - k <= 3:
            prefix = word[:k]
            p = bisect_left(vocabulary, prefix)
            if p < len(vocabulary) and vocabulary[p] == prefix:
                out.setdefault(prefix, 0.85)  # "workers" finds "work", "agreements" finds "agreement"
    if len(word) >= 4 and not out:  # near spellings only for a word the data does not contain
        from rapidfuzz import fuzz, process

        for token, score, _ in process.extract(
            word, vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
        ):
            out.setdefault(token, 0.8 * score / 100.0)
    return out


def search(
    ds: Dataset, query: str, filters: Filters | None = None, *, limit: int = 10, min_score: float = 0.0
) -> list[Hit]:
    """The examples best matching a query (``limit`` 0: all), each with its score and matched words."""
    phrase = vocab.normalise(query)
    words = [w for w in phrase.split() if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]
    if not words:
        raise UsageError(
            f"the search query {query!r} has no word to look for (common words and single letters are left out)"
        )
    words = list(dict.fromkeys(words))[:MAX_QUERY_WORDS]
    vocabulary = ds.store.vocabulary()
    similar = {w: similar_words(w, vocabulary) for w in words}
    tokens = {t for strengths in similar.values() for t in strengths}
    within = None
    if filters is not None and not filters.is_empty():
        within = ds.store.where(filters.conditions(), filters.since, filters.until)
    cap = max(MIN_CANDIDATES, 50 * limit) if limit else 1_000_000_000
    positions = ds.store.candidates(tokens, within, cap)
    texts = ds.store.texts(positions)
    scored: list[tuple[float, int, tuple[str, ...]]] = []
    for pos, fields_text in texts.items():
        tokens_by_field = [
            (FIELD_WEIGHTS[name], set(text.split())) for name, text in zip(FIELDS, fields_text, strict=True)
        ]
        total = 0.0
        matched: list[str] = []
        for word in words:
            best, best_token = 0.0, ""
            strengths = similar[word]
            for weight, toks in tokens_by_field:
                for token in toks & strengths.keys():
                    value = strengths[token] * weight
                    if value > best or (value == best and token < best_token):
                        best, best_token = value, token
            if best:
                total += best
                matched.append(best_token)
        if not total:
            continue
        score = 100.0 * total / (len(words) * MAX_WEIGHT)
        if len(words) > 1:
            bonus = max(
                (FIELD_WEIGHTS[n] for n, t in zip(FIELDS, fields_text, strict=True) if f" {phrase} " in f" {t} "),
                default=0.0,
            )
            score += 15.0 * bonus / MAX_WEIGHT
        score = min(score, 100.0)
        if score >= min_score:
            scored.append((score, pos, tuple(dict.fromkeys(matched))))
    keys = ds.store.example_keys([pos for _, pos, _ in scored])
    scored.sort(key=lambda t: (-round(t[0], 1), keys[t[1]]))
    if limit:
        scored = scored[:limit]
    examples = dict(zip(sorted(pos for _, pos, _ in scored), ds.examples_at(pos for _, pos, _ in scored), strict=True))
    return [Hit(examples[pos], score, matched) for score, pos, matched in scored]
