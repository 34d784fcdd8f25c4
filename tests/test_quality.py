"""ruff and mypy are part of the test run."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff() -> None:
    result = _run("ruff", "check", "src", "tests", "benchmarks", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy() -> None:
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


# -- no assertion that cannot fail (issue 13) ----------------------------------------------------------


def _cannot_fail(test: ast.expr) -> bool:
    if isinstance(test, ast.Constant):
        return bool(test.value)
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return any(_cannot_fail(v) for v in test.values)
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], (ast.Eq, ast.Is, ast.LtE, ast.GtE))
    ):
        return ast.dump(test.left) == ast.dump(test.comparators[0])
    return False


def test_no_test_asserts_something_that_cannot_fail() -> None:
    """No assert of the tests is one that cannot fail (a constant, x == x, `... or True`)."""
    found = []
    for path in sorted(Path(__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assert) and _cannot_fail(node.test):
                found.append(f"{path.name}:{node.lineno}: assert {ast.unparse(node.test)}")
    assert found == []


def test_the_checker_sees_the_known_forms() -> None:
    """The checker recognises the forms of an assertion that cannot fail, and only those."""
    forms = ['shutil.which("mypy") or True', "True", "x == x", "1", "a or (b or 'yes')"]
    assert all(_cannot_fail(ast.parse(f, mode="eval").body) for f in forms)
    assert not any(_cannot_fail(ast.parse(f, mode="eval").body) for f in ["x", "x == y", "a or b", "False"])
