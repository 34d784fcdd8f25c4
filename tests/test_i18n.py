"""The interface language: how it is chosen, and English loading no catalogue."""

from __future__ import annotations

import pytest

from migdialogue import i18n


@pytest.mark.parametrize(
    ("explicit", "env", "expected"),
    [
        ("fr", {}, "fr"),
        ("ES", {"LANG": "fr_FR.UTF-8"}, "es"),
        (None, {"MIGDIALOGUE_LANG": "es", "LANG": "fr_FR.UTF-8"}, "es"),
        (None, {"LANGUAGE": "de:fr", "LANG": "es_ES.UTF-8"}, "fr"),
        (None, {"LC_ALL": "es_MX.UTF-8", "LANG": "fr_FR.UTF-8"}, "es"),
        (None, {"LC_MESSAGES": "fr_CA", "LANG": "es_ES"}, "fr"),
        (None, {"LANG": "de_DE.UTF-8"}, "en"),
        (None, {"LANG": "C.UTF-8"}, "en"),
        (None, {}, "en"),
        ("xx", {"LANG": "fr_BE.UTF-8"}, "fr"),
    ],
)
def test_choose(explicit: str | None, env: dict[str, str], expected: str) -> None:
    assert i18n.choose(explicit, env) == expected


def test_english_loads_no_catalogue() -> None:
    i18n.set_language("en")
    assert i18n._("Examples") == "Examples"
    assert i18n.ngettext("one example", "{n} examples", 2) == "{n} examples"
    assert i18n._state["catalogue"] is None
