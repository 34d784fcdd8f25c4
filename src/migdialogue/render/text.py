"""Every format but the Rich table, chosen by name (the package's __init__ imports none of its formats)."""

from __future__ import annotations

from collections.abc import Callable

from . import View


def render_text(view: View, fmt: str, *, ascii_only: bool = False) -> str:
    """Every format but the Rich table, as text ending with a newline.

    ``ascii_only``: JSON and YAML escape non-ASCII characters (the same data, on an ASCII terminal).
    """
    renderer: Callable[[View], str]
    if fmt in ("json", "jsonl") and ascii_only:
        from .jsonfmt import render_json, render_jsonl

        return (render_json if fmt == "json" else render_jsonl)(view, ascii_only=True)
    if fmt == "yaml" and ascii_only:
        from .yamlfmt import render_yaml

        return render_yaml(view, ascii_only=True)
    if fmt == "json":
        from .jsonfmt import render_json as renderer
    elif fmt == "jsonl":
        from .jsonfmt import render_jsonl as renderer
    elif fmt == "csv":
        from .csvfmt import render_csv as renderer
    elif fmt == "yaml":
        from .yamlfmt import render_yaml as renderer
    elif fmt == "markdown":
        from .markdown import render_markdown as renderer
    else:  # pragma: no cover - the CLI only passes known formats
        raise ValueError(fmt)
    return renderer(view)
