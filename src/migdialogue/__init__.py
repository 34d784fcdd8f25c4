"""migdialogue: the ILO policy brief on social dialogue for labour migration governance, as queryable data.

>>> import migdialogue
>>> ds = migdialogue.load()
>>> [e.id for e in ds.examples if "Jordan" in e.countries]
['jordan-garment-collective-agreement-2022']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .dataset import Dataset, load
    from .errors import DatasetError, MigdialogueError, NotFoundError, UsageError
    from .fulltext import search
    from .query import Filters, facet_counts, filter_examples, related

__all__ = [
    "Dataset",
    "DatasetError",
    "Filters",
    "MigdialogueError",
    "NotFoundError",
    "UsageError",
    "__version__",
    "facet_counts",
    "filter_examples",
    "load",
    "related",
    "search",
]

_LAZY = {
    "Dataset": "dataset",
    "load": "dataset",
    "DatasetError": "errors",
    "MigdialogueError": "errors",
    "NotFoundError": "errors",
    "UsageError": "errors",
    "Filters": "query",
    "filter_examples": "query",
    "facet_counts": "query",
    "related": "query",
    "search": "fulltext",
}


def __getattr__(name: str) -> Any:
    """Import the library API on first use, so ``import migdialogue`` stays cheap."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'migdialogue' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"migdialogue.{module}"), name)
