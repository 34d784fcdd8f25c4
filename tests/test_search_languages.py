"""Search in French and Spanish against the records' French and Spanish text (issue 22), not only
through the lexicon: through the installed CLI, on the bundled data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import cli, proc
from .test_validate import GOOD_EXAMPLE

BRICK_UNION = "argentina-brick-makers-union-2016"  # its statutes changed: 'statuts', 'estatutos' in translation


def found(*args: str) -> list[dict[str, Any]]:
    done = proc("search", *args, "--json")
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout))


def english_text(ds: Any, key: str) -> str:
    return json.dumps(ds.get(key).to_dict(), ensure_ascii=False).lower()


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("modificación de los estatutos", ("modificacion", "estatutos")),
        ('"modification des statuts"', ('"modification des statuts"',)),  # a quoted phrase: the French as written
        ("briquetiers informels devenir membres", ("briquetiers", "devenir", "membres")),
    ],
)
def test_a_phrase_only_the_translation_holds_finds_its_record(ds: Any, query: str, words: tuple[str, ...]) -> None:
    assert not any(w in english_text(ds, BRICK_UNION) for w in ("estatutos", "statuts", "briquetiers"))
    results = found(query)
    assert results and results[0]["id"] == BRICK_UNION
    assert set(words) <= set(results[0]["matched"])


def test_the_translation_s_fields_are_named_in_explain_and_english_queries_do_not_search_them() -> None:
    (first,) = found("modificación", "de", "los", "estatutos", "--explain", "-n", "1")
    assert {f for e in first["explain"] for f in e.get("fields", [])} == {"summary (es)", "notes (es)"}
    for words in (["domestic", "workers"], ["migrant", "workers"]):  # the French text holds both words of the
        english = found(*words, "--explain")  # second in the English names it keeps: English all the same
        assert english and not any("(" in f for d in english for e in d["explain"] for f in e.get("fields", []))


def test_french_explain_names_the_translation_s_field_in_french() -> None:
    run = cli("search", "modification", "des", "statuts", "--explain", "-n", "1", "--lang", "fr")
    assert run.code == 0, run.err
    assert "résumé (fr)" in run.out


def test_the_figures_french_label_is_found_by_a_french_question() -> None:
    results = found("combien", "de", "travailleurs", "migrants", "dans", "le", "monde", "--in", "all")
    assert "international-migrant-workers-2019" in [d.get("id") for d in results[:3]]  # 'dans le monde'


def test_a_user_record_replacing_a_bundled_one_is_not_found_by_the_old_translation(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD_EXAMPLE.replace("id: my-case", f"id: {BRICK_UNION}"), "utf-8")
    mine = cli("search", "modificación", "de", "los", "estatutos", "--json", "--data", str(path))
    assert mine.code == 0, mine.err
    assert BRICK_UNION not in [d["id"] for d in mine.json()]
    bundled = cli("search", "modificación", "de", "los", "estatutos", "--json")
    assert [d["id"] for d in bundled.json()][:1] == [BRICK_UNION]
