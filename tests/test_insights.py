"""Stats, timeline, related, briefing notes, citations and exports (issue 6)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections import Counter
from pathlib import Path

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


def test_cite_styles() -> None:
    text = cli("cite", "germany-skilled-immigration-act").out
    assert "https://doi.org/10.54394/GMYI2601" in text and "[35]" in text and "[36]" in text
    bib = cli("cite", "germany-skilled-immigration-act", "--style", "bibtex").out
    assert bib.startswith("@techreport{ilo2025socialdialogue,") and bib.count("{") == bib.count("}")
    csl = json.loads(cli("cite", "germany-skilled-immigration-act", "--style", "csl-json").out)
    assert csl[0]["DOI"] == "10.54394/GMYI2601" and csl[0]["issued"]["date-parts"] == [[2025, 2]]
    assert cli("cite", "germany-skilled-immigration-act", "--style", "apa").code == 2
    assert "month = feb," in bib and "{{International Labour Organization}}" in bib


def test_sqlite_export_answers_a_join_like_the_json_export(tmp_path: Path) -> None:
    db = tmp_path / "md.db"
    run = cli("export", "--format", "sqlite", "--output", str(db))
    assert run.code == 0, run.err
    con = sqlite3.connect(db)
    rows = con.execute(
        """SELECT e.id, s.number, s.citation FROM examples e
           JOIN example_regions r ON r.example_id = e.id
           JOIN example_sources es ON es.example_id = e.id
           JOIN sources s ON s.number = es.source_number
           WHERE r.region_id = 'arab-states' ORDER BY e.id, s.number"""
    ).fetchall()
    data = json.loads(cli("export", "--format", "json").out)
    cites = {s["number"]: s["citation"] for s in data["sources"]}
    expected = sorted(
        (e["id"], n, cites[n]) for e in data["examples"] if "arab-states" in e["region"] for n in e["sources"]
    )
    assert rows == expected and rows
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "examples",
        "countries",
        "challenges",
        "example_countries",
        "example_challenges",
        "example_sources",
        "recommendation_examples",
    } <= tables
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []


def test_export_never_overwrites_without_force(tmp_path: Path) -> None:
    out = tmp_path / "data.json"
    out.write_text("mine", encoding="utf-8")
    run = cli("export", "--output", str(out))
    assert run.code == 2 and "use --force" in run.err
    assert out.read_text(encoding="utf-8") == "mine"
    assert cli("export", "--output", str(out), "--force").code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["meta"]["doi"] == "10.54394/GMYI2601"
    assert [p.name for p in tmp_path.iterdir()] == ["data.json"]


def test_export_filtered_csv(ds: Dataset) -> None:
    run = cli("export", "--format", "csv", "--region", "arab-states")
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert {r["id"] for r in rows} == {e.id for e in ds.examples if "arab-states" in e.region}
    assert json.loads(next(r["years"] for r in rows if r["id"] == "qatar-joint-committees")) == [2019, 2022]


def test_export_sqlite_needs_output() -> None:
    assert cli("export", "--format", "sqlite").code == 2
