"""The exported page in English, French and Spanish, in a real browser (issue 21, item 3).

What is checked is what a person reads: the visible text of every element (details opened, as for
print), its aria-labels and the title. Outside the brief's English record text (``lang="en"``), no
English interface string and no English vocabulary name may be left; inside it, no interface string.
The English strings are the page's own table of messages and names (what web/page.js translates
from), written by htmlpage.Texts from the gettext catalogues.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from migdialogue.htmlpage import ILO, unpacked
from migdialogue.translations import NOTICE

from .conftest import cli
from .test_html_browser import AXE, JORDAN, Opened, browser  # noqa: F401  (browser: a fixture)

READABLE = """() => {
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  const langOf = (el) => { const l = el.closest("[lang]"); return l ? l.lang : ""; };
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest("script, style, [hidden]")) continue;
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    const tag = el.closest("#langs") ? "language button" : el.tagName; // each in its own language
    if (own) out.push([el.textContent.replace(/\\s+/g, " ").trim(), langOf(el), tag]);
    const label = el.getAttribute("aria-label");
    if (label) out.push([label, langOf(el), "@aria-label"]);
  }
  out.push([document.title, document.documentElement.lang, "TITLE"]);
  return out;
}"""
SEPARATORS = re.compile(r", | · |; ")
NUMBER = {name: r"\d+" for name in ("n", "total", "count", "year")}  # placeholders that are numbers


def template(message: str) -> re.Pattern[str]:
    """A pattern of the texts a message can be once its placeholders are filled."""
    pieces = re.split(r"\{(\w+)\}", message)
    return re.compile("".join(re.escape(p) if i % 2 == 0 else NUMBER.get(p, ".+") for i, p in enumerate(pieces)))


def export(folder: Path, *args: str) -> tuple[str, dict[str, Any]]:
    out = folder / "brief.html"
    run = cli("export", "--format", "html", "--output", str(out), *args)
    assert run.code == 0, run.err
    text = out.read_text(encoding="utf-8")
    start = text.index('id="md-data">') + len('id="md-data">')
    return out.as_uri(), unpacked(text[start : text.index("</script>", start)])


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    return export(tmp_path_factory.mktemp("html"))


class English:
    """The page's English interface strings and vocabulary names that read differently in ``lang``."""

    def __init__(self, data: dict[str, Any], lang: str) -> None:
        table = data["i18n"]
        self.templates: list[tuple[re.Pattern[str], str]] = []  # English messages
        self.theirs: list[tuple[re.Pattern[str], str]] = []  # the same messages in ``lang``
        for msg, other in zip(table["msgs"], table[lang], strict=True):
            if other == "":
                continue  # the same in both languages
            englishes = [msg] if isinstance(msg, str) else msg
            for english, translated in zip(englishes, [other] if isinstance(other, str) else other, strict=False):
                if len(re.findall(r"[A-Za-z]", re.sub(r"\{\w+\}", "", english))) < 3:
                    continue  # nothing but placeholders
                self.templates.append((template(english), english))
                self.theirs.append((template(translated), translated))
        index = table["langs"].index(lang)
        self.names = {
            row[0] or value: kind
            for kind, rows in table["names"].items()
            for value, row in rows.items()
            if row[index] and row[index] != (row[0] or value)
        }
        self.their_names = {row[index] for rows in table["names"].values() for row in rows.values() if row[index]}

    def interface(self, text: str, labels_only: bool = False, translated: bool = False) -> str | None:
        """The English message ``text`` is, if it is one (``translated``: the message in the page's
        language; ``labels_only``: one whose placeholders are all numbers, as the headings and labels
        inside a record are, since a free placeholder could match prose)."""
        for pattern, english in self.theirs if translated else self.templates:
            if labels_only and ".+" in pattern.pattern:
                continue
            if pattern.fullmatch(text):
                return english
        return None

    def left(self, readable: list[list[str]], lang: str) -> list[str]:
        """What is still English where it should be in ``lang``, and interface strings marked English."""
        problems = []
        for text, where, tag in readable:
            if tag == "language button":
                continue
            if where == "en":
                found = self.interface(text, labels_only=True)
                if found and found != ILO:  # the ILO's name is record text too (an actor)
                    problems.append(f"interface string inside English record text: <{tag}> {text!r}")
                if self.interface(text, labels_only=True, translated=True) or text in self.their_names:
                    problems.append(f"{lang} interface text that says it is English: <{tag}> {text!r}")
                continue
            found = self.interface(text)
            if where != lang:
                problems.append(f"<{tag}> {text!r} says lang={where!r}")
            if found:
                problems.append(f"English interface string: <{tag}> {text!r} ({found!r})")
            for part in SEPARATORS.split(text):
                if part in self.names:
                    problems.append(f"English {self.names[part]} name: <{tag}> {text!r}")
        return problems


