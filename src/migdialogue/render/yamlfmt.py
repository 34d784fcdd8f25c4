"""YAML output (the same data as JSON)."""

from __future__ import annotations

from . import View


def render_yaml(view: View) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return str(yaml.dump(view.data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100))
