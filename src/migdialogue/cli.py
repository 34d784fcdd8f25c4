"""The command-line interface: parse arguments, call one core function, render, print.

This module is the one error boundary: every MigdialogueError and usage error becomes one
line on stderr and an exit code; tracebacks only with --debug or MIGDIALOGUE_DEBUG=1.
"""

from __future__ import annotations

import gc

# Importing Typer creates tens of thousands of objects that live as long as the process; the cyclic
# garbage collector would rescan them again and again (an eighth of a --json answer's CPU). So it is
# off while this module loads, what the imports created is then frozen out of every later
# collection, and main() keeps it off for the one command a process runs (which makes little
# cyclic garbage: records, rows and views are freed by reference counting).
_GC_WAS_ENABLED = gc.isenabled()
gc.disable()

import contextlib  # noqa: E402
import inspect  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, NoReturn, TypeVar, cast  # noqa: E402

import typer  # noqa: E402
from typer.core import TyperCommand, TyperGroup  # noqa: E402

from ._version import __version__  # noqa: E402
from .errors import EXIT_INVALID_DATA, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE, MigdialogueError, UsageError  # noqa: E402
from .render import FORMATS, clean  # noqa: E402

if TYPE_CHECKING:
    from .dataset import Dataset
    from .render import View

PROG = "migdialogue"
_STATE: dict[str, Any] = {"debug": False, "wrote": False}


class Format:
    """The --format default (a plain string: an Enum would cost a millisecond at every start)."""

    table = "table"


def _say(message: str) -> None:
    """One line on stderr after the program's name: every error and notice goes through here, and
    any user text in it is shown, not acted on (see render.clean)."""
    sys.stderr.write(f"{PROG}: {clean(message, one_line=True)}\n")
    sys.stderr.flush()


def _fail(message: str, code: int) -> NoReturn:
    _say(f"error: {message}")
    sys.exit(code)


def _damaged_database(err: Exception) -> bool:
    """A database found damaged while in use. A cache entry is removed and, if nothing was printed
    yet, True: run the command again, on a rebuilt entry. The shipped data cannot be rebuilt."""
    dataset = sys.modules.get("migdialogue.dataset")
    store = sys.modules.get("migdialogue.store")
    if dataset is None or store is None or not store.is_damage(err):
        return False
    if dataset.discard_damaged_cache(err):
        if _STATE["wrote"]:
            _fail("the cached copy of your dataset was damaged; it is removed: run the command again", EXIT_OUTPUT)
        _say("note: the cached copy of your dataset was damaged; rebuilding it")
        return True
    _fail(
        f"the bundled data is damaged ({err}); reinstall migdialogue (or run python -m migdialogue.compile in a clone)",
        EXIT_INVALID_DATA,
    )


