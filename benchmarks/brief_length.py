"""How long the briefing notes are: words per note, one page (default) and --full, per subject.

    python benchmarks/brief_length.py            # every country, region, challenge, a few others

Prints a markdown table (subject, kind, words, words with --full, sources listed) and the
largest one-page note; a one-page note is meant to stay near 500 words (one printed A4 page).
"""

from __future__ import annotations

import sys

from migdialogue import briefing, dataset


def main() -> int:
    ds = dataset.load()
    subjects = (
        [c.name for c in ds.countries]
        + ["Africa", "Americas", "Arab States", "Asia and the Pacific", "Europe"]
        + [c.id for c in ds.challenges]
        + ["domestic work", "construction", "crisis situations", "c097"]
    )
    rows = []
    for subject in subjects:
        note = briefing.build(ds, subject)
        short = briefing.render(ds, note, width=80)
        full = briefing.render(ds, note, full=True, width=80)
        listed = short.split("Sources in the brief")[-1].count("\n- \\[")
        rows.append((subject, note.kind, len(short.split()), len(full.split()), listed))
    print("| subject | kind | words | words --full | sources |")
    print("|---|---|---:|---:|---:|")
    for subject, kind, words, full_words, listed in rows:
        print(f"| {subject} | {kind} | {words} | {full_words} | {listed} |")
    longest = max(rows, key=lambda r: r[2])
    print(f"\nlongest one-page note: {longest[0]} ({longest[2]} words)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
