"""export --format html: one self-contained file, every record as plain HTML, data safely inline."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from migdialogue.dataset import Dataset
from migdialogue.htmlpage import unpacked

from .conftest import cli, proc
from .test_validate import GOOD_EXAMPLE

LIMIT = 500_000  # bytes
HOSTILE_TITLE = "</script><script>alert(1)</script>"
HOSTILE = (
    GOOD_EXAMPLE.replace('title: "A case"', "title: '" + HOSTILE_TITLE + "'")
    .replace('"Something the team coded."', '"Ends <!-- a comment <script> & \\u2028 a line separator"')
    .replace("sectors: []", 'sectors: ["<b>bold</b>"]')
)


class Parsed(HTMLParser):
    """The page's elements, ids, scripts and external references."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.external: list[str] = []
        self.tags: list[str] = []
        self.json_text = ""
        self._in_json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag == "script":
            self.scripts.append(a)
            self._in_json = a.get("id") == "md-data"
        for name in ("src", "srcset", "data", "poster"):
            if a.get(name):
                self.external.append(f"{tag} {name}={a[name]}")
        if tag == "link":
            self.external.append(f"link {a}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_json = False

    def handle_data(self, data: str) -> None:
        if self._in_json:
            self.json_text += data


def export_html(tmp_path: Path, *args: str, name: str = "brief.html") -> tuple[str, Parsed]:
    out = tmp_path / name
    run = cli("export", "--format", "html", "--output", str(out), *args)
    assert run.code == 0, run.err
    assert f"wrote {out}" in run.err
    text = out.read_text(encoding="utf-8")
    parsed = Parsed()
    parsed.feed(text)
    return text, parsed


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Parsed]:
    """The whole page as `export --format html` writes it, exported once for the tests that only read it."""
    return export_html(tmp_path_factory.mktemp("page"))


def test_the_page_holds_every_record_and_is_small(whole: tuple[str, Parsed], ds: Dataset) -> None:
    text, parsed = whole
    size = len(text.encode("utf-8"))
    assert size < LIMIT, f"{size} bytes"
    ids = set(parsed.ids)
    assert {f"ex-{e.id}" for e in ds.examples} <= ids
    assert {f"ch-{c.id}" for c in ds.challenges} <= ids
    assert {f"rec-{r.id}" for r in ds.recommendations} <= ids
    assert {f"ins-{i.id}" for i in ds.instruments} <= ids
    assert {f"fw-{f.id}" for f in ds.frameworks} <= ids
    assert {f"fig-{s.id}" for s in ds.statistics} <= ids
    assert {f"fn-{s.number}" for s in ds.sources} <= ids
    assert len(parsed.ids) == len(ids), "an id is used twice"
    # nothing is loaded from elsewhere: scripts inline, no stylesheet links, images or frames
    assert parsed.external == []
    assert all("src" not in s for s in parsed.scripts)
    assert "iframe" not in parsed.tags and "img" not in parsed.tags
    assert "<h1 lang=en>Social dialogue for the governance of labour migration</h1>" in text  # the brief's English
    assert '<a href="https://doi.org/10.54394/GMYI2601">' in text
    assert "How to cite the brief" in text
    assert "default-src &#x27;none&#x27;;" in text  # the policy allows no connection, only the page's own code


def test_an_example_is_written_in_full_with_its_footnotes_and_links(whole: tuple[str, Parsed]) -> None:
    text, _ = whole
    start = text.index('<article class="record example" id="ex-jordan-garment-collective-agreement-2022"')
    article = text[start : text.index("</article>", start)]
    assert "Jordan's 2022 collective agreement for the garment sector" in article  # quotes as themselves in text
    assert "Key points (12), links and footnotes" in article
    note = "Previous agreements were signed in 2013, 2015, 2017 and 2019."
    # the number as text, a link to the footnote, whose citation is written once, in the list of footnotes
    # (web/page.js copies it into the card: test_html_browser)
    assert '<li value="44"><a class="fnum" href="#fn-44">[44]</a></li>' in article
    assert note not in article and text.count(note) == 1
    assert f'<li value="44" id="fn-44"><span class="fnum">[44]</span> {note}</li>' in text  # in <ol lang=en>
    assert '<a href="#ch-discrimination">Discrimination</a>' in article
    assert '<a href="#rec-seat-at-the-table">' in article
    # related examples: links the script names from the examples' cards (each title written once)
    drawn = r'<div class="links drawn" hidden><h4 data-t=\d+>Related examples</h4><ul><li><a href="#ex-[^"]+"></a>'
    assert re.search(drawn, article)
    assert article.count("<li value=") == 4


def test_the_script_data_is_json_for_every_example(whole: tuple[str, Parsed], ds: Dataset) -> None:
    _, parsed = whole
    data = unpacked(parsed.json_text)
    assert [d["id"] for d in data["docs"]] == [e.id for e in ds.examples]
    names = [f[0] for f in data["facets"]]
    assert names == ["region", "country", "type", "level", "theme", "challenge", "sector", "year"]
    assert len(data["search"]["docs"]) == len(ds.examples)


