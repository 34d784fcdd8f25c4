"""Compile the bundled YAML into data/compiled.db, the SQLite store read at run time.

Run ``python -m migdialogue.compile`` after editing the YAML; a test fails while the
compiled copy differs from the YAML.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

from .dataset import COMPILED, Dataset, bundled_dir, bundled_yaml_files, check_files, check_translations
from .errors import DatasetError


def bundled_lexicon(countries: Iterable[str]) -> dict[str, Any]:
    """The bundled search lexicon, compiled for these country names (raises DatasetError when invalid)."""
    from . import lexicon

    rows, places = lexicon.bundled(countries)
    return lexicon.as_data(rows, places)


def compiled_data() -> dict[str, Any]:
    """The bundled YAML as validated data (the JSON export shape), compiled afresh in memory."""
    built, problems, _ = check_files(bundled_yaml_files(), user=False, lexicon=bundled_lexicon)
    if built is None:
        raise DatasetError(problems)
    return Dataset(built).to_dict()


def main() -> int:
    from .errors import Problem
    from .outfile import write_file

    target = str(bundled_dir() / COMPILED)
    problems: list[Problem] = []

    def build(tmp: str) -> None:
        try:
            built, found, _ = check_files(bundled_yaml_files(), path=tmp, user=False, lexicon=bundled_lexicon)
        except DatasetError as err:
            built, found = None, err.problems
        if built is None:
            problems.extend(found)
            raise DatasetError(found)
        rows, found = check_translations(Dataset(built), str(bundled_dir()), complete=False)
        if found:
            problems.extend(found)
            raise DatasetError(found)
        from .store import add_translations

        add_translations(built.con, rows)
        built.con.execute("VACUUM")
        built.con.close()

    try:
        write_file(target, build, force=True, in_place=False)  # the one writer: atomic, never a special file
    except DatasetError:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 3
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
