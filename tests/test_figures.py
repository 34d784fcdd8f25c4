"""Figures as the brief states them, with its own qualifier ('more than 70', 'an estimated'):
tables, documents, notes and exports (the data's second pass, issue 15)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

from migdialogue.dataset import Dataset
from migdialogue.models import Statistic

from .conftest import cli, proc

# every figure the brief qualifies, with the brief's own word ("more than 70 private enterprises ...")
QUALIFIED = {
    "international-migrant-workers-2019": "an estimated",
    "women-international-migrant-workers-2019": "an estimated",
    "international-migrants-share-from-asia-pacific": "approximately",
    "refugees-end-2023": "an estimated",
    "asylum-seekers-end-2023": "an estimated",
    "south-africa-international-migrants": "around",
    "jordan-garment-export-workers-2022": "around",
    "qatar-enterprises-with-joint-committees-2022": "more than",
    "qatar-employees-covered-joint-committees-2022": "more than",
    "venezuelan-refugees-migrants-latin-america-caribbean": "around",
    "venezuelan-refugees-migrants-worldwide": "over",
}


def test_qualifiers_are_the_briefs_words(ds: Dataset) -> None:
    found = {s.id: s.qualifier for s in ds.statistics if s.qualifier}
    assert found == QUALIFIED


def test_tables_show_more_than_70_not_a_tilde() -> None:
    run = cli("stats", "--country", "Qatar", env={"COLUMNS": "250"})
    assert run.code == 0
    assert "│ more than 70 " in run.out or " more than 70 " in run.out
    assert "more than 50,000" in run.out and "~" not in run.out
    venezuela = cli("stats", "--country", "Venezuela", env={"COLUMNS": "250"}).out
    assert "over 7,130,000" in venezuela and "around 6,140,000" in venezuela


def test_show_and_brief_give_the_qualifier() -> None:
    show = cli("show", "qatar-enterprises-with-joint-committees-2022").out
    assert "Value      more than 70" in show
    brief = cli("brief", "Qatar", "--full", env={"COLUMNS": "1000"}).out
    assert "by October 2022: more than 70 enterprises \\[52\\]" in brief  # the label gives the year: once
    assert "about 70" not in brief and "~" not in brief
    # large figures in full, not 1.69e+08
    world = cli("brief", "Americas", "--full", env={"COLUMNS": "1000"}).out
    assert "over 7,130,000 people" in world and "e+0" not in world


def test_exports_carry_the_qualifier(tmp_path: Path) -> None:
    data = cli("export", "--format", "json").json()
    qatar = next(s for s in data["statistics"] if s["id"] == "qatar-enterprises-with-joint-committees-2022")
    assert (qatar["qualifier"], qatar["value"]) == ("more than", 70) and "approximate" not in qatar
    rows = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv", "--collection", "statistics").out)))
    assert {r["id"]: r["qualifier"] for r in rows if r["qualifier"]} == QUALIFIED
    db = tmp_path / "md.db"
    assert cli("export", "--format", "sqlite", "--output", str(db)).code == 0
    con = sqlite3.connect(db)
    got = dict(con.execute("SELECT id, qualifier FROM statistics WHERE qualifier IS NOT NULL").fetchall())
    con.close()
    assert got == QUALIFIED
    listed = json.loads(proc("stats", "--json").stdout)
    assert {s["id"]: s["qualifier"] for s in listed if s["qualifier"]} == QUALIFIED


def test_the_old_approximate_flag_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "figures.yaml"
    path.write_text(
        "statistics:\n  - id: my-figure\n    label: A figure\n    value: 70\n    unit: enterprises\n"
        "    approximate: true\n    sources: []\n",
        encoding="utf-8",
    )
    run = cli("validate", str(path))
    assert run.code == 3
    assert f"{path}:6: record my-figure: field 'approximate' is replaced by 'qualifier'" in run.out
    path.write_text(
        "statistics:\n  - id: my-figure\n    label: A figure\n    value: 70\n    unit: enterprises\n"
        "    qualifier: roughly\n    sources: []\n",
        encoding="utf-8",
    )
    run = cli("validate", str(path))
    assert run.code == 3 and "field 'qualifier': unknown value 'roughly'" in run.out


def test_figure_property() -> None:
    assert Statistic("x", "x", 7130000, "people", (), qualifier="over").figure == "over 7,130,000"
    assert Statistic("x", "x", 60.6, "per cent", ()).figure == "60.6"
