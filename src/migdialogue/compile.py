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
from .store import Store


def bundled_lexicon(countries: Iterable[str]) -> dict[str, Any]:
    """The bundled search lexicon, compiled for these country names (raises DatasetError when invalid)."""
    from . import lexicon

    return lexicon.as_data(lexicon.bundled(countries))


def build_bundled(path: str | None = None) -> Store:
    """The bundled YAML, its search lexicon and its translations, checked and stored in a new
    database at ``path`` (in memory when None); raises DatasetError listing every problem."""
    from .store.build import add_translations

    built, found, _ = check_files(bundled_yaml_files(), path=path, user=False, lexicon=bundled_lexicon)
    if built is None:
        raise DatasetError(found)
    rows, found = check_translations(Dataset(built), str(bundled_dir()))
    if found:
        raise DatasetError(found)
    add_translations(built.con, rows)
    return built


def main() -> int:
    from .outfile import write_file

    target = str(bundled_dir() / COMPILED)

    def build(tmp: str) -> None:
        built = build_bundled(tmp)
        built.con.execute("VACUUM")
        built.con.close()

    try:
        write_file(target, build, force=True, in_place=False)  # the one writer: atomic, never a special file
    except DatasetError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 3
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
