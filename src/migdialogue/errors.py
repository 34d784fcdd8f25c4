"""One exception family: each error carries a user-facing message and an exit code."""

from __future__ import annotations

from typing import NamedTuple

from .i18n import N_, _, ngettext, pgettext

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_INVALID_DATA = 3
EXIT_OUTPUT = 4


class MigdialogueError(Exception):
    """Base class. ``str(err)`` is the one line shown to the user."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(MigdialogueError):
    """Bad arguments or options.

    ``options`` names the parameters the message speaks of, in the library's words, written in the
    message between backquotes (`` `since` 2030 is after `until` 2020``): the core never names a
    command-line flag; the CLI shows each as its flag.
    """

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, options: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.options = options

    def with_flags(self) -> str:
        """The message with each parameter it names written as a flag (``min_score`` -> ``--min-score``)."""
        text = self.message
        for name in self.options:
            text = text.replace(f"`{name}`", "--" + name.replace("_", "-"))
        return text


class NotFoundError(MigdialogueError):
    """An id, country, region, challenge ... that the dataset does not have."""

    exit_code = EXIT_NOT_FOUND

    def __init__(self, what: str, value: str, suggestions: list[str] | None = None, hint: str = "") -> None:
        none = _NONE.get(what)
        message = (
            _(none).format(value=repr(value))
            if none
            else _("no {what} {value}").format(what=_(what), value=repr(value))
        )
        if suggestions:
            choices = f" {pgettext('between suggestions', 'or')} ".join(repr(s) for s in suggestions)
            message = _("{message}; did you mean {choices}?").format(message=message, choices=choices)
        elif hint:
            message = _("{first}; {second}").format(first=message, second=hint)
        super().__init__(message)
        self.suggestions = suggestions or []


# "no country 'Atlantis'": one sentence per kind of thing not found (each language has its own grammar).
_NONE = {
    "country": N_("no country {value}"),
    "region": N_("no region {value}"),
    "record": N_("no record {value}"),
    "challenge": N_("no challenge {value}"),
    "sector": N_("no sector {value}"),
    "theme": N_("no theme {value}"),
    "type": N_("no type {value}"),
    "dialogue type": N_("no dialogue type {value}"),
    "level": N_("no level {value}"),
    "form": N_("no form of dialogue {value}"),
    "form of dialogue": N_("no form of dialogue {value}"),
    "party": N_("no party {value}"),
    "instrument": N_("no instrument {value}"),
    "recommendation": N_("no recommendation {value}"),
    "framework": N_("no framework {value}"),
    "statistic": N_("no statistic {value}"),
    "source": N_("no source {value}"),
    "footnote": N_("no footnote {value}"),
    "example": N_("no example {value}"),
    "country, region, challenge, sector, theme or instrument": N_(
        "no country, region, challenge, sector, theme or instrument {value}"
    ),
}


class OutputError(MigdialogueError):
    """Writing the output failed (full disk, closed stream, existing file...)."""

    exit_code = EXIT_OUTPUT


class Problem(NamedTuple):
    """One thing wrong in a dataset, located as precisely as we can."""

    file: str
    line: int
    record: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.record:  # FILE:LINE: stays as editors and tools read it, in every language
            return _("{where}: record {record}: {message}").format(
                where=where, record=self.record, message=self.message
            )
        return f"{where}: {self.message}"


class DatasetError(MigdialogueError):
    """The dataset is invalid; ``problems`` lists every problem found."""

    exit_code = EXIT_INVALID_DATA

    def __init__(self, problems: list[Problem], check: str = "migdialogue validate") -> None:
        self.problems = problems
        first = str(problems[0]) if problems else "invalid dataset"
        more = ""
        if len(problems) > 1:
            n = len(problems) - 1
            more = " " + ngettext(
                "(and {n} more problem; run '{command}' to see them all)",
                "(and {n} more problems; run '{command}' to see them all)",
                n,
            ).format(n=n, command=check)
        super().__init__(first + more)
