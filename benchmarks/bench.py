#!/usr/bin/env python3
"""Time the migdialogue CLI as whole processes, against ``python -c "import typer"``.

Run from the repository root::

    python benchmarks/bench.py                 # sizes 100,1000,10000,100000, 7 runs
    python benchmarks/bench.py --quick         # sizes 100,1000, 3 runs
    python benchmarks/bench.py --sizes 100,10000 --runs 5
    python benchmarks/bench.py --bundled-only --runs 40   # the bundled data only

Synthetic datasets are generated deterministically (``random.Random(seed)``) and cached in
``benchmarks/.data`` (git-ignored). Progress goes to stderr; the report (a markdown table)
goes to stdout. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import importlib.util
import json
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

HERE = Path(__file__).resolve().parent
DEFAULT_DATA_DIR = HERE / ".data"
GENERATOR_VERSION = "2"
DEFAULT_SEED = 20250201
DEFAULT_SIZES = (100, 1_000, 10_000, 100_000)
QUICK_SIZES = (100, 1_000)
BIG_SIZE = 100_000  # from this size on, timed runs are capped (see --big-runs)
SLOW_WARMUP_S = 5.0  # a size whose warm-up takes longer than this is capped too
TIMEOUT_S = 900.0
MIB = 1024 * 1024
FR = {"LANG": "fr_FR.UTF-8"}  # the interface in French, whether or not the system has the locale

# -- choosing the interpreter -------------------------------------------------------------------


def _has_module(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def _shebang_python(script: str) -> str | None:
    try:
        with open(script, "rb") as handle:
            first = handle.readline().decode("utf-8", "replace").strip()
    except OSError:
        return None
    if not first.startswith("#!"):
        return None
    parts = first[2:].split()
    if not parts or "env" in os.path.basename(parts[0]):
        return None
    return parts[0] if os.access(parts[0], os.X_OK) else None


def ensure_interpreter(argv: Sequence[str], wanted: str | None) -> None:
    """Re-run this script with the interpreter that has migdialogue (and PyYAML) installed."""
    if wanted and os.path.abspath(wanted) != os.path.abspath(sys.executable):
        os.execv(wanted, [wanted, os.path.abspath(__file__), *argv])
    if _has_module("migdialogue") and _has_module("typer") and _has_module("yaml"):
        return
    script = shutil.which("migdialogue")
    target = _shebang_python(script) if script else None
    if target and os.path.abspath(target) != os.path.abspath(sys.executable):
        print(f"bench: re-running with {target} (the interpreter of {script})", file=sys.stderr)
        os.execv(target, [target, os.path.abspath(__file__), *argv])
    sys.exit(
        "bench: this Python cannot import migdialogue, typer and yaml; run it with the project's "
        "interpreter (e.g. .venv/bin/python benchmarks/bench.py) or pass --python PATH"
    )


def cli_command() -> list[str]:
    """The console script next to the interpreter (what users run), else ``python -m migdialogue``."""
    script = Path(sys.executable).parent / "migdialogue"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "migdialogue"]


# -- running one process ------------------------------------------------------------------------


@dataclass
class Run:
    ms: float
    rss_kib: int
    rc: int
    stderr: str
    stdout_bytes: int


def run_once(argv: Sequence[str], env: dict[str, str], stdout_path: str | None = None) -> Run:
    """Run argv to completion; wall clock from before the fork to the reaping, and the child's max RSS."""
    with contextlib.ExitStack() as stack:
        out: IO[bytes]
        if stdout_path:
            out = stack.enter_context(open(stdout_path, "wb"))
        else:
            out = stack.enter_context(tempfile.TemporaryFile())
        err = stack.enter_context(tempfile.TemporaryFile())
        killed = threading.Event()
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(list(argv), stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
        except OSError as exc:
            return Run(0.0, 0, 127, f"cannot start {argv[0]}: {exc}", 0)
        pid = proc.pid

        def _kill() -> None:
            killed.set()
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)

        timer = threading.Timer(TIMEOUT_S, _kill)
        timer.start()
        try:
            _, status, usage = os.wait4(pid, 0)
        finally:
            timer.cancel()
        ms = (time.perf_counter() - start) * 1000.0
        rc = os.waitstatus_to_exitcode(status)
        proc.returncode = rc  # reaped by wait4: keep Popen from waiting again
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        if killed.is_set():
            stderr += f"\n(killed after {TIMEOUT_S:.0f} s)"
        size = out.tell()
    return Run(ms, int(usage.ru_maxrss), rc, stderr, size)


