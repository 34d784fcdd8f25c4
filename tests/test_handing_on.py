"""What people hand on (issue 25): notes on any topic, notes that are documents, one bibliography,
data files that agree, a data package and a citation file."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from migdialogue import vocab
from migdialogue._version import __version__
from migdialogue.dataset import Dataset

from . import pandoc
from .conftest import cli, proc
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
    assert "migdialogue export --format html --output note.html, then open note.html?q=recruitment" in recruitment.err
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


# -- 4. data files that agree ------------------------------------------------------------------------

CROSS = "germany-philippines-triple-win-2013"  # a title with an en dash: "Germany–Philippines ..."


def test_a_csv_file_has_a_byte_order_mark_so_excel_reads_it_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "examples.csv"
    assert cli("export", "--format", "csv", "--output", str(path)).code == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    # Excel opens a CSV as UTF-8 when it begins with the mark, else in the code page (cp1252 on Windows)
    excel = raw[3:].decode("utf-8") if raw.startswith(b"\xef\xbb\xbf") else raw.decode("cp1252")
    assert "Germany\u2013Philippines" in excel and "\u00e2\u20ac" not in excel
    assert "Germany\u00e2\u20ac\u201cPhilippines" in raw[3:].decode("cp1252", errors="replace")  # what it was
    # stdout has none unless asked; a file none with --no-bom
    assert not cli("export", "--format", "csv").out.startswith("\ufeff")
    assert cli("export", "--format", "csv", "--bom").out.startswith("\ufeff")
    bare = tmp_path / "bare.csv"
    assert cli("export", "--format", "csv", "--no-bom", "--output", str(bare)).code == 0
    assert bare.read_bytes().startswith(b"id,")


def test_pandas_reads_the_csv_file_with_its_mark(tmp_path: Path) -> None:
    """The file a spreadsheet opens, read by pandas as a data person would: the mark is not part of the
    first column's name, a row per example, the lists as JSON."""
    import pandas

    path = tmp_path / "examples.csv"
    assert cli("export", "--format", "csv", "--output", str(path)).code == 0
    frame = pandas.read_csv(path)
    assert list(frame.columns)[0] == "id" and len(frame) == len(cli("list", "--json").json())
    assert json.loads(frame.set_index("id").loc[CROSS, "countries"]) == ["Germany", "Philippines"]


def _sqlite_export(tmp_path: Path) -> Path:
    db = tmp_path / "md.db"
    run = cli("export", "--format", "sqlite", "--output", str(db))
    assert run.code == 0, run.err
    return db


def test_sqlite_has_a_link_table_for_every_list_field_and_joins_through_each(tmp_path: Path) -> None:
    from migdialogue.schema import SCHEMA

    db = _sqlite_export(tmp_path)
    data = json.loads(cli("export", "--format", "json").out)
    con = sqlite3.connect(db)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"regions", "forms", "parties", "levels", "themes", "dialogue_types"} <= tables
    checked = 0
    for collection, specs in SCHEMA.items():
        for spec in (s for s in specs if s.type.startswith("list[")):
            owner = collection[:-3] + "y" if collection.endswith("ies") else collection[:-1]
            table = f"{owner}_{spec.name if spec.name.endswith('s') else spec.name + 's'}"
            assert table in tables, table
            keys = con.execute(f"PRAGMA foreign_key_list({table})").fetchall()
            # every foreign key of the link table, joined: no row lost, and the items are the data's
            joins = " ".join(f"JOIN {k[2]} AS t{k[0]} ON t{k[0]}.{k[4]} = l.{k[3]}" for k in keys)
            joined = con.execute(f"SELECT COUNT(*) FROM {table} AS l {joins}").fetchone()[0]
            rows = con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            expected = sum(len(rec.get(spec.name) or []) for rec in data[collection])
            assert joined == rows == expected, (table, joined, rows, expected)
            assert any(k[2] == collection for k in keys), table  # joined to its record
            if spec.ref or spec.vocab:
                assert len(keys) == 2, table  # and to what each item names
            checked += 1
    assert checked >= 25
    # the list columns hold the same JSON arrays as the CSV cells
    (countries,) = con.execute("SELECT countries FROM examples WHERE id = ?", (CROSS,)).fetchone()
    assert json.loads(countries) == ["Germany", "Philippines"]
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    assert meta["doi"] == "10.54394/GMYI2601" and meta["tool_version"] == __version__
    con.close()


