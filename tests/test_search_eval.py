"""The search evaluation's judgments are well-formed: benchmarks/search_queries.yaml (issue 9) and
benchmarks/search_queries_new.yaml (issue 24: held-out and unanswerable questions).

Quality itself is measured by benchmarks/search_eval.py, not asserted here.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from migdialogue import dataset

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
QUERIES = BENCHMARKS / "search_queries.yaml"
NEW_QUERIES = BENCHMARKS / "search_queries_new.yaml"
SEARCHABLE = ("examples", "challenges", "recommendations", "instruments", "frameworks", "statistics")
KEYS = {"id", "lang", "kind", "query", "collection", "relevant", "expect_empty"}
NEW_KEYS = {"id", "lang", "kind", "query", "collection", "relevant", "answerable", "heldout"}
NEW_KINDS = {"core", "unnamed-place", "typo", "absent", "regional", "figures", "hidden-field", "everyday"}
UNANSWERABLE_KINDS = {"absent", "unnamed-place"}
FILES = {"issue 9": (QUERIES, KEYS), "issue 24": (NEW_QUERIES, NEW_KEYS)}


def _load(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and isinstance(data.get("queries"), list)
    return list(data["queries"])


@pytest.fixture(scope="module", params=sorted(FILES))
def judged(request: pytest.FixtureRequest) -> tuple[list[dict[str, Any]], set[str]]:
    path, keys = FILES[request.param]
    return _load(path), keys


@pytest.fixture(scope="module")
def queries() -> list[dict[str, Any]]:
    return _load(QUERIES)


@pytest.fixture(scope="module")
def new_queries() -> list[dict[str, Any]]:
    return _load(NEW_QUERIES)


@pytest.fixture(scope="module")
def collection_of(ds: dataset.Dataset) -> dict[str, str]:
    return {record.key: name for name in SEARCHABLE for record in ds.collection(name)}


def test_enough_queries_in_every_language(queries: list[dict[str, Any]]) -> None:
    assert len(queries) >= 40
    langs = Counter(q["lang"] for q in queries)
    assert set(langs) == {"en", "fr", "es"}, langs
    kinds = Counter(q["kind"] for q in queries)
    assert set(kinds) == {"concept", "named", "absent"}, kinds


def test_ids_are_unique(judged: tuple[list[dict[str, Any]], set[str]]) -> None:
    dupes = [i for i, n in Counter(q["id"] for q in judged[0]).items() if n > 1]
    assert dupes == []


def test_every_query_has_the_known_fields(judged: tuple[list[dict[str, Any]], set[str]]) -> None:
    items, keys = judged
    for q in items:
        assert set(q) <= keys, (q.get("id"), set(q) - keys)
        assert {"id", "lang", "kind", "query", "relevant"} <= set(q), q.get("id")
        assert isinstance(q["query"], str) and q["query"].strip(), q["id"]
        assert q.get("collection", "examples") in (*SEARCHABLE, "all"), q["id"]
        assert isinstance(q["relevant"], dict), q["id"]


def test_grades_are_1_or_2(judged: tuple[list[dict[str, Any]], set[str]]) -> None:
    bad = [
        (q["id"], rid, grade)
        for q in judged[0]
        for rid, grade in q["relevant"].items()
        if type(grade) is not int or grade not in (1, 2)
    ]
    assert bad == []


def test_every_judged_record_exists_where_the_query_searches(
    judged: tuple[list[dict[str, Any]], set[str]], collection_of: dict[str, str]
) -> None:
    items = judged[0]
    missing = [(q["id"], rid) for q in items for rid in q["relevant"] if rid not in collection_of]
    assert missing == []
    misplaced = [
        (q["id"], rid, collection_of[rid])
        for q in items
        if q.get("collection", "examples") != "all"
        for rid in q["relevant"]
        if collection_of[rid] != q.get("collection", "examples")
    ]
    assert misplaced == []


def test_absent_queries_expect_nothing_and_others_have_an_answer(queries: list[dict[str, Any]]) -> None:
    for q in queries:
        absent = q["kind"] == "absent"
        assert bool(q.get("expect_empty", False)) is absent, q["id"]
        assert (q["relevant"] == {}) is absent, q["id"]


def test_new_questions_cover_every_kind_in_every_language(new_queries: list[dict[str, Any]]) -> None:
    langs = Counter(q["lang"] for q in new_queries)
    assert set(langs) == {"en", "fr", "es"} and min(langs.values()) >= 25, langs
    for lang in langs:
        kinds = {q["kind"] for q in new_queries if q["lang"] == lang}
        assert kinds == NEW_KINDS, (lang, NEW_KINDS - kinds)


def test_unanswerable_questions_are_marked_and_judge_nothing(new_queries: list[dict[str, Any]]) -> None:
    for q in new_queries:
        unanswerable = q["kind"] in UNANSWERABLE_KINDS
        assert q.get("answerable", True) is (not unanswerable), q["id"]
        assert (q["relevant"] == {}) is unanswerable, q["id"]


def test_about_a_third_is_held_out_in_every_language(new_queries: list[dict[str, Any]]) -> None:
    for q in new_queries:
        assert q.get("heldout", False) in (True, False), q["id"]
    for lang in ("en", "fr", "es"):
        mine = [q for q in new_queries if q["lang"] == lang]
        held = [q for q in mine if q.get("heldout")]
        assert 0.25 <= len(held) / len(mine) <= 0.4, (lang, len(held), len(mine))
        assert {q["kind"] for q in held} == NEW_KINDS, (lang, NEW_KINDS - {q["kind"] for q in held})
