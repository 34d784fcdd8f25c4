"""How to cite a record: the brief itself, plus the footnote sources the brief gives for the record."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .dataset import Dataset
from .i18n import _
from .models import Meta, Record
from .render import clean

STYLES = ("text", "bibtex", "ris", "csl-json")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _sources(ds: Dataset, rec: Record) -> list[tuple[int, str]]:
    out = []
    for n in getattr(rec, "sources", ()):
        src = ds.source(n)
        if src is not None:
            out.append((n, src.citation))
    return out


# Each character BibTeX or LaTeX reads as syntax, as what writes it: \{ and \} for the braces
# that pair up, but a command for one that does not (BibTeX counts \{ in a field's brace balance,
# so an unbalanced brace in a user's footnote broke the entry; pandoc drops \textbraceleft, which
# LaTeX prints: only such a brace is lost there), and a command for the backslash, ~ and ^, with {}
# after it so that the next letter stays a letter.
_BIBTEX = str.maketrans(
    {
        "\\": "\\textbackslash{}",
        "~": "\\textasciitilde{}",
        "^": "\\textasciicircum{}",
        **{ch: "\\" + ch for ch in "&%$#_"},
    }
)


def _bibtex_escape(text: str) -> str:
    opened: list[int] = []
    alone: set[int] = set()
    for i, ch in enumerate(text):
        if ch == "{":
            opened.append(i)
        elif ch == "}":
            if opened:
                opened.pop()
            else:
                alone.add(i)
    alone.update(opened)
    out = []
    for i, ch in enumerate(text):
        if ch in "{}":
            out.append(("\\textbraceleft{}" if ch == "{" else "\\textbraceright{}") if i in alone else "\\" + ch)
        else:
            out.append(ch.translate(_BIBTEX))
    return "".join(out)


def _note(where: str, sources: list[tuple[int, str]]) -> str:
    """One clean sentence per footnote: "Cited for ... Footnotes of the brief: [35] Text. [36] Text." """
    parts = [f"Cited for {where}."]
    if sources:
        texts = []
        for n, text in sources:
            text = " ".join(text.split())
            texts.append(f"[{n}] {text}" + ("" if text.endswith((".", "?", "!")) else "."))
        parts.append("Footnotes of the brief: " + " ".join(texts))
    return " ".join(parts)


def _where(records: Sequence[Record]) -> str:
    """``record 'id' (Name)``, or ``records 'a' (A); 'b' (B)``: what the citation is for."""
    named = [f"'{rec.key}' ({rec.display_name})" for rec in records]
    return ("record " if len(named) == 1 else "records ") + "; ".join(named)


def _wrapped(lines: list[str], width: int | None) -> list[str]:
    """Lines wrapped at spaces to ``width`` (never inside a word or a web address), each
    continuation indented under its text."""
    if not width:
        return lines
    import textwrap

    out: list[str] = []
    for line in lines:
        lead = len(line) - len(line.lstrip())
        marker = line.lstrip().split(" ", 1)[0] if line.lstrip().startswith("[") else ""
        indent = " " * (lead + (len(marker) + 1 if marker else 2 if lead == 0 and out else 0))
        out += textwrap.wrap(
            line,
            width=max(width, 20),
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [""]
    return out


def _record_sources(ds: Dataset, rec: Record, mark: str = "") -> list[tuple[int, str]]:
    """The footnotes behind a record: its own; for a footnote, itself; for a country, its examples'.

    A footnote the user's dataset replaced is not the brief's: its text begins with ``mark`` (in
    the format's words: the citation says where it comes from, not only a note on stderr)."""
    from .models import Country, Source

    if isinstance(rec, Source):
        found = [(rec.number, rec.citation)]
    elif isinstance(rec, Country):
        from .query import footnotes_cited

        numbers = footnotes_cited(ds, rec)
        found = [(n, src.citation) for n in numbers if (src := ds.source(n)) is not None]
    else:
        found = _sources(ds, rec)
    if mark and ds.has_user_data:
        found = [(n, f"{mark} {text}" if ds.is_user(str(n)) else text) for n, text in found]
    return found


# what a footnote the user's dataset replaced says first, in a bibliography's note (machine formats:
# always English, as the rest of the note)
REPLACED_NOTE = "(from your own dataset, which replaces the brief's footnote)"


def cite(ds: Dataset, records: Record | Sequence[Record], style: str = "text", *, width: int | None = None) -> str:
    """The citation of one or more records in a style: ``text``, ``bibtex``, ``ris`` or ``csl-json``.

    One bibliography: the brief is one entry, whatever the number of records, with the records and
    the footnotes behind them (each once, by number) in its note; its key never repeats. The text
    style is wrapped at ``width`` when given."""
    from .errors import UsageError

    given = [records] if isinstance(records, Record) else list(records)
    chosen = list({rec.key: rec for rec in reversed(given)}.values())[::-1]  # each once, first place kept
    for rec in chosen:
        if ds.is_user(rec.key):
            yours = _("{id} comes from your own dataset, not from the ILO brief: cite the source you took it from")
            raise UsageError(yours.format(id=repr(rec.key)))
    meta = ds.meta
    if not meta.doi:
        not_brief = _("this dataset is not the ILO brief (it was loaded with `data_only`): nothing to cite")
        raise UsageError(not_brief, options=("data_only",))
    year, _dash, month = meta.date.partition("-")
    if style == "text":
        return _text(ds, chosen, year, width)
    sources = sorted({pair for rec in chosen for pair in _record_sources(ds, rec, REPLACED_NOTE)})
    note = _note(_where(chosen), sources)
    if style == "bibtex":
        return _bibtex(meta, year, month, note)
    if style == "ris":
        return _ris(meta, year, month, note)
    if style == "csl-json":
        return _csl_json(meta, year, month, note)
    raise ValueError(style)


def _text(ds: Dataset, chosen: list[Record], year: str, width: int | None) -> str:
    """The brief's entry, then each record with the footnotes behind it, in the interface language."""
    meta = ds.meta
    lines = [f"{meta.publisher}. {year}. {meta.title}. Policy Brief, {meta.date}. https://doi.org/{meta.doi}"]
    replaced = _("(your own dataset's text, not the brief's footnote)")
    for rec in chosen:
        own = _record_sources(ds, rec, replaced)
        # people read a text citation and paste it into their notes: its words are in the interface
        # language; what it cites stays as written (the brief's entry, the record's name, footnotes)
        lines.append(_("Cited for: record '{id}' ({name}).").format(id=rec.key, name=rec.display_name))
        if own:
            lines.append(_("Sources the brief gives for it:"))
            lines += [f"  [{n}] {text}" for n, text in own]
        else:
            lines.append(_("The brief gives no footnote for it."))
    return clean("\n".join(_wrapped(lines, width)) + "\n")


def _bibtex(meta: Meta, year: str, month: str, note: str) -> str:
    key = f"ilo{year}socialdialogue"
    fields = {
        # double braces: a corporate author, not a person called "Organization, International Labour"
        "author": "{{International Labour Organization}}",
        "title": "{" + _bibtex_escape(meta.title) + "}",
        "institution": "{" + _bibtex_escape(meta.publisher) + "}",
        "type": "{Policy Brief}",
        "year": "{" + year + "}",
        "month": _MONTHS[int(month) - 1] if month.isdigit() and 1 <= int(month) <= 12 else "",
        "doi": "{" + meta.doi + "}",
        "url": "{https://doi.org/" + meta.doi + "}",
        "note": "{" + _bibtex_escape(note) + "}",
    }
    body = ",\n".join(f"  {k} = {v}" for k, v in fields.items() if v)
    return clean(f"@techreport{{{key},\n{body}\n}}\n")


def _ris(meta: Meta, year: str, month: str, note: str) -> str:
    tags = [
        ("TY", "RPRT"),
        # the trailing comma marks a corporate author (family name only) for Zotero, EndNote, pandoc
        ("AU", "International Labour Organization,"),
        ("TI", meta.title),
        ("M3", "Policy Brief"),
        ("PY", year),
        ("DA", f"{year}/{month}//" if month else ""),
        ("PB", meta.publisher),
        ("DO", meta.doi),
        ("UR", f"https://doi.org/{meta.doi}"),
        ("N1", note),
    ]
    lines = [f"{tag}  - {' '.join(value.split())}" for tag, value in tags if value]
    return clean("\n".join([*lines, "ER  - "]) + "\n")


def _csl_json(meta: Meta, year: str, month: str, note: str) -> str:
    item: dict[str, Any] = {
        "id": f"ilo-{year}-social-dialogue-labour-migration",
        "type": "report",
        "genre": "Policy Brief",
        "title": meta.title,
        "author": [{"literal": "International Labour Organization"}],
        "publisher": meta.publisher,
        "issued": {"date-parts": [[int(year)] + ([int(month)] if month else [])]},
        "DOI": meta.doi,
        "URL": f"https://doi.org/{meta.doi}",
        "note": note,
    }
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"