def readable(o: Opened) -> list[list[str]]:
    return o.page.evaluate(READABLE)  # type: ignore[no-any-return]


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_lang_in_the_url_shows_the_page_in_that_language(
    browser: Any,  # noqa: F811
    page: tuple[str, Any],
    ds: Any,
    lang: str,
) -> None:
    url, data = page
    o = Opened(browser, f"{url}?lang={lang}")
    try:
        assert o.errors == []
        assert o.page.get_attribute("html", "lang") == lang
        n = len(ds.examples)
        expect = {
            "fr": {
                "status": f"Les {n} exemples sont affichés.",
                "label": "Chercher dans les exemples",
                "region": "Région",
                "africa": "Afrique",
                "h2": "Défis communs des migrations de main-d'œuvre",
                "note": f"{NOTICE['fr']} Les notes de bas de page et les citations sont en anglais, comme dans "
                "la note d'orientation.",
                "title": "La convention collective de 2022 du secteur de la confection en Jordanie",
                "jordan": "Jordanie · États arabes · 2022",
                "level": "Sectoriel",
            },
            "es": {
                "status": f"Se muestran los {n} ejemplos.",
                "label": "Buscar en los ejemplos",
                "region": "Región",
                "africa": "África",
                "h2": "Desafíos comunes de la migración laboral",
                "note": f"{NOTICE['es']} Las notas al pie y las citas están en inglés, como en la nota de orientación.",
                "title": "El convenio colectivo de 2022 del sector de la confección de Jordania",
                "jordan": "Jordania · Estados Árabes · 2022",
                "level": "Sectorial",
            },
        }[lang]
        p = o.page
        assert o.status() == expect["status"]
        assert p.inner_text('label[for="q"]') == expect["label"]
        assert p.inner_text('.facet[data-facet="region"] .fl') == expect["region"]
        assert p.inner_text('#facets input[value="africa"] + .v') == expect["africa"]
        assert p.inner_text("#challenges-h") == expect["h2"]
        assert p.is_visible("#told") and p.inner_text("#told") == expect["note"]
        # record text in the editors' translation, and says so; the brief's title is never translated
        assert p.get_attribute(f"#ex-{JORDAN}", "lang") == lang
        assert p.inner_text(f"#ex-{JORDAN} h3") == expect["title"]
        assert p.inner_text(f"#ex-{JORDAN} .facts") == expect["jordan"]
        assert p.get_attribute(f"#ex-{JORDAN} .facts", "lang") == lang
        assert p.inner_text(f"#ex-{JORDAN} dl.fields dd") == expect["level"]
        assert p.inner_text("h1") == ds.meta.title
        problems = English(data, lang).left(readable(o), lang)
        assert problems == [], "\n".join(problems[:40])
    finally:
        o.close()


def test_a_browser_in_spanish_opens_the_page_in_spanish(browser: Any, page: tuple[str, Any]) -> None:  # noqa: F811
    url, data = page
    o = Opened(browser, url, locale="es-ES")
    try:
        assert o.page.evaluate("navigator.language") == "es-ES"
        assert o.page.get_attribute("html", "lang") == "es"
        assert "lang=" not in o.page.url  # the browser's language is no choice of the reader's to keep
        problems = English(data, "es").left(readable(o), "es")
        assert problems == [], "\n".join(problems[:40])
        o.page.fill("#q", "trabajo doméstico")
        assert o.page.evaluate("window.migdialogue.language()") == "es"
        assert re.fullmatch(
            r"\d+ de \d+ ejemplos coinciden con «trabajo doméstico», los más pertinentes primero\.", o.status()
        )
    finally:
        o.close()


def test_the_switch_changes_everything_and_the_url_and_the_choice_is_kept(
    browser: Any,  # noqa: F811
    page: tuple[str, Any],
    ds: Any,
) -> None:
    url, data = page
    o = Opened(browser, url, locale="en-GB", viewport={"width": 1280, "height": 900})
    try:
        p = o.page
        assert p.get_attribute("html", "lang") == "en"
        p.fill("#q", "bargaining")
        p.check('#facets input[name="region"][value="africa"]')
        english = p.inner_text("body")
        assert p.get_attribute('#langs button[value="en"]', "aria-pressed") == "true"
        p.click('#langs button[value="fr"]')
        assert p.get_attribute("html", "lang") == "fr"
        assert p.get_attribute('#langs button[value="fr"]', "aria-pressed") == "true"
        assert "lang=fr" in p.url and "q=bargaining" in p.url and "region=africa" in p.url
        assert "Région\u00a0: Afrique" in o.status()
        french = p.inner_text("body")
        assert french != english
        problems = English(data, "fr").left(readable(o), "fr")
        assert problems == [], "\n".join(problems[:40])
        p.click('#langs button[value="es"]')
        assert "lang=es" in p.url and p.get_attribute("html", "lang") == "es"
        p.click('#langs button[value="en"]')
        assert "lang=en" in p.url
        for d in p.query_selector_all("details"):  # READABLE opened them: close those that were closed
            d.evaluate(
                "d => { d.open = d.matches('.filters, .facet[data-facet=region], .facet[data-facet=type], "
                ".facet[data-facet=level]'); }"
            )
        assert p.inner_text("body") == english  # back in English, word for word what Python wrote
        # the choice survives a reload, and a page opened again without ?lang= (saved in the browser)
        p.click('#langs button[value="es"]')
        p.reload()
        p.wait_for_selector("html[data-ready]")
        assert p.get_attribute("html", "lang") == "es" and p.input_value("#q") == "bargaining"
        assert p.is_checked('#facets input[name="region"][value="africa"]')
        p.goto(url)
        p.wait_for_selector("html[data-ready]")
        assert p.get_attribute("html", "lang") == "es"
        assert o.errors == []
    finally:
        o.close()


