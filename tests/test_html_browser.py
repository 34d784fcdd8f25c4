"""The exported page in a real browser: a Chromium-family browser driven by Playwright, opened from file://.

The browser is the first of tests/tools.py's list on the PATH (chromium, google-chrome, msedge...),
or Playwright's own where it is installed; with none these tests skip, saying what to install,
except in CI, which installs Debian's Chromium (.ci/run), so they never skip there.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from . import tools
from .conftest import cli
from .test_html_export import HOSTILE, HOSTILE_TITLE

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
JORDAN = "jordan-garment-collective-agreement-2022"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright  # imported by the browser tests only, not at collection

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=tools.browser(pw.chromium.executable_path), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("html") / "brief.html"
    run = cli("export", "--format", "html", "--output", str(out))
    assert run.code == 0, run.err
    return out.as_uri()


class Opened:
    """A page opened in a fresh context, with what it logged and requested."""

    def __init__(self, browser: Any, url: str, **context: Any) -> None:
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

        def dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", dialog)
        self.page.goto(url)
        if context.get("java_script_enabled", True):
            self.page.wait_for_selector("html[data-ready]")

    def visible_ids(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "#results article.example:not([hidden])", "els => els.map(e => e.id.slice(3))"
        )

    def status(self) -> str:
        return str(self.page.text_content("#status"))

    def count(self, facet: str, value: str) -> int:
        label = self.page.locator(f'#facets input[name="{facet}"][value="{value}"] + .v + .n')
        return int(label.text_content() or "-1")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def opened(browser: Any, page_url: str) -> Iterator[Opened]:
    o = Opened(browser, page_url, viewport={"width": 1280, "height": 900})
    yield o
    o.close()


def test_opens_from_file_with_no_error_and_no_request(opened: Opened, page_url: str, ds: Any) -> None:
    assert opened.errors == []
    assert opened.requests == [page_url]
    assert opened.status() == f"Showing all {len(ds.examples)} examples."
    assert len(opened.visible_ids()) == len(ds.examples)
    assert opened.page.title() == "Social dialogue for the governance of labour migration"
    assert opened.page.get_attribute('a[href^="https://doi.org"]', "href") == "https://doi.org/10.54394/GMYI2601"


def cli_top(ds: Any, text: str, n: int = 3) -> list[str]:
    from migdialogue import fulltext

    # the page searches through the lexicon, not the records' translations (fulltext.search's translations)
    return [h.record.key for h in fulltext.search(ds, text, limit=n, translations=False)]


EVALUATION = Path(__file__).parent.parent / "benchmarks" / "search_queries.yaml"


def _searches() -> list[dict[str, Any]]:
    """The evaluation's queries of the examples (read by the test, not when the tests are collected)."""
    queries = yaml.safe_load(EVALUATION.read_text("utf-8"))["queries"]
    return [q for q in queries if q.get("collection", "examples") == "examples"]


