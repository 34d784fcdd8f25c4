"""The README's examples work as written."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_library_example_runs() -> None:
    (code,) = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - our own documentation
    assert "jordan-garment-collective-agreement-2022" in out.getvalue()
    assert "# Briefing note: Jordan" in out.getvalue()


def test_setup_commands_are_the_ones_ci_runs() -> None:
    assert "pip install . && migdialogue about" in README
    assert "pip install -e '.[test]' && pytest" in README
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install --quiet -e '.[test]'" in ci and "python -m pytest" in ci


def test_user_dataset_example_is_valid(tmp_path: Path) -> None:
    from .conftest import cli

    (example,) = re.findall(r"```yaml\n(.*?)```", README, flags=re.S)
    path = tmp_path / "mine.yaml"
    path.write_text(example, encoding="utf-8")
    run = cli("validate", str(path))
    assert run.code == 0, run.out


def test_the_numbers_the_prose_states_are_the_datas() -> None:
    """The README's and CONTRIBUTING's counts (scripts/update_readme.py writes them from the data)."""
    from .conftest import cli

    contributing = (Path(__file__).resolve().parents[1] / "CONTRIBUTING.md").read_text(encoding="utf-8")
    overview = cli("stats", "--overview", "--json").json()["counts"]
    types = {d["value"]: d["count"] for d in cli("stats", "--by", "type", "--json").json()}
    stated = {
        "examples": re.findall(r"\((\d+) examples of\s+social dialogue", README),
        "sources": re.findall(r"all (\d+) footnotes", README),
        "tripartite": re.findall(r"its (\d+) examples come first", README),
        "examples at scale": re.findall(r"whether there are (\d+)\s+examples or", contributing),
    }
    expected = {
        "examples": overview["examples"],
        "sources": overview["sources"],
        "tripartite": types["tripartite"],
        "examples at scale": overview["examples"],
    }
    for key, found in stated.items():
        assert found and {int(n) for n in found} == {expected[key]}, (
            f"{key}: the docs say {found}, the data {expected[key]} (python scripts/update_readme.py)"
        )