@dataclass
class Bench:
    """One invocation measured several times."""

    label: str
    size: str
    argv: list[str]
    expect_rc: int = 0
    times: list[float] = field(default_factory=list)
    mem: list[int] = field(default_factory=list)  # max RSS in KiB, from measure_rss()
    error: str | None = None
    out_bytes: int = 0  # stdout size of the last kept run
    note: str = ""
    env: dict[str, str] = field(default_factory=dict)  # added to the environment (LANG=fr_FR.UTF-8)

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times and self.error is None else None

    @property
    def peak_mib(self) -> float | None:
        return max(self.mem) / 1024.0 if self.mem and self.error is None else None

    def record(self, run: Run, *, keep: bool = True) -> bool:
        """Keep a run's numbers; on an unexpected exit code mark the bench failed and say why."""
        if self.error is not None:
            return False
        if run.rc != self.expect_rc:
            tail = run.stderr.strip()[-2000:] or "(no stderr)"
            self.error = f"exit {run.rc} (expected {self.expect_rc})"
            log(f"FAIL {self.label} [{self.size}]: {self.error}\n  $ {shell_join(self.argv)}\n{indent(tail)}")
            return False
        if keep:
            self.times.append(run.ms)
            self.out_bytes = run.stdout_bytes
        return True


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def shell_join(argv: Sequence[str]) -> str:
    import shlex

    return " ".join(shlex.quote(a) for a in argv)


