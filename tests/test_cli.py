"""Every command through Typer's CliRunner on the real bundled data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from migdialogue.dataset import Dataset
from migdialogue.query import Filters, filter_examples

from .conftest import cli

GOLDEN = Path(__file__).parent / "golden"
FORMATS = ["table", "json", "jsonl", "csv", "yaml", "markdown"]
COMMANDS = [
    ["list"],
    ["list", "--region", "Arab States"],
    ["search", "domestic work"],
    ["country", "Jordan"],
    ["countries"],
    ["region", "Africa"],
    ["regions"],
    ["show", "jordan-garment-collective-agreement-2022"],
    ["show", "gender"],
    ["show", "44"],
    ["challenges"],
    ["challenges", "gender"],
    ["recommendations"],
    ["recommendations", "social-dialogue-in-blmas"],
    ["instruments"],
    ["instruments", "c097"],
    ["frameworks"],
    ["sources"],
    ["sources", "44"],
    ["stats"],
    ["stats", "--by", "region"],
    ["about"],
    ["stats", "--overview"],
    ["timeline"],
    ["related", "qatar-joint-committees"],
]


def _parse(fmt: str, text: str) -> object:
    if fmt == "json":
        return json.loads(text)
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    if fmt == "csv":
        return list(csv.reader(io.StringIO(text)))
    if fmt == "yaml":  # LibYAML's safe loader where PyYAML has it (as yamlio reads): ten times faster
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_every_command_in_every_format(args: list[str], fmt: str) -> None:
    run = cli(*args, "--format", fmt)
    assert run.code == 0, run.err
    assert run.out.strip()
    assert _parse(fmt, run.out)
    assert "\x1b[" not in run.out


def test_json_shortcut_equals_format_json() -> None:
    assert cli("list", "--json").out == cli("list", "--format", "json").out


def test_list_json_is_the_examples_of_the_contract(ds: Dataset) -> None:
    data = cli("list", "--json").json()
    assert data == [e.to_dict() for e in ds.examples]
    assert set(data[0]) >= {
        "id",
        "title",
        "summary",
        "countries",
        "region",
        "level",
        "dialogue_type",
        "theme",
        "years",
        "sectors",
        "actors",
        "challenges",
        "sources",
    }


def test_list_region_arab_states_bipartite(ds: Dataset) -> None:
    data = cli("list", "--region", "Arab States", "--type", "bipartite", "--json").json()
    ids = {d["id"] for d in data}
    assert ids == {"jordan-garment-collective-agreement-2022", "qatar-joint-committees"}


FILTER_CASES = [
    (["--country", "Italy"], Filters(countries=("Italy",))),
    (["--region", "europe"], Filters(regions=("europe-central-asia",))),
    (["--region", "africa", "--region", "americas"], Filters(regions=("africa", "americas"))),
    (["--type", "tripartite", "--level", "national"], Filters(types=("tripartite",), levels=("national",))),
    (["--theme", "crisis-situations"], Filters(themes=("crisis-situations",))),
    (["--challenge", "gender"], Filters(challenges=("gender",))),
    (
        ["--challenge", "climate change", "--region", "asia-pacific"],
        Filters(challenges=("climate-change",), regions=("asia-pacific",)),
    ),
    (["--sector", "construction"], Filters(sectors=("construction",))),
    (["--year", "2022"], Filters(years=(2022,))),
    (["--since", "2020", "--until", "2021"], Filters(since=2020, until=2021)),
]


def _brute(ds: Dataset, f: Filters) -> list[str]:
    out = []
    for e in ds.examples:
        ok = (
            (not f.countries or set(f.countries) & set(e.countries))
            and (not f.regions or set(f.regions) & set(e.region))
            and (not f.types or e.dialogue_type in f.types)
            and (not f.levels or e.level in f.levels)
            and (not f.themes or e.theme in f.themes)
            and (not f.challenges or set(f.challenges) & set(e.challenges))
            and (not f.sectors or set(f.sectors) & set(e.sectors))
            and (not f.years or set(f.years) & set(e.years))
            and (f.since is None or any(y >= f.since for y in e.years))
            and (f.until is None or any(y <= f.until for y in e.years))
        )
        if ok:
            out.append(e.id)
    return out


@pytest.mark.parametrize(("args", "filters"), FILTER_CASES, ids=lambda a: " ".join(a) if isinstance(a, list) else "")
def test_filters_equal_a_brute_force_filter(ds: Dataset, args: list[str], filters: Filters) -> None:
    expected = _brute(ds, filters)
    assert expected, "each case should select something"
    got = [d["id"] for d in cli("list", *args, "--json").json()]
    assert got == expected
    assert [e.id for e in filter_examples(ds, filters)] == expected


@pytest.mark.parametrize("name", ["Viet Nam", "vietnam", "VNM", "vn", "viet-nam", "VIET NAM"])
def test_country_aliases_and_codes(name: str) -> None:
    run = cli("country", name, "--json")
    assert run.code == 0
    assert run.json()["country"]["name"] == "Viet Nam"


def test_country_czech_republic_and_jo() -> None:
    assert cli("country", "Czech Republic", "--json").json()["country"]["iso3"] == "CZE"
    assert cli("country", "jo", "--json").json()["country"]["name"] == "Jordan"


def test_country_jordan_json(ds: Dataset) -> None:
    data = cli("country", "Jordan", "--json").json()
    assert set(data) == {"country", "examples", "related_examples", "statistics"}
    assert data["country"] == {
        "id": "jordan",
        "name": "Jordan",
        "iso2": "JO",
        "iso3": "JOR",
        "region": "arab-states",
        "aliases": data["country"]["aliases"],
    }
    assert [e["id"] for e in data["examples"]] == ["jordan-garment-collective-agreement-2022"]
    related = {e["id"] for e in data["related_examples"]}
    assert "africa-arab-states-interregional-meeting-2021" in related
    assert all(
        "arab-states" in e["region"] and e["level"] in ("regional", "interregional", "bilateral")
        for e in data["related_examples"]
    )
    assert any(s["value"] == 78600 for s in data["statistics"])


def test_unknown_country_suggests() -> None:
    run = cli("country", "Jordn")
    assert run.code == 1
    assert run.out == ""
    assert run.err == "migdialogue: error: no country 'Jordn'; did you mean 'Jordan'?\n"


def test_unknown_id_suggests() -> None:
    run = cli("show", "jordan-garment-collective-agreement-2021")
    assert run.code == 1
    assert "did you mean 'jordan-garment-collective-agreement-2022'?" in run.err


def test_unknown_filter_value_suggests() -> None:
    run = cli("list", "--region", "Afrika")
    assert run.code == 1
    assert run.err == "migdialogue: error: no region 'Afrika'; did you mean 'Africa'?\n"


def test_show_example_json(ds: Dataset) -> None:
    data = cli("show", "jordan-garment-collective-agreement-2022", "--json").json()
    assert data["collection"] == "examples"
    assert data["record"] == ds.get("jordan-garment-collective-agreement-2022").to_dict()  # type: ignore[union-attr]
    assert [c["number"] for c in data["citations"]] == [44, 45, 46, 47]
    assert data["citations"][0]["citation"].startswith("Previous agreements were signed in 2013")
    assert {c["id"] for c in data["links"]["challenges"]} >= {"gender"}


def test_show_recommendation_lists_examples() -> None:
    recs = cli("recommendations", "--json").json()
    blma = next(r for r in recs if "germany-philippines-nurses-agreement" in r["examples"])
    data = cli("show", blma["id"], "--json").json()
    assert {"id": "germany-philippines-nurses-agreement"}.items() <= data["links"]["examples"][0].items()
    assert "germany-philippines-triple-win-2013" in {r["id"] for r in data["links"]["related_examples"]}


def test_cross_links_are_symmetric(ds: Dataset) -> None:
    for rec in ds.recommendations:
        for ident in (*rec.examples, *rec.related_examples):
            shown = cli("show", ident, "--json").json()
            assert rec.id in {r["id"] for r in shown["links"]["recommendations"]}


def test_search_typos_rank_collective_agreements_first() -> None:
    data = cli("search", "colective bargainig", "--json").json()
    top = [d["id"] for d in data[:5]]
    assert "jordan-garment-collective-agreement-2022" in top
    assert "italy-domestic-work-agreement-2020" in top
    assert data == sorted(data, key=lambda d: (-d["score"], d["id"]))


def test_search_exact_phrase_outranks_fuzzy() -> None:
    data = cli("search", "domestic work", "--json").json()
    ids = [d["id"] for d in data]
    assert ids[0] in ("argentina-domestic-work-commission", "italy-domestic-work-agreement-2020")
    assert data[0]["score"] > data[-1]["score"]


def test_search_limit_and_min_score() -> None:
    assert len(cli("search", "migrant", "--limit", "3", "--json").json()) == 3
    assert all(d["score"] >= 50 for d in cli("search", "migrant workers", "--min-score", "50", "--json").json())


def test_search_without_query_and_no_terminal_is_a_usage_error() -> None:
    run = cli("search")
    assert run.code == 2
    assert "search needs a QUERY" in run.err


@pytest.mark.parametrize(
    ("query", "code"), [("[/bold]", 0), ("[red]x[/red]", 0), (".*[(", 2), ("\\", 2), ("[link=http://x]y", 0)]
)
def test_markup_and_regex_characters_in_a_query(query: str, code: int) -> None:
    run = cli("search", query)
    assert run.code == code, run.err  # words are searched (and found or not); no word at all is a usage error
    assert "Traceback" not in run.err
    run = cli("country", query)
    assert run.code == 1
    assert query in run.err


def test_empty_result_is_success_with_notice() -> None:
    run = cli("list", "--country", "Jordan", "--type", "tripartite")
    assert run.code == 0
    assert run.out == ""
    assert run.err == "migdialogue: no examples match\n"
    assert cli("list", "--country", "Jordan", "--type", "tripartite", "--json").out == "[]\n"


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--format", "xml"],
        ["list", "--nope"],
        ["stats", "--by", "colour"],
        ["list", "--since", "2022", "--until", "2020"],
        ["search", "x", "--limit", "-1"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str]) -> None:
    run = cli(*args)
    assert run.code == 2
    assert run.err.startswith("migdialogue: error: ")
    assert run.err.count("\n") == 1


def test_invalid_user_dataset_exits_3(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("examples:\n  - id: x\n", encoding="utf-8")
    run = cli("list", "--data", str(bad))
    assert run.code == 3
    assert run.err.startswith(f"migdialogue: error: {bad}:2: record x: missing required field")


def test_recommendations_show_their_examples() -> None:
    run = cli("recommendations", env={"COLUMNS": "200"})
    assert run.code == 0
    assert "named in its text: germany-philippines-nurses-agreement: " in run.out
    assert "editors' reading: germany-philippines-triple-win-2013: " in run.out
    assert "[social-dialogue-in-blmas]" in run.out


@pytest.mark.parametrize(
    "args",
    [c for c in COMMANDS if len(c) == 1]
    + [["export"], ["validate"], ["show"], ["country"], ["related"], ["brief"], ["cite"], ["region"], ["search"]],
)
def test_help_ends_with_an_example(args: list[str]) -> None:
    run = cli(args[0], "--help")
    assert run.code == 0
    last = [line for line in run.out.splitlines() if line.strip()][-1].strip()
    assert last.startswith("Example: migdialogue " + args[0]), run.out


def test_root_help_ends_with_an_example() -> None:
    run = cli("--help")
    assert run.code == 0
    assert "Example: migdialogue country Jordan" in run.out.split("Commands:")[-1] or run.out.rstrip().endswith(
        "command's options)"
    )


def test_version() -> None:
    run = cli("--version")
    assert run.code == 0 and run.out.startswith("migdialogue ")


def test_no_color_flag_and_env_give_no_escape_codes() -> None:
    run = cli("country", "Jordan", "--no-color", env={"NO_COLOR": None, "FORCE_COLOR": "1", "TERM": "xterm"})
    assert run.code == 0 and "\x1b[" not in run.out


def test_an_output_context_built_by_a_test_is_what_a_command_writes_for() -> None:
    """The output context is passed in (cli/output.Output): a test builds a terminal of 50 columns
    without colour, whatever COLUMNS, NO_COLOR or TERM say, and the command writes for it, into its
    stream; for a 120-column terminal with colour it writes wider, in colour (but with --no-color);
    for a pipe that writes ASCII, JSON with escapes."""
    import io

    from typer.testing import CliRunner

    from migdialogue.cli import app
    from migdialogue.cli.output import Output

    def run(term: Output, *args: str) -> str:
        result = CliRunner(env={"COLUMNS": "300", "NO_COLOR": None, "TERM": "xterm"}).invoke(app, list(args), obj=term)
        assert result.exit_code == 0 and result.stdout == "", result.stderr  # all of it went to the context
        return term.stream.getvalue()  # type: ignore[attr-defined]

    narrow = run(Output(io.StringIO(), terminal=True, columns=50, color=False, encoding="ascii"), "list")
    assert max(map(len, narrow.splitlines())) <= 50 and "\x1b[" not in narrow
    wide = run(Output(io.StringIO(), terminal=True, columns=120, color=True, encoding="utf-8"), "list")
    assert 50 < max(len(line) for line in wide.splitlines() if "\x1b" not in line) <= 120 and "\x1b[" in wide
    assert "\x1b[" not in run(Output(io.StringIO(), terminal=True, columns=120, color=True), "list", "--no-color")
    piped = run(Output(io.StringIO(), encoding="ascii"), "show", "sweden-fair-play-bygg", "--json")
    assert piped.isascii() and "Byggm\u00e4stare" in json.dumps(json.loads(piped), ensure_ascii=False)
