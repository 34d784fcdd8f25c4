"""The Typer app and its one error boundary: every MigdialogueError and usage error becomes one line on
stderr and an exit code; tracebacks only with --debug or MIGDIALOGUE_DEBUG=1. Also the command decorator."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from .._version import __version__
from ..errors import EXIT_INVALID_DATA, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE, MigdialogueError, UsageError

if TYPE_CHECKING:
    pass

from .output import _STATE, PROG, _fail, _quiet_broken_pipe, _say, _tolerate_narrow_encoding


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
