"""JSON and JSON Lines: the data contract's field names, identical whatever the terminal.

A listing is a JSON array with one record per line (written by the C encoder, so a large
result costs little); an object (``show``, ``country`` ...) is indented.
"""

from __future__ import annotations

import json

from . import View


def render_json(view: View, ascii_only: bool = False) -> str:
    if isinstance(view.data, list):
        if not view.data:
            return "[]\n"
        return "[\n" + ",\n".join(json.dumps(item, ensure_ascii=ascii_only) for item in view.data) + "\n]\n"
    return json.dumps(view.data, ensure_ascii=ascii_only, indent=2) + "\n"


def render_jsonl(view: View, ascii_only: bool = False) -> str:
    items = view.data if isinstance(view.data, list) else [view.data]
    return "".join(json.dumps(item, ensure_ascii=ascii_only) + "\n" for item in items)
