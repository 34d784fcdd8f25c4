"""What people hand on (issue 25): notes on any topic, notes that are documents, one bibliography,
data files that agree, a data package and a citation file."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from migdialogue import vocab
from migdialogue.dataset import Dataset

from . import pandoc
from .conftest import cli
from .terminal import run_in_pty

WIDE = {"COLUMNS": "1000"}
DOI_URL = "https://doi.org/10.54394/GMYI2601"


def _titles(note: str) -> list[str]:
    """The titles of the examples a note lists (each starts a list item in bold)."""
    examples = re.split(r"^## (?!Examples|Regional)", note, flags=re.M)[0]
    return re.findall(r"^- (?:Regional: )?\*\*(.+?)\*\*", examples, flags=re.M)


def _listed(*args: str) -> list[str]:
    return [e["title"] for e in cli("list", *args, "--json").json()]


def _md(text: str) -> str:
    """A title as the Markdown note escapes it."""
    from migdialogue.render.markdown import escape

    return escape(text)


# -- 1. notes on any topic -------------------------------------------------------------------------


def test_a_note_takes_the_filters_of_list() -> None:
    run = cli("brief", "--sector", "care", "--sector", "health", "--full", env=WIDE)
    assert run.code == 0, run.err
    assert run.out.startswith("# Briefing note: aged care, care work or health (sectors)\n")
    assert sorted(_titles(run.out)) == sorted(_md(t) for t in _listed("--sector", "care", "--sector", "health"))
    assert "4 examples of social dialogue on labour migration in the sectors aged care, care work or health" in run.out


def test_a_note_takes_a_search_and_keeps_its_ranking() -> None:
    run = cli("brief", "--search", "care workers", "--full", env=WIDE)
    assert run.code == 0, run.err
    assert run.out.startswith("# Briefing note: examples that a search for \u201ccare workers\u201d finds\n")
    found = [r["title"] for r in cli("search", "care", "workers", "-n", "0", "--json").json()]
    assert _titles(run.out) == [_md(t) for t in found] and found


def test_subjects_combine_with_or_and_filters_and_search_narrow_them() -> None:
    both = cli("brief", "Jordan", "Qatar", "--full", env=WIDE)
    assert both.out.startswith("# Briefing note: Jordan and Qatar\n")
    own = _listed("--country", "Jordan", "--country", "Qatar")
    assert set(_md(t) for t in own) <= set(_titles(both.out))
    narrowed = cli("brief", "Europe", "--type", "tripartite", "--search", "skills", "--full", env=WIDE)
    assert narrowed.out.startswith(
        "# Briefing note: Europe and Central Asia; tripartite dialogue; \u201cskills\u201d\n"
    )
    searched = {r["id"] for r in cli("search", "skills", "-n", "0", "--type", "tripartite", "--json").json()}
    kept = [e["title"] for e in cli("region", "Europe", "--json").json()["examples"] if e["id"] in searched]
    assert sorted(_titles(narrowed.out)) == sorted(_md(t) for t in kept) and kept


def test_a_word_naming_several_sectors_or_none_is_still_a_topic() -> None:
    care = cli("brief", "care", env=WIDE)
    assert care.code == 0 and care.out.startswith("# Briefing note: aged care or care work (sectors)\n")
    assert "'care' matches the sectors aged care and care work: the note covers them all" in care.err
    recruitment = cli("brief", "recruitment", env=WIDE)
    assert recruitment.code == 0 and recruitment.out.startswith("# Briefing note: \u201crecruitment\u201d\n")
    assert "the note covers the examples a search for it finds" in recruitment.err
    assert cli("brief", "Jordn").code == 1  # a near spelling is a typo to correct, not a search
    assert "brief needs a subject, a filter or --search" in cli("brief").err


def test_the_terminal_not_the_note_points_to_the_full_note_and_the_web_page() -> None:
    run = cli("brief", "Europe")
    assert "the note names 5 of 20 examples; --full names them all" in run.err
    assert "migdialogue export --format html --region europe-central-asia --output note.html" in run.err
    assert "migdialogue" not in run.out.replace("Prepared with migdialogue.", "")
    assert "And 15 more examples, in the full version of this note." in run.out.replace("\n", " ")


# -- 2. a note is a document -------------------------------------------------------------------------

NOTES = [
    ["Jordan"],
    ["Europe"],
    ["Europe", "--full"],
    ["--sector", "care", "--sector", "health", "--full"],
    ["--search", "care workers"],
    ["South Africa", "--full"],
    ["c097", "--full"],
]


def _ids(ds: Dataset) -> set[str]:
    """Every id a person should never read in a note: the records' and the vocabularies' (with a hyphen)."""
    ids = {
        r.key
        for name in ("examples", "challenges", "recommendations", "instruments", "frameworks")
        for r in ds.collection(name)
    }
    for terms in (vocab.REGIONS, vocab.THEMES, vocab.PARTIES, vocab.FORMS, vocab.DIALOGUE_TYPES):
        ids.update(terms)
    return {i for i in ids if "-" in i} - {"cross-border", "multi-stakeholder"}  # those two are English too


def _docx(tmp_path: Path, args: list[str]) -> tuple[str, str]:
    """A note through pandoc to DOCX: the text of its paragraphs and its relationships (hyperlinks)."""
    note = tmp_path / "note.md"
    note.write_text(cli("brief", *args).out, encoding="utf-8")
    docx = tmp_path / "note.docx"
    pandoc.run(pandoc.pandoc(), str(note), "-o", str(docx))
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
    text = "\n".join("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in paragraphs)
    return text.replace("&amp;", "&").replace("&quot;", '"').replace("&#39;", "'"), rels


@pytest.mark.parametrize("args", NOTES, ids=" ".join)
def test_a_note_in_word_has_no_command_option_or_id_one_pair_of_brackets_and_a_doi_link(
    tmp_path: Path, ds: Dataset, args: list[str]
) -> None:
    text, rels = _docx(tmp_path, args)
    assert "Briefing note: " in text
    assert not re.search(r"migdialogue (?!\.)\w", text.replace("Prepared with migdialogue.", "")), text
    assert not re.search(r"(?<![\w-])--?[a-z]", text), "an option name"
    assert not re.search(r"\u2013[a-z]", text), "an option name that pandoc made a dash"
    words = set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", text))
    assert not words & _ids(ds), words & _ids(ds)
    assert not re.search(r"\(\d{4}[^()]*\)\*?\*? \(\d{4}", text), "a title ending in years, then its years again"
    assert not re.search(r"\)\s*\(", text), "two pairs of brackets in a row"
    assert f'Target="{DOI_URL}"' in rels and 'TargetMode="External"' in rels


@pytest.mark.parametrize("args", NOTES[:3], ids=" ".join)
def test_a_note_in_html_links_the_doi_and_the_urls_of_its_sources(args: list[str]) -> None:
    html = pandoc.run(pandoc.pandoc(), "-f", "markdown", "-t", "html", "--wrap=none", stdin=cli("brief", *args).out)
    assert f'<a href="{DOI_URL}"' in html
    assert "\\[" not in html and "\\&lt;" not in html and "&lt;http" not in html


# -- 3. one bibliography -----------------------------------------------------------------------------

THREE = [
    "germany-skilled-immigration-act",
    "australia-aged-care-labour-agreement",
    "jordan-garment-collective-agreement-2022",
]


def _footnotes(ds: Dataset, ids: list[str]) -> list[int]:
    return sorted({n for i in ids for n in ds.get(i).sources})  # type: ignore[union-attr]


def test_several_records_make_one_bibtex_entry_that_a_bibtex_parser_reads(ds: Dataset) -> None:
    import bibtexparser

    run = cli("cite", *THREE, "--style", "bibtex")
    assert run.code == 0, run.err
    library = bibtexparser.parse_string(run.out)
    assert not library.failed_blocks  # a repeated key is a failed block (DuplicateBlockKeyBlock)
    (entry,) = library.entries
    assert entry.key == "ilo2025socialdialogue" and entry.fields_dict["doi"].value == "10.54394/GMYI2601"
    note = entry.fields_dict["note"].value
    assert all(f"'{i}'" in note for i in THREE)
    assert [int(n) for n in re.findall(r"\[(\d+)\]", note)] == _footnotes(ds, THREE)  # each once, in order
    # the filters add the examples they keep, to the same one entry
    both = bibtexparser.parse_string(cli("cite", THREE[0], "--sector", "care", "--style", "bibtex").out)
    assert len(both.entries) == 1 and not both.failed_blocks
    assert "'australia-aged-care-labour-agreement'" in both.entries[0].fields_dict["note"].value


@pytest.mark.parametrize("style", ["bibtex", "ris", "csl-json"])
def test_pandoc_citeproc_reads_a_bibliography_of_three_records(tmp_path: Path, ds: Dataset, style: str) -> None:
    binary = pandoc.pandoc_reading_ris() if style == "ris" else pandoc.pandoc()
    path = tmp_path / ("refs." + {"bibtex": "bib", "ris": "ris", "csl-json": "json"}[style])
    path.write_text(cli("cite", *THREE, "--style", style).out, encoding="utf-8")
    items = json.loads(pandoc.run(binary, "-f", {"csl-json": "csljson"}.get(style, style), "-t", "csljson", str(path)))
    assert len(items) == 1 and items[0]["DOI"] == "10.54394/GMYI2601"
    if style != "ris":  # pandoc's RIS reader keeps no N1 note
        assert [int(n) for n in re.findall(r"\[(\d+)\]", items[0]["note"])] == _footnotes(ds, THREE)
    out = pandoc.run(
        binary,
        "--citeproc",
        "--bibliography",
        str(path),
        "-t",
        "plain",
        "--wrap=none",
        stdin='---\nnocite: "@*"\n---\n',
    )
    assert out.count("International Labour Organization. 2025.") == 1, out


def test_cite_text_is_wrapped_at_a_terminal_without_breaking_a_word() -> None:
    whole = cli("cite", *THREE, env={"COLUMNS": "50"}).out  # not a terminal: each reference on one line
    assert max(len(line) for line in whole.splitlines()) > 100
    for width in (50, 80):
        code, wrapped = run_in_pty(["cite", *THREE], width)
        assert code == 0
        lines = wrapped.splitlines()
        assert all(len(line) <= width or " " not in line.strip() for line in lines)
        assert wrapped.split() == whole.split()  # the same words: none broken, none lost
    assert cli("cite").code == 2 and "cite needs an ID or a filter" in cli("cite").err
