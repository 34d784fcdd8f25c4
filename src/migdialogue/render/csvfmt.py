"""CSV: one row per record, a header even when there is none. Lists and mappings (a quote) are
written as JSON in their cell (``["Italy", "Spain"]``), so they split back without ambiguity."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from . import Document, Fields, Listing, Section, View, cell, clean


def csv_cell(value: Any) -> str:
    """One CSV cell: lists and mappings as JSON, nothing for None, true/false for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, dict)):
        return clean(json.dumps(value, ensure_ascii=False))
    return clean(str(value))


def _flat_columns(data: list[dict[str, Any]]) -> list[str]:
    columns: list[str] = []
    for row in data:
        for key in row:
            if key not in columns:
                columns.append(key)
    return columns


def render_csv(view: View) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if isinstance(view, Listing) or isinstance(view.data, list):
        rows = [r if isinstance(r, dict) else {"value": r} for r in view.data]
        columns = _flat_columns(rows)
        if not columns and isinstance(view, Listing):
            columns = view.fields or [key for key, _ in view.columns]
        writer.writerow(columns)
        for row in rows:
            writer.writerow([csv_cell(row.get(c)) for c in columns])
        return out.getvalue()
    assert isinstance(view, Document)
    writer.writerow(["section", "field", "value"])
    for block in view.blocks:
        if isinstance(block, Fields):
            for label, value in block.pairs:
                writer.writerow(["", label, cell(value)])
        elif isinstance(block, Section):
            for line in block.lines:
                writer.writerow([block.heading, "", line])
            if block.listing is not None:
                for row in block.listing.table_rows():
                    text = " | ".join(cell(row.get(k)) for k, _ in block.listing.columns)
                    writer.writerow([block.heading, "", text])
    return out.getvalue()
