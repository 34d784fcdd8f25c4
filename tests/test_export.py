"""Exports: the SQLite export answers as the JSON one, filtered CSV, never overwriting
without --force (issue 6; the web page: test_html_export.py)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

from migdialogue.dataset import Dataset

from .conftest import cli


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
