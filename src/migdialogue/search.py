"""Ranked, typo-tolerant full-text search over the examples, with rapidfuzz.

Scoring, per query word: 1.0 for the same word, 0.9 for a word that starts with it
(``bargain`` finds ``bargaining``), up to 0.8 for a close spelling (``colective``);
times the weight of the field it is found in (title and countries weigh most, the
summary least). A query of several words found as a phrase earns a bonus. So exact
words and phrases always outrank fuzzy matches. The score is scaled to 0-100;
results are ordered by score, then id, so every run prints the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from . import vocab
from .dataset import Dataset
from .errors import UsageError
from .models import Example
from .query import Filters

FIELD_WEIGHTS = {"title": 3.0, "countries": 3.0, "actors": 2.0, "sectors": 2.0, "tags": 1.5, "summary": 1.0}
MAX_WEIGHT = max(FIELD_WEIGHTS.values())
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
    ]
)
FUZZY_CUTOFF = 80.0
MAX_QUERY_WORDS = 32


@dataclass(frozen=True)
class Hit:
    """One search result."""

    example: Example
    score: float
    matched: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        return {"score": round(self.score, 1), "matched": list(self.matched), **self.example.to_dict()}


def _example_fields(ds: Dataset, ex: Example) -> dict[str, str]:
    countries = [c for c in ds.countries if c.name in ex.countries]
    challenge_names = {c.id: c.name for c in ds.challenges}
    tags = [
        vocab.THEMES.get(ex.theme, ex.theme),
        vocab.LEVELS.get(ex.level, ex.level),
        vocab.DIALOGUE_TYPES.get(ex.dialogue_type, ex.dialogue_type),
        *(vocab.REGIONS.get(r, r) for r in ex.region),
        *(challenge_names.get(c, c) for c in ex.challenges),
        *(str(y) for y in ex.years),
    ]
    return {
        "title": ex.title,
        "countries": " ".join([*ex.countries, *(a for c in countries for a in c.aliases)]),
        "actors": " ".join(ex.actors),
        "sectors": " ".join(ex.sectors),
        "tags": " ".join(tags),
        "summary": " ".join([ex.summary, *ex.points, ex.quote.text if ex.quote else ""]),
    }


class SearchIndex:
    """Normalised words of every example field, built once per dataset."""

    _cache: ClassVar[dict[int, SearchIndex]] = {}

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        self.docs: list[tuple[Example, dict[str, str], dict[str, frozenset[str]]]] = []
        words: set[str] = set()
        for ex in ds.examples:
            texts = {name: vocab.normalise(text) for name, text in _example_fields(ds, ex).items()}
            tokens = {name: frozenset(text.split()) for name, text in texts.items()}
            for toks in tokens.values():
                words |= toks
            self.docs.append((ex, texts, tokens))
        self.vocabulary = sorted(words)

    @classmethod
    def for_dataset(cls, ds: Dataset) -> SearchIndex:
        index = cls._cache.get(id(ds))
        if index is None or index.ds is not ds:
            index = cls._cache[id(ds)] = cls(ds)
        return index

    def _similar(self, word: str) -> dict[str, float]:
        """Every vocabulary word that matches a query word, with its strength (0-1)."""
        from rapidfuzz import fuzz, process

        out: dict[str, float] = {}
        for token in self.vocabulary:
            if token == word:
                out[token] = 1.0
            elif len(word) >= 3 and token.startswith(word):
                out[token] = 0.9
            elif len(token) >= 4 and word.startswith(token) and len(word) - len(token) <= 3:
                out[token] = 0.85  # "workers" finds "work", "agreements" finds "agreement"
        if len(word) >= 4:
            for token, score, _ in process.extract(
                word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
            ):
                out.setdefault(token, 0.8 * score / 100.0)
        return out

    def search(
        self, query: str, filters: Filters | None = None, *, limit: int = 10, min_score: float = 0.0
    ) -> list[Hit]:
        phrase = vocab.normalise(query)
        words = [w for w in phrase.split() if w not in STOP_WORDS] or phrase.split()
        if not words:
            raise UsageError("the search query has no words to look for")
        words = list(dict.fromkeys(words))[:MAX_QUERY_WORDS]
        similar = {w: self._similar(w) for w in words}
        hits = []
        for ex, texts, tokens in self.docs:
            if filters is not None and not filters.is_empty() and not filters.match(ex):
                continue
            total = 0.0
            matched: list[str] = []
            for word in words:
                best = 0.0
                best_token = ""
                for name, toks in tokens.items():
                    weight = FIELD_WEIGHTS[name]
                    for token in toks:
                        strength = similar[word].get(token)
                        if strength and strength * weight > best:
                            best, best_token = strength * weight, token
                if best:
                    total += best
                    matched.append(best_token)
            if not total:
                continue
            score = 100.0 * total / (len(words) * MAX_WEIGHT)
            if len(words) > 1:
                bonus = max((FIELD_WEIGHTS[n] for n, t in texts.items() if f" {phrase} " in f" {t} "), default=0.0)
                score += 15.0 * bonus / MAX_WEIGHT
            score = min(score, 100.0)
            if score >= min_score:
                hits.append(Hit(ex, score, tuple(dict.fromkeys(matched))))
        hits.sort(key=lambda h: (-round(h.score, 1), h.example.id))
        return hits[:limit] if limit else hits
