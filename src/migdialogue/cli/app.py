"""The Typer app and its one error boundary: every MigdialogueError and usage error becomes one line on
stderr and an exit code; tracebacks only with --debug or MIGDIALOGUE_DEBUG=1. Also the command decorator."""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup, TyperOption

from .. import i18n
from .._version import __version__
from ..errors import EXIT_INVALID_DATA, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE, MigdialogueError, UsageError
from ..i18n import N_, _

if TYPE_CHECKING:
    from typer._click import Context

from . import interrupts
from .output import PROG, Output, _fail, _quiet_broken_pipe, _say, _tolerate_narrow_encoding


def _damaged_database(err: Exception, out: Output) -> bool:
    """A database found damaged while in use. A cache entry is removed and, if nothing was printed
    yet, True: run the command again, on a rebuilt entry. The shipped data cannot be rebuilt."""
    dataset = sys.modules.get("migdialogue.dataset")
    store = sys.modules.get("migdialogue.store.read")
    if dataset is None or store is None or not store.is_damage(err):
        return False
    if dataset.discard_damaged_cache(err):
        if out.wrote:
            _fail(_("the cached copy of your dataset was damaged; it is removed: run the command again"), EXIT_OUTPUT)
        _say(_("note: the cached copy of your dataset was damaged; rebuilding it"))
        return True
    _fail(
        _(
            "the bundled data is damaged ({error}); reinstall migdialogue "
            "(or run python -m migdialogue.compile in a clone)"
        ).format(error=err),
        EXIT_INVALID_DATA,
    )


# -- the interface language: --lang, declared once here for the app and every command ----------------

LANG_HELP = N_("Interface language: en, fr or es (else MIGDIALOGUE_LANG, then LANGUAGE, LC_ALL, LC_MESSAGES, LANG).")


def _lang_option() -> TyperOption:
    """The --lang option. Its value is read before parsing (see :func:`_requested_language`), so that
    parse errors and --help are in that language too; the option is here to be parsed and listed."""
    return TyperOption(param_decls=["--lang"], metavar="LANG", expose_value=False, help=LANG_HELP)


def _requested_language(args: list[str]) -> str | None:
    """The --lang value among the arguments (``--lang fr``, ``--lang=fr``), the last one given; a value
    that is not a language is one line and exit 2."""
    value = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang":
            if i + 1 >= len(args):
                _fail(_("--lang needs a value: en, fr or es"), EXIT_USAGE)
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
    if value is not None and value.strip().lower() not in i18n.LANGUAGES:
        _fail(_("--lang {value!r}: choose en, fr or es").format(value=value), EXIT_USAGE)
    return value.strip().lower() if value is not None else None


# -- the words Click prints itself, in the interface language ---------------------------------------

CLICK_WORDS = (
    N_("Usage: "),
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("[OPTIONS]"),
    N_("COMMAND [ARGS]..."),
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("default: {value}"),
    N_("required"),
)

