"""YAML output (the same data as JSON)."""

from __future__ import annotations

from . import View


def render_yaml(view: View) -> str:
    from ..yamlio import dump

    return dump(view.data)