def _quiet_broken_pipe() -> NoReturn:
    """The reader went away (``| head``): stop quietly, without a traceback from the final flush."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(EXIT_OK)


def _encodes_unicode() -> bool:
    try:
        "\u2014\u201c".encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _tolerate_narrow_encoding() -> None:
    """On an ASCII or Latin-1 stdout (LC_ALL=C, PYTHONIOENCODING=ascii), replace what cannot be shown."""
    if not _encodes_unicode():
        with contextlib.suppress(AttributeError, ValueError):
            sys.stdout.reconfigure(errors="replace")  # type: ignore[union-attr]


class App(TyperGroup):
    """A Typer group whose ``main`` turns every error into one line and an exit code."""

    def main(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102
        from typer._click import exceptions as click_exc  # typer 0.26-0.28 vendor click

        kwargs["standalone_mode"] = False
        if sys.stdout is None:
            _fail("standard output is closed", EXIT_OUTPUT)
        _tolerate_narrow_encoding()
        _STATE["debug"] = os.environ.get("MIGDIALOGUE_DEBUG", "") not in ("", "0")
        _STATE["wrote"] = False
        if "migdialogue.dataset" in sys.modules:  # a command run before in this process (tests, completion)
            sys.modules["migdialogue.dataset"].forget_opened_cache()
        try:
            try:
                code = super().main(*args, **kwargs)
            except Exception as err:
                if not _damaged_database(err):
                    raise
                code = super().main(*args, **kwargs)  # the damaged cache entry is gone: rebuilt now
        except MigdialogueError as err:
            if _STATE["debug"]:
                raise
            _fail(err.with_flags() if isinstance(err, UsageError) else err.message, err.exit_code)
        except click_exc.NoArgsIsHelpError as err:
            sys.stdout.write(err.format_message().rstrip("\n") + "\n")
            sys.exit(EXIT_OK)
        except click_exc.UsageError as err:
            _fail(err.format_message().replace("\n", " "), EXIT_USAGE)
        except click_exc.ClickException as err:
            _fail(err.format_message().replace("\n", " "), err.exit_code)
        except (typer.Abort, KeyboardInterrupt):
            sys.stderr.write("\n")
            sys.exit(130)
        except BrokenPipeError:
            _quiet_broken_pipe()
        except OSError as err:
            if _STATE["debug"]:
                raise
            _fail(f"cannot write output: {err.strerror or err}", EXIT_OUTPUT)
        except Exception as err:  # the last line of defence: never a traceback for users
            if _STATE["debug"]:
                raise
            _fail(f"internal error: {type(err).__name__}: {err} (run with --debug for details)", 70)
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_broken_pipe()
        except OSError as err:
            _fail(f"cannot write output: {err.strerror or err}", EXIT_OUTPUT)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


app = typer.Typer(
    cls=App,
    name=PROG,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Example: migdialogue country Jordan   (migdialogue COMMAND --help: each command's options)",
)


F = TypeVar("F", bound=Callable[..., Any])


WORD_MARK = "\ue000"  # a private-use character: marks a query word that starts with '-' while options are parsed


class WordsCommand(TyperCommand):
    """A command whose free words may start with '-' (``search domestic work -italy``).

    Only the command's own option names are read as options, and every word starting with '--';
    any other word that starts with '-' is passed on as a word, marked with WORD_MARK, which
    the command removes (see :func:`_words`).
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        takes_value: dict[str, bool] = dict.fromkeys(ctx.help_option_names, False)
        for param in self.params:
            for opt in (*param.opts, *param.secondary_opts):
                takes_value[opt] = not getattr(param, "is_flag", False)
        out: list[str] = []
        value_next = ended = False
        for arg in args:
            if value_next or ended or not arg.startswith("-") or arg == "-":
                value_next = False
            elif arg == "--":
                ended = True
            elif arg in takes_value:
                value_next = takes_value[arg]
            elif not arg.startswith("--"):  # an unknown --option stays an error
                arg = WORD_MARK + arg
            out.append(arg)
        return super().parse_args(ctx, out)


def _words(words: list[str] | None) -> str:
    """The free words of a WordsCommand, as one text."""
    return " ".join(w.removeprefix(WORD_MARK) for w in words or [])


def command(name: str | None = None, cls: type[TyperCommand] | None = None) -> Callable[[F], F]:
    """Register a command; the docstring's closing 'Example:' line becomes the epilog, so that
    every --help ends with an example, after the options."""

    def register(func: F) -> F:
        doc = func.__doc__ or ""
        head, found, example = doc.rpartition("Example:")
        epilog = None
        if found:
            func.__doc__ = head.rstrip()
            epilog = "Example: " + " ".join(example.split())
        app.command(name, epilog=epilog, cls=cls)(func)
        return func

    return register


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"{PROG} {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors (for bug reports).")] = False,
) -> None:
    """Query the ILO policy brief 'Social dialogue for the governance of labour migration' (February 2025)."""
    if debug:
        _STATE["debug"] = True


# -- shared options --------------------------------------------------------------------------------


def _complete_formats(incomplete: str) -> list[str]:
    return [f for f in FORMATS if f.startswith(incomplete.lower())]


FormatOpt = Annotated[
    str,
    typer.Option("--format", "-f", help="Output format: " + ", ".join(FORMATS) + ".", autocompletion=_complete_formats),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Shortcut for --format json.")]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colour (also NO_COLOR or TERM=dumb).")]
DataOpt = Annotated[
    str | None,
    typer.Option(
        "--data",
        help="A YAML, JSON, JSON Lines or CSV file (or a folder of them) of your own records, added to the "
        "bundled data (also MIGDIALOGUE_DATA).",
        envvar="MIGDIALOGUE_DATA",
        show_envvar=False,
    ),
]
DataOnlyOpt = Annotated[bool, typer.Option("--data-only", help="Use the --data records alone, without the brief's.")]


# Completions never contain spaces (a shell would split them): a country or region whose name has
# spaces completes to its id (united-states-of-america, arab-states), which every command accepts.


def _country_words(ds: Dataset) -> list[tuple[str, list[str]]]:
    return [(c.name if " " not in c.name else c.id, [c.name, c.id, c.iso2, c.iso3, *c.aliases]) for c in ds.countries]


def _region_words(ds: Dataset) -> list[tuple[str, list[str]]]:
    from .vocab import REGIONS

    return [(ident, [ident, name]) for ident, name in REGIONS.items()]


def _complete_countries(incomplete: str) -> list[str]:
    return _complete(incomplete, _country_words)


