"""Briefing notes: one page by default, the brief's footnote numbers kept through pandoc (issue 10)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from migdialogue import briefing
from migdialogue.dataset import Dataset

from . import pandoc
from .conftest import cli
from .terminal import run_in_pty

SUBJECTS = ["Jordan", "Viet Nam", "Europe", "Africa", "gender", "domestic work", "crisis situations", "c097"]
SOURCES = "Sources in the brief"


def _words(text: str) -> int:
    return len(text.split())


def _numbers(text: str) -> tuple[list[int], list[int]]:
    """The footnote numbers referred to in the body, and those the sources list labels (in order)."""
    body, _, sources = text.partition(SOURCES)
    referred = [int(n) for group in re.findall(r"\[(\d+(?:,\s+\d+)*)\]", body) for n in re.split(r",\s+", group)]
    listed = [int(n) for n in re.findall(r"^\s*(?:[-•*]\s+)?\[(\d+)\] ", sources, flags=re.M)]
    return referred, listed


@pytest.mark.parametrize("subject", ["Jordan", "Europe", "Africa", "Viet Nam", "gender", "Asia and the Pacific"])
def test_the_default_note_fits_one_page(subject: str) -> None:
    short, full = cli("brief", subject).out, cli("brief", subject, "--full").out
    assert 150 <= _words(short) <= 600, _words(short)  # about 500 words: one printed A4 page
    assert _words(full) > _words(short)


def test_the_one_page_note_names_what_applies_by_title(ds: Dataset) -> None:
    out = cli("brief", "Jordan", env={"COLUMNS": "1000"}).out
    assert out.startswith("# Briefing note: Jordan\n")
    for heading in ("## Examples", "## Challenges addressed", "## Key figures", f"## {SOURCES}"):
        assert f"\n{heading}" in out
    assert "- **Jordan's 2022 collective agreement for the garment sector**: bipartite, sectoral level; form: " in out
    assert "Freedom of association and collective bargaining rights" in out
    assert "- Ensure that all key labour migration actors have a seat at the table\n" in out
    assert "around 78,600 workers (2022) \\[46\\]" in out
    assert "in the full version of this note" in out
    full = cli("brief", "Jordan", "--full", env={"COLUMNS": "1000"}).out
    summary = ds.get("jordan-garment-collective-agreement-2022").summary  # type: ignore[union-attr]
    assert summary.split(".")[0] in full and summary.split(".")[0] not in out


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("full", [False, True])
def test_every_reference_is_listed_once_with_the_brief_number(subject: str, full: bool) -> None:
    run = cli("brief", *subject.split(), *(["--full"] if full else []), "--format", "text")
    assert run.code == 0, run.err
    referred, listed = _numbers(run.out)
    assert sorted(set(referred)) == listed  # each source once, in order of number
    assert "[^" not in run.out


def test_notes_for_every_kind_of_subject(ds: Dataset) -> None:
    subjects = (
        [c.name for c in ds.countries]
        + ["Africa", "Americas", "Arab States", "Asia and the Pacific", "Europe"]
        + [c.id for c in ds.challenges]
        + ["domestic work", "construction", "crisis situations", "policy formulation", "c097", "c143"]
    )
    kinds = set()
    for subject in subjects:
        note = briefing.build(ds, subject)
        kinds.add(note.kind)
        text = briefing.render(ds, note, markdown=False)
        referred, listed = _numbers(text)
        assert sorted(set(referred)) == listed, subject
        assert all(ds.source(n) is not None for n in listed)
        assert text.startswith("Briefing note: ")
    assert kinds == set(briefing.KINDS)


def test_unknown_subject_names_every_kind() -> None:
    run = cli("brief", "Atlantis")
    assert run.code == 1
    assert "no country, region, challenge, sector, theme or instrument 'Atlantis'" in run.err


@pytest.mark.parametrize(
    ("args", "notice"),
    [
        (["--search", "student visas"], "the brief may not cover 'student visas': only weak matches"),
        (["student", "visas"], "the brief may not cover 'student visas': only weak matches"),  # no subject: searched
        (["--lang", "fr", "--search", "IA dans le recrutement"], "ne couvre peut-être pas 'IA dans le recrutement'"),
        (["--search", "domestic workers United Kingdom"], "the brief names no example in the United Kingdom; the"),
    ],
)
def test_a_note_on_a_question_the_brief_does_not_cover_says_so(args: list[str], notice: str) -> None:
    # the note lists the weak matches a search finds: its reader is told, as search's is (issue 24)
    lang, rest = (args[:2], args[2:]) if args[0] == "--lang" else ([], args)
    run = cli(*lang, "brief", *rest)
    assert run.code == 0, run.err
    assert notice in run.err
    assert "may not cover" not in cli("brief", "--search", "tripartite").err


@pytest.mark.parametrize("columns", [None, "60", "100"])
def test_piped_note_is_wrapped_at_80_or_columns(columns: str | None) -> None:
    width = int(columns or 80)
    for fmt in ("markdown", "text"):
        out = cli("brief", "Europe", "--format", fmt, env={"COLUMNS": columns}).out
        lines = [line for line in out.splitlines() if not line.startswith("#")]  # a heading keeps its line
        assert max(len(line) for line in lines) <= width
        assert max(len(line) for line in lines) > width - 15
        assert not [line for line in lines if line != line.rstrip()]


@pytest.mark.parametrize("subject", ["Jordan", "Europe", "domestic work"])
@pytest.mark.parametrize("width", [40, 80])
def test_wrapping_never_changes_the_markdown(ds: Dataset, subject: str, width: int) -> None:
    note = briefing.build(ds, subject)
    whole = briefing.render(ds, note)
    wrapped = briefing.render(ds, note, width=width)
    assert whole.count("\n") < wrapped.count("\n")
    plain = [
        pandoc.run(pandoc.pandoc(), "-f", "markdown", "-t", "plain", "--wrap=none", stdin=t) for t in (whole, wrapped)
    ]
    assert plain[0] == plain[1]
    gfm = [pandoc.run(pandoc.pandoc(), "-f", "gfm", "-t", "plain", "--wrap=none", stdin=t) for t in (whole, wrapped)]
    assert gfm[0] == gfm[1]


def test_a_terminal_shows_the_note_formatted_and_wrapped() -> None:
    code, out = run_in_pty(["brief", "Jordan"], 72)
    assert code == 0
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 72 and not [line for line in lines if line != line.rstrip()]
    assert "**" not in out and "\\[" not in out and "## " not in out
    assert "Briefing note: Jordan" in lines[0]
    assert " • [44] Previous agreements were signed in 2013, 2015, 2017 and 2019." in lines
    referred, listed = _numbers(out)
    assert sorted(set(referred)) == listed == [44, 45, 46, 47, 71]


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
        notes = docx.read("word/footnotes.xml").decode("utf-8") if "word/footnotes.xml" in docx.namelist() else ""
    assert "<w:footnoteReference" not in xml and 'w:id="1"' not in notes  # no renumbered Word footnotes
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
    return "\n".join("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in paragraphs)


@pytest.mark.parametrize("subject", ["Jordan", "Europe"])
def test_docx_keeps_the_brief_footnote_numbers_each_source_once(tmp_path: Path, subject: str) -> None:
    note = tmp_path / "note.md"
    note.write_text(cli("brief", subject).out, encoding="utf-8")
    docx = tmp_path / "note.docx"
    pandoc.run(pandoc.pandoc(), str(note), "-o", str(docx))
    text = _docx_text(docx)
    referred, listed = _numbers(text)
    assert sorted(set(referred)) == listed and listed
    if subject == "Jordan":
        assert listed == [44, 45, 46, 47, 71]
        assert "[44, 45, 46, 47]" in text
    back = pandoc.run(pandoc.pandoc(), str(docx), "-t", "plain", "--wrap=none")
    assert _numbers(back) == (referred, listed)


@pytest.mark.parametrize("subject", ["Jordan", "Europe", "gender"])
def test_html_keeps_the_brief_footnote_numbers_each_source_once(subject: str) -> None:
    html = pandoc.run(pandoc.pandoc(), "-f", "markdown", "-t", "html", stdin=cli("brief", subject).out)
    assert 'class="footnote' not in html and "<sup>" not in html
    text = re.sub(r"<[^>]+>", "", html).replace("&quot;", '"').replace("&#39;", "'").replace("&amp;", "&")
    referred, listed = _numbers(text)
    assert sorted(set(referred)) == listed and listed
    assert len(re.findall(r"<li>\[\d+\] ", html)) == len(listed)


def test_a_colour_terminal_gets_styles_and_no_trailing_space() -> None:
    code, out = run_in_pty(["brief", "Europe"], 80, env={"NO_COLOR": "", "FORCE_COLOR": ""})
    assert code == 0 and "\x1b[" in out
    assert not re.search(r"[ \t](\x1b\[[0-9;]*m)*$", out, flags=re.M)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert max(len(line) for line in plain.splitlines()) <= 80
