"""Counting and ordering the examples: stats by facet (over filters), the overview, the
timeline and related examples (issue 6)."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from migdialogue import query
from migdialogue.dataset import Dataset

from .conftest import cli


@pytest.mark.parametrize("by", query.FACETS)
def test_facet_counts_equal_brute_force(ds: Dataset, by: str) -> None:
    field = {
        "region": "region",
        "type": "dialogue_type",
        "level": "level",
        "theme": "theme",
        "challenge": "challenges",
        "country": "countries",
        "sector": "sectors",
        "year": "years",
        "form": "forms",
        "party": "parties",
    }[by]
    expected: Counter[object] = Counter()
    for ex in ds.examples:
        value = getattr(ex, field)
        expected.update(set(value) if isinstance(value, tuple) else {value})
    data = cli("stats", "--by", by, "--json").json()
    assert {d["value"]: d["count"] for d in data if d["count"]} == dict(expected)
    assert [d["count"] for d in data] == sorted((d["count"] for d in data), reverse=True)


def test_stats_by_respects_filters(ds: Dataset) -> None:
    data = cli("stats", "--by", "type", "--region", "africa", "--json").json()
    africa = [e for e in ds.examples if "africa" in e.region]
    assert sum(d["count"] for d in data) == len(africa)


def test_stats_chart_and_csv() -> None:
    run = cli("stats", "--by", "region")
    assert run.code == 0 and "\u2588" in run.out and "Africa" in run.out
    rows = list(csv.DictReader(io.StringIO(cli("stats", "--by", "region", "--csv").out)))
    assert {r["value"] for r in rows} >= {"africa", "arab-states"}


def test_stats_overview_fits_one_screen() -> None:
    run = cli("stats", "--overview")
    assert run.code == 0
    assert len(run.out.splitlines()) <= 80
    assert cli("stats", "--overview", "--json").json()["counts"]["sources"] == 93


def test_timeline_is_sorted_and_complete(ds: Dataset) -> None:
    data = cli("timeline", "--json").json()
    years = [d["year"] for d in data]
    assert years == sorted(years) and len(years) == len(set(years))
    placed = {(d["year"], item["id"]) for d in data for item in d["items"]}
    for ins in ds.instruments:
        if ins.year is not None:
            assert (ins.year, ins.id) in placed
    for ex in ds.examples:
        for year in ex.years:
            assert (year, ex.id) in placed or year > 2025  # the end of a plan running to 2030 is not an event
    assert max(years) <= 2025
    assert min(years) <= 1949


def test_timeline_filters_select_examples(ds: Dataset) -> None:
    data = cli("timeline", "--examples-only", "--country", "Italy", "--json").json()
    ids = {i["id"] for d in data for i in d["items"]}
    assert ids == {e.id for e in ds.examples if "Italy" in e.countries and e.years}


def test_related_gives_reasons_and_not_itself() -> None:
    data = cli("related", "jordan-garment-collective-agreement-2022", "--json").json()
    assert data and all(d["id"] != "jordan-garment-collective-agreement-2022" for d in data)
    assert all(d["reasons"] for d in data)
    assert data == sorted(data, key=lambda d: (-d["score"], d["id"]))
    assert cli("related", "gender").code == 2
