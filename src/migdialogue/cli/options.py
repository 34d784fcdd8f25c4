"""The options, declared once: bundles of them injected into the commands that take them (output:
--format, --json, --no-color with ``with_output``; data: --data, --data-only with ``with_data``; the
example filters with ``with_filters``), completion, and turning them into what the core takes."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple, cast, get_type_hints

import typer

from ..errors import MigdialogueError, UsageError
from ..i18n import N_, _, ngettext
from ..render import FORMATS

if TYPE_CHECKING:
    from ..dataset import Dataset

from .app import F
from .output import Output, _Progress, _say


class Format:
    """The --format default (a plain string: an Enum would cost a millisecond at every start)."""

    table: Literal["table"] = "table"


# -- shared options --------------------------------------------------------------------------------


def _complete_formats(incomplete: str) -> list[str]:
    return [f for f in FORMATS if f.startswith(incomplete.lower())]


# Choices as Literal types: Typer lists them in --help and refuses any other value in one line; any case is
# accepted. tests/test_architecture.py checks each against the core's own tuple.
OutputFormat = Literal["table", "json", "jsonl", "csv", "yaml", "markdown"]  # render.FORMATS
ExportFormat = Literal["json", "jsonl", "csv", "yaml", "sqlite", "html", "datapackage"]  # exporting.FORMATS
Facet = Literal["region", "type", "level", "theme", "challenge", "country", "sector", "year", "form", "party"]
SearchIn = Literal[
    "all", "examples", "challenges", "recommendations", "instruments", "frameworks", "statistics", "sources"
]
CiteStyle = Literal["text", "bibtex", "ris", "csl-json"]  # cite.STYLES

FormatOpt = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help=N_("Output format."), case_sensitive=False, autocompletion=_complete_formats),
]
JsonOpt = Annotated[bool, typer.Option("--json", help=N_("Shortcut for --format json."))]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help=N_("No colour (also NO_COLOR or TERM=dumb)."))]
DataOpt = Annotated[
    str | None,
    typer.Option(
        "--data",
        help=N_(
            "A YAML, JSON, JSON Lines or CSV file (or a folder of them) of your own records, added to the "
            "bundled data (also MIGDIALOGUE_DATA)."
        ),
        envvar="MIGDIALOGUE_DATA",
        show_envvar=False,
    ),
]
DataOnlyOpt = Annotated[
    bool, typer.Option("--data-only", help=N_("Use the --data records alone, without the brief's."))
]


# Completions never contain spaces (a shell would split them): a country or region whose name has
# spaces completes to its id (united-states-of-america, arab-states), which every command accepts.


def _country_words(ds: Dataset) -> list[tuple[str, list[str]]]:
    return [(c.name if " " not in c.name else c.id, [c.name, c.id, c.iso2, c.iso3, *c.aliases]) for c in ds.countries]


def _region_words(ds: Dataset) -> list[tuple[str, list[str]]]:
    from ..vocab import REGIONS

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
    from ..query import record_ids

    return _complete(incomplete, lambda ds: [(k, [k]) for k in record_ids(ds)])


def _complete_examples(incomplete: str) -> list[str]:
    from ..query import example_ids_starting

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
    from .. import dataset

    if data_only and not data:
        raise UsageError(_("--data-only needs --data PATH (or MIGDIALOGUE_DATA)"))
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
        count = len(ds.replaced)
        _say(
            ngettext(
                "note: your data replaces {n} bundled record: {ids}",
                "note: your data replaces {n} bundled records: {ids}",
                count,
            ).format(n=count, ids=shown)
        )
    return ds


def _format(fmt: str, as_json: bool) -> str:
    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        raise UsageError(_("--format {value!r}: choose one of {choices}").format(value=fmt, choices=", ".join(FORMATS)))
    if as_json:
        if fmt not in ("table", "json"):
            raise UsageError(_("--json and --format {value} disagree; give one of them").format(value=fmt))
        return "json"
    return fmt


def _joined(words: list[str]) -> str:
    """A name typed as several words (``country South Africa``) as one name."""
    return " ".join(w.strip() for w in words if w.strip())


# -- commands --------------------------------------------------------------------------------------

ListOpt = Annotated[list[str] | None, typer.Option()]


CountryF = Annotated[
    list[str] | None,
    typer.Option(
        "--country", "-c", help=N_("Country name, alias or ISO code (repeatable)."), autocompletion=_complete_countries
    ),
]
RegionF = Annotated[
    list[str] | None,
    typer.Option("--region", "-r", help=N_("ILO region (repeatable)."), autocompletion=_complete_regions),
]
TypeF = Annotated[
    list[str] | None,
    typer.Option(
        "--type", "-t", help=N_("Dialogue type: tripartite, bipartite, multi-stakeholder, unspecified (repeatable).")
    ),
]
LevelF = Annotated[
    list[str] | None,
    typer.Option(
        "--level",
        "-l",
        help=N_(
            "enterprise, sectoral, national, local, regional, interregional, bilateral or not-stated (repeatable)."
        ),
    ),
]
ThemeF = Annotated[
    list[str] | None,
    typer.Option(
        "--theme",
        help=N_("The brief's heading, e.g. policy-formulation, crisis-situations, cross-border (repeatable)."),
    ),
]
ChallengeF = Annotated[
    list[str] | None,
    typer.Option(
        "--challenge",
        help=N_("Challenge id or name, e.g. gender, informality (repeatable)."),
        autocompletion=_complete_challenges,
    ),
]
SectorF = Annotated[
    list[str] | None,
    typer.Option("--sector", "-s", help=N_("Sector, e.g. construction, 'domestic work' (repeatable).")),
]
YearF = Annotated[list[int] | None, typer.Option("--year", "-y", help=N_("A year the example mentions (repeatable)."))]
SinceF = Annotated[int | None, typer.Option("--since", help=N_("Examples with a year on or after this one."))]
UntilF = Annotated[int | None, typer.Option("--until", help=N_("Examples with a year on or before this one."))]
FormF = Annotated[
    list[str] | None,
    typer.Option(
        "--form",
        help=N_("Form of dialogue: negotiation, consultation, information-sharing, 'not stated' (repeatable)."),
    ),
]
PartyF = Annotated[
    list[str] | None,
    typer.Option(
        "--party",
        help=N_(
            "Who took part: governments, employers, workers, civil-society, migrants, local-authorities, "
            "regional-bodies, international-organizations, other, 'not stated' (repeatable)."
        ),
    ),
]


class FilterArgs(NamedTuple):
    """The example filters as typed on the command line: each field is declared with its option
    (``with_filters`` gives a command all of them)."""

    country: CountryF = None
    region: RegionF = None
    type_: TypeF = None
    level: LevelF = None
    theme: ThemeF = None
    challenge: ChallengeF = None
    sector: SectorF = None
    year: YearF = None
    since: SinceF = None
    until: UntilF = None
    form: FormF = None
    party: PartyF = None

    def resolve(self, ds: Dataset) -> Any:
        """The query Filters: names, aliases, codes and ids resolved, or a NotFoundError with a suggestion."""
        from ..query import Filters

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

# The option of each field of query.Filters (the resolved filters), to write them as a command line.
_FILTER_FLAGS = {
    "countries": "--country",
    "regions": "--region",
    "types": "--type",
    "levels": "--level",
    "themes": "--theme",
    "challenges": "--challenge",
    "sectors": "--sector",
    "years": "--year",
    "since": "--since",
    "until": "--until",
    "forms": "--form",
    "parties": "--party",
}


def filter_args(filters: Any) -> list[str]:
    """Resolved filters as the options that select the same examples, quoted for a shell."""
    import shlex

    out: list[str] = []
    for name, flag in _FILTER_FLAGS.items():
        value = getattr(filters, name)
        values = [] if value is None else list(value) if isinstance(value, tuple | list) else [value]
        out += [f"{flag} {shlex.quote(str(v))}" for v in values]
    return out


class OutputArgs(NamedTuple):
    """How to show a view, as typed: each field is declared with its option (``with_output`` gives a
    command all of them; a new output option is one field here)."""

    fmt: FormatOpt = Format.table
    as_json: JsonOpt = False
    no_color: NoColorOpt = False

    def format(self) -> str:
        """The output format: --format, or json for --json (a usage error when they disagree)."""
        return _format(self.fmt, self.as_json)


class DataArgs(NamedTuple):
    """Which dataset, as typed: each field is declared with its option (``with_data``)."""

    data: DataOpt = None
    data_only: DataOnlyOpt = False

    def load(self) -> Dataset:
        """The bundled dataset, or the user's (added to it, or alone)."""
        return _dataset(self.data, self.data_only)


