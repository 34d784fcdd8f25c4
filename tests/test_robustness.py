"""Real processes: pipes, full disks, closed streams, narrow encodings, hostile data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from . import tools
from .conftest import proc


def test_pipe_closed_early_ends_quietly() -> None:
    p = subprocess.Popen(
        [sys.executable, "-m", "migdialogue", "export", "--format", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert p.stdout is not None and p.stderr is not None
    p.stdout.readline()
    p.stdout.close()
    err = p.stderr.read()
    assert p.wait(timeout=60) == 0
    assert b"Traceback" not in err and err == b""


@tools.LINUX_ONLY
def test_full_disk_is_one_line_and_exit_4() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "migdialogue", "list", "--json"], stdout=full, stderr=subprocess.PIPE, timeout=60
        )
    assert result.returncode == 4
    assert result.stderr == b"migdialogue: error: cannot write output: No space left on device\n"


def test_closed_stdout() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "migdialogue", "list", "--json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=60,
        close_fds=True,
    )
    assert result.returncode == 0
    closed = subprocess.run(
        f"{sys.executable} -m migdialogue list --json >&-", shell=True, stderr=subprocess.PIPE, timeout=60
    )
    assert closed.returncode == 4
    assert b"Traceback" not in closed.stderr


def test_json_streamed_as_stored_is_escaped_for_an_ascii_terminal() -> None:
    """Listings stream the examples' stored JSON (Unicode unescaped); where stdout takes ASCII only,
    they are encoded again with escapes: the same data, every byte ASCII, as the encoder writes it."""
    from migdialogue import dataset

    encode = json.JSONEncoder(ensure_ascii=True).encode
    examples = [e.to_dict() for e in dataset.load().examples]
    plain = proc("list", "--json")
    ascii_only = proc("list", "--json", env={"PYTHONIOENCODING": "ascii"})
    assert not plain.stdout.isascii() and ascii_only.stdout.isascii()
    assert ascii_only.stdout.decode() == "[\n" + ",\n".join("  " + encode(e) for e in examples) + "\n]\n"
    assert json.loads(plain.stdout) == json.loads(ascii_only.stdout) == examples
    lines = proc("list", "--format", "jsonl", env={"PYTHONIOENCODING": "ascii"}).stdout.decode()
    assert lines == "".join(encode(e) + "\n" for e in examples)
    country = proc("country", "Jordan", "--json", env={"PYTHONIOENCODING": "ascii"}).stdout
    assert country.isascii() and json.loads(country) == json.loads(proc("country", "Jordan", "--json").stdout)


def test_a_stdout_that_is_not_utf_gets_escaped_json_and_readable_text(tmp_path: Path) -> None:
    """cp1252 writes quotes and dashes but not Chinese or emoji: JSON is escaped (the same data),
    and text formats replace what they cannot show, never an internal error."""
    from .test_validate import GOOD_EXAMPLE

    mine = tmp_path / "mine.yaml"
    mine.write_text(GOOD_EXAMPLE.replace("Something the team coded.", "\u5de5\u4f1a \U0001f91d"), encoding="utf-8")
    env = {"PYTHONIOENCODING": "cp1252", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for fmt in ("--json", "--format=jsonl"):
        run = proc("list", fmt, "--data", str(mine), env=env)
        assert run.returncode == 0, run.stderr
        text = run.stdout.decode("ascii")  # every byte ASCII: escapes
        records = json.loads(text) if fmt == "--json" else [json.loads(line) for line in text.splitlines()]
        assert {r["id"]: r["summary"] for r in records}["my-case"] == "\u5de5\u4f1a \U0001f91d"
    shown = proc("show", "my-case", "--data", str(mine), env=env)
    assert shown.returncode == 0 and b"Traceback" not in shown.stderr and b"my-case" in shown.stdout
    table = proc("country", "Jordan", env=env).stdout  # cp1252 has no box-drawing characters
    assert b"+---" in table and b"???" not in table


def test_ascii_terminal_keeps_json_valid_and_tables_readable() -> None:
    result = proc("country", "Jordan", "--json", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0
    assert json.loads(result.stdout)["country"]["name"] == "Jordan"
    result = proc("country", "Jordan", env={"PYTHONIOENCODING": "ascii", "LC_ALL": "C"})
    assert result.returncode == 0 and b"Jordan" in result.stdout


def test_escape_sequences_in_data_never_reach_the_terminal(tmp_path: Path) -> None:
    data = tmp_path / "evil.yaml"
    data.write_text(
        'examples:\n  - id: evil\n    title: "bad \\e[31mred\\e[0m \\a title"\n    summary: "[bold]not markup[/bold]"\n'
        "    countries: []\n    region: []\n    level: local\n    dialogue_type: bipartite\n"
        "    theme: local-territorial\n    years: []\n    sectors: []\n    actors: []\n    challenges: []\n"
        "    sources: []\n",
        encoding="utf-8",
    )
    for fmt in ("table", "csv", "markdown"):
        result = proc("show", "evil", "--data", str(data), "--format", fmt, env={"TERM": "xterm"})
        assert result.returncode == 0, result.stderr
        assert b"\x1b" not in result.stdout and b"\x07" not in result.stdout
    shown = proc("show", "evil", "--data", str(data)).stdout.decode()
    assert "[bold]not markup[/bold]" in shown


def test_a_long_query_is_bounded() -> None:
    result = proc("search", "x" * 10_000, "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == []


def test_debug_shows_a_traceback_only_when_asked() -> None:
    quiet = proc("show", "nope")
    assert quiet.returncode == 1 and b"Traceback" not in quiet.stderr
    loud = proc("show", "nope", env={"MIGDIALOGUE_DEBUG": "1"})
    assert b"Traceback" in loud.stderr


def _complete(words: str, cword: int) -> list[str]:
    env = {**os.environ, "_MIGDIALOGUE_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    result = subprocess.run([sys.executable, "-m", "migdialogue"], capture_output=True, text=True, env=env, timeout=60)
    return result.stdout.split()


def test_shell_completion_of_countries_regions_challenges_and_ids() -> None:
    assert _complete("migdialogue country Jo", 2) == ["Jordan"]
    assert _complete("migdialogue country jo", 2) == ["jordan"]
    assert _complete("migdialogue country Unit", 2) == ["United-states-of-america"]  # no space to split
    assert _complete("migdialogue country VN", 2) == ["VN"]
    assert _complete("migdialogue region Ara", 2) == ["Arab-states"]
    assert _complete("migdialogue brief Jo", 2) == ["Jordan"]
    assert _complete("migdialogue related qa", 2) == ["qatar-joint-committees"]
    assert _complete("migdialogue list --challenge gen", 3) == ["gender"]
    assert "jordan-garment-collective-agreement-2022" in _complete("migdialogue show jordan-g", 2)


def test_search_asks_for_a_query_on_a_terminal() -> None:
    import pty
    import select

    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    child = subprocess.Popen(
        [sys.executable, "-m", "migdialogue", "search"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    seen = b""
    asked = False
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if not asked and b"Search for" in seen:
            os.write(master, b"domestic work\n")
            asked = True
    child.wait(timeout=30)
    os.close(master)
    assert asked and child.returncode == 0
    assert b"argentina-domestic" in seen or b"italy-domestic" in seen