def _complete_regions(incomplete: str) -> list[str]:
    return _complete(incomplete, _region_words)


def _complete_challenges(incomplete: str) -> list[str]:
    return _complete(incomplete, lambda ds: [(c.id, [c.id, c.name]) for c in ds.challenges])


def _complete_subjects(incomplete: str) -> list[str]:
    return _complete_countries(incomplete) + _complete_regions(incomplete) + _complete_challenges(incomplete)


def _complete_ids(incomplete: str) -> list[str]:
    from .query import record_ids

    return _complete(incomplete, lambda ds: [(k, [k]) for k in record_ids(ds)])


def _complete_examples(incomplete: str) -> list[str]:
    from .query import example_ids_starting

    return _complete(incomplete, lambda ds: [(k, [k]) for k in example_ids_starting(ds, incomplete)])


def _complete(incomplete: str, words: Any) -> list[str]:
    """Completions whose name, id, code or alias starts with what was typed, in any case.

    The shell keeps only completions that start with the typed text as typed, so the typed
    part is kept and the rest appended ("jo" -> "jordan", "Unit" -> "United-states-of-america");
    every command matches names, ids and codes in any case.
    """
    try:
        ds = _dataset(None, False)
    except MigdialogueError:
        return []
    typed = incomplete.lower()
    out: list[str] = []
    for shown, names in words(ds):
        for name in (shown, *names):
            word = name.replace(" ", "-")
            if word.lower().startswith(typed):
                out.append(incomplete + word[len(incomplete) :])
                break
    return out


def _dataset(data: str | None, data_only: bool) -> Dataset:
    from . import dataset

    if data_only and not data:
        raise UsageError("--data-only needs --data PATH (or MIGDIALOGUE_DATA)")
    if not data:
        return dataset.load()
    progress = _Progress() if sys.stderr.isatty() else None
    try:
        ds = dataset.load(data, bundled=not data_only, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    if ds.replaced:
        shown = ", ".join(ds.replaced[:5]) + (" ..." if len(ds.replaced) > 5 else "")
        _say(f"note: your data replaces {len(ds.replaced)} bundled record(s): {shown}")
    return ds


class _Progress:
    """A progress bar on stderr for reading a new dataset, shown only once it has taken a second."""

    def __init__(self) -> None:
        import time

        self._clock = time.monotonic
        self._start = self._clock()
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, fraction: float) -> None:
        if self._bar is None:
            if self._clock() - self._start < 1.0:
                return
            from .render.table import progress_bar

            self._bar, self._task = progress_bar("reading your dataset")
        self._bar.update(self._task, completed=fraction)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _format(fmt: str, as_json: bool) -> str:
    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if as_json:
        if fmt not in ("table", "json"):
            raise UsageError(f"--json and --format {fmt} disagree; give one of them")
        return "json"
    return fmt