NO_OUTPUT = OutputArgs()
NO_DATA = DataArgs()

# The bundles in the order --help lists them: the filters right after the command's arguments, then
# the command's own options, then the output and the data options.
_BUNDLES: tuple[type[tuple[Any, ...]], ...] = (FilterArgs, OutputArgs, DataArgs)


def _options(bundle: type[tuple[Any, ...]]) -> list[inspect.Parameter]:
    """A bundle's fields as the parameters Typer reads: their options (the fields' annotations) and defaults."""
    hints = get_type_hints(bundle, include_extras=True)
    defaults: dict[str, Any] = bundle._field_defaults  # type: ignore[attr-defined]
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    return [inspect.Parameter(name, kind, default=value, annotation=hints[name]) for name, value in defaults.items()]


def current_output() -> Output:
    """The output context of the command being run (the error boundary's, see app.App), else one of
    this process (a command called outside the app)."""
    from typer._click.globals import get_current_context

    ctx = get_current_context(silent=True)
    found = None if ctx is None else ctx.find_object(Output)
    return found if found is not None else Output.from_environment()


class _Bundled:
    """A command whose bundles of options (a parameter typed FilterArgs, OutputArgs or DataArgs) are
    given to Typer as their options, worked out only when Typer asks (building a signature evaluates
    annotations: a few milliseconds that a --json answer should not pay for the commands it does not
    run); when called, the options' values are handed to the command as its bundles, and a parameter
    typed Output gets the output context (``current_output``)."""

    def __init__(self, func: Callable[..., Any]) -> None:
        self._func = func
        self._signature: inspect.Signature | None = None
        self.bundles: dict[str, type[tuple[Any, ...]]] = {}  # the command's parameter -> its bundle
        self._outputs: list[str] = []  # the parameters that take the output context
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
            self._outputs = [p.name for p in signature.parameters.values() if p.annotation is Output]
            kept = [p for p in signature.parameters.values() if p.name not in {*self.bundles, *self._outputs}]
            arguments = [
                p for p in kept if any(isinstance(m, ArgumentInfo) for m in getattr(p.annotation, "__metadata__", ()))
            ]
            others = [p for p in kept if p not in arguments]
            chosen = [b for b in _BUNDLES if b in self.bundles.values()]
            first = [p for b in chosen if b is FilterArgs for p in _options(b)]
            last = [p for b in chosen if b is not FilterArgs for p in _options(b)]
            self._signature = signature.replace(parameters=arguments + first + others + last)
        return self._signature

    @property
    def __annotations__(self) -> dict[str, Any]:  # type: ignore[override]
        return {p.name: p.annotation for p in self.__signature__.parameters.values()}

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._signature is None:  # called without Typer (tests): which parameters take what
            self.__signature__  # noqa: B018
        for param in self._outputs:
            kwargs[param] = current_output()
        for param, bundle in self.bundles.items():
            fields: dict[str, Any] = bundle._field_defaults  # type: ignore[attr-defined]
            kwargs[param] = bundle(**{name: kwargs.pop(name, value) for name, value in fields.items()})
        return self._func(*args, **kwargs)


def _bundle(func: F, param: str, bundle: type[tuple[Any, ...]]) -> F:
    wrapper = func if isinstance(func, _Bundled) else _Bundled(func)
    wrapper.bundles[param] = bundle
    return cast(F, wrapper)


def with_output_context(func: F) -> F:
    """Give a command that takes no bundle of options its ``term: Output`` parameter (a command with
    a bundle gets it without this)."""
    return cast(F, func if isinstance(func, _Bundled) else _Bundled(func))


def with_filters(func: F) -> F:
    """Give a command the example filters (--country ... --until, --form, --party), declared once in
    FilterArgs: the command takes a ``filters: FilterArgs`` parameter; Typer sees the twelve options."""
    return _bundle(func, "filters", FilterArgs)


def with_output(func: F) -> F:
    """Give a command the output options (--format, --json, --no-color), declared once in OutputArgs:
    the command takes an ``out: OutputArgs`` parameter."""
    return _bundle(func, "out", OutputArgs)


def with_data(func: F) -> F:
    """Give a command the data options (--data, --data-only), declared once in DataArgs: the command
    takes a ``source: DataArgs`` parameter."""
    return _bundle(func, "source", DataArgs)
