"""Rich tables for the terminal. Dataset text goes in as Text objects, never as markup."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from . import Document, Fields, Listing, Section, View, cell, clean


def listing_table(listing: Listing, title: str = "") -> Table:
    table = Table(
        title=Text(clean(title), style="bold") if title else None,
        caption=Text(clean(listing.caption)) if listing.caption else None,
        show_lines=False,
        header_style="bold",
    )
    for key, header in listing.columns:
        if key in ("number", "score", "count", "example_count", "country_count", "iso2", "iso3", "year"):
            table.add_column(Text(header), no_wrap=True, overflow="fold")
        elif key in ("title", "name", "label", "citation"):
            table.add_column(Text(header), overflow="fold", min_width=16)
        elif key == "id":
            table.add_column(Text(header), overflow="fold")
        else:
            table.add_column(Text(header), overflow="fold")
    for row in listing.table_rows():
        table.add_row(*(Text(cell(row.get(key))) for key, _ in listing.columns))
    return table


def _fields(block: Fields) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in block.pairs:
        if value in (None, "", [], ()):
            continue
        grid.add_row(Text(label), Text(cell(value)))
    return grid


def render_table(view: View) -> RenderableType:
    """A Rich renderable for the view."""
    if isinstance(view, Listing):
        return listing_table(view, view.title)
    assert isinstance(view, Document)
    parts: list[Any] = [Text(clean(view.title), style="bold underline")]
    for block in view.blocks:
        parts.append(Text(""))
        if isinstance(block, Fields):
            parts.append(_fields(block))
        elif isinstance(block, Section):
            parts.append(Text(clean(block.heading), style="bold"))
            parts.extend(Padding(Text(clean(line)), (0, 0, 0, 2)) for line in block.lines)
            if block.listing is not None:
                if block.listing.table_rows():
                    parts.append(listing_table(block.listing))
                else:
                    parts.append(Text(f"  ({block.listing.empty_notice})", style="dim"))
    return Group(*parts)
