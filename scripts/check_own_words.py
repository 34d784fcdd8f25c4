"""Find editors' notes that repeat N words of the brief in a row: python scripts/check_own_words.py BRIEF.md [N]

The brief's text is not shipped with the project, so this is a script for reviewers, not a test.
It checks the notes (notes, challenge_notes, sector_notes, form_notes) of the bundled records,
which must be in our own words; verbatim text belongs in a quote field. Exit status 1 when any
note repeats N (default 9) or more consecutive words of the brief.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from migdialogue import dataset

NAMES = ("germany philippines bilateral labour agreement on nurses",)  # proper names are not copying


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", re.sub(r"<sup>\d+</sup>", " ", text).lower().replace("\u2019", "'"))


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    brief = words(Path(sys.argv[1]).read_text(encoding="utf-8"))
    runs = {tuple(brief[i : i + n]) for i in range(len(brief) - n + 1)}
    ds = dataset.load()
    notes: list[tuple[str, str]] = []
    for ex in ds.examples:
        texts = (*ex.notes, *ex.challenge_notes.values(), *ex.sector_notes.values(), *ex.form_notes.values())
        notes += [(ex.id, t) for t in texts]
    notes += [(s.id, t) for s in ds.statistics for t in s.notes]
    notes += [(r.id, t) for r in ds.recommendations for t in r.notes]
    found = 0
    for ident, text in notes:
        w = words(text)
        hits = [" ".join(w[i : i + n]) for i in range(len(w) - n + 1) if tuple(w[i : i + n]) in runs]
        hits = [h for h in hits if not any(h in name for name in NAMES)]
        if hits:
            found += 1
            print(f"{ident}: {hits[0]!r}")
    print(f"{len(notes)} notes checked, {found} repeat {n} or more words of the brief", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
