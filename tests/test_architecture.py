"""The import contract (CONTRIBUTING.md): layers only downward, one home per heavy library, no circle,
no core module that prints or names a command-line flag. The layers themselves live in pyproject.toml."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "migdialogue"
# the modules that may talk to a terminal: the CLI and the developer's compile script
INTERFACE = {"cli", "compile.py", "__main__.py"}
# the library: everything below the views (views, briefing and htmlpage write for people and may suggest a command)
CORE = {
    "errors.py", "vocab.py", "_version.py", "analysis.py", "models.py", "schema.py", "outfile.py", "yamlio.py",
    "store/__init__.py", "store/schema.py", "store/texts.py", "store/read.py", "store/workers.py", "store/build.py",
    "validate.py", "lexicon.py", "dataio.py", "cache.py", "ingest.py", "dataset.py", "query.py",
    "fulltext.py", "cite.py", "exporting.py",
}  # fmt: skip
# flags still named in the core, each with its reason (left for a later cut; see CONTRIBUTING.md)
KNOWN_FLAGS = {
    ("dataset.py", "--data-only"),  # the 'migdialogue validate ... --data-only' command a DatasetError suggests
    ("fulltext.py", "--in"),  # the notice 'also found ...; use --in all'
}


def test_import_contract_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlinter.application.use_cases import lint_imports  # import-linter and grimp: in their tests,
    from importlinter.configuration import configure  # not in every worker's collection

    monkeypatch.chdir(ROOT)
    configure()  # what the lint-imports command does first
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_logo=True, cache_dir=None), (
        "the import contract is broken: run lint-imports for the chain"
    )


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_circle_even_through_lazy_imports() -> None:
    import grimp

    g = grimp.build_graph("migdialogue", cache_dir=None)  # every import, inside functions and TYPE_CHECKING too
    graph = {m: set(g.find_modules_directly_imported_by(m)) for m in g.modules if m.startswith("migdialogue")}
    assert _cycles(graph) == []


def _core_files() -> list[Path]:
    return [PACKAGE / name for name in sorted(CORE)]


def test_the_core_list_names_real_modules() -> None:
    modules = {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*")}
    assert modules >= CORE | INTERFACE


@pytest.mark.parametrize(
    "path", [p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] not in INTERFACE], ids=os.fspath
)
def test_only_the_cli_prints(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("print", "input"):
            bad.append(f"line {node.lineno}: {node.func.id}()")
        is_sys = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "sys"
        if is_sys and node.attr in ("stdout", "stderr", "stdin"):  # type: ignore[attr-defined]
            bad.append(f"line {node.lineno}: sys.{node.attr}")  # type: ignore[attr-defined]
    assert bad == [], f"{path.name} talks to the terminal; return text and let the CLI print it"


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """String constants that are not docstrings."""
    docs = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docs.add(id(body[0].value))
    return [
        (n.lineno, n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
    ]


@pytest.mark.parametrize("path", _core_files(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_core_module_names_a_flag(path: Path) -> None:
    import re

    found = set()
    for _, text in _strings(ast.parse(path.read_text(encoding="utf-8"))):
        for flag in re.findall(r"(?<![\w-])--[a-z][a-z-]*", text):
            found.add((path.name, flag))
    assert found - KNOWN_FLAGS == set(), "name the parameter (`since`) with UsageError(options=...); the CLI shows it"


def test_the_query_side_never_imports_the_store_builder() -> None:
    """Every module above the loaders in the layers (the query side: query, fulltext, views, the CLI...)
    is a source of the contract that forbids importing ``store.build`` and ``store.workers``: a new
    module of the query side is covered without anyone remembering to add it."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c.get("containers") == ["migdialogue"])["layers"]
    above = [m.strip() for layer in layers[1 : layers.index("dataset")] for m in layer.split("|")]
    forbidding = [c for c in contracts if "migdialogue.store.build" in c.get("forbidden_modules", ())]
    assert len(forbidding) == 1 and set(forbidding[0]["forbidden_modules"]) == {
        "migdialogue.store.build",
        "migdialogue.store.workers",
    }
    assert sorted(forbidding[0]["source_modules"]) == sorted(f"migdialogue.{m}" for m in above)