def test_the_page_reads_its_data_as_zlib_wrote_it(opened: Opened) -> None:
    """The script's inflater (web/page.js) on the three kinds of DEFLATE block: stored, fixed and
    dynamic codes, with long matches and characters outside ASCII."""
    import zlib

    from migdialogue.htmlpage import encoded

    data = {"text": "travailleuses domestiques migrantes, diálogo social " * 300, "n": list(range(500))}
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    for level, strategy in ((0, zlib.Z_DEFAULT_STRATEGY), (9, zlib.Z_FIXED), (9, zlib.Z_DEFAULT_STRATEGY)):
        deflate = zlib.compressobj(level, zlib.DEFLATED, -15, 9, strategy)
        text = encoded(deflate.compress(raw) + deflate.flush())
        assert opened.page.evaluate("t => window.migdialogue.unpack(t)", text) == data, (level, strategy)
    with pytest.raises(Exception, match="page data"):
        opened.page.evaluate("t => window.migdialogue.unpack(t)", text[: len(text) // 8 * 4])


def test_search_as_you_type_in_english_french_and_spanish(opened: Opened, ds: Any) -> None:
    page = opened.page
    for text, expected in [
        ("domestic workers", "italy-domestic-work-agreement-2020"),
        ("travailleuses domestiques migrantes", "argentina-domestic-work-commission"),  # French
        ("empleo informal de migrantes", "argentina-brick-makers-union-2016"),  # Spanish
        ("accords bilatéraux de main-d'œuvre", "philippines-bilateral-agreements"),
        ("migración laboral en Marruecos", "morocco-tripartite-workshops"),  # a country named in Spanish
        ("colective bargainng", "collective-agreement-extension"),  # near spellings
        ('"collective agreement" -jordan', "italy-domestic-work-agreement-2020"),  # a phrase, an exclusion
    ]:
        page.fill("#q", text)
        shown = opened.visible_ids()
        assert expected in shown[:3], (text, shown[:5])
        assert shown[:3] == cli_top(ds, text), text
    assert JORDAN not in opened.visible_ids()
    assert 'examples match \u201c"collective agreement" -jordan\u201d, best first.' in opened.status()
    page.fill("#q", "Viet Nam")
    assert opened.visible_ids()[0] == "viet-nam-overseas-workers-law-2022"
    page.fill("#q", "the of and")
    assert opened.status().startswith("Type a word to search")
    assert len(opened.visible_ids()) == len(ds.examples)
    page.fill("#q", "zzqqxx")
    assert opened.visible_ids() == [] and page.is_visible("#no-match")
    page.press("#q", "Escape")
    assert len(opened.visible_ids()) == len(ds.examples) and not page.is_visible("#no-match")


def test_the_page_ranks_the_evaluation_queries_as_the_cli_does(opened: Opened, ds: Any) -> None:
    """benchmarks/search_queries.yaml: the page's top 3 are the CLI's in at least 90 % of the queries."""
    from migdialogue import fulltext
    from migdialogue.errors import UsageError

    SEARCHES = _searches()
    assert len(SEARCHES) >= 50
    differ = []
    for q in SEARCHES:
        try:
            cli = [h.record.key for h in fulltext.search(ds, q["query"], limit=0, translations=False)]
        except UsageError:
            cli = []
        page = opened.page.evaluate(
            "q => { try { return window.migdialogue.rank(q); } catch (e) { return []; } }", q["query"]
        )
        if page[:3] != cli[:3]:
            differ.append((q["id"], cli[:3], page[:3]))
    assert len(differ) <= 0.1 * len(SEARCHES), differ
    # and what a person sees when typing one of them
    opened.page.fill("#q", SEARCHES[0]["query"])
    assert opened.visible_ids()[:3] == cli_top(ds, SEARCHES[0]["query"])


def test_a_facet_click_changes_the_counts_and_the_list(opened: Opened, ds: Any) -> None:
    page = opened.page
    before = opened.count("type", "tripartite")
    page.check('#facets input[name="region"][value="africa"]')
    africa = [e.id for e in ds.examples if "africa" in e.region]
    assert sorted(opened.visible_ids()) == sorted(africa)
    assert opened.count("type", "tripartite") == sum(
        1 for e in ds.examples if "africa" in e.region and e.dialogue_type == "tripartite"
    )
    assert opened.count("type", "tripartite") < before
    assert opened.count("region", "americas") == sum(1 for e in ds.examples if "americas" in e.region)  # OR within
    page.check('#facets input[name="region"][value="americas"]')
    assert len(opened.visible_ids()) == sum(1 for e in ds.examples if {"africa", "americas"} & set(e.region))
    assert "Region: Africa or Americas" in opened.status()
    page.click("#reset")
    assert len(opened.visible_ids()) == len(ds.examples)


def test_reloading_the_url_restores_the_view(opened: Opened, ds: Any) -> None:
    page = opened.page
    page.fill("#q", "bargaining")
    page.check('#facets input[name="level"][value="sectoral"]')
    shown = opened.visible_ids()
    assert shown and len(shown) < len(ds.examples)
    url = page.url
    assert "q=bargaining" in url and "level=sectoral" in url
    page.reload()
    page.wait_for_selector("html[data-ready]")
    assert page.input_value("#q") == "bargaining"
    assert page.is_checked('#facets input[name="level"][value="sectoral"]')
    assert opened.visible_ids() == shown


def shown_footnotes(page: Any, example: str) -> list[str]:
    """The footnote numbers a person reads in an example's card: the rendered text, not an attribute."""
    texts = page.locator(f"#ex-{example} .fn li").all_inner_texts()
    return [t.split("]", 1)[0] + "]" for t in texts]


def test_a_shared_link_opens_an_example_with_its_footnotes(browser: Any, page_url: str) -> None:
    o = Opened(browser, f"{page_url}?region=europe-central-asia#ex-{JORDAN}")
    try:
        article = o.page.locator(f"#ex-{JORDAN}")
        assert article.is_visible()  # the filters hid it: following the link shows every example again
        assert article.locator("details.more").get_attribute("open") is not None
        assert shown_footnotes(o.page, JORDAN) == ["[44]", "[45]", "[46]", "[47]"]
        note = article.locator(".fn li").first
        assert note.is_visible()
        assert note.inner_text() == "[44] Previous agreements were signed in 2013, 2015, 2017 and 2019."
        article.locator('a[href="#ch-discrimination"]').click()
        assert o.page.locator("#ch-discrimination").is_visible()
        assert o.errors == []
    finally:
        o.close()


def test_every_path_to_a_card_shows_the_brief_s_footnote_numbers(browser: Any, page_url: str, ds: Any) -> None:
    """Issue 24: a CSS counter drew [1]-[4] for Jordan's [44]-[47] after a fresh load of a shared link.
    One example of each section of the brief, each opened from its link in a new browser context."""
    last: dict[str, Any] = {}
    for ex in ds.examples:
        if ex.sources:
            last[ex.theme] = ex  # the section's last example: its notes are far from [1]
    assert len(last) == 8
    for ex in [*last.values(), ds.get(JORDAN)]:
        o = Opened(browser, f"{page_url}#ex-{ex.id}")
        try:
            want = [f"[{n}]" for n in ex.sources]
            assert shown_footnotes(o.page, ex.id) == want, ex.id
            o.page.emulate_media(media="print")
            assert shown_footnotes(o.page, ex.id) == want, ex.id
        finally:
            o.close()
    o = Opened(browser, page_url)
    try:
        o.page.fill("#q", "garment")
        assert JORDAN in o.visible_ids()
        o.page.locator(f"#ex-{JORDAN} details.more > summary").click()
        assert shown_footnotes(o.page, JORDAN) == ["[44]", "[45]", "[46]", "[47]"]
        o.page.emulate_media(media="print")
        assert shown_footnotes(o.page, JORDAN) == ["[44]", "[45]", "[46]", "[47]"]
        listed = o.page.locator("#footnotes li").all_inner_texts()
        assert [t.split("]", 1)[0] + "]" for t in listed] == [f"[{s.number}]" for s in ds.sources]
    finally:
        o.close()


def test_without_javascript_every_record_is_readable(browser: Any, page_url: str, ds: Any) -> None:
    o = Opened(browser, page_url, java_script_enabled=False)
    try:
        assert len(o.page.query_selector_all("#results article.example:not([hidden])")) == len(ds.examples)
        assert not o.page.is_visible("#finder") and not o.page.is_visible("#facets")
        assert o.page.locator("#ex-" + JORDAN + " .summary").is_visible()
        assert o.page.locator("#footnotes li").count() == len(ds.sources)
    finally:
        o.close()


def test_a_filtered_view_prints_as_a_document(opened: Opened) -> None:
    page = opened.page
    whole = page.pdf(format="A4")
    assert whole.startswith(b"%PDF")
    page.fill("#q", "domestic workers")
    page.click('.facet[data-facet="country"] > summary')
    page.check('#facets input[name="country"][value="Italy"]')
    found = page.pdf(format="A4")
    assert found.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", found))
    assert 1 <= pages < len(re.findall(rb"/Type\s*/Page[^s]", whole)) / 5


def test_keyboard_slash_focuses_search_and_focus_is_visible(opened: Opened, ds: Any) -> None:
    page = opened.page
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("domestic workers")
    page.keyboard.press("Enter")  # to the first result
    assert page.evaluate("document.activeElement.closest('article').id") == "ex-" + cli_top(ds, "domestic workers")[0]
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") in ("SUMMARY", "A")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_accessibility_axe_finds_no_serious_violation(browser: Any, page_url: str, scheme: str) -> None:
    o = Opened(browser, page_url, bypass_csp=True, color_scheme=scheme, viewport={"width": 1280, "height": 900})
    try:
        o.page.add_script_tag(path=str(AXE))
        o.page.fill("#q", "agreement")
        result = o.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert bad == []
    finally:
        o.close()


def test_phone_width_has_no_sideways_scrolling(browser: Any, page_url: str) -> None:
    o = Opened(browser, page_url, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    try:
        assert o.page.evaluate("document.documentElement.scrollWidth") <= 360
        assert not o.page.is_visible('#facets input[name="region"]')  # filters folded away
        o.page.click("#facets details.filters > summary")
        assert o.page.is_visible('#facets input[name="region"]')
    finally:
        o.close()


def test_hostile_data_shows_as_text_and_runs_nothing(browser: Any, tmp_path: Path) -> None:
    data = tmp_path / "mine.yaml"
    data.write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "mine.html"
    assert cli("export", "--format", "html", "--output", str(out), "--data", str(data)).code == 0
    o = Opened(browser, out.as_uri())
    try:
        assert o.dialogs == [] and o.errors == []
        assert o.page.text_content("#ex-my-case h3") == HOSTILE_TITLE
        o.page.fill("#q", "alert")
        assert o.visible_ids() == ["my-case"]
    finally:
        o.close()