def child_env(cache_home: str) -> dict[str, str]:
    # PYTHONDONTWRITEBYTECODE would make every run compile the sources again: a user's machine keeps
    # bytecode caches, so the benchmark does too.
    # The interface language is English unless a bench sets LANG itself (only the variables are read).
    drop = ("MIGDIALOGUE_DATA", "MIGDIALOGUE_DEBUG", "MIGDIALOGUE_CACHE_DIR", "PYTHONDONTWRITEBYTECODE")
    drop += ("MIGDIALOGUE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["LANG"] = "C.UTF-8"
    env["XDG_CACHE_HOME"] = cache_home
    return env


# -- synthetic data -----------------------------------------------------------------------------

CHALLENGES = {
    "informality": "Informality",
    "discrimination": "Discrimination",
    "skills": "Skills",
    "gender": "Gender",
    "climate-change": "Climate change",
    "conflict": "Conflict",
    "freedom-of-association": "Freedom of association",
    "data": "Data",
    "cross-border-cooperation": "Cross-border cooperation",
}
REGION_IDS = ("africa", "americas", "arab-states", "asia-pacific", "europe-central-asia")
LEVELS = ("enterprise", "sectoral", "national", "local", "regional", "interregional", "bilateral")
TYPES = ("tripartite", "bipartite", "multi-stakeholder")
THEMES = (
    "policy-formulation",
    "legislative-reform",
    "sectoral-protection",
    "skills-admission",
    "crisis-situations",
    "collective-bargaining",
    "local-territorial",
    "cross-border",
)
SECTORS = (
    "domestic work",
    "construction",
    "agriculture",
    "textiles and garments",
    "health",
    "aged care",
    "temporary agency work",
    "brick making",
    "hospitality",
    "cleaning",
    "transport",
    "manufacturing",
    "fisheries",
    "care work",
    "electronics",
    "catering",
    "mining",
    "seafaring",
)
ACTORS = (
    "trade unions",
    "employers' organizations",
    "social partners",
    "ministry of labour",
    "government",
    "labour inspectorate",
    "National Economic Development and Labour Council (NEDLAC)",
    "Association of Southeast Asian Nations (ASEAN)",
    "ASEAN Trade Union Council (ATUC)",
    "ASEAN Confederation of Employers (ACE)",
    "African Union (AU)",
    "Southern African Development Community (SADC)",
    "Economic Community of West African States (ECOWAS)",
    "East African Community (EAC)",
    "International Labour Organization (ILO)",
    "International Organization for Migration (IOM)",
    "European Commission",
    "International Trade Union Confederation (ITUC)",
    "International Organisation of Employers (IOE)",
    "municipal authorities",
    "civil society organizations",
    "migrant workers' associations",
    "private employment agencies",
    "national employment service",
    "sectoral union",
    "chamber of commerce",
)
SUBJECTS = (
    "Employers' organizations",
    "Trade unions",
    "The ministry of labour",
    "The social partners",
    "Workers' organizations",
    "A tripartite committee",
    "Local authorities",
    "Civil society groups",
    "A national labour advisory board",
    "The sectoral union",
    "Recruitment agencies and unions",
    "Government and employers",
)
VERBS = (
    "negotiated",
    "agreed on",
    "set up",
    "promoted",
    "monitored",
    "consulted on",
    "reviewed",
    "drafted",
    "adopted",
    "extended",
    "piloted",
    "strengthened",
)
OBJECTS = (
    "a collective agreement",
    "fair recruitment guidelines",
    "a skills recognition scheme",
    "minimum wage provisions",
    "social protection coverage",
    "occupational safety and health standards",
    "grievance mechanisms",
    "joint labour inspection visits",
    "pre-departure and post-arrival training",
    "the portability of social security benefits",
    "a code of conduct for employers",
    "a national labour migration policy",
    "a bilateral labour migration agreement",
    "information centres for migrant workers",
    "a memorandum of understanding between unions",
    "a regional qualifications framework",
    "standard employment contracts",
    "a complaints hotline",
)
PURPOSES = (
    "for migrant workers in {sector}",
    "covering refugees and migrant workers alike",
    "to reduce informality in {sector}",
    "to prevent discrimination in recruitment",
    "to protect women migrant domestic workers",
    "to end the charging of recruitment fees to workers",
    "through collective bargaining at sectoral level",
    "so that migrant workers can join and form unions",
    "to match skills shortages with admission policy",
    "in response to the displacement caused by conflict",
    "to cope with climate-related labour mobility",
    "to improve labour migration data and statistics",
    "across the corridor between countries of origin and destination",
    "with equal pay regardless of nationality",
)
CLOSERS = (
    "The brief presents it as a good practice of social dialogue.",
    "Workers' representatives took part in every stage of the negotiation.",
    "An evaluation found wider awareness of rights among migrant workers.",
    "The arrangement was later renewed and extended to other sectors.",
    "Collective bargaining gave migrant workers a voice in setting their conditions of work.",
    "The initiative relied on consultation among governments, employers and workers.",
    "Labour inspectors and unions shared information to detect abuses.",
)
TITLE_TEMPLATES = (
    "{Sector} collective agreement covering migrant workers in {country}",
    "Tripartite council on labour migration policy in {country}",
    "Bilateral agreement on fair recruitment between {country} and {other}",
    "Trade union outreach to migrant workers in {sector} in {country}",
    "Regional framework for skills recognition and labour mobility",
    "Social dialogue on refugees' access to the labour market in {country}",
    "Joint union and employer guidance on {sector} recruitment",
    "Local migration forum of {country}'s municipalities",
    "Sectoral bargaining on wages of migrant {sector} workers",
    "Cross-border union cooperation agreement in {region}",
)
POINT_TEMPLATES = (
    "Wages are set {purpose}.",
    "The parties {verb} {object}.",
    "A joint committee follows up the agreement every year.",
    "Workers receive their contract in a language they understand.",
)


def _pick(rng: random.Random, seq: Sequence[str], k_min: int, k_max: int) -> list[str]:
    return rng.sample(list(seq), rng.randint(k_min, k_max))


def _summary(rng: random.Random, sector: str) -> str:
    target = rng.randint(40, 120)
    sentences: list[str] = []
    words = 0
    while words < target:
        if sentences and rng.random() < 0.25:
            sentence = rng.choice(CLOSERS)
        else:
            lead = f"In {rng.randint(1995, 2024)}, " if rng.random() < 0.3 else ""
            subject = rng.choice(SUBJECTS)
            if lead:
                subject = subject[0].lower() + subject[1:] if subject.startswith(("The ", "A ")) else subject
            purpose = rng.choice(PURPOSES).format(sector=sector)
            sentence = f"{lead}{subject} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {purpose}."
        sentences.append(sentence)
        words += len(sentence.split())
    text = " ".join(sentences).split()
    if len(text) > 120:  # trim to the range, ending on a full stop
        text = text[:120]
        text[-1] = text[-1].rstrip(".,") + "."
    return " ".join(text)


def make_example(rng: random.Random, i: int, countries: list[dict[str, Any]]) -> dict[str, Any]:
    by_region: dict[str, list[dict[str, Any]]] = {}
    for c in countries:
        by_region.setdefault(c["region"], []).append(c)
    level = rng.choice(LEVELS)
    if level == "bilateral":
        chosen = rng.sample(countries, 2)
    elif level == "regional":
        pool = by_region[rng.choice(sorted(by_region))]
        chosen = rng.sample(pool, min(len(pool), rng.randint(0, 3)))
    elif level == "interregional":
        chosen = rng.sample(countries, rng.randint(0, 4))
    else:
        chosen = [rng.choice(countries)]
    regions = sorted({c["region"] for c in chosen})
    if not regions:
        regions = sorted(rng.sample(REGION_IDS, 2 if level == "interregional" else 1))
    sectors = _pick(rng, SECTORS, 0, 2)
    sector = sectors[0] if sectors else rng.choice(SECTORS)
    country = chosen[0]["name"] if chosen else "the region"
    other = chosen[1]["name"] if len(chosen) > 1 else rng.choice(countries)["name"]
    title = rng.choice(TITLE_TEMPLATES).format(
        sector=sector, Sector=sector.capitalize(), country=country, other=other, region=regions[0].replace("-", " ")
    )
    words = title.lower().replace("'s", "").split()[:5]
    slug = "-".join("".join(ch for ch in w if ch.isalnum()) for w in words if any(ch.isalnum() for ch in w))
    record: dict[str, Any] = {
        "id": f"{slug}-{i}",
        "title": title,
        "summary": _summary(rng, sector),
        "countries": [c["name"] for c in chosen],
        "region": regions,
        "level": level,
        "dialogue_type": rng.choice(TYPES),
        "theme": rng.choice(THEMES),
        "years": sorted(rng.sample(range(1990, 2025), rng.randint(0, 4))),
        "sectors": sectors,
        "actors": _pick(rng, ACTORS, 0, 4),
        "challenges": _pick(rng, list(CHALLENGES), 1, 3),
        "sources": sorted(rng.sample(range(1, 94), rng.randint(0, 4))),
    }
    if rng.random() < 0.2:
        points: list[str] = []
        for _ in range(rng.randint(1, 4)):
            point = rng.choice(POINT_TEMPLATES).format(
                purpose=rng.choice(PURPOSES).format(sector=sector), verb=rng.choice(VERBS), object=rng.choice(OBJECTS)
            )
            if point not in points:  # the validator rejects a repeated item
                points.append(point)
        record["points"] = points
    if rng.random() < 0.05:
        record["quote"] = {"text": rng.choice(CLOSERS), "by": rng.choice(ACTORS)}
    return record


def dataset_parts(
    size: int, seed: int, countries: list[dict[str, Any]]
) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """The synthetic dataset as (meta and the small collections, the examples one at a time)."""
    rng = random.Random(seed * 1_000_003 + size)
    meta = {
        "title": f"Synthetic benchmark dataset ({size} examples)",
        "publisher": "migdialogue benchmarks",
        "date": "2025-02",
        "doi": "10.0000/synthetic",
        "data_version": f"synthetic-{GENERATOR_VERSION}",
        "definition": {
            "text": "All types of negotiation, consultation or information sharing among representatives "
            "of governments, employers and workers.",
            "by": "International Labour Organization",
        },
        "notes": [],
    }
    sources = [
        {
            "number": n,
            "citation": f"ILO. {rng.randint(2000, 2024)}. {rng.choice(OBJECTS).capitalize()} "
            f"{rng.choice(PURPOSES).format(sector=rng.choice(SECTORS))}. Geneva: International Labour Office.",
        }
        for n in range(1, 94)
    ]
    challenges = [
        {
            "id": ident,
            "name": name,
            "summary": f"{name} is a common labour migration challenge that social dialogue can address.",
            "sources": sorted(rng.sample(range(1, 94), rng.randint(0, 3))),
        }
        for ident, name in CHALLENGES.items()
    ]
    examples = (make_example(rng, i, countries) for i in range(1, size + 1))
    return {"meta": meta, "sources": sources, "challenges": challenges, "countries": countries}, examples


def make_dataset(size: int, seed: int, countries: list[dict[str, Any]]) -> dict[str, Any]:
    head, examples = dataset_parts(size, seed, countries)
    return {**head, "examples": list(examples)}


def bundled_export(cli: list[str], env: dict[str, str]) -> dict[str, Any]:
    result = subprocess.run([*cli, "export", "--format", "json"], capture_output=True, env=env, timeout=TIMEOUT_S)
    if result.returncode != 0:
        sys.exit(f"bench: `migdialogue export --format json` failed:\n{result.stderr.decode(errors='replace')}")
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def synthetic_file(size: int, seed: int, countries: list[dict[str, Any]], data_dir: Path) -> Path:
    """The cached YAML file for this size, written with the C dumper when missing."""
    import yaml

    digest = hashlib.sha1(
        (GENERATOR_VERSION + json.dumps(countries, sort_keys=True)).encode(), usedforsecurity=False
    ).hexdigest()[:8]
    path = data_dir / f"synthetic-{size}-s{seed}-{digest}.yaml"
    if path.is_file():
        return path
    data_dir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    data = make_dataset(size, seed, countries)
    tmp = path.with_suffix(".yaml.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        yaml.dump(data, handle, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=4096)
    tmp.replace(path)
    log(f"generated {path.name} ({path.stat().st_size / MIB:.1f} MiB) in {time.perf_counter() - start:.1f} s")
    return path


# -- measuring ----------------------------------------------------------------------------------


def measure(benches: Sequence[Bench], runs: int, env: dict[str, str], *, warmup: bool = True) -> float:
    """One warm-up run each, then ``runs`` rounds, interleaved; returns the slowest warm-up in seconds."""
    slowest = 0.0
    if warmup:
        for b in benches:
            r = run_once(b.argv, {**env, **b.env})
            b.record(r, keep=False)
            slowest = max(slowest, r.ms / 1000.0)
    for _ in range(runs):
        for b in benches:
            if b.error is None:
                b.record(run_once(b.argv, {**env, **b.env}))
    return slowest


def measure_cold(bench: Bench, runs: int, env_base: dict[str, str], tmp_root: str) -> None:
    """First runs: each with XDG_CACHE_HOME set to a fresh empty folder."""
    for _ in range(runs):
        cache = tempfile.mkdtemp(prefix="cold-cache-", dir=tmp_root)
        env = dict(env_base, XDG_CACHE_HOME=cache)
        try:
            ok = bench.record(run_once(bench.argv, env))
        finally:
            shutil.rmtree(cache, ignore_errors=True)
        if not ok:
            return


# Linux records the old memory's high-water mark in ru_maxrss at exec, so a child forked (or vforked)
# from this process reports at least this process's RSS. Memory is therefore measured in separate
# runs, each forked from a small helper interpreter (about 8 MiB) that reports its child's ru_maxrss.
RSS_HELPER = """
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execv(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as handle:
    handle.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def measure_rss(bench: Bench, runs: int, env: dict[str, str], tmp_root: str) -> None:
    """Peak RSS of ``runs`` extra runs (not timed)."""
    fd, out = tempfile.mkstemp(prefix="rss-", dir=tmp_root)
    os.close(fd)
    try:
        for _ in range(runs):
            if bench.error is not None:
                return
            run = run_once([sys.executable, "-I", "-S", "-c", RSS_HELPER, out, *bench.argv], env)
            if bench.record(run, keep=False):
                with open(out, encoding="ascii") as handle:
                    bench.mem.append(int(handle.read().strip() or 0))
    finally:
        os.unlink(out)


# -- report -------------------------------------------------------------------------------------


@dataclass
class Row:
    invocation: str
    size: str
    median: str
    ratio: str
    goal: str
    met: str


def fmt_ms(value: float | None) -> str:
    return "FAIL" if value is None else f"{value:.1f}"


def fmt_ratio(value: float | None, base: float | None) -> str:
    if value is None or not base:
        return "—"
    return f"{value / base:.2f}×"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("yes" if ok else "**no**")


def ratio_row(b: Bench, base: float | None, limit: float) -> Row:
    med = b.median
    ok = None if med is None or not base else med / base <= limit
    met = "FAIL" if b.error else verdict(ok)
    return Row(b.label, b.size, fmt_ms(med), fmt_ratio(med, base), f"≤ {limit:g}× typer", met)


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.lower().startswith(("model name", "hardware", "cpu model")):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def print_table(rows: Sequence[Row]) -> None:
    header = Row("invocation", "data size", "median ms", "ratio to import typer", "goal", "met?")
    cells = [header, *rows]
    widths = [max(len(getattr(r, f).replace("|", "\\|")) for r in cells) for f in Row.__dataclass_fields__]

    def line(r: Row) -> str:
        values = [getattr(r, f).replace("|", "\\|") for f in Row.__dataclass_fields__]
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))


def human_size(n: int) -> str:
    return f"{n:,} records"


# -- main ---------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--sizes", help="comma-separated synthetic dataset sizes (default 100,1000,10000,100000)")
    p.add_argument("--runs", type=int, help="timed runs per invocation after one warm-up (default 7)")
    p.add_argument("--quick", action="store_true", help="sizes 100,1000 and 3 runs")
    p.add_argument("--bundled-only", action="store_true", help="only the bundled data (no synthetic datasets)")
    p.add_argument(
        "--big-runs",
        type=int,
        default=3,
        help=f"cap on timed runs for sizes >= {BIG_SIZE:,} or whose warm-up takes > {SLOW_WARMUP_S:g} s (default 3)",
    )
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="cache of generated datasets")
    p.add_argument(
        "--python",
        help="interpreter with migdialogue installed (default: this one, or the one of the migdialogue script on PATH)",
    )
    args = p.parse_args(argv)
    if args.quick:
        args.sizes = args.sizes or ",".join(map(str, QUICK_SIZES))
        args.runs = args.runs or 3
    args.runs = args.runs or 7
    try:
        args.size_list = sorted({int(s.replace("_", "")) for s in (args.sizes or "").split(",") if s.strip()}) or list(
            DEFAULT_SIZES
        )
    except ValueError:
        p.error(f"--sizes: expected comma-separated whole numbers, got {args.sizes!r}")
    if args.runs < 1 or args.big_runs < 1 or min(args.size_list) < 1:
        p.error("--runs, --big-runs and every size must be at least 1")
    return args


def main(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    ensure_interpreter(argv, args.python)
    t_start = time.perf_counter()
    cli = cli_command()
    tmp_root = tempfile.mkdtemp(prefix="migdialogue-bench-")
    warm_cache = os.path.join(tmp_root, "warm-cache")
    os.makedirs(warm_cache)
    env = child_env(warm_cache)
    notes: list[str] = []
    try:
        rows = run_all(args, cli, env, tmp_root, notes)
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)
    version = subprocess.run([*cli, "--version"], capture_output=True, text=True, env=env).stdout.strip()
    typer_version = subprocess.run(
        [sys.executable, "-c", "import importlib.metadata as m; print(m.version('typer'))"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        usable = os.cpu_count() or 0
    print(f"date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}")
    print(f"python: {platform.python_version()} ({sys.executable})")
    print(f"cpu: {cpu_model()}; cores: {os.cpu_count()} ({usable} usable); {platform.system()} {platform.release()}")
    commit = subprocess.run(
        ["git", "-C", str(HERE.parent), "describe", "--always", "--dirty"], capture_output=True, text=True
    ).stdout.strip()
    print(f"tool: {version or 'migdialogue ?'} via {shell_join(cli)}; commit {commit or '?'}; typer {typer_version}")
    sizes = "bundled data only" if args.bundled_only else "sizes " + ", ".join(f"{s:,}" for s in args.size_list)
    print(
        f"runs: median of {args.runs} after 1 warm-up; {sizes}; "
        f"seed {args.seed}; total {time.perf_counter() - t_start:.0f} s"
    )
    print()
    print_table(rows)
    if notes:
        print()
        for note in notes:
            print(f"- {note}")
    return 1 if any(r.met == "FAIL" or r.median == "FAIL" for r in rows) else 0


def run_all(
    args: argparse.Namespace, cli: list[str], env: dict[str, str], tmp_root: str, notes: list[str]
) -> list[Row]:
    runs: int = args.runs
    exported = bundled_export(cli, env)
    bundled_size = f"bundled ({len(exported['examples'])})"
    countries = [{k: v for k, v in c.items() if k != "id" and v is not None} for c in exported["countries"]]

    # 1. bundled data, interleaved with the baseline
    baseline = Bench('python -c "import typer"', "—", [sys.executable, "-c", "import typer"])
    bundled = [
        Bench("country Jordan --json", bundled_size, [*cli, "country", "Jordan", "--json"]),
        Bench(
            "show jordan-garment-collective-agreement-2022 --json",
            bundled_size,
            [*cli, "show", "jordan-garment-collective-agreement-2022", "--json"],
        ),
        Bench("list --json", bundled_size, [*cli, "list", "--json"]),
        Bench(
            'search "collective bargaining" --json', bundled_size, [*cli, "search", "collective bargaining", "--json"]
        ),
        # tables to a file (not a terminal): written by render/plain.py, without Rich
        Bench("country Jordan (table, piped)", bundled_size, [*cli, "country", "Jordan"]),
        Bench('list --region "Arab States" (table, piped)', bundled_size, [*cli, "list", "--region", "Arab States"]),
        Bench("list (table, piped)", bundled_size, [*cli, "list"]),
        Bench("recommendations (table, piped)", bundled_size, [*cli, "recommendations"]),
        Bench('search "collective bargaining" (table, piped)', bundled_size, [*cli, "search", "collective bargaining"]),
        Bench("--help", "—", [*cli, "--help"]),
        Bench("list --nope (usage error, exit 2)", "—", [*cli, "list", "--nope"], expect_rc=2),
        # French (issue 21): a JSON answer loads no catalogue; a table loads the French one
        Bench("country Jordan --json (LANG=fr_FR.UTF-8)", bundled_size, [*cli, "country", "Jordan", "--json"], env=FR),
        Bench("country Jordan (table, piped, LANG=fr_FR.UTF-8)", bundled_size, [*cli, "country", "Jordan"], env=FR),
        Bench(
            'list --region "Arab States" (table, piped, LANG=fr_FR.UTF-8)',
            bundled_size,
            [*cli, "list", "--region", "Arab States"],
            env=FR,
        ),
    ]
    log(f"bundled data: {len(bundled)} invocations + baseline, {runs} runs each")
    measure([baseline, *bundled], runs, env)
    for b in [baseline, *bundled[:4]]:
        measure_rss(b, 2, env, tmp_root)
    base = baseline.median
    if base is None:
        notes.append('the baseline `python -c "import typer"` failed: ratios cannot be computed')
    rows = [Row(baseline.label, "—", fmt_ms(base), "1.00×" if base else "—", "baseline", "—")]
    limits = (1.2, 1.2, 1.2, 1.35, 1.5, 1.5, 1.5, 1.5, 1.5, 2.5, 2.5, 1.15, 1.5, 1.5)
    rows += [ratio_row(b, base, limit) for b, limit in zip(bundled, limits, strict=True)]
    json_path = bundled[:4]
    peaks = [(b.peak_mib, b.label) for b in json_path]
    for mib, what in peaks:
        rows.append(
            Row(
                f"peak RSS: {what}",
                bundled_size,
                "FAIL" if mib is None else f"{mib:.1f} MiB",
                "—",
                "≤ 20 MiB",
                "FAIL" if mib is None else verdict(mib <= 20),
            )
        )
    base_mem = baseline.peak_mib
    rows.append(
        Row(
            'peak RSS: python -c "import typer"',
            "—",
            "FAIL" if base_mem is None else f"{base_mem:.1f} MiB",
            "—",
            "reference",
            "—",
        )
    )
    notes.append(
        "peak RSS = the child's ru_maxrss, in separate untimed runs forked from a small helper process "
        "(a child forked from the benchmark itself would report at least the benchmark's own RSS)"
    )

    if args.bundled_only:
        return rows

    # 2. synthetic datasets
    files: dict[int, Path] = {}
    for size in args.size_list:
        files[size] = synthetic_file(size, args.seed, countries, args.data_dir)
    smallest = args.size_list[0]
    check = subprocess.run([*cli, "validate", str(files[smallest]), "--alone"], capture_output=True, text=True, env=env)
    if check.returncode != 0:
        log(f"FAIL: `validate {files[smallest]} --alone` exited {check.returncode}:\n{indent(check.stderr.strip())}")
        notes.append(f"the synthetic {smallest}-record file does not validate: synthetic benchmarks skipped")
        rows.append(Row(f"validate --alone ({smallest} records)", human_size(smallest), "FAIL", "—", "exit 0", "FAIL"))
        return rows
    log(f"validate {files[smallest].name} --alone: ok")

    jq = shutil.which("jq")
    filters: dict[int, Bench] = {}
    searches: dict[int, Bench] = {}
    colds: dict[int, tuple[Bench, Bench]] = {}
    jqs: dict[int, Bench] = {}
    for size in args.size_list:
        f = str(files[size])
        label = human_size(size)
        # A selective filter (a few hundred of 100,000 records), so the row measures the query engine;
        # a filter that returns a third of the data measures the JSON writer instead.
        filt = Bench(
            "list --data F --data-only --region africa --type bipartite --level enterprise --since 2019 --json",
            label,
            [
                *cli,
                "list",
                "--data",
                f,
                "--data-only",
                "--region",
                "africa",
                "--type",
                "bipartite",
                "--level",
                "enterprise",
                "--since",
                "2019",
                "--json",
            ],
        )
        srch = Bench(
            'search "collective bargaining" --data F --data-only --json --limit 10',
            label,
            [*cli, "search", "collective bargaining", "--data", f, "--data-only", "--json", "--limit", "10"],
        )
        cold_f = Bench("first run (empty cache): list filter", label, filt.argv)
        cold_s = Bench("first run (empty cache): search", label, srch.argv)
        filters[size], searches[size], colds[size] = filt, srch, (cold_f, cold_s)
        size_runs = runs if size < BIG_SIZE else min(runs, args.big_runs)
        cold_runs = 1 if size >= BIG_SIZE else min(size_runs, 3)
        log(f"{label}: first runs ({cold_runs} each, empty XDG_CACHE_HOME)")
        measure_cold(cold_f, cold_runs, env, tmp_root)
        measure_cold(cold_s, cold_runs, env, tmp_root)
        log(f"{label}: warm-up, then timed runs")
        slowest = measure([filt, srch], 0, env)
        if size_runs == runs and slowest > SLOW_WARMUP_S:
            size_runs = min(runs, args.big_runs)
        if size_runs < runs:
            why = f"{BIG_SIZE:,} records or more" if size >= BIG_SIZE else f"slow: warm-up took {slowest:.1f} s"
            notes.append(
                f"{label}: {size_runs} timed runs instead of {runs}, {cold_runs} first run(s) ({why}; "
                f"the warm-up took {slowest:.1f} s)"
            )
        log(f"{label}: {size_runs} runs")
        measure([filt, srch], size_runs, env, warmup=False)
        if size == args.size_list[-1]:
            measure_rss(filt, 1, env, tmp_root)
        if jq:
            json_file = files[size].with_suffix(".json")
            if not json_file.is_file():
                tmp_json = str(json_file) + ".tmp"
                r = run_once([*cli, "export", "--format", "json", "--data", f, "--data-only"], env, tmp_json)
                if r.rc == 0:
                    os.replace(tmp_json, json_file)
                else:
                    os.unlink(tmp_json)
                    log(f"export for jq failed (exit {r.rc}):\n{indent(r.stderr.strip())}")
            if json_file.is_file():
                jq_filter = (
                    '[.examples[] | select((.region | index("africa")) and .dialogue_type == "bipartite" '
                    'and .level == "enterprise" and any(.years[]; . >= 2019))]'
                )
                jqb = Bench("jq reference: the same filter", label, [jq, jq_filter, str(json_file)])
                measure([jqb], size_runs, env)
                jqs[size] = jqb
    if not jq:
        notes.append("jq not found on PATH: no jq reference rows")

    first_f = filters[smallest].median if smallest <= 100 else None
    first_s = searches[smallest].median if smallest <= 100 else None
    prev_marginal: float | None = None
    prev_cold: tuple[int, float] | None = None
    for size in args.size_list:
        label = human_size(size)
        for b, kind in ((filters[size], "filter"), (searches[size], "search")):
            med = b.median
            goal, ok = "—", None
            if size == 10_000:
                goal, ok = "≤ 200 ms", (None if med is None else med <= 200)
            elif size >= BIG_SIZE:
                factor, ref = (1.5, first_f) if kind == "filter" else (2.0, first_s)
                if ref is not None:
                    goal = f"≤ {factor:g}× 100-record {kind} (≤ {factor * ref:.0f} ms)"
                    ok = None if med is None else med <= factor * ref
                else:
                    goal = f"≤ {factor:g}× 100-record {kind} (not measured)"
            met = "FAIL" if b.error else ("—" if goal == "—" else verdict(ok))
            rows.append(Row(b.label, label, fmt_ms(med), fmt_ratio(med, base), goal, met))
        if size == args.size_list[-1]:
            mem = filters[size].peak_mib
            rows.append(Row("peak RSS: list filter", label, "FAIL" if mem is None else f"{mem:.1f} MiB", "—", "—", "—"))
        cold_f, cold_s = colds[size]
        for b in (cold_f, cold_s):
            med = b.median
            per_k = None if med is None else med / (size / 1000)
            goal = "~linear" if per_k is None else f"~linear ({per_k:.1f} ms / 1,000 records)"
            rows.append(Row(b.label, label, fmt_ms(med), fmt_ratio(med, base), goal, "FAIL" if b.error else "—"))
        cold_med = cold_f.median
        if cold_med is not None and prev_cold is not None:
            marginal = (cold_med - prev_cold[1]) / ((size - prev_cold[0]) / 1000)
            text = f"{marginal:.2f} ms per extra 1,000 records ({prev_cold[0]:,} → {size:,})"
            if prev_marginal is not None and prev_cold[0] >= 1000:
                ok = marginal <= 1.5 * max(prev_marginal, 0.01)
                rows[-2].met = f"{verdict(ok)}: {text}, was {prev_marginal:.2f}"
            else:
                rows[-2].met = text
            prev_marginal = marginal
        prev_cold = None if cold_med is None else (size, cold_med)
        if size in jqs:
            j = jqs[size]
            rows.append(Row(j.label, label, fmt_ms(j.median), fmt_ratio(j.median, base), "reference", "—"))
    shown = [f"{s:,}: {filters[s].out_bytes / MIB:.2f} MiB" for s in args.size_list if filters[s].error is None]
    if shown:
        notes.append(f"JSON written by the selective filter: {'; '.join(shown)}")
    notes.append(
        "first run = XDG_CACHE_HOME set to a new empty folder; the other synthetic rows use one fixed cache "
        "folder, filled by the warm-up run"
    )
    notes.append(
        "linearity: marginal cost of the first run between consecutive sizes; 'yes' when it grows by at most 1.5×"
    )
    return rows


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
