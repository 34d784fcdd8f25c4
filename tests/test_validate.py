"""Broken datasets: every problem reported as FILE:LINE: record ID: message, exit code 3."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import cli

GOOD_EXAMPLE = """\
examples:
  - id: my-case
    title: "A case"
    summary: "Something the team coded."
    countries: [Jordan]
    region: [arab-states]
    level: national
    dialogue_type: tripartite
    theme: policy-formulation
    years: [2021]
    sectors: []
    actors: []
    challenges: [gender]
    sources: [44]
"""


def write(tmp_path: Path, text: str, name: str = "data.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_good_user_file_is_valid(tmp_path: Path) -> None:
    run = cli("validate", write(tmp_path, GOOD_EXAMPLE))
    assert run.code == 0, run.out
    assert "valid" in run.err


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "level: national",
            "level: nationl",
            7,
            "record my-case: field 'level': unknown value 'nationl' (did you mean 'national'?)",
        ),
        (
            "challenges: [gender]",
            "challenges: [gendr]",
            13,
            "record my-case: field 'challenges': unknown challenge 'gendr' (did you mean 'gender'?)",
        ),
        ("sources: [44]", "sources: [444]", 14, "record my-case: field 'sources': unknown footnote 444"),
        (
            "countries: [Jordan]",
            "countries: [Narnia]",
            5,
            "record my-case: field 'countries': unknown country 'Narnia'",
        ),
        ("years: [2021]", "years: [twenty]", 10, "record my-case: field 'years' must be a whole number, not text"),
        ("years: [2021]", "years: [1850]", 10, "record my-case: field 'years': year 1850 is outside 1900-2100"),
        ("    sources: [44]\n", "", 2, "record my-case: missing required field 'sources'"),
        (
            'title: "A case"',
            "title: NO",
            3,
            "record my-case: field 'title': 'NO' is read by YAML as a boolean; put it in quotes if it is text",
        ),
        ('title: "A case"', "title: 1:30", 3, "record my-case: field 'title': '1:30' is read by YAML as a number"),
        (
            'title: "A case"',
            "title: 2024-01-01",
            3,
            "record my-case: field 'title': '2024-01-01' is read by YAML as a date",
        ),
        (
            'title: "A case"',
            'title: "A case"\n    titel: x',
            4,
            "record my-case: unknown field 'titel' (did you mean 'title'?)",
        ),
        ('title: "A case"', 'title: "A case"\n    title: again', 4, "duplicate key 'title' (first at line 3)"),
        ("id: my-case", "id: My_Case", 2, "record My_Case: id must be lower-case kebab-case"),
    ],
)
def test_each_problem_is_located(tmp_path: Path, old: str, new: str, line: int, message: str) -> None:
    path = write(tmp_path, GOOD_EXAMPLE.replace(old, new))
    run = cli("validate", path)
    assert run.code == 3
    assert f"{path}:{line}: " in run.out
    assert message in run.out, run.out


def test_all_problems_at_once_and_duplicate_ids(tmp_path: Path) -> None:
    text = GOOD_EXAMPLE + GOOD_EXAMPLE.split("\n", 1)[1].replace("level: national", "level: planet")
    path = write(tmp_path, text)
    run = cli("validate", path)
    assert run.code == 3
    lines = run.out.splitlines()
    assert f"{path}:15: record my-case: duplicate id (also at data.yaml:2)" in lines
    assert any(line.startswith(f"{path}:20: record my-case: field 'level': unknown value 'planet'") for line in lines)
    assert "2 problems found" in run.err


def test_a_bundled_id_may_be_replaced_but_not_twice_in_user_data(tmp_path: Path) -> None:
    text = GOOD_EXAMPLE.replace("id: my-case", "id: jordan-garment-collective-agreement-2022")
    run = cli("validate", write(tmp_path, text))
    assert run.code == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("examples: [\n", "invalid YAML"),
        ("- just\n- a list\n", "the file must be a mapping of collection names"),
        ("exampels: []\n", "unknown collection 'exampels' (did you mean 'examples'?)"),
        ("examples: {}\n", "collection 'examples' must be a list of records"),
        ("a: &x [1]\nb: *x\n", "YAML aliases (*name) are not allowed"),
        ("examples: !!python/object/apply:os.system ['echo hacked']\n", "the YAML tag"),
        ("---\nexamples: []\n---\nexamples: []\n", "one YAML document"),
        ("", "file is empty"),
    ],
)
def test_broken_files(tmp_path: Path, text: str, message: str) -> None:
    run = cli("validate", write(tmp_path, text))
    assert run.code == 3
    assert message in run.out


def test_a_country_code_says_how_many_letters_it_needs(tmp_path: Path) -> None:
    """iso2 needs two letters and iso3 three (iso3 was said to need 2)."""
    text = "countries:\n  - name: Atlantis\n    iso2: atl\n    iso3: at\n    region: africa\n"
    run = cli("validate", write(tmp_path, text))
    assert run.code == 3
    assert "record atlantis: iso2 must be 2 upper-case letters" in run.out, run.out
    assert "record atlantis: iso3 must be 3 upper-case letters" in run.out, run.out


def test_not_utf8_gives_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"examples: []\n# caf\xe9\n")
    run = cli("validate", str(path))
    assert run.code == 3
    assert f"{path}:2: file is not valid UTF-8 text" in run.out


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    run = cli("validate", str(tmp_path / "nope.yaml"))
    assert run.code == 2
    assert run.err.strip() == f"migdialogue: error: {tmp_path / 'nope.yaml'}: no such file or directory"


def test_folder_without_yaml(tmp_path: Path) -> None:
    run = cli("validate", str(tmp_path))
    assert run.code == 2
    assert "folder has no .yaml or .yml files" in run.err


def test_bundled_data_is_valid() -> None:
    """The brief's own YAML, its search lexicon and its translations: `validate` finds no problem."""
    run = cli("validate")
    assert run.code == 0
    assert run.out == ""


def test_a_copy_of_the_bundled_folder_validates_as_the_bundled_data(tmp_path: Path) -> None:
    """A folder holding the search lexicon (a copy of the bundled data) is valid: the lexicon is
    checked by its own rules, not read as records (it gave 225 problems)."""
    import shutil

    from migdialogue import dataset

    folder = tmp_path / "data"
    shutil.copytree(Path(dataset.compiled_path()).parent, folder)
    assert cli("validate", str(folder)).code == 0
    lexicon = folder / "lexicon.yaml"
    text = lexicon.read_text()
    line = text.splitlines().index("  - id: domestic-work") + 1
    lexicon.write_text(text.replace("  - id: domestic-work\n", "  - id: Domestic Work\n", 1))
    run = cli("validate", str(folder))
    assert run.code == 3
    assert run.out.splitlines() == [f"{lexicon}:{line}: record Domestic Work: id must be lower-case kebab-case"]
