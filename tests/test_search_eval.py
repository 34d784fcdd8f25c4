"""The search evaluation's judgments (benchmarks/search_queries.yaml) are well-formed.

Quality itself is measured by benchmarks/search_eval.py, not asserted here.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from migdialogue import dataset

QUERIES = Path(__file__).resolve().parent.parent / "benchmarks" / "search_queries.yaml"
SEARCHABLE = ("examples", "challenges", "recommendations", "instruments", "frameworks", "statistics")
KEYS = {"id", "lang", "kind", "query", "collection", "relevant", "expect_empty"}


@pytest.fixture(scope="module")
def queries() -> list[dict[str, Any]]:
    data = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and isinstance(data.get("queries"), list)
    return list(data["queries"])


@pytest.fixture(scope="module")
def collection_of(ds: dataset.Dataset) -> dict[str, str]:
    return {record.key: name for name in SEARCHABLE for record in ds.collection(name)}


def test_enough_queries_in_every_language(queries: list[dict[str, Any]]) -> None:
    assert len(queries) >= 40
    langs = Counter(q["lang"] for q in queries)
    assert set(langs) == {"en", "fr", "es"}, langs
    kinds = Counter(q["kind"] for q in queries)
    assert set(kinds) == {"concept", "named", "absent"}, kinds


def test_ids_are_unique(queries: list[dict[str, Any]]) -> None:
    dupes = [i for i, n in Counter(q["id"] for q in queries).items() if n > 1]
    assert dupes == []


def test_every_query_has_the_known_fields(queries: list[dict[str, Any]]) -> None:
    for q in queries:
        assert set(q) <= KEYS, (q.get("id"), set(q) - KEYS)
        assert {"id", "lang", "kind", "query", "relevant"} <= set(q), q.get("id")
        assert isinstance(q["query"], str) and q["query"].strip(), q["id"]
        assert q.get("collection", "examples") in (*SEARCHABLE, "all"), q["id"]
        assert isinstance(q["relevant"], dict), q["id"]


def test_grades_are_1_or_2(queries: list[dict[str, Any]]) -> None:
    bad = [
        (q["id"], rid, grade)
        for q in queries
        for rid, grade in q["relevant"].items()
        if type(grade) is not int or grade not in (1, 2)
    ]
    assert bad == []


def test_every_judged_record_exists_where_the_query_searches(
    queries: list[dict[str, Any]], collection_of: dict[str, str]
) -> None:
    missing = [(q["id"], rid) for q in queries for rid in q["relevant"] if rid not in collection_of]
    assert missing == []
    misplaced = [
        (q["id"], rid, collection_of[rid])
        for q in queries
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