def _is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def window_width(piped: int | None = None) -> int | None:
    """The width to fit output to: the terminal's; piped, ``COLUMNS`` when set, else ``piped``
    (``None``: as wide as the output needs, so that grep finds every record on its lines)."""
    if _is_terminal():
        with contextlib.suppress(OSError, ValueError, AttributeError):
            columns = os.get_terminal_size(sys.stdout.fileno()).columns
            if columns > 0:
                return columns
    value = os.environ.get("COLUMNS", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    return 80 if _is_terminal() else piped


def _joined(words: list[str]) -> str:
    """A name typed as several words (``country South Africa``) as one name."""
    return " ".join(w.strip() for w in words if w.strip())


def _write(text: str) -> None:
    """Write to stdout; a reader that went away (``| head``) ends the program quietly."""
    _STATE["wrote"] = _STATE["wrote"] or bool(text)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()


def emit(view: View, fmt: str, no_color: bool = False) -> None:
    """Print a view to stdout in a format; notices go to stderr."""
    from .render import Listing

    if fmt == "table":
        if isinstance(view, Listing) and not view.table_rows():
            _say(view.empty_notice)
            return
        from .render.table import render_table

        plain = no_color or bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
        encoding = "utf-8" if _encodes_unicode() else "ascii"
        _write(render_table(view, window_width(), color=not plain and _is_terminal(), encoding=encoding))
        return
    if fmt in ("json", "jsonl"):
        from .render.jsonfmt import iter_json, iter_jsonl

        chunks = (iter_json if fmt == "json" else iter_jsonl)(view, ascii_only=not _encodes_unicode())
        _write_chunks(chunks)
        return
    from .render.text import render_text

    _write(render_text(view, fmt, ascii_only=not _encodes_unicode()))


def _write_chunks(chunks: Any) -> None:
    """Write a large answer piece by piece (about 256 KiB at a time), never as one string."""
    batch: list[str] = []
    size = 0
    try:
        for chunk in chunks:
            batch.append(chunk)
            size += len(chunk)
            if size >= 262_144:
                _STATE["wrote"] = True
                sys.stdout.write("".join(batch))
                batch, size = [], 0
        sys.stdout.write("".join(batch))
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()


# -- commands --------------------------------------------------------------------------------------

ListOpt = Annotated[list[str] | None, typer.Option()]


CountryF = Annotated[
    list[str] | None,
    typer.Option(
        "--country", "-c", help="Country name, alias or ISO code (repeatable).", autocompletion=_complete_countries
    ),
]
RegionF = Annotated[
    list[str] | None, typer.Option("--region", "-r", help="ILO region (repeatable).", autocompletion=_complete_regions)
]
TypeF = Annotated[
    list[str] | None,
    typer.Option(
        "--type", "-t", help="Dialogue type: tripartite, bipartite, multi-stakeholder, unspecified (repeatable)."
    ),
]
LevelF = Annotated[
    list[str] | None,
    typer.Option(
        "--level",
        "-l",
        help="enterprise, sectoral, national, local, regional, interregional or bilateral (repeatable).",
    ),
]
ThemeF = Annotated[
    list[str] | None,
    typer.Option(
        "--theme", help="The brief's heading, e.g. policy-formulation, crisis-situations, cross-border (repeatable)."
    ),
]
ChallengeF = Annotated[
    list[str] | None,
    typer.Option(
        "--challenge",
        help="Challenge id or name, e.g. gender, informality (repeatable).",
        autocompletion=_complete_challenges,
    ),
]
SectorF = Annotated[
    list[str] | None, typer.Option("--sector", "-s", help="Sector, e.g. construction, 'domestic work' (repeatable).")
]
YearF = Annotated[list[int] | None, typer.Option("--year", "-y", help="A year the example mentions (repeatable).")]
SinceF = Annotated[int | None, typer.Option("--since", help="Examples with a year on or after this one.")]
UntilF = Annotated[int | None, typer.Option("--until", help="Examples with a year on or before this one.")]
FormF = Annotated[
    list[str] | None,
    typer.Option(
        "--form", help="Form of dialogue: negotiation, consultation, information-sharing, 'not stated' (repeatable)."
    ),
]
PartyF = Annotated[
    list[str] | None,
    typer.Option(
        "--party",
        help="Who took part: governments, employers, workers, civil-society, migrants, local-authorities, "
        "regional-bodies, international-organizations, other, 'not stated' (repeatable).",
    ),
]


class FilterArgs(NamedTuple):
    """The example filters as typed on the command line."""

    country: list[str] | None = None
    region: list[str] | None = None
    type_: list[str] | None = None
    level: list[str] | None = None
    theme: list[str] | None = None
    challenge: list[str] | None = None
    sector: list[str] | None = None
    year: list[int] | None = None
    since: int | None = None
    until: int | None = None
    form: list[str] | None = None
    party: list[str] | None = None

    def resolve(self, ds: Dataset) -> Any:
        """The query Filters: names, aliases, codes and ids resolved, or a NotFoundError with a suggestion."""
        from .query import Filters

        return Filters.resolve(
            ds,
            countries=self.country or (),
            regions=self.region or (),
            types=self.type_ or (),
            levels=self.level or (),
            themes=self.theme or (),
            challenges=self.challenge or (),
            sectors=self.sector or (),
            years=self.year or (),
            since=self.since,
            until=self.until,
            forms=self.form or (),
            parties=self.party or (),
        )


NO_FILTERS = FilterArgs()

FILTER_OPTIONS: dict[str, Any] = {
    "country": CountryF,
    "region": RegionF,
    "type_": TypeF,
    "level": LevelF,
    "theme": ThemeF,
    "challenge": ChallengeF,
    "sector": SectorF,
    "year": YearF,
    "since": SinceF,
    "until": UntilF,
    "form": FormF,
    "party": PartyF,
}


class _WithFilters:
    """A command with the example filters added to its signature, worked out only when Typer asks
    (building a signature evaluates annotations: a few milliseconds that a --json answer should
    not pay for the commands it does not run)."""

    def __init__(self, func: Callable[..., Any]) -> None:
        self._func = func
        self._signature: inspect.Signature | None = None
        self.__wrapped__ = func
        self.__name__ = func.__name__
        self.__qualname__ = func.__qualname__
        self.__module__ = func.__module__
        self.__doc__ = func.__doc__

    @property
    def __signature__(self) -> inspect.Signature:
        if self._signature is None:
            from typer.models import ArgumentInfo

            signature = inspect.signature(self._func, eval_str=True)
            kept = [p for p in signature.parameters.values() if p.name != "filters"]
            # the filters come right after the command's arguments, so --help lists them first
            arguments = [
                p for p in kept if any(isinstance(m, ArgumentInfo) for m in getattr(p.annotation, "__metadata__", ()))
            ]
            added = [
                inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None, annotation=annotation)
                for name, annotation in FILTER_OPTIONS.items()
            ]
            others = [p for p in kept if p not in arguments]
            self._signature = signature.replace(parameters=arguments + added + others)
        return self._signature

    @property
    def __annotations__(self) -> dict[str, Any]:  # type: ignore[override]
        return {p.name: p.annotation for p in self.__signature__.parameters.values()}

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        values = FilterArgs(**{name: kwargs.pop(name, None) for name in FILTER_OPTIONS})
        return self._func(*args, filters=values, **kwargs)


