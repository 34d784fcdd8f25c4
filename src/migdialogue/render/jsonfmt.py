"""JSON and JSON Lines: the data contract's field names, identical whatever the terminal."""

from __future__ import annotations

import json

from . import View


def render_json(view: View, ascii_only: bool = False) -> str:
    return json.dumps(view.data, ensure_ascii=ascii_only, indent=2) + "\n"


def render_jsonl(view: View, ascii_only: bool = False) -> str:
    items = view.data if isinstance(view.data, list) else [view.data]
    return "".join(json.dumps(item, ensure_ascii=ascii_only) + "\n" for item in items)
