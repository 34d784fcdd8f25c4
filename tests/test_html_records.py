"""The page's record text in English, French and Spanish (issue 22): what a reader sees in Chromium.

The markup holds the English (the authoritative text); the page's data holds the editors' French and
Spanish (htmlpage.Page.records_data), which web/page.js shows with the interface's language, with
the right ``lang`` attributes and the translation notice once at the top. Checked on the rendered
page (visible text), not on attributes alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from migdialogue.htmlpage import PAGE_FIELDS, unpacked
from migdialogue.translations import NOTICE

from .conftest import cli
from .test_html_browser import JORDAN, Opened, browser, shown_footnotes  # noqa: F401  (browser: a fixture)

VERBATIM = {
    "fr": "Les notes de bas de page et les citations sont en anglais, comme dans la note d'orientation.",
    "es": "Las notas al pie y las citas están en inglés, como en la nota de orientación.",
}
# figures' values as the page's data writes them in French and Spanish (qualifier, number)
FIGURES = {
    "fr": {
        "jordan-garment-export-workers-2022": "environ 78\u00a0600",
        "international-migrant-workers-2019": "une estimation de 169\u00a0000\u00a0000",
    },
    "es": {"jordan-garment-export-workers-2022": "cerca de 78\u00a0600"},
}
# a word of Jordan's French (Spanish) summary that no English text, lexicon term or near spelling finds
ONLY_TRANSLATED = {"fr": "proportionnelle", "es": "proporcional"}


def export(folder: Path, *args: str) -> tuple[Path, dict[str, Any]]:
    out = folder / "brief.html"
    run = cli("export", "--format", "html", "--output", str(out), *args)
    assert run.code == 0, run.err
    text = out.read_text(encoding="utf-8")
    start = text.index('id="md-data">') + len('id="md-data">')
    return out, unpacked(text[start : text.index("</script>", start)])


def translated_strings(fields: list[Any]) -> list[str]:
    out: list[str] = []
    for value in fields:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, list):
            out += value
        elif isinstance(value, dict):
            out += value.values()
    return out


def test_every_record_s_translated_fields_reach_the_page_data(tmp_path: Path, ds: Any) -> None:
    """No record silently English: every record the page shows has its French and Spanish there, each
    field the page shows as the translation gives it."""
    _, data = export(tmp_path)
    texts = data["records"]["texts"]
    assert sorted(texts) == ["es", "fr"]  # the English is the markup's
    for lang in ("fr", "es"):
        counted = plain = 0
        for collection, names in PAGE_FIELDS.items():
            for rec in getattr(ds, collection):
                found = ds.translation(collection, rec.key, lang)
                assert found is not None, (lang, collection, rec.key)
                shown = texts[lang][collection][rec.key]
                assert 0 < len(shown) <= len(names) and shown[-1] != 0  # trailing 0s left off
                shown = shown + [0] * (len(names) - len(shown))
                for name, value in zip(names, shown, strict=True):
                    english = getattr(rec, name)
                    if not english:
                        continue
                    if name == "figure":  # a figure's value, written as the language writes numbers
                        assert value == FIGURES[lang].get(rec.key, value), (rec.key, value)
                        if value == 0:  # reads as in English: the script shows the markup's
                            assert english.isdigit() and len(english) < 4, (rec.key, english)
                            plain += 1
                            continue
                        assert value != english, (rec.key, value)
                        assert value.replace("\u00a0", "").replace(",", "").replace(" ", "")[-1:].isdigit()
                        continue
                    want = found[0][name]
                    assert value == (list(want) if isinstance(want, list | tuple) else want), (rec.key, name)
                    if name != "unit":  # a unit may be the same word (points)
                        assert value != (list(english) if isinstance(english, tuple) else english), (rec.key, name)
                counted += 1
        assert counted == sum(len(texts[lang][c]) for c in texts[lang]) > 150
        assert plain > 10  # figures such as 2 or 75: not repeated in the data
        assert data["records"]["notices"][lang] == f"{NOTICE[lang]} {VERBATIM[lang]}"
    official = data["records"]["official"]
    assert "ins-c097" in official["fr"] and "fw-global-compact-refugees" in official["es"]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    out, data = export(tmp_path_factory.mktemp("html"))
    return out.as_uri(), data


def jordan(ds: Any, lang: str) -> tuple[str, str]:
    if lang == "en":
        ex = ds.get(JORDAN)
        return ex.title, ex.summary
    fields = ds.translation("examples", JORDAN, lang)[0]
    return fields["title"], fields["summary"]


def lang_of(o: Opened, selector: str) -> str:
    return str(o.page.eval_on_selector(selector, "el => el.closest('[lang]').lang"))


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_page_shows_record_text_in_its_language(browser: Any, page: tuple[str, Any], ds: Any, lang: str) -> None:  # noqa: F811
    url, _ = page
    o = Opened(browser, f"{url}?lang={lang}#ex-{JORDAN}")
    try:
        assert o.errors == []
        p = o.page
        title, summary = jordan(ds, lang)
        assert p.inner_text(f"#ex-{JORDAN} h3") == title
        assert p.inner_text(f"#ex-{JORDAN} .summary") == summary
        assert lang_of(o, f"#ex-{JORDAN} .summary") == lang
        # what stays English says so: the footnotes' bibliographic text, quotations, organisations' names
        assert lang_of(o, f"#ex-{JORDAN} .fn li") == "en"
        assert lang_of(o, f"#ex-{JORDAN} .actors li") == "en"
        assert lang_of(o, "#ex-italy-domestic-work-agreement-2020 figure.quote p") == "en"
        # a figure's value and unit in the language (78 600, environ, travailleurs)
        row = "#fig-jordan-garment-export-workers-2022"
        value = {"en": "around 78,600", **{k: v["jordan-garment-export-workers-2022"] for k, v in FIGURES.items()}}
        assert p.inner_text(f"{row} td.num").replace("\u00a0", " ") == value[lang].replace("\u00a0", " ")
        assert p.inner_text(f"{row} td.unit") == {"en": "workers", "fr": "travailleurs", "es": "trabajadores"}[lang]
        assert lang_of(o, f"{row} td.unit") == lang
        # a value that reads the same in every language (not repeated in the data): the markup's, its unit translated
        row = "#fig-jordan-garment-agreement-consultation-nationalities-2019"
        assert p.inner_text(f"{row} td.num") == "7"
        unit = {"en": "nationalities", "fr": "nationalités", "es": "nacionalidades"}[lang]
        assert p.inner_text(f"{row} td.unit") == unit
        # the brief's footnote numbers, as text, in every language (issue 24)
        assert shown_footnotes(p, JORDAN) == ["[44]", "[45]", "[46]", "[47]"]
        assert p.locator(f"#ex-{JORDAN} .fn li").first.inner_text() == (
            "[44] Previous agreements were signed in 2013, 2015, 2017 and 2019."
        )
        # the translation notice: once, visible, in French and Spanish only
        if lang == "en":
            assert not p.is_visible("#told")
            assert "Traduc" not in p.inner_text("body")
        else:
            assert p.is_visible("#told")
            assert p.inner_text("#told") == f"{NOTICE[lang]} {VERBATIM[lang]}"
            assert p.inner_text("body").count(NOTICE[lang]) == 1
        # links to a record show its title in the language too
        related = p.locator(f"#ex-{JORDAN} .drawn a").first
        assert related.is_visible() and related.inner_text()
        target = str(related.get_attribute("href"))[4:]
        assert related.inner_text() == jordan_like(ds, target, lang)
    finally:
        o.close()


def jordan_like(ds: Any, key: str, lang: str) -> str:
    if lang == "en":
        return str(ds.get(key).title)
    return str(ds.translation("examples", key, lang)[0]["title"])


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_record_is_shown_in_french_and_spanish(browser: Any, page: tuple[str, Any], lang: str) -> None:  # noqa: F811
    """Every translated field of every record, as the reader sees it (the cards opened), in that language."""
    url, data = page
    o = Opened(browser, f"{url}?lang={lang}")
    try:
        o.page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        shown = o.page.evaluate(
            """(texts) => {
              const prefix = {examples: "ex-", challenges: "ch-", recommendations: "rec-", instruments: "ins-",
                frameworks: "fw-", statistics: "fig-", reasons: "r-", principles: "r-"};
              const out = {};
              for (const [coll, recs] of Object.entries(texts)) {
                for (const key of Object.keys(recs)) {
                  const el = document.getElementById(prefix[coll] + key);
                  out[coll + "/" + key] = el ? [el.innerText, el.lang] : null;
                }
              }
              return out;
            }""",
            data["records"]["texts"][lang],
        )
        missing = []
        for collection, recs in data["records"]["texts"][lang].items():
            for key, fields in recs.items():
                got = shown[f"{collection}/{key}"]
                assert got is not None, (collection, key)
                text, attr = got
                assert attr == lang, (collection, key)
                missing += [(collection, key, s[:50]) for s in translated_strings(fields) if s not in text]
        assert missing == []
        # an official title as the data gives it, and said to be official
        assert o.page.inner_text("#ins-c097 h3") == data["records"]["texts"][lang]["instruments"]["c097"][0]
        assert o.page.inner_text("#ins-c097 .official") == {"fr": "Titre officiel", "es": "Título oficial"}[lang]
        assert not o.page.locator("#ins-r086 .official").is_visible()  # the editors' translation
    finally:
        o.close()


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_searching_a_word_of_the_translated_text_finds_the_record(
    browser: Any,  # noqa: F811
    page: tuple[str, Any],
    lang: str,
) -> None:
    url, _ = page
    word = ONLY_TRANSLATED[lang]
    english = Opened(browser, url)
    try:
        english.page.fill("#q", word)
        assert JORDAN not in english.visible_ids()  # the English text does not hold it
    finally:
        english.close()
    o = Opened(browser, f"{url}?lang={lang}")
    try:
        o.page.fill("#q", word)
        assert o.visible_ids()[:1] == [JORDAN]
        assert o.page.locator(f"#ex-{JORDAN} .summary").is_visible()
        o.page.fill("#q", f"{word} -jordan")  # an excluded word leaves it out in either language
        assert JORDAN not in o.visible_ids()
    finally:
        o.close()


def test_the_switch_changes_the_records_and_back(browser: Any, page: tuple[str, Any], ds: Any) -> None:  # noqa: F811
    url, _ = page
    o = Opened(browser, url)
    try:
        p = o.page
        p.click('#langs button[value="es"]')
        assert p.inner_text(f"#ex-{JORDAN} h3") == jordan(ds, "es")[0]
        p.click('#langs button[value="fr"]')
        assert p.inner_text(f"#ex-{JORDAN} h3") == jordan(ds, "fr")[0]
        assert p.inner_text("#told").startswith(NOTICE["fr"])
        p.click('#langs button[value="en"]')
        assert p.inner_text(f"#ex-{JORDAN} h3") == jordan(ds, "en")[0]
        assert p.get_attribute(f"#ex-{JORDAN}", "lang") == "en"
        assert not p.is_visible("#told")
        assert o.errors == []
    finally:
        o.close()


def test_an_export_in_french_opens_in_french_record_text(browser: Any, tmp_path: Path, ds: Any) -> None:  # noqa: F811
    out, _ = export(tmp_path, "--lang", "fr")
    o = Opened(browser, out.as_uri())
    try:
        p = o.page
        assert p.inner_text(f"#ex-{JORDAN} h3") == jordan(ds, "fr")[0]
        assert p.get_attribute(f"#ex-{JORDAN}", "lang") == "fr"
        assert p.inner_text("#told") == f"{NOTICE['fr']} {VERBATIM['fr']}"
        p.locator(f"#ex-{JORDAN} details.more > summary").click()
        assert shown_footnotes(p, JORDAN) == ["[44]", "[45]", "[46]", "[47]"]
    finally:
        o.close()
    # without the script: the English records, and the note that says so
    o = Opened(browser, out.as_uri(), java_script_enabled=False)
    try:
        assert o.page.inner_text(f"#ex-{JORDAN} h3") == jordan(ds, "en")[0]
        assert o.page.inner_text("#told") == (
            "Les fiches de la note d'orientation sont présentées en anglais, la langue de la note d'orientation."
        )
    finally:
        o.close()