def with_filters(func: F) -> F:
    """Give a command the example filters (--country ... --until, --form, --party), declared once here.

    The command takes a ``filters: FilterArgs`` parameter; Typer sees the twelve options instead.
    """
    return cast(F, _WithFilters(func))


@command("list")
@with_filters
def list_cmd(
    filters: FilterArgs = NO_FILTERS,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    data: DataOpt = None,
    data_only: DataOnlyOpt = False,
) -> None:
    """List the examples of social dialogue, filtered.

    Filters combine with AND; a repeated option combines with OR.

    Example: migdialogue list --region "Arab States" --type bipartite
    """
    from .query import filter_examples
    from .views import examples_listing

    out = _format(fmt, as_json)
    ds = _dataset(data, data_only)
    chosen = filters.resolve(ds)
    emit(examples_listing(filter_examples(ds, chosen), "Examples"), out, no_color)


def _complete_collections(incomplete: str) -> list[str]:
    from .store import SEARCHABLE

    return [c for c in ("all", *SEARCHABLE) if c.startswith(incomplete.lower())]


@command(cls=WordsCommand)
@with_filters
def search(
    query: Annotated[
        list[str] | None,
        typer.Argument(help="Words to look for (no quotes needed); '\"a phrase\"' must appear as one; -word excludes."),
    ] = None,
    collection: Annotated[
        str,
        typer.Option(
            "--in",
            help="Where to look: examples, challenges, recommendations, instruments, frameworks, statistics, "
            "sources, or all.",
            autocompletion=_complete_collections,
        ),
    ] = "examples",
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="At most this many results (0: all).")] = 10,
    min_score: Annotated[
        float, typer.Option("--min-score", min=0, max=100, help="Only results scoring at least this (0-100).")
    ] = 0.0,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show which query words matched which field, how, and their weights.")
    ] = False,
    filters: FilterArgs = NO_FILTERS,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    data: DataOpt = None,
    data_only: DataOnlyOpt = False,
) -> None:
    """Search the brief in your own words, in English, French or Spanish; ranked, typo-tolerant.

    Words are matched through their stems (farming finds farm), the search lexicon's synonyms
    and translations (hotels finds hospitality; travailleurs domestiques finds domestic work)
    and places (Latin America finds its countries). Each result has a score from 0 to 100.
    '"a phrase"' in single quotes must appear as a phrase; -word leaves out records with it.
    Filters select examples; --in all also searches the other collections.

    Example: migdialogue search nurses recruited from abroad
    """
    from .fulltext import search as run_search
    from .views import search_view

    out = _format(fmt, as_json)
    text = _words(query)
    if not query:
        if not sys.stdin.isatty():
            raise UsageError("search needs a QUERY (for example: migdialogue search domestic work)")
        text = typer.prompt("Search for")
    if not text.strip():
        raise UsageError("the search query is empty")
    from .fulltext import COLLECTIONS

    where = collection.strip().lower()
    if where not in COLLECTIONS:
        raise UsageError(f"--in {collection!r}: choose one of {', '.join(COLLECTIONS)}")
    ds = _dataset(data, data_only)
    chosen = filters.resolve(ds)
    results = run_search(ds, text, chosen, limit=limit, min_score=min_score, collection=where, explain=explain)
    for notice in results.notices:
        _say(f"note: {notice}")
    emit(search_view(results, text, explain=explain), out, no_color)


@command()
def country(
    name: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME",
            help="Country name, alias or ISO code (no quotes needed).",
            autocompletion=_complete_countries,
        ),
    ],
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    data: DataOpt = None,
    data_only: DataOnlyOpt = False,
) -> None:
    """One country: codes, ILO region, its examples, the cross-border examples of its region, its statistics.

    Example: migdialogue country Jordan
    """
    from .query import find_country
    from .views import country_document

    out = _format(fmt, as_json)
    ds = _dataset(data, data_only)
    emit(country_document(ds, find_country(ds, _joined(name))), out, no_color)


