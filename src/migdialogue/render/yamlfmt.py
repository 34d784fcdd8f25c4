"""YAML output (the same data as JSON)."""

from __future__ import annotations

from . import View


def render_yaml(view: View, *, ascii_only: bool = False) -> str:
    """``ascii_only``: every other character written as an escape (``"\\xE4"``), still the same data."""
    from ..yamlio import dump

    return dump(view.data, ascii_only=ascii_only)
