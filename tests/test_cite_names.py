"""Citations that import cleanly (BibTeX, RIS, CSL-JSON) and names typed without quotes (issue 10)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from . import pandoc
from .conftest import cli

RECORD = "germany-skilled-immigration-act"
NOCITE = '---\nnocite: "@*"\n---\n'


def test_bibtex_has_a_corporate_author_a_month_macro_and_a_clean_note() -> None:
    bib = cli("cite", RECORD, "--style", "bibtex").out
    assert "  author = {{International Labour Organization}},\n" in bib
    assert "  month = feb,\n" in bib
    (note,) = re.findall(r"  note = \{(.*)\}\n", bib)
    assert note == (
        "Cited for record 'germany-skilled-immigration-act' (Germany's Skilled Immigration Act). "
        'Footnotes of the brief: [35] See: Government of Germany, "The New Skilled Immigration Act at a Glance". '
        '[36] See: "Germany to Pass Immigration Reform Law This Week", Reuters, 19 June 2023.'
    )
    assert ".;" not in bib and bib.count("{") == bib.count("}")


def test_ris_for_zotero_endnote_mendeley() -> None:
    ris = cli("cite", RECORD, "--style", "ris").out
    lines = ris.splitlines()
    assert lines[0] == "TY  - RPRT" and lines[-1] == "ER  - "
    assert "AU  - International Labour Organization," in lines
    assert "DO  - 10.54394/GMYI2601" in lines and "PY  - 2025" in lines and "DA  - 2025/02//" in lines
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines)


def _bibliography(tmp_path: Path, binary: str, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return pandoc.run(
        binary, "--citeproc", "--bibliography", str(path), "-f", "markdown", "-t", "plain", "--wrap=none", stdin=NOCITE
    )


@pytest.mark.parametrize("style", ["bibtex", "ris", "csl-json"])
def test_pandoc_citeproc_names_the_ilo_as_an_organisation(tmp_path: Path, style: str) -> None:
    binary = pandoc.pandoc_reading_ris() if style == "ris" else pandoc.pandoc()
    suffix = {"bibtex": "bib", "ris": "ris", "csl-json": "json"}[style]
    text = cli("cite", RECORD, "--style", style).out
    out = _bibliography(tmp_path, binary, f"brief.{suffix}", text)
    assert out.startswith("International Labour Organization. 2025."), out
    assert "Organization, International" not in out and "https://doi.org/10.54394/GMYI2601" in out


def test_pandoc_reads_the_bibtex_month_and_author_as_data(tmp_path: Path) -> None:
    path = tmp_path / "brief.bib"
    path.write_text(cli("cite", RECORD, "--style", "bibtex").out, encoding="utf-8")
    (item,) = json.loads(pandoc.run(pandoc.pandoc(), "-f", "bibtex", "-t", "csljson", str(path)))
    assert item["author"] == [{"literal": "International Labour Organization"}]
    assert item["issued"] == {"date-parts": [[2025, 2]]}


@pytest.mark.parametrize(
    ("words", "quoted"),
    [
        (["country", "South", "Africa"], ["country", "South Africa"]),
        (["region", "Arab", "States"], ["region", "Arab States"]),
        (["brief", "Viet", "Nam"], ["brief", "Viet Nam"]),
        (["country", "united", "states", "of", "america"], ["country", "United States of America"]),
    ],
)
def test_names_need_no_quotes(words: list[str], quoted: list[str]) -> None:
    extra = ["--json"] if words[0] != "brief" else []
    bare, wrapped = cli(*words, *extra), cli(*quoted, *extra)
    assert bare.code == 0, bare.err
    assert bare.out == wrapped.out


def test_brief_of_a_two_word_name_is_about_it() -> None:
    run = cli("brief", "Viet", "Nam")
    assert run.code == 0 and run.out.startswith("# Briefing note: Viet Nam\n")


def test_show_keeps_one_argument() -> None:
    run = cli("show", "jordan", "gender")
    assert run.code == 2 and "unexpected extra argument" in run.err.lower()


def test_cite_styles() -> None:
    text = cli("cite", "germany-skilled-immigration-act").out
    assert "https://doi.org/10.54394/GMYI2601" in text and "[35]" in text and "[36]" in text
    bib = cli("cite", "germany-skilled-immigration-act", "--style", "bibtex").out
    assert bib.startswith("@techreport{ilo2025socialdialogue,") and bib.count("{") == bib.count("}")
    csl = json.loads(cli("cite", "germany-skilled-immigration-act", "--style", "csl-json").out)
    assert csl[0]["DOI"] == "10.54394/GMYI2601" and csl[0]["issued"]["date-parts"] == [[2025, 2]]
    assert cli("cite", "germany-skilled-immigration-act", "--style", "apa").code == 2
    assert "month = feb," in bib and "{{International Labour Organization}}" in bib