@command()
def countries(
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    data: DataOpt = None,
    data_only: DataOnlyOpt = False,
) -> None:
    """Every country the brief names, with its ILO region and number of examples.

    Example: migdialogue countries --format csv
    """
    from .views import countries_listing

    out = _format(fmt, as_json)
    emit(countries_listing(_dataset(data, data_only)), out, no_color)


@command()
def region(
    name: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME",
            help="ILO region: Africa, Americas, Arab States, Asia and the Pacific, Europe (and Central Asia).",
            autocompletion=_complete_regions,
        ),
    ],
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    data: DataOpt = None,
    data_only: DataOnlyOpt = False,
) -> None:
    """One ILO region: its countries, its examples and its statistics.

    Example: migdialogue region Arab States
    """
    from .query import find_region
    from .views import region_document

    out = _format(fmt, as_json)
    ds = _dataset(data, data_only)
    emit(region_document(ds, find_region(_joined(name), ds)), out, no_color)


@command()
def regions(
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    data: DataOpt = None,
    data_only: DataOnlyOpt = False,
) -> None:
    """The five ILO regions with their numbers of countries and examples.

    Example: migdialogue regions
    """
    from .views import regions_listing

    out = _format(fmt, as_json)
    emit(regions_listing(_dataset(data, data_only)), out, no_color)


@command()
def show(
    ident: Annotated[
        str, typer.Argument(metavar="ID", help="Any record id (or a footnote number).", autocompletion=_complete_ids)
    ],
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    data: DataOpt = None,
    data_only: DataOnlyOpt = False,
) -> None:
    """One record in full, with its footnotes resolved and its cross-links.

    Example: migdialogue show jordan-garment-collective-agreement-2022
    """
    from .query import find_record
    from .views import show_document

    out = _format(fmt, as_json)
    ds = _dataset(data, data_only)
    emit(show_document(ds, find_record(ds, ident)), out, no_color)


def _collection_command(name: str, listing: str, doc: str) -> None:
    def collection_command(
        ident: Annotated[str | None, typer.Argument(metavar="[ID]", help="Show one record in full.")] = None,
        fmt: FormatOpt = Format.table,
        as_json: JsonOpt = False,
        no_color: NoColorOpt = False,
        data: DataOpt = None,
        data_only: DataOnlyOpt = False,
    ) -> None:
        from . import views
        from .query import find_in

        out = _format(fmt, as_json)
        ds = _dataset(data, data_only)
        view = getattr(views, listing)(ds) if ident is None else views.show_document(ds, find_in(ds, name, ident))
        emit(view, out, no_color)

    collection_command.__doc__ = doc
    command(name)(collection_command)


_collection_command(
    "challenges",
    "challenges_listing",
    "The common labour migration challenges, or one with the examples that address it.\n\n"
    "Example: migdialogue challenges gender",
)
_collection_command(
    "recommendations",
    "recommendations_listing",
    "The brief's recommendations with the examples that illustrate each, or one in full.\n\n"
    "Example: migdialogue recommendations",
)
_collection_command(
    "frameworks",
    "frameworks_listing",
    "The multilateral frameworks and platforms (2030 Agenda, GCM, GCR, GFMD ...), or one in full.\n\n"
    "Example: migdialogue frameworks gcm",
)
_collection_command(
    "instruments",
    "instruments_listing",
    "The ILO conventions, recommendations, resolutions and frameworks the brief names.\n\n"
    "Example: migdialogue instruments c097",
)


@command()
def sources(
    number: Annotated[int | None, typer.Argument(help="One footnote number.")] = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    data: DataOpt = None,
    data_only: DataOnlyOpt = False,
) -> None:
    """The brief's footnotes, or one with the records that cite it.

    Example: migdialogue sources 44
    """
    from .query import find_source
    from .views import show_document, sources_listing

    out = _format(fmt, as_json)
    ds = _dataset(data, data_only)
    view = sources_listing(ds.sources) if number is None else show_document(ds, find_source(ds, number))
    emit(view, out, no_color)