def test_contributing_maps_every_module() -> None:
    """CONTRIBUTING.md gives every module its line, and its layout every test, benchmark, script and
    web file: a new file without one fails here."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    missing = [p.name for p in PACKAGE.rglob("*.py") if f"`{p.name}`" not in text]
    assert missing == []
    layout = text[text.index("## The layout, one line per file") :]
    files = [
        *(ROOT / "tests").glob("*.py"),
        *(ROOT / "benchmarks").glob("*.py"),
        *(ROOT / "scripts").glob("*.py"),
        *(PACKAGE / "web").iterdir(),
    ]
    unmapped = sorted(
        str(p.relative_to(ROOT)) for p in files if p.name != "__init__.py" and f"`{p.name}`" not in layout
    )
    assert unmapped == [], "give each its line in CONTRIBUTING.md's layout"
    for script in (
        "scripts/update_readme.py",
        "benchmarks/bench.py",
        "benchmarks/scale.py",
        "benchmarks/search_eval.py",
    ):
        assert script in text and (ROOT / script).exists()


def test_cli_choices_are_the_cores() -> None:
    """The Literal choices of --format, --by, --in, --style are the core's own tuples."""
    from typing import get_args

    from migdialogue import cite, exporting, fulltext, query, render
    from migdialogue.cli import options

    assert get_args(options.OutputFormat) == render.FORMATS
    assert get_args(options.ExportFormat) == exporting.FORMATS
    assert get_args(options.Facet) == query.FACETS
    assert get_args(options.SearchIn) == fulltext.COLLECTIONS
    assert get_args(options.CiteStyle) == cite.STYLES


def test_every_filter_reaches_every_interface() -> None:
    """A filter is a field of query.Filters, of the CLI's FilterArgs (with its flag in _FILTER_FLAGS) and an
    argument of the MCP tools (mcpserver._filters): CONTRIBUTING's table of a new filter, each row checked."""
    import inspect

    from migdialogue import mcpserver, query
    from migdialogue.cli import options

    resolved = list(query.Filters._fields)
    assert list(options._FILTER_FLAGS) == resolved
    assert list(inspect.signature(query.Filters.resolve).parameters)[1:] == resolved  # after ds
    typed = [name.rstrip("_") for name in options.FilterArgs._fields]
    assert len(typed) == len(resolved)
    assert list(inspect.signature(mcpserver._filters).parameters)[1:] == typed
    calls = inspect.getsource(options.FilterArgs.resolve) + inspect.getsource(mcpserver._filters)
    assert all(calls.count(f"{name}=") == 2 for name in resolved), "pass each filter on to Filters.resolve"


def test_shared_options_are_declared_once_in_their_bundles() -> None:
    """--format/--json/--no-color, --data/--data-only and the filters reach a command only through
    its bundle (with_output, with_data, with_filters): a command that has --json, --data or
    --country has the bundle, so a new field of a bundle reaches every command that takes it."""
    import typer.main

    from migdialogue.cli import app, options

    marks = {"--json": options.OutputArgs, "--data": options.DataArgs, "--country": options.FilterArgs}
    group = typer.main.get_command(app)
    checked = 0
    for name in group.list_commands(None):  # type: ignore[arg-type]
        cmd = group.get_command(None, name)  # type: ignore[arg-type]
        assert cmd is not None
        flags = {opt for param in cmd.params for opt in param.opts}
        bundles = getattr(cmd.callback, "bundles", {}).values()
        for flag, bundle in marks.items():
            if flag in flags:
                assert bundle in bundles, f"{name}: {flag} is declared outside {bundle.__name__}"
                checked += 1
    assert checked >= 30


def _command_functions() -> list[ast.FunctionDef]:
    """The functions of cli/commands.py that are commands: under @command(...), or handed to command()."""
    tree = ast.parse((PACKAGE / "cli" / "commands.py").read_text(encoding="utf-8"))
    called = {
        node.args[0].id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Call) and node.args
        if isinstance(node.func.func, ast.Name)
        and node.func.func.id == "command"
        and isinstance(node.args[0], ast.Name)
    }

    def decorated(node: ast.FunctionDef) -> bool:
        return any(isinstance(d, ast.Call) and getattr(d.func, "id", "") == "command" for d in node.decorator_list)

    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and (decorated(n) or n.name in called)]


def test_every_command_function_is_under_25_lines() -> None:
    """A command parses, calls one core function and emits one view: its body (after the signature and
    the docstring) stays under 25 lines; what is longer goes into a helper or the core."""
    commands = _command_functions()
    assert len(commands) >= 18  # every command, the four collection commands as one function
    long = {}
    for node in commands:
        body = node.body[1:] if ast.get_docstring(node) is not None else node.body
        lines = (node.end_lineno or 0) - body[0].lineno + 1
        if lines >= 25:
            long[node.name] = lines
    assert long == {}, "split these commands (see CONTRIBUTING, 'A command')"
