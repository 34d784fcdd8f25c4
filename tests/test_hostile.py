"""Hostile and broken input: one clear line, a documented exit code, no traceback, bounded cost."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migdialogue import yamlio
from migdialogue.dataset import Dataset
from migdialogue.query import Filters, filter_examples

from .conftest import cli, proc
from .test_validate import GOOD_EXAMPLE


def test_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    run = cli("list", "--data", str(fifo))
    assert run.code == 2
    assert "not a regular file" in run.err


def test_device_is_refused() -> None:
    run = cli("validate", "/dev/zero")
    assert run.code == 2 and "not a regular file" in run.err


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD_EXAMPLE.encode())
    assert cli("validate", str(path)).code == 0
    run = cli("show", "my-case", "--data", str(path), "--json")
    assert run.json()["record"]["title"] == "A case"


def test_deep_nesting_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("examples: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    run = cli("validate", str(path))
    assert run.code == 3
    assert "nested more than 64 levels deep" in run.out or "exceeded maximum nesting depth" in run.out


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "lol.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = cli("validate", str(path))
    assert run.code == 3 and "aliases" in run.out


def test_python_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(f"examples: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    for args in (["validate", str(path)], ["list", "--data", str(path)]):
        run = cli(*args)
        assert run.code == 3
    assert not marker.exists()


def test_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "MAX_BYTES", 100)
    path = tmp_path / "big.yaml"
    path.write_text(GOOD_EXAMPLE, encoding="utf-8")
    run = cli("validate", str(path))
    assert run.code == 3 and "larger than the" in run.out


def test_empty_file_with_data(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    run = cli("list", "--data", str(path))
    assert run.code == 3 and run.err.startswith(f"migdialogue: error: {path}: file is empty")


def test_user_record_replaces_bundled_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD_EXAMPLE.replace("id: my-case", "id: jordan-garment-collective-agreement-2022"), "utf-8")
    run = cli("show", "jordan-garment-collective-agreement-2022", "--json", "--data", str(path))
    assert run.code == 0
    assert run.json()["record"]["title"] == "A case"
    assert (
        run.err == "migdialogue: note: your data replaces 1 bundled record: jordan-garment-collective-agreement-2022\n"
    )
    env_run = cli("list", "--json", env={"MIGDIALOGUE_DATA": str(path)})
    assert len(env_run.json()) == len(cli("list", "--json").json())


def test_data_only_uses_the_user_records_alone(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD_EXAMPLE, encoding="utf-8")
    run = cli("list", "--json", "--data", str(path), "--data-only")
    assert run.code == 3  # alone, the file lacks the countries, challenges and footnotes it names
    assert "unknown country 'Jordan'" in run.err
    assert cli("list", "--data-only").code == 2


@pytest.mark.parametrize(
    "query", ["\x00\x07\x1b[31m", "😀 migrant", "עובדים מהגרים", "العمال المهاجرين", " ", "a" * 10_000]
)
def test_odd_queries(query: str) -> None:
    run = cli("search", query, "--json")
    assert run.code in (0, 2), run.err
    if run.code == 0:
        assert isinstance(run.json(), list)
    else:
        assert run.err.count("\n") == 1


@pytest.mark.parametrize("limit", ["-3", "ten", "1e9"])
def test_bad_limit(limit: str) -> None:
    run = cli("search", "migrant", "--limit", limit)
    assert run.code == 2 and run.err.startswith("migdialogue: error: ")


@pytest.mark.parametrize(
    "env",
    [
        {"COLUMNS": "20"},
        {"TERM": "dumb"},
        {"NO_COLOR": "1"},
        {"FORCE_COLOR": "1"},
        {"LC_ALL": "C"},
        {"PYTHONIOENCODING": "ascii"},
    ],
)
def test_odd_terminals_keep_json_identical(env: dict[str, str]) -> None:
    plain = proc("country", "Jordan", "--json")
    odd = proc("country", "Jordan", "--json", env=env)
    assert odd.returncode == 0
    assert json.loads(odd.stdout) == json.loads(plain.stdout)
    table = proc("country", "Jordan", env=env)
    assert table.returncode == 0 and b"Traceback" not in table.stderr


# -- property-based -----------------------------------------------------------------------------------

WORDS = [
    "list",
    "search",
    "country",
    "show",
    "region",
    "stats",
    "timeline",
    "--json",
    "--format",
    "csv",
    "yaml",
    "--country",
    "Jordan",
    "--region",
    "africa",
    "--type",
    "bipartite",
    "--level",
    "local",
    "--year",
    "2022",
    "--since",
    "2019",
    "--until",
    "2020",
    "--limit",
    "3",
    "--challenge",
    "gender",
    "--sector",
    "construction",
    "[/bold]",
    ".*[(",
    "--by",
    "region",
    "xyz",
    "-",
    "--",
    "",
    "é",
    "9" * 30,
]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=12), max_size=8))
def test_random_arguments_never_crash(args: list[str]) -> None:
    run = cli(*args)
    assert run.code in (0, 1, 2, 3), (args, run.code, run.err)
    assert "Traceback" not in run.err and "internal error" not in run.err
    if run.code != 0:
        assert run.err.count("\n") == 1 and run.err.startswith("migdialogue: error: "), (args, run.err)
    if run.code == 0 and "--json" in args and args and args[0] in ("list", "search", "country", "show", "stats"):
        json.loads(run.out)


FILTER_VALUES = {
    "countries": ["Italy", "Jordan", "Germany", "Argentina", "Philippines"],
    "regions": ["africa", "americas", "arab-states", "asia-pacific", "europe-central-asia"],
    "types": ["tripartite", "bipartite", "multi-stakeholder"],
    "levels": ["national", "local", "regional", "sectoral", "bilateral"],
    "challenges": ["gender", "skills", "informality", "climate-change", "discrimination"],
}


@settings(max_examples=150, deadline=None)
@given(
    st.fixed_dictionaries({k: st.lists(st.sampled_from(v), max_size=2, unique=True) for k, v in FILTER_VALUES.items()}),
    st.none() | st.integers(2010, 2024),
    st.none() | st.integers(2010, 2024),
)
def test_filters_keep_exactly_the_matching_examples(
    ds: Dataset, picks: dict[str, list[str]], since: int | None, until: int | None
) -> None:
    if since is not None and until is not None and since > until:
        since, until = until, since
    filters = Filters(**{k: tuple(v) for k, v in picks.items()}, since=since, until=until)
    got = {e.id for e in filter_examples(ds, filters)}
    for ex in ds.examples:
        ok = (
            (not filters.countries or set(filters.countries) & set(ex.countries))
            and (not filters.regions or set(filters.regions) & set(ex.region))
            and (not filters.types or ex.dialogue_type in filters.types)
            and (not filters.levels or ex.level in filters.levels)
            and (not filters.challenges or set(filters.challenges) & set(ex.challenges))
            and (since is None or any(y >= since for y in ex.years))
            and (until is None or any(y <= until for y in ex.years))
        )
        assert (ex.id in got) == bool(ok), ex.id


FULL_ALONE = (
    GOOD_EXAMPLE
    + """countries:
  - name: Jordan
    iso2: JO
    iso3: JOR
    region: arab-states