@command()
@with_filters
def stats(
    overview: Annotated[
        bool, typer.Option("--overview", help="One screen: records per collection and facets.")
    ] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Shortcut for --format csv.")] = False,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="Count the examples by region, type, level, theme, challenge, country, sector, year, form or party.",
        ),
    ] = None,
    filters: FilterArgs = NO_FILTERS,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    data: DataOpt = None,
    data_only: DataOnlyOpt = False,
) -> None:
    """The figures the brief states; with --by, counts of the examples by a facet.

    Example: migdialogue stats --by region
    """
    from . import query, views

    out = "csv" if as_csv and not as_json else _format(fmt, as_json)
    ds = _dataset(data, data_only)
    if overview:
        emit(views.overview_document(ds), out, no_color)
        return
    if by is None:
        others = filters._replace(country=None, region=None)
        if any(value not in (None, []) for value in others):
            raise UsageError("the brief's figures can be filtered by --country and --region only; use --by for counts")
        figures = query.stated_figures(ds, filters.resolve(ds))
        emit(views.statistics_listing(figures, "Figures stated in the brief"), out, no_color)
        return
    chosen = filters.resolve(ds)
    facet = by.strip().lower()
    if facet not in query.FACETS:
        raise UsageError(f"--by {by!r}: choose one of {', '.join(query.FACETS)}")
    total = query.example_total(ds, chosen)
    emit(views.facet_listing(query.facet_counts(ds, facet, chosen), facet, ds, total), out, no_color)


@command()
def about(
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    data: DataOpt = None,
    data_only: DataOnlyOpt = False,
) -> None:
    """The brief (title, date, DOI), the tool and data versions, and the records per collection.

    Example: migdialogue about
    """
    from .views import about_document

    out = _format(fmt, as_json)
    emit(about_document(_dataset(data, data_only)), out, no_color)


@command()
@with_filters
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, jsonl, csv, yaml, sqlite or html.")] = "json",
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write to this file (sqlite needs one, html on a terminal too)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing --output file.")] = False,
    collection: Annotated[str, typer.Option("--collection", help="For csv: the collection to write.")] = "examples",
    filters: FilterArgs = NO_FILTERS,
    data: DataOpt = None,
    data_only: DataOnlyOpt = False,
) -> None:
    """The whole dataset (or the examples a filter keeps, with every other collection).

    json and yaml: one object with 'meta' and one list per collection; jsonl: one line per
    record with its collection; csv: one collection (--collection), lists as JSON in their cell;
    sqlite: one table per collection plus link tables with foreign keys; html: one
    self-contained page to open in any browser, offline (every record, search and filters).
    An existing file is never overwritten without --force, and files are written atomically.

    Example: migdialogue export --format html --output brief.html
    """
    from . import exporting
    from .query import filter_examples

    fmt = fmt.lower()
    if fmt not in exporting.FORMATS:
        raise UsageError(f"--format {fmt!r}: export writes {', '.join(exporting.FORMATS)}")
    ds = _dataset(data, data_only)
    chosen = filters.resolve(ds)
    keep = None if chosen.is_empty() else {e.id for e in filter_examples(ds, chosen)}
    if fmt == "html":
        if output is None and sys.stdout.isatty():
            raise UsageError("--format html writes a web page: add --output FILE (or redirect it to a file)")
        text = exporting.html_page(ds, keep, chosen)
        if output is None:
            _write(text)
            return
        exporting.export_text(text, output, force=force)
        _say(f"wrote {output} ({len(text.encode('utf-8')) // 1024} KB); open it in a browser")
        return
    whole = exporting.subset(ds, keep)
    if output is None:
        if fmt == "sqlite":
            raise UsageError("--format sqlite needs --output FILE")
        _write(exporting.to_text(whole, fmt, collection=collection, ascii_only=not _encodes_unicode()))
        return
    exporting.export(whole, fmt, output, force=force, collection=collection)
    _say(f"wrote {output}")


@command()
@with_filters
def timeline(
    examples_only: Annotated[
        bool, typer.Option("--examples-only", help="Leave out instruments and frameworks.")
    ] = False,
    filters: FilterArgs = NO_FILTERS,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    data: DataOpt = None,
    data_only: DataOnlyOpt = False,
) -> None:
    """ILO instruments, frameworks and examples in year order, one line a year.

    Filters select the examples; an example appears under each year the brief gives for it.

    Example: migdialogue timeline --region africa
    """
    from .query import timeline as build_timeline
    from .views import timeline_listing

    out = _format(fmt, as_json)
    ds = _dataset(data, data_only)
    chosen = filters.resolve(ds)
    entries = build_timeline(ds, chosen, examples_only=examples_only)
    emit(timeline_listing(entries), out, no_color)


@command()
def related(
    ident: Annotated[str, typer.Argument(metavar="ID", help="An example id.", autocompletion=_complete_examples)],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many.")] = 5,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    data: DataOpt = None,
    data_only: DataOnlyOpt = False,
) -> None:
    """The examples most similar to one, each with the reasons (shared country, challenge, sector ...).

    Example: migdialogue related jordan-garment-collective-agreement-2022
    """
    from .query import related as find_related
    from .views import related_listing

    out = _format(fmt, as_json)
    ds = _dataset(data, data_only)
    emit(related_listing(find_related(ds, ident, limit), ident), out, no_color)