def test_the_sqlite3_command_line_joins_the_export(tmp_path: Path) -> None:
    from . import tools

    sqlite3_cli = tools.which("sqlite3") or tools.missing("sqlite3")  # a skip on a laptop, a failure in CI
    db = _sqlite_export(tmp_path)
    sql = (
        "PRAGMA foreign_keys = ON; PRAGMA foreign_key_check;"
        "SELECT r.name, COUNT(*) FROM example_regions er JOIN regions r ON r.id = er.region_id"
        " JOIN examples e ON e.id = er.example_id GROUP BY r.name ORDER BY r.name;"
    )
    out = subprocess.run([sqlite3_cli, str(db), sql], capture_output=True, text=True, timeout=60, check=True).stdout
    counts = {name: int(n) for name, n in (line.split("|") for line in out.splitlines())}
    by_region = {vocab.REGIONS[d["value"]]: d["count"] for d in cli("stats", "--by", "region", "--json").json()}
    assert counts == {k: v for k, v in by_region.items() if v}


def test_json_lines_begin_with_the_metadata_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "brief.jsonl"
    assert cli("export", "--format", "jsonl", "--output", str(path)).code == 0
    first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert first["collection"] == "meta" and first["doi"] == "10.54394/GMYI2601"
    assert first["data_version"] and first["tool_version"] == __version__
    for alone in ([], ["--data-only"]):
        check = cli("validate", str(path), *alone)
        assert check.code == 0, check.out + check.err
    listed = cli("list", "--json", "--data", str(path), "--data-only")
    assert listed.code == 0 and listed.json() == cli("list", "--json").json()
    assert cli("about", "--json", "--data", str(path), "--data-only").json()["meta"]["doi"] == "10.54394/GMYI2601"


# -- 5. a described and citable dataset -------------------------------------------------------------


def _frictionless(*args: str) -> subprocess.CompletedProcess[str]:
    binary = Path(sys.executable).parent / "frictionless"
    return subprocess.run([str(binary), *args], capture_output=True, text=True, timeout=600)