def test_an_export_in_french_is_french_for_readers_who_chose_nothing(
    browser: Any,  # noqa: F811
    page: tuple[str, Any],
    tmp_path: Path,
) -> None:
    url, data = export(tmp_path, "--lang", "fr")
    assert data["i18n"]["lang"] == "fr" and data["i18n"]["default"] == "fr"
    text = Path(url.removeprefix("file://")).read_text(encoding="utf-8")
    assert "<html lang=fr>" in text and "Chercher dans les exemples" in text  # without JavaScript too
    o = Opened(browser, url, locale="es-ES")  # the export's choice comes before the browser's language
    switched = Opened(browser, f"{page[0]}?lang=fr")  # the English export, made French by the script
    try:
        assert o.page.get_attribute("html", "lang") == "fr"
        assert o.page.inner_text("body") == switched.page.inner_text("body")  # what Python writes, word for word
        problems = English(data, "fr").left(readable(o), "fr")
        assert problems == [], "\n".join(problems[:40])
        o.page.click('#langs button[value="en"]')  # a reader's own choice comes before the export's
        o.page.goto(url)
        o.page.wait_for_selector("html[data-ready]")
        assert o.page.get_attribute("html", "lang") == "en"
    finally:
        o.close()
        switched.close()
    o = Opened(browser, url, java_script_enabled=False)
    try:
        assert o.page.get_attribute("html", "lang") == "fr"
        assert o.page.inner_text(f"#ex-{JORDAN} .more > summary") == "Points clés (12), liens et notes de bas de page"
    finally:
        o.close()


def test_counts_and_notices_take_the_plural_forms_of_the_language(browser: Any, page: tuple[str, Any], ds: Any) -> None:  # noqa: F811
    url, _ = page
    italy = "Italie"
    o = Opened(browser, f"{url}?lang=fr&country=Italy")
    try:
        n = len([e for e in ds.examples if "Italy" in e.countries])
        assert n > 1
        assert o.status() == f"{n} exemples sur {len(ds.examples)} correspondent à Pays\u00a0: {italy}."
        o.page.fill("#q", "zzqqxx")
        quoted = "«\u00a0zzqqxx\u00a0»"
        assert o.status() == f"0 exemple sur {len(ds.examples)} correspond à {quoted}\u00a0; Pays\u00a0: {italy}."
        no_match = "Aucun exemple ne correspond. Essayez d'autres mots ou retirez un filtre."
        assert o.page.inner_text("#no-match") == no_match
        o.page.fill("#q", "the of and")
        assert o.status().startswith("Tapez un mot à chercher")
        assert o.page.inner_text('.facet[data-facet="country"] .picked') == "(1 sélectionné)"
        o.page.click('.facet[data-facet="country"] > summary')
        o.page.check('#facets input[name="country"][value="Spain"]')
        assert o.page.inner_text('.facet[data-facet="country"] .picked') == "(2 sélectionnés)"
    finally:
        o.close()


def test_accessibility_in_spanish_axe_finds_no_serious_violation(browser: Any, page: tuple[str, Any]) -> None:  # noqa: F811
    """axe-core on the Spanish page: every lang attribute valid, the switch's buttons named, contrast."""
    url, _ = page
    o = Opened(browser, f"{url}?lang=es", bypass_csp=True, viewport={"width": 1280, "height": 900})
    try:
        o.page.add_script_tag(path=str(AXE))
        o.page.fill("#q", "acuerdo")
        result = o.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert bad == []
    finally:
        o.close()


def test_a_filtered_page_says_which_examples_it_holds_in_each_language(browser: Any, tmp_path: Path, ds: Any) -> None:  # noqa: F811
    url, data = export(tmp_path, "--region", "africa", "--type", "tripartite", "--since", "2015")
    kept = [e for e in ds.examples if "africa" in e.region and e.dialogue_type == "tripartite"]
    kept = [e for e in kept if any(y >= 2015 for y in e.years)]
    n, total = len(kept), len(ds.examples)
    o = Opened(browser, f"{url}?lang=es")
    try:
        assert o.page.inner_text("#subset") == (
            f"Este archivo contiene {n} de los {total} ejemplos (Región: África; Tipo de diálogo: Tripartito; "
            "Desde 2015); las demás secciones están completas."
        )
        assert o.page.title() == f"{ds.meta.title} — {n} ejemplos"
        problems = English(data, "es").left(readable(o), "es")
        assert problems == [], "\n".join(problems[:40])
    finally:
        o.close()