@command()
def brief(
    subject: Annotated[
        list[str],
        typer.Argument(
            metavar="SUBJECT",
            help="A country, an ILO region, a challenge, a sector, a theme or an instrument (no quotes needed).",
            autocompletion=_complete_subjects,
        ),
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="markdown or text.")] = "markdown",
    full: Annotated[bool, typer.Option("--full", help="Every summary, challenge and figure (several pages).")] = False,
    no_color: NoColorOpt = False,
    data: DataOpt = None,
    data_only: DataOnlyOpt = False,
) -> None:
    """A one-page briefing note (about 500 words): the subject, its examples one line each, the
    challenges and recommendations that apply, key figures and the sources in the brief.

    On a terminal the Markdown is shown formatted; piped or redirected it is plain Markdown (or
    text) wrapped at 80 columns, or at COLUMNS. References are the brief's footnote numbers in
    brackets, [44, 45], with one list of the sources: pandoc keeps them in HTML, DOCX and PDF.

    Example: migdialogue brief Jordan > jordan.md
    """
    from . import briefing

    kind = fmt.strip().lower()
    if kind not in ("markdown", "md", "text"):
        raise UsageError(f"--format {fmt!r}: brief writes markdown or text")
    ds = _dataset(data, data_only)
    note = briefing.build(ds, _joined(subject))
    markdown = kind != "text"
    width = window_width(piped=80) or 80
    if markdown and _is_terminal():
        from .render.table import render_markdown_terminal

        plain = no_color or bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
        text = briefing.render(ds, note, markdown=True, full=full)
        encoding = "utf-8" if _encodes_unicode() else "ascii"
        _write(render_markdown_terminal(text, width, color=not plain, encoding=encoding))
        return
    _write(briefing.render(ds, note, markdown=markdown, full=full, width=width))


@command()
def cite(
    ident: Annotated[
        str, typer.Argument(metavar="ID", help="Any record id (or a footnote number).", autocompletion=_complete_ids)
    ],
    style: Annotated[str, typer.Option("--style", help="text, bibtex, ris or csl-json.")] = "text",
    data: DataOpt = None,
    data_only: DataOnlyOpt = False,
) -> None:
    """How to cite a record: the brief itself (ILO, 2025, DOI) plus the footnote sources behind it.

    Example: migdialogue cite germany-skilled-immigration-act --style bibtex
    """
    from .cite import STYLES
    from .cite import cite as make_citation
    from .query import find_record

    if style not in STYLES:
        raise UsageError(f"--style {style!r}: choose one of {', '.join(STYLES)}")
    ds = _dataset(data, data_only)
    _write(make_citation(ds, find_record(ds, ident), style))


@command()
def validate(
    path: Annotated[
        str | None,
        typer.Argument(help="A YAML, JSON, JSON Lines or CSV file, or a folder (default: the bundled data)."),
    ] = None,
    alone: Annotated[
        bool,
        typer.Option("--data-only", "--alone", help="Check the file on its own, as --data-only uses it."),
    ] = False,
) -> None:
    """Check a dataset: every problem as FILE:LINE: record ID: what is wrong. Exit 3 if any.

    A file is checked as it will be used, on top of the bundled data, so it may refer to the
    brief's challenges, countries and footnotes.

    Example: migdialogue validate my-cases.yaml
    """
    from .dataset import validate_path

    problems = validate_path(path, bundled=not alone)
    _write("".join(clean(str(problem), one_line=True) + "\n" for problem in problems))
    if problems:
        _say(f"{len(problems)} problem(s) found")
        raise typer.Exit(EXIT_INVALID_DATA)
    _say(f"{path or 'bundled data'}: valid")


def _only_the_invoked_command(argv: list[str]) -> None:
    """Register only the command being run: Typer then builds one Click command, not twenty.

    Building every command's parameters costs more than answering a query; the full group is
    kept when no known command is named (root --help, completion, typos that need the list).
    """
    if os.environ.get("_MIGDIALOGUE_COMPLETE") or any(k.endswith("_COMPLETE") for k in os.environ):
        return
    name = next((a for a in argv if not a.startswith("-")), None)
    chosen = [c for c in app.registered_commands if (c.name or c.callback.__name__ if c.callback else "") == name]
    if chosen:
        app.registered_commands = chosen


gc.freeze()
if _GC_WAS_ENABLED:  # imported as a library (or by tests): leave the collector as it was
    gc.enable()


def main() -> None:
    """Console-script entry point."""
    gc.disable()
    _only_the_invoked_command(sys.argv[1:])
    app(prog_name=PROG)