# Click's messages, as it writes them (typer/_click writes them in English), and each as our msgid.
_CLICK_MESSAGES: list[tuple[str, str]] = [
    (r"Missing argument '(?P<name>[^']*)'\.(?P<rest>.*)", N_("Missing argument '{name}'.")),
    (r"Missing option '(?P<name>[^']*)'\.(?P<rest>.*)", N_("Missing option '{name}'.")),
    (r"Missing parameter: (?P<name>.*)", N_("Missing parameter: {name}")),
    (r"Missing command\.", N_("Missing command.")),
    (
        r"No such option: (?P<name>\S+) \(Possible options: (?P<choices>.*)\)",
        N_("No such option: {name} (did you mean {choices}?)"),
    ),
    (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
    (
        r"No such command '(?P<name>.*)'\. Did you mean (?P<choices>.*)\?",
        N_("No such command '{name}'. Did you mean {choices}?"),
    ),
    (r"No such command '(?P<name>.*)'\.", N_("No such command '{name}'.")),
    (r"Got unexpected extra arguments? \((?P<args>.*)\)", N_("Got unexpected extra argument ({args})")),
    (r"Option '(?P<name>[^']*)' requires an argument\.", N_("Option '{name}' requires an argument.")),
    (r"Option '(?P<name>[^']*)' requires (?P<n>\d+) arguments\.", N_("Option '{name}' requires {n} arguments.")),
    (r"Option '(?P<name>[^']*)' does not take a value\.", N_("Option '{name}' does not take a value.")),
    (
        r"Invalid value for (?P<name>.*?): (?P<value>'.*') is not one of (?P<choices>.*)\.",
        N_("Invalid value for {name}: {value} is not one of {choices}."),
    ),
    (
        r"Invalid value for (?P<name>.*?): (?P<value>'.*') is not a valid int(?: range)?\.",
        N_("Invalid value for {name}: {value} is not a valid integer."),
    ),
    (
        r"Invalid value for (?P<name>.*?): (?P<value>'.*') is not a valid float(?: range)?\.",
        N_("Invalid value for {name}: {value} is not a valid number."),
    ),
    (
        r"Invalid value for (?P<name>.*?): (?P<value>\S+) is not in the range (?P<range>.*)\.",
        N_("Invalid value for {name}: {value} is not in the range {range}."),
    ),
    (r"Invalid value for (?P<name>.*?): (?P<message>.*)", N_("Invalid value for {name}: {message}")),
]


def click_message(message: str) -> str:
    """A message of Click's in the interface language (as it is when English, or unknown)."""
    if i18n.language() == i18n.DEFAULT:
        return message
    import re

    for pattern, msgid in _CLICK_MESSAGES:
        found = re.fullmatch(pattern, message, re.DOTALL)
        if found:
            return _(msgid).format(**{k: v for k, v in found.groupdict().items() if k != "rest"})
    return message


class Formatter(HelpFormatter):
    """Click's help formatter, with its own words (Usage, Options, Commands...) in the interface language,
    laid out to the window however narrow (Click never goes below 50 columns: a 40-column window wrapped
    every line of it)."""

    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None) -> None:
        if width is None:
            import shutil

            from typer._click import formatting  # typer 0.26-0.28 vendor click

            width = formatting.FORCED_WIDTH  # set by click's test runner
            if width is None:
                columns = shutil.get_terminal_size().columns  # COLUMNS first, then the terminal's
                width = max(min(columns, max_width or 80) - 2, 20)
        super().__init__(indent_increment, width, max_width)

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_(heading))

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        if self.width < 60:  # a narrow window keeps room for the help texts
            col_max = min(col_max, max(self.width // 3, 8))
        room = max(self.width - self.current_indent, 10)
        split: list[tuple[str, str]] = []
        for term, text in rows:  # a term wider than the window (a long list of choices): broken after a '|'
            while len(term) > room:
                cut = max(term.rfind("|", 0, room), term.rfind(" ", 0, room))
                if cut <= 0:
                    break
                split.append((term[: cut + 1].rstrip(), ""))
                term = "  " + term[cut + 1 :].lstrip()
            split.append((term, text))
        rows = split
        if i18n.language() != i18n.DEFAULT:  # Click's own '[default: table]' and '[required]' after a help text
            import re

            def extra(found: re.Match[str]) -> str:
                parts = [
                    _("default: {value}").format(value=p[9:]) if p.startswith("default: ") else _(p)
                    for p in found.group(1).split("; ")
                ]
                return "[" + "; ".join(parts) + "]"

            rows = [(term, re.sub(r"\[((?:default: |required).*)\]$", extra, text)) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


def _translated_help(command: Any, ctx: Context, formatter: HelpFormatter, write: Callable[[], None]) -> None:
    """Write help with every parameter's help text in the interface language: each is translated for
    the time of writing (the command objects may be reused in another language: tests, completion)."""
    params = [p for p in command.get_params(ctx) if getattr(p, "help", None)]
    saved = [p.help for p in params]
    try:
        for param in params:
            param.help = _(param.help)
        write()
    finally:
        for param, text in zip(params, saved, strict=True):
            param.help = text


class _Translated:
    """What the app and every command share: --lang, and help in the interface language, translated when
    it is shown (the English path translates nothing)."""

    help: str | None
    epilog: str | None
    options_metavar: str | None

    def _add_lang(self) -> None:
        params = self.params  # type: ignore[attr-defined]
        if not any("--lang" in p.opts for p in params):
            params.append(_lang_option())

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        if i18n.language() == i18n.DEFAULT:
            return super().format_help(ctx, formatter)  # type: ignore[misc, no-any-return]
        _translated_help(self, ctx, formatter, lambda: super(_Translated, self).format_help(ctx, formatter))  # type: ignore[misc]
        return None

    def format_help_text(self, ctx: Context, formatter: HelpFormatter) -> None:
        saved = self.help
        if saved:
            self.help = _(inspect.cleandoc(saved))
        try:
            super().format_help_text(ctx, formatter)  # type: ignore[misc]
        finally:
            self.help = saved

    def format_epilog(self, ctx: Context, formatter: HelpFormatter) -> None:
        saved = self.epilog
        if saved:
            self.epilog = _translated_epilog(saved)
        try:
            super().format_epilog(ctx, formatter)  # type: ignore[misc]
        finally:
            self.epilog = saved

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces: list[str] = super().collect_usage_pieces(ctx)  # type: ignore[misc]
        return [_(p) if p in ("[OPTIONS]", "COMMAND [ARGS]...") else p for p in pieces]

    def get_short_help_str(self, limit: int = 45) -> str:
        if i18n.language() == i18n.DEFAULT or not self.help or getattr(self, "short_help", None):
            return super().get_short_help_str(limit)  # type: ignore[misc, no-any-return]
        from typer._click.utils import make_default_short_help

        return make_default_short_help(_(inspect.cleandoc(self.help)), limit).strip()


EXAMPLE = N_("Example: {command}")


def _translated_epilog(epilog: str) -> str:
    """An epilog in the interface language: 'Example: COMMAND' keeps its command as typed."""
    translated = _(epilog)
    if translated == epilog and epilog.startswith("Example: "):
        return _(EXAMPLE).format(command=epilog.removeprefix("Example: "))
    return translated


class Command(_Translated, TyperCommand):
    """A command with --lang and its help in the interface language."""

    context_class = type("Context", (TyperCommand.context_class,), {"formatter_class": Formatter})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._add_lang()


class App(_Translated, TyperGroup):
    """A Typer group whose ``main`` sets the interface language, hands the command its output context
    (``obj``: an Output, built from the process unless given) and turns every error into one line and
    an exit code."""

    context_class = Command.context_class
    debug = False  # a traceback on errors: MIGDIALOGUE_DEBUG or --debug

    def invoke(self, ctx: Any) -> Any:  # noqa: D102
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # a reader that went away from a file written into (``--output /dev/stdout | head``): click
            # would turn it into exit 1 without a word; it ends quietly, as on stdout
            _quiet_broken_pipe()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._add_lang()

    def main(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102
        saved = dict(i18n._state)
        try:
            return self._main(*args, **kwargs)
        finally:  # run from Python (tests, a host program): the library's language is left as it was
            i18n._state.update(saved)

    def _main(self, *args: Any, **kwargs: Any) -> Any:
        from typer._click import exceptions as click_exc  # typer 0.26-0.28 vendor click

        kwargs["standalone_mode"] = False
        given = kwargs.get("args", args[0] if args else None)
        argv = list(sys.argv[1:] if given is None else given)
        i18n.set_language(None)  # from the environment, for a bad --lang's own message
        lang = _requested_language(argv)
        i18n.set_language(lang)
        if lang is not None and len(argv) <= 2 and argv[0].startswith("--lang"):  # only --lang: the tool's help
            args, kwargs["args"] = (), []
        if sys.stdout is None:
            _fail(_("standard output is closed"), EXIT_OUTPUT)
        _tolerate_narrow_encoding()
        if not isinstance(kwargs.get("obj"), Output):
            kwargs["obj"] = Output.from_environment()
        out: Output = kwargs["obj"]
        self.debug = os.environ.get("MIGDIALOGUE_DEBUG", "") not in ("", "0")
        if "migdialogue.dataset" in sys.modules:  # a command run before in this process (tests, completion)
            sys.modules["migdialogue.dataset"].forget_opened_cache()
        try:
            interrupts.restore()  # from here on, Ctrl-C is a KeyboardInterrupt this boundary ends quietly
            try:
                code = super().main(*args, **kwargs)
            except Exception as err:
                if not _damaged_database(err, out):
                    raise
                code = super().main(*args, **kwargs)  # the damaged cache entry is gone: rebuilt now
        except MigdialogueError as err:
            if self.debug:
                raise
            _fail(err.with_flags() if isinstance(err, UsageError) else err.message, err.exit_code)
        except click_exc.NoArgsIsHelpError as err:
            sys.stdout.write(err.format_message().rstrip("\n") + "\n")
            sys.exit(EXIT_OK)
        except click_exc.UsageError as err:
            _fail(click_message(err.format_message()).replace("\n", " "), EXIT_USAGE)
        except click_exc.ClickException as err:
            _fail(click_message(err.format_message()).replace("\n", " "), err.exit_code)
        except (typer.Abort, KeyboardInterrupt):
            sys.stderr.write("\n")
            sys.exit(130)
        except BrokenPipeError:
            _quiet_broken_pipe()
        except OSError as err:
            if self.debug:
                raise
            _fail(_("cannot write output: {reason}").format(reason=err.strerror or err), EXIT_OUTPUT)
        except Exception as err:  # the last line of defence: never a traceback for users
            if self.debug:
                raise
            _fail(
                _("internal error: {error} (run with --debug for details)").format(
                    error=f"{type(err).__name__}: {err}"
                ),
                70,
            )
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_broken_pipe()
        except OSError as err:
            _fail(_("cannot write output: {reason}").format(reason=err.strerror or err), EXIT_OUTPUT)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


app = typer.Typer(
    cls=App,
    name=PROG,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=N_("Example: migdialogue country Jordan   (migdialogue COMMAND --help: each command's options)"),
)


F = TypeVar("F", bound=Callable[..., Any])


WORD_MARK = "\ue000"  # a private-use character: marks a query word that starts with '-' while options are parsed


class WordsCommand(Command):
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
        app.command(name, epilog=epilog, cls=cls or Command)(func)
        return func

    return register


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"{PROG} {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=N_("Show the version and exit."))
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help=N_("Show a traceback on errors (for bug reports)."))] = False,
) -> None:
    """Query the ILO policy brief 'Social dialogue for the governance of labour migration' (February 2025)."""
    if debug and isinstance(ctx.command, App):
        ctx.command.debug = True
