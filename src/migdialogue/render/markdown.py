"""Markdown that renders on GitHub and converts cleanly with pandoc."""

from __future__ import annotations

import re
from typing import Any

from ..i18n import labelled
from . import Document, Fields, Listing, Section, View, cell, clean

# Backslash-escaped wherever they are: what CommonMark reads as syntax, and what pandoc's Markdown
# adds to it: $...$ (TeX math), ~ and ^ (subscript, superscript, strikeout), { } (attributes).
_SYNTAX = "\\`*_[]<>|#$~^{}"
_CITATION = re.compile(r"(?<![\w\\])@")  # @key at the start of a word: a pandoc citation
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")  # &amp; or &#123;: a character reference
_LINE_START = re.compile(r"\A(\s*)(?:([-+])|([0-9]{1,9})([.)])(?=\s|\Z))")  # a list item, a rule: -, +, 1.


def escape(text: str) -> str:
    """Escape the characters that Markdown tables and inline text would interpret (as CommonMark,
    GitHub and pandoc read them: ASCII punctuation after a backslash is that character)."""
    text = clean(text)
    for ch in _SYNTAX:
        text = text.replace(ch, "\\" + ch)
    text = _ENTITY.sub("\\\\&", _CITATION.sub("\\\\@", text))
    text = _LINE_START.sub(lambda m: m[1] + ("\\" + m[2] if m[2] else m[3] + "\\" + m[4]), text)
    return text.replace("\n", " ")


def table(columns: list[tuple[str, str]], rows: list[dict[str, Any]]) -> list[str]:
    lines = ["| " + " | ".join(escape(h) for _, h in columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        lines.append("| " + " | ".join(escape(cell(row.get(k))) for k, _ in columns) + " |")
    return lines


def render_markdown(view: View) -> str:
    lines: list[str] = []
    if isinstance(view, Listing):
        if view.title:
            lines += [f"## {escape(view.title)}", ""]
        lines += table(view.columns, view.table_rows())
        if view.caption:
            lines += ["", escape(view.caption)]
        return "\n".join(lines) + "\n"
    assert isinstance(view, Document)
    lines += [f"# {escape(view.title)}", ""]
    for block in view.blocks:
        if isinstance(block, Fields):
            for label, value in block.pairs:
                if value not in (None, "", [], ()):
                    shown = labelled(escape(label), "").rstrip(" ")  # "Pays :" in French (a no-break space)
                    lines.append(f"- **{shown}** {escape(cell(value))}")
            lines.append("")
        elif isinstance(block, Section):
            lines += [f"## {escape(block.heading)}", ""]
            lines += [f"- {escape(line)}" for line in block.lines]
            if block.lines:
                lines.append("")
            if block.listing is not None:
                if block.listing.table_rows():
                    lines += table(block.listing.columns, block.listing.table_rows())
                else:
                    lines.append(escape(block.listing.empty_notice))
                lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
