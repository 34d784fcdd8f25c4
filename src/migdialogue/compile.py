"""Compile the bundled YAML into data/compiled.json, the copy read at run time.

Run ``python -m migdialogue.compile`` after editing the YAML; a test fails while the
compiled copy differs from the YAML.
"""

from __future__ import annotations

import json
import os
import sys

from .dataset import COMPILED, bundled_dir, load_bundled_yaml
from .errors import DatasetError


def compiled_text() -> str:
    """The compiled JSON for the bundled YAML as it is now."""
    return json.dumps(load_bundled_yaml().to_dict(), ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    try:
        text = compiled_text()
    except DatasetError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 3
    target = str(bundled_dir() / COMPILED)
    tmp = target + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, target)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