challenges:
  - id: gender
    name: "Gender"
    summary: "Our own coding."
    sources: []
sources:
  - number: 44
    citation: "Our own note 44."
"""
)


def test_a_complete_dataset_alone_exports_and_is_not_the_brief(tmp_path: Path) -> None:
    path = tmp_path / "full.yaml"
    path.write_text(FULL_ALONE, encoding="utf-8")
    assert cli("validate", str(path), "--data-only").code == 0
    db = tmp_path / "mine.db"
    run = cli("export", "--format", "sqlite", "--output", str(db), "--data", str(path), "--data-only")
    assert run.code == 0, run.err
    about = cli("about", "--json", "--data", str(path), "--data-only").json()
    assert about["meta"]["doi"] == "" and about["meta"]["notes"] == []
    assert about["meta"]["title"] == "Your own dataset (full.yaml)"
    brief = cli("brief", "Jordan", "--data", str(path), "--data-only")
    assert brief.code == 0 and "not from the ILO brief" in brief.out
    cite = cli("cite", "my-case", "--data", str(path), "--data-only")
    assert cite.code == 2 and "comes from your own dataset" in cite.err


def test_user_records_are_marked_as_such(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD_EXAMPLE, encoding="utf-8")
    mine = cli("show", "my-case", "--json", "--data", str(path)).json()
    assert mine["origin"] == "user"
    theirs = cli("show", "jordan-garment-collective-agreement-2022", "--json", "--data", str(path)).json()
    assert theirs["origin"] == "brief"
    assert "origin" not in cli("show", "jordan-garment-collective-agreement-2022", "--json").json()
    note = cli("brief", "Jordan", "--data", str(path), env={"COLUMNS": "1000"}).out
    assert "1 of the examples below come from your own dataset" in note and "; from your own dataset" in note
    assert "comes from your own dataset" in cli("cite", "my-case", "--data", str(path)).err


def test_data_only_error_points_to_the_right_check(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD_EXAMPLE, encoding="utf-8")
    run = cli("list", "--data", str(path), "--data-only")
    assert run.code == 3
    assert f"run 'migdialogue validate {path} --data-only' to see them all" in run.err
    assert cli("validate", str(path), "--data-only").code == 3
