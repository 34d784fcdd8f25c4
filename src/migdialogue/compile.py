"""Compile the bundled YAML into data/compiled.db, the SQLite store read at run time.

Run ``python -m migdialogue.compile`` after editing the YAML; a test fails while the
compiled copy differs from the YAML.
"""

from __future__ import annotations

import sys
from typing import Any

from . import lexicon, store
from .dataset import COMPILED, bundled_dir, bundled_yaml_files, check_files
from .errors import DatasetError


def compiled_data() -> dict[str, Any]:
    """The bundled YAML as validated data (the JSON export shape), with the compiled search lexicon."""
    data, problems, _ = check_files(bundled_yaml_files())
    if problems or data is None:
        raise DatasetError(problems)
    rows, places = lexicon.bundled(c["name"] for c in data["countries"])
    data["lexicon"] = lexicon.as_data(rows, places)
    return data


def main() -> int:
    try:
        data = compiled_data()
    except DatasetError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 3
    target = str(bundled_dir() / COMPILED)
    store.build_atomically(data, target)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