def test_a_filtered_export_holds_only_those_examples(tmp_path: Path, ds: Dataset) -> None:
    text, parsed = export_html(tmp_path, "--region", "africa", "--type", "tripartite")
    kept = [e.id for e in ds.examples if "africa" in e.region and e.dialogue_type == "tripartite"]
    assert kept and len(kept) < len(ds.examples)
    assert sorted(i[3:] for i in parsed.ids if i.startswith("ex-")) == sorted(kept)
    assert f"This file holds {len(kept)} of the {len(ds.examples)} examples (Region: Africa; Dialogue type: " in text
    assert all(f"ch-{c.id}" in parsed.ids for c in ds.challenges)  # the other sections stay whole


def test_html_goes_to_a_pipe_but_is_never_written_over_a_file(tmp_path: Path) -> None:
    piped = proc("export", "--format", "html", "--country", "Jordan")
    assert piped.returncode == 0 and piped.stdout.startswith(b"<!doctype html>")
    out = tmp_path / "brief.html"
    out.write_text("mine", encoding="utf-8")
    run = cli("export", "--format", "html", "--output", str(out))
    assert run.code == 2 and "exists; use --force" in run.err
    assert out.read_text(encoding="utf-8") == "mine"


def test_hostile_text_cannot_end_the_script_or_add_markup(tmp_path: Path) -> None:
    data = tmp_path / "mine.yaml"
    data.write_text(HOSTILE, encoding="utf-8")
    text, parsed = export_html(tmp_path, "--data", str(data))
    # exactly the page's two scripts: the data block and the page script
    assert text.count("<script") == 2 and len(parsed.scripts) == 2
    assert "<b>" not in text and "<!--" not in text
    block = text[text.index('id="md-data">') + len('id="md-data">') :]
    block = block[: block.index("</script>")]
    # base85 with "<" written as ".": nothing in it can end the element or open a comment
    assert re.fullmatch(r"[0-9A-Za-z!#$%&()*+\-;.=>?@^_`{|}~]*", block) and "<" not in block
    assert "\u2028" in text  # in the record's HTML, where it is harmless
    payload = unpacked(parsed.json_text)
    assert "my-case" in [d["id"] for d in payload["docs"]]
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "From your own dataset, not from the ILO brief." in text


def test_every_example_link_points_at_something_in_the_page(tmp_path: Path) -> None:
    text, parsed = export_html(tmp_path, "--region", "europe")
    ids = set(parsed.ids)
    targets = set(re.findall(r'href="#([^"]+)"', text))
    assert targets - ids == set()


def test_every_message_and_name_of_the_page_has_its_french_and_spanish(whole: tuple[str, Parsed]) -> None:
    """The page's table (what web/page.js shows) holds only messages the catalogues translate: a string
    the extractor missed (inside an f-string, say) would be English on a French page."""
    from migdialogue import i18n

    _, parsed = whole
    table = unpacked(parsed.json_text)["i18n"]
    assert table["langs"] == ["en", "fr", "es"] and table["lang"] == "en" and table["default"] is None
    for lang in ("fr", "es"):
        catalogue = i18n.catalogue(lang)
        assert catalogue is not None
        known = catalogue._catalog  # type: ignore[attr-defined]
        missing = [m for m in table["msgs"] if (m if isinstance(m, str) else (m[0], 0)) not in known]
        assert missing == [], lang
        assert len(table[lang]) == len(table["msgs"])
    names = table["names"]
    assert names["region"]["africa"] == ["Africa", "Afrique", "África"]
    assert names["level"]["sectoral"] == ["Sectoral", "Sectoriel", "Sectorial"]


# French, the largest page, in the fast loop; Spanish with the slow tests
@pytest.mark.parametrize("lang", ["fr", pytest.param("es", marks=pytest.mark.slow)])
def test_the_page_exported_in_french_or_spanish_is_small_too(tmp_path: Path, lang: str) -> None:
    """Its interface strings are longer than the English ones and it carries lang attributes: under the limit too."""
    out = tmp_path / f"brief-{lang}.html"
    assert cli("export", "--format", "html", "--output", str(out), "--lang", lang).code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith(f"<!doctype html>\n<html lang={lang}>")
    assert len(text.encode("utf-8")) < LIMIT, lang


def test_the_page_skeleton_is_a_template_that_escapes_by_default() -> None:
    """web/page.html (issue 20, item 4): a value is written as text unless it is marked as HTML, and a
    placeholder without a value (or a value without a placeholder) is an error, never a silent gap."""
    from migdialogue.htmlpage import TEMPLATE, Html, fill_template

    assert fill_template("<p>$a $b</p>", a="<b>&'", b=Html("<i>x</i>")) == "<p>&lt;b&gt;&amp;&#x27; <i>x</i></p>"
    with pytest.raises(ValueError, match="placeholders"):
        fill_template("$a $b", a="x")
    with pytest.raises(ValueError, match="placeholders"):
        fill_template("$a", a="x", b="y")
    skeleton = TEMPLATE.read_text(encoding="utf-8")
    assert skeleton.startswith("<!doctype html>\n<html lang=$lang>") and skeleton.endswith("</html>\n")