def test_the_data_package_passes_frictionless_validate_and_agrees_with_stats(tmp_path: Path) -> None:
    folder = tmp_path / "package"
    run = cli("export", "--format", "datapackage", "--output", str(folder))
    assert run.code == 0, run.err
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert descriptor["licenses"] and descriptor["sources"][0]["path"] == DOI_URL
    examples = next(r for r in descriptor["resources"] if r["name"] == "examples")
    assert examples["schema"]["primaryKey"] == ["id"]
    links = next(r for r in descriptor["resources"] if r["name"] == "example_countries")
    assert {"fields": ["country_id"], "reference": {"resource": "countries", "fields": ["id"]}} in links["schema"][
        "foreignKeys"
    ]
    result = _frictionless("validate", str(folder / "datapackage.json"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "INVALID" not in result.stdout and "VALID" in result.stdout
    # the CSV of a collection is the one export --format csv writes; its count is stats'
    assert (folder / "examples.csv").read_text(encoding="utf-8") == cli("export", "--format", "csv").out
    import pandas

    counts = cli("stats", "--overview", "--json").json()["counts"]
    assert {name: len(pandas.read_csv(folder / f"{name}.csv")) for name in counts} == counts
    # a broken reference is found: the check can fail
    broken = folder / "example_countries.csv"
    lines = broken.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ",atlantis"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _frictionless("validate", str(folder / "datapackage.json")).returncode != 0
    assert cli("export", "--format", "datapackage", "--output", str(folder)).code == 2  # not replaced without --force
    assert cli("export", "--format", "datapackage", "--output", str(folder), "--force").code == 0
    assert cli("export", "--format", "datapackage").code == 2


def test_citation_cff_names_the_brief_and_is_valid_cff_1_2() -> None:
    import jsonschema
    import yaml

    root = Path(__file__).resolve().parents[1]
    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads((root / "tests" / "vendor" / "cff-1.2.0" / "schema.json").read_text(encoding="utf-8"))
    # cffconvert --validate checks a CITATION.cff against this schema; cffconvert cannot be installed
    # beside frictionless (tests/vendor/cff-1.2.0/README.md says why), so jsonschema checks it here
    jsonschema.validate(cff, schema)
    (brief,) = [r for r in cff["references"] if r.get("doi") == "10.54394/GMYI2601"]
    assert brief["title"] == "Social dialogue for the governance of labour migration"
    assert cff["version"] == __version__
    del cff["authors"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(cff, schema)


# -- 6. the small things, through the installed CLI ----------------------------------------------------


def test_a_start_of_an_id_or_a_footnote_past_the_last_is_answered() -> None:
    garment = proc("show", "jordan-garment")
    assert garment.returncode == 1 and b"did you mean 'jordan-garment-collective-agreement-2022'" in garment.stderr
    last = cli("sources", "--json").json()[-1]["number"]
    missing = proc("show", str(last + 1))
    assert missing.returncode == 1
    assert f"no footnote '{last + 1}'; the footnotes run from 1 to {last}".encode() in missing.stderr


def test_a_country_without_examples_says_where_the_brief_names_it(ds: Dataset) -> None:
    counts = {c["name"]: c["example_count"] for c in cli("countries", "--json").json()}
    empty = [name for name, n in counts.items() if n == 0]
    assert "Canada" in empty
    for name in empty:
        out = proc("country", name, env={"COLUMNS": "200", "NO_COLOR": "1"}).stdout.decode("utf-8")
        (line,) = [x for x in out.splitlines() if x.strip().startswith("The brief documents no example in")]
        numbers = [int(n) for n in re.findall(r"footnotes? ([\d, ]+)", line)[0].split(", ")]
        assert all(name in ds.source(n).citation for n in numbers), line  # type: ignore[union-attr]


def test_a_file_written_into_stdout_ends_quietly_when_the_reader_goes() -> None:
    for fmt in ("jsonl", "csv"):
        pipeline = f"{sys.executable} -m migdialogue export --format {fmt} --output /dev/stdout | head -1"
        result = subprocess.run(["bash", "-o", "pipefail", "-c", pipeline], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0 and result.stderr == "", (fmt, result.returncode, result.stderr)
        assert not result.stdout.startswith("\ufeff")  # stdout, named as a file: no byte-order mark


def test_a_huge_word_is_shortened_in_a_message() -> None:
    word = "a" * 100_000
    for args in (["search", word], ["show", word], ["list", "--sector", word]):
        err = proc(*args).stderr.decode("utf-8")
        assert len(err) < 400 and "(100,000 characters)" in err, (args[0], len(err))


@pytest.mark.parametrize("args", [["recommendations"], ["recommendations", "--help"], ["export", "--help"], ["--help"]])
def test_forty_columns_hold_ids_and_help(args: list[str]) -> None:
    out = proc(*args, env={"COLUMNS": "40", "NO_COLOR": "1"}).stdout.decode("utf-8")
    assert out and max(len(line) for line in out.splitlines()) <= 40, [x for x in out.splitlines() if len(x) > 40]


def test_list_and_search_lay_out_examples_alike_at_120_columns() -> None:
    env = {"COLUMNS": "120", "NO_COLOR": "1"}
    listed = proc("list", env=env).stdout.decode("utf-8")
    found = proc("search", "care", "workers", env=env).stdout.decode("utf-8")
    assert "\u2503 ID" in listed and "\u2503 ID" in found  # both tables, not blocks


def test_a_terminal_shows_the_notes_links_once() -> None:
    code, out = run_in_pty(["brief", "--sector", "care", "--sector", "health"], 80)
    assert code == 0 and DOI_URL in out
    assert f"({DOI_URL})" not in out and "<https" not in out  # Rich writes a link's address after its text
