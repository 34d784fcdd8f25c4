"""Refresh the translation catalogues: python scripts/update_catalogues.py

Extracts every marked string (``_``, ``N_``, ``ngettext``, ``pgettext``, ``NC_`` in the package,
``_`` in ``web/*.js``, each command's --help text) with Babel's ``pybabel extract`` (``babel.cfg``),
merges them into ``src/migdialogue/locale/{fr,es}/LC_MESSAGES/migdialogue.po`` (``pybabel
update``: a new string arrives untranslated, a changed one marked fuzzy, a removed one dropped),
then compiles the ``.mo`` files the package ships (``pybabel compile``; fuzzy entries are left
out). Translate the new and fuzzy entries in the ``.po`` files, then run it again to compile.
``--check`` changes nothing and exits 1 when the catalogues are not up to date.
"""

from __future__ import annotations

import inspect
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "migdialogue" / "locale"
DOMAIN = "migdialogue"
LANGUAGES = ("fr", "es")
# The marking functions and where their arguments are: N_ marks, NC_(context, message) marks in a context.
KEYWORDS = ["_", "N_", "ngettext:1,2", "pgettext:1c,2", "NC_:1c,2"]


def help_texts() -> Iterator[str]:
    """The --help texts as the help formatter looks them up: the tool's, and each command's."""
    from migdialogue.cli import app

    callback = app.registered_callback.callback if app.registered_callback else None
    callbacks = [callback, *(c.callback for c in app.registered_commands)]
    for func in callbacks:
        doc = inspect.getdoc(func) if func is not None else None
        if doc:
            yield inspect.cleandoc(doc)


def extract_commands(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[Any]:
    """Babel extractor for cli/commands.py: its marked strings, then every command's --help text."""
    from babel.messages.extract import extract_python

    yield from extract_python(fileobj, keywords, comment_tags, options)
    for text in help_texts():
        yield 0, "_", text, ["the --help text of the tool or of a command"]


def pybabel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    code = CommandLineInterface().run(["pybabel", "-q", *args])
    if code:
        sys.exit(code)


def extract(pot: str) -> None:
    """Every marked string of the package into the template ``pot`` (``pybabel extract``)."""
    here = str(Path(__file__).resolve().parent)
    if here not in sys.path:
        sys.path.insert(0, here)  # this module, as Babel's extractor
    keywords = [arg for k in KEYWORDS for arg in ("-k", k)]
    pybabel(
        "extract", "-F", str(ROOT / "babel.cfg"), "--no-default-keywords", *keywords, "--no-location",
        "--sort-output", "--project", "migdialogue", "--copyright-holder", "the migdialogue authors",
        "--msgid-bugs-address", "https://github.com/", "-o", pot, str(ROOT),
    )  # fmt: skip


def main() -> None:
    check = "--check" in sys.argv[1:]
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, f"{DOMAIN}.pot")
        extract(pot)
        for lang in LANGUAGES:
            po = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
            if not po.exists():
                pybabel("init", "-D", DOMAIN, "-i", pot, "-d", str(LOCALE), "-l", lang)
            update = ["update", "-D", DOMAIN, "-i", pot, "-d", str(LOCALE), "-l", lang]
            update += ["--ignore-obsolete", "--ignore-pot-creation-date"]
            pybabel(*update, *(["--check"] if check else []))
    if not check:
        pybabel("compile", "-D", DOMAIN, "-d", str(LOCALE), "--statistics")


if __name__ == "__main__":
    main()
