"""One self-contained HTML page of the dataset: every record as plain HTML, plus inline data, styles and script.

The page needs no server and no network: it opens from a ``file://`` URL. Python writes every
record as HTML (readable without JavaScript); the inline script (``web/page.js``) adds search
as you type, facet filters with live counts and a URL that keeps the view. The data the script
needs (facet values per example and the search index) is inline JSON, compressed and written in
base64 (:func:`packed`), so that no text of the brief or of a user's dataset can end the script
element. A Content-Security-Policy
allows only the page's own script and styles (by hash) and no connection at all.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from . import query, vocab
from ._version import __version__
from .dataset import Dataset
from .i18n import _
from .models import Challenge, Example, Framework, Instrument, Recommendation, Record, Statistic
from .query import Filters

WEB = Path(__file__).parent / "web"
LANG_BITS = (("en", 1), ("fr", 2), ("es", 4))
URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)\]]")

FACETS: tuple[tuple[str, str], ...] = (
    ("region", "Region"),
    ("country", "Country"),
    ("type", "Dialogue type"),
    ("level", "Level"),
    ("theme", "Theme"),
    ("challenge", "Challenge"),
    ("sector", "Sector"),
    ("year", "Year"),
)


def esc(text: object) -> str:
    """Text as HTML (quotes too, so it is safe in attributes)."""
    return html.escape(str(text), quote=True)


def linked(text: str) -> str:
    """Escaped text whose web addresses are links."""
    out, last = [], 0
    for m in URL.finditer(text):
        out.append(esc(text[last : m.start()]))
        out.append(f'<a href="{esc(m.group())}">{esc(m.group())}</a>')
        last = m.end()
    out.append(esc(text[last:]))
    return "".join(out)


def footnote_item(number: int, citation: str, ident: str = "") -> str:
    """One footnote of the brief, its number written as text: what people read and copy is the brief's number
    on every path (a CSS counter was lost by Chromium when the script opened a card from a shared link)."""
    at = f' id="{esc(ident)}"' if ident else ""
    return f'<li value="{number}"{at}><span class="fnum">[{number}]</span> {linked(citation)}</li>'


def packed(data: Any) -> str:
    """The script's data as it is written into the page: its JSON (UTF-8), compressed with raw DEFLATE
    and written in base64 (web/page.js inflates it). A third of the JSON's size; and base64 holds no
    character that could end the script element, whatever text the brief or a user's dataset holds."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    return base64.b64encode(deflate.compress(raw) + deflate.flush()).decode("ascii")


def unpacked(text: str) -> Any:
    """The data :func:`packed` wrote (for tests and tools that read a page)."""
    return json.loads(zlib.decompress(base64.b64decode(text), -15).decode("utf-8"))


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


ANCHORS = {
    "examples": "ex",
    "challenges": "ch",
    "recommendations": "rec",
    "instruments": "ins",
    "frameworks": "fw",
    "statistics": "fig",
}


def anchor(rec: Record) -> str:
    return f"{ANCHORS.get(rec.collection, 'r')}-{rec.key}"


class Page:
    """Builds the page for a dataset and the examples it keeps (all of them when ``keep`` is None)."""

    def __init__(self, ds: Dataset, keep: set[str] | None = None, described: Sequence[tuple[str, str]] = ()) -> None:
        self.ds = ds
        self.examples = [e for e in ds.examples if keep is None or e.id in keep]
        self.kept = {e.id for e in self.examples}
        self.total = ds.store.example_count()
        self.described = list(described)
        self.challenge_names = {c.id: c.name for c in ds.challenges}

    # -- small pieces -----------------------------------------------------------------------------

    def link(self, rec: Record) -> str:
        return f'<a href="#{esc(anchor(rec))}">{esc(rec.display_name)}</a>'

    def links(self, heading: str, records: Iterable[Record]) -> str:
        items = [f"<li>{self.link(r)}</li>" for r in records if r.collection != "examples" or r.key in self.kept]
        if not items:
            return ""
        return f'<div class="links"><h4>{esc(heading)}</h4><ul>{"".join(items)}</ul></div>'

    def footnotes(self, numbers: Sequence[int]) -> str:
        items = []
        for n in numbers:
            src = self.ds.source(n)
            if src is not None:
                items.append(footnote_item(n, src.citation))
        if not items:
            return '<p class="nofn">The brief gives no footnote for this.</p>'
        return f'<div class="fn"><h4>Footnotes of the brief</h4><ol>{"".join(items)}</ol></div>'

    def user_mark(self, rec: Record) -> str:
        if self.ds.is_user(rec.key):
            return '<p class="user">From your own dataset, not from the ILO brief.</p>'
        return ""

    # -- records ----------------------------------------------------------------------------------

    def example(self, ex: Example) -> str:
        countries = ", ".join(ex.countries)
        regions = ", ".join(vocab.REGIONS.get(r, r) for r in ex.region)
        years = ", ".join(str(y) for y in ex.years) or "not stated"
        facts = [
            ("Level", vocab.LEVELS.get(ex.level, ex.level)),
            ("Dialogue type", vocab.DIALOGUE_TYPES.get(ex.dialogue_type, ex.dialogue_type)),
            ("Theme", vocab.THEMES.get(ex.theme, ex.theme)),
            ("Sectors", ", ".join(ex.sectors) or "not stated"),
        ]
        dl = "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in facts)
        where = " · ".join(x for x in (countries or "No country named", regions) if x)
        more = []
        if ex.actors:
            more.append(
                '<div class="actors"><h4>Actors</h4><ul>'
                + "".join(f"<li>{esc(a)}</li>" for a in ex.actors)
                + "</ul></div>"
            )
        if ex.points:
            more.append(
                '<div class="points"><h4>Key points</h4><ul>'
                + "".join(f"<li>{esc(p)}</li>" for p in ex.points)
                + "</ul></div>"
            )
        if ex.quote:
            more.append(
                f'<figure class="quote"><blockquote><p>{esc(ex.quote.text)}</p></blockquote>'
                f"<figcaption>{esc(ex.quote.by)}</figcaption></figure>"
            )
        ds = self.ds
        addressed = [
            f"<li>{self.link(c)}{_evidence(ex.challenge_notes.get(c.id, ''))}</li>"
            for c in ds.challenges
            if c.id in ex.challenges
        ]
        if addressed:
            more.append(f'<div class="links"><h4>Challenges addressed</h4><ul>{"".join(addressed)}</ul></div>')
        if ex.sector_notes:
            more.append(
                '<div class="links"><h4>Sectors: where the brief names them</h4><ul>'
                + "".join(f"<li>{esc(k)}{_evidence(v)}</li>" for k, v in ex.sector_notes.items())
                + "</ul></div>"
            )
        more.append(self.links("Recommendations it illustrates", query.recommendations_citing(ds, ex.id)))
        if ex.instruments:
            more.append(self.links("Related instruments", [i for i in ds.instruments if i.id in ex.instruments]))
        related = [e for e, _, _ in query.related(ds, ex.id, limit=6) if e.id in self.kept][:3]
        more.append(self.links("Related examples", related))
        more.append(self.footnotes(ex.sources))
        count = len(ex.points)
        label = f"Key points ({count}), links and footnotes" if count else "Links and footnotes"
        return (
            f'<article class="record example" id="{esc(anchor(ex))}" data-id="{esc(ex.id)}">'
            f'<h3><a class="self" href="#{esc(anchor(ex))}">{esc(ex.title)}</a></h3>'
            f'<p class="facts">{esc(where)} · {esc(years)}</p>'
            f"{self.user_mark(ex)}"
            f'<p class="summary">{esc(ex.summary)}</p>'
            f'<dl class="fields">{dl}</dl>'
            f'<details class="more"><summary>{esc(label)}</summary>{"".join(more)}</details>'
            "</article>"
        )

    def challenge(self, ch: Challenge) -> str:
        examples = [e for e in self.examples if ch.id in e.challenges]
        return (
            f'<article class="record" id="{esc(anchor(ch))}"><h3>{esc(ch.name)}</h3>{self.user_mark(ch)}'
            f"<p>{esc(ch.summary)}</p>{self.links(f'Examples that address it ({len(examples)})', examples)}"
            f"{self.footnotes(ch.sources)}</article>"
        )

    def recommendation(self, rec: Recommendation, number: str) -> str:
        ds = self.ds
        inner = [f"<p>{esc(rec.summary)}</p>"]
        inner.append(self.links("Examples the recommendation names", _records(ds, rec.examples)))
        inner.append(
            self.links("Examples that illustrate it (the dataset editors' reading)", _records(ds, rec.related_examples))
        )
        if rec.instruments:
            inner.append(self.links("Instruments", [i for i in ds.instruments if i.id in rec.instruments]))
        inner.append(self.footnotes(rec.sources))
        level = "h3" if rec.kind == "main" else "h4"
        cls = "record rec-main" if rec.kind == "main" else "record rec-sub"
        return (
            f'<article class="{cls}" id="{esc(anchor(rec))}"><{level}><span class="num">{esc(number)}</span> '
            f"{esc(rec.title)}</{level}>{self.user_mark(rec)}{''.join(inner)}</article>"
        )

    def instrument(self, ins: Instrument) -> str:
        ds = self.ds
        facts = [vocab.INSTRUMENT_KINDS.get(ins.kind, ins.kind)]
        if ins.number is not None:
            facts.append(f"No. {ins.number}")
        if ins.year is not None:
            facts.append(str(ins.year))
        recs = [r for r in ds.recommendations if ins.id in r.instruments]
        exs = [e for e in self.examples if ins.id in e.instruments]
        return (
            f'<article class="record" id="{esc(anchor(ins))}"><h3>{esc(ins.title)}</h3>'
            f'<p class="facts">{esc(" · ".join(facts))}</p>{self.user_mark(ins)}<p>{esc(ins.summary)}</p>'
            f"{self.links('Recommendations that name it', recs)}{self.links('Examples', exs)}"
            f"{self.footnotes(ins.sources)}</article>"
        )

    def framework(self, fw: Framework) -> str:
        facts = [x for x in (fw.acronym or "", ", ".join(str(y) for y in fw.years)) if x]
        facts_html = f'<p class="facts">{esc(" · ".join(facts))}</p>' if facts else ""
        return (
            f'<article class="record" id="{esc(anchor(fw))}"><h3>{esc(fw.name)}</h3>{facts_html}'
            f"{self.user_mark(fw)}<p>{esc(fw.summary)}</p>{self.footnotes(fw.sources)}</article>"
        )

    def figure_notes(self, notes: Sequence[str]) -> str:
        return "".join(f'<span class="note">{esc(n)}</span>' for n in notes)

    def figures(self, stats: Sequence[Statistic]) -> str:
        rows = []
        for st in stats:
            value = st.figure
            where = ", ".join([*st.countries, *(vocab.REGIONS.get(r, r) for r in st.region)]) or "world"
            notes = ", ".join(str(n) for n in st.sources) or "none"
            rows.append(
                f'<tr id="{esc(anchor(st))}"><th scope="row">{esc(st.label)}{self.figure_notes(st.notes)}</th>'
                f'<td class="num">{esc(value)}</td>'
                f"<td>{esc(st.unit)}</td><td>{esc(st.year if st.year is not None else 'not stated')}</td>"
                f"<td>{esc(where)}</td><td>{esc(notes)}</td></tr>"
            )
        return (
            '<div class="table-wrap" tabindex="0" role="region" aria-label="Figures stated in the brief"><table>'
            '<thead><tr><th scope="col">Figure</th><th scope="col">Value</th><th scope="col">Unit</th>'
            '<th scope="col">Year</th><th scope="col">Where</th><th scope="col">Footnotes</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )

    # -- facets and the script's data -------------------------------------------------------------

    def facet_values(self, ex: Example) -> dict[str, list[str]]:
        return {
            "region": list(ex.region),
            "country": list(ex.countries),
            "type": [ex.dialogue_type],
            "level": [ex.level],
            "theme": [ex.theme],
            "challenge": list(ex.challenges),
            "sector": list(ex.sectors),
            "year": [str(y) for y in ex.years],
        }

    def facet_choices(self) -> dict[str, list[tuple[str, str]]]:
        """Every facet's values present in the page, in a stable order, with their labels."""
        present: dict[str, set[str]] = {name: set() for name, _ in FACETS}
        for ex in self.examples:
            for name, values in self.facet_values(ex).items():
                present[name].update(values)

        def closed(name: str, names: dict[str, str]) -> list[tuple[str, str]]:
            known = [(k, v) for k, v in names.items() if k in present[name]]
            return known + sorted((v, v) for v in present[name] - names.keys())

        return {
            "region": closed("region", vocab.REGIONS),
            "country": sorted((c, c) for c in present["country"]),
            "type": closed("type", vocab.DIALOGUE_TYPES),
            "level": closed("level", vocab.LEVELS),
            "theme": closed("theme", vocab.THEMES),
            "challenge": closed("challenge", self.challenge_names),
            "sector": sorted((s, s) for s in present["sector"]),
            "year": sorted(((y, y) for y in present["year"]), reverse=True),
        }

    def search_data(self) -> dict[str, Any]:
        """What the script needs to rank the examples exactly as ``migdialogue search`` does (see fulltext.py).

        The examples' fields as the index's stems, the collection's statistics (count, average field
        lengths, document frequencies), the lexicon compiled to stems, and the English, French and
        Spanish stems of every word of the data and of the lexicon (so the script needs a stemmer
        only for a word neither holds: web/page.js has the English Snowball stemmer and a light
        fallback for French and Spanish).
        """
        from . import fulltext
        from .analysis import ALL_STOP_WORDS, LANGUAGES, STOP_WORDS, stem_words
        from .store import SEARCHABLE

        store = self.ds.store
        # the full-text index numbers the examples first: an example's row is its position
        positions = [store.example_position(e.id) for e in self.examples]
        texts = store.texts([p for p in positions if p is not None])
        fields = [texts[p] if p is not None else [""] * len(fulltext.FIELD_WEIGHTS) for p in positions]
        stats = store.text_stats().get("examples", {"count": 0, "avg": [0.0] * len(fulltext.FIELD_WEIGHTS)})
        vocabulary = store.vocabulary()
        lexicon = store.lexicon_data()
        lex_words = sorted(set(store.lexicon_words()) - set(vocabulary))
        words = [*vocabulary, *lex_words]
        data_words = set(vocabulary)
        lex_by = {lang: set(store.lexicon_words(lang, places=False)) for lang in LANGUAGES}
        territory_codes = sorted({r[1] for r in lexicon["rows"] if r[0] == "territory"})
        stems = {lang: stem_words(words, lang) if words else [] for lang in LANGUAGES}
        df = store.doc_frequencies(["examples"], set(stems["en"][: len(vocabulary)]))
        # the lexicon: per entry and language, the keys its terms are matched on (the stems of their
        # words that are not stop words, each once), the stems of its English terms (the alternatives
        # a match adds) and the stems of the place names it stands for
        from .store import _lexicon_row

        entries: dict[tuple[str, str], dict[str, list[str]]] = {}
        for kind, entry, lang, term, folded, term_stems in lexicon["rows"]:
            key = _lexicon_row(kind, entry, lang, term, folded, term_stems)[6]
            lists = entries.setdefault((kind, entry), {})
            for name, value in ((lang, key), (f"{lang}-stems", term_stems)):
                same = lists.setdefault(name, [])
                if value not in same:
                    same.append(value)
        compiled: list[tuple[str, str, list[list[str]]]] = []
        for (kind, entry), lists in entries.items():
            names: list[str] = []
            if kind == "place":
                names = [n for c in store.place_countries(entry) for n in self._country_names(c)]
            elif kind == "country":
                names = self._country_names(entry)
            elif kind == "region":
                names = [vocab.REGIONS.get(entry, entry)]
            if kind == "territory":  # found by its English names only (fulltext._concept_unit)
                names = [t for lang, t, _ in store.lexicon_terms(kind, entry) if lang == "en"]
                lists["en-stems"] = []
            places = [" ".join(stem_words(vocab.normalise(n).split())) for n in names]
            # an alternative with a stem no example holds can never match one: left out
            english = [a for a in lists.get("en-stems", []) if all(df.get(x) for x in a.split())]
            places = [a for a in places if a and all(df.get(x) for x in a.split())]
            compiled.append((kind, entry, [*(lists.get(lang, []) for lang in LANGUAGES), places, english]))
        # every stem once (with its document frequency); the fields and the lexicon's terms as base-36
        # indexes into that list ("1x.3f" for "travailleur migrant")
        stem_list = sorted(
            {s for f in fields for text in f for s in text.split()}
            | {k for k, v in df.items() if v}
            | {s for _, _, groups in compiled for group in groups for term in group for s in term.split()}
        )
        number = {s: i for i, s in enumerate(stem_list)}

        def code(stems: str, sep: str = ".") -> str:
            return sep.join(_base36(number[s]) for s in stems.split())

        docs = [[code(text, " ") for text in f] for f in fields]
        lexicon_rows = [
            [kind, entry, *("|".join(code(term) for term in group) for group in groups)]
            for kind, entry, groups in compiled
        ]
        return {
            "weights": list(fulltext.FIELD_WEIGHTS),
            "k1": fulltext.K1,
            "b": fulltext.B,
            "common": fulltext.COMMON_SHARE,
            "phraseBonus": fulltext.PHRASE_BONUS,
            "synonym": fulltext.STRENGTH["synonym"],
            "wordsApart": fulltext.STRENGTH["words"],
            "fuzzyCutoff": fulltext.FUZZY_CUTOFF,
            "fuzzyStrength": fulltext.FUZZY_STRENGTH,
            "suggestCutoff": fulltext.SUGGEST_CUTOFF,
            "weakCoverage": fulltext.WEAK_COVERAGE,
            "maxWords": fulltext.MAX_QUERY_WORDS,
            "languages": list(LANGUAGES),
            "stop": " ".join(sorted(ALL_STOP_WORDS)),
            "stopBy": {lang: " ".join(sorted(STOP_WORDS[lang])) for lang in LANGUAGES},
            "n": stats["count"],
            "avg": stats["avg"],
            "stemList": " ".join(stem_list),
            "df": [df.get(s, 0) for s in stem_list],
            "docs": docs,
            "words": " ".join(vocabulary),
            "lexWords": " ".join(lex_words),
            # per word of "words" then "lexWords": 8 if the data holds it, + 1, 2, 4 if a lexicon term of
            # English, French, Spanish does (not counting the gazetteer's places): near spellings' choices
            "wordLangs": "".join(
                format(8 * (w in data_words) + sum(b for lang, b in LANG_BITS if w in lex_by[lang]), "x") for w in words
            ),
            "placeNames": {code: query.territory_name(self.ds, code) for code in territory_codes},
            "stems": {lang: _stem_codes(words, stems[lang]) for lang in LANGUAGES},
            "lexicon": lexicon_rows,
            "searchable": list(SEARCHABLE),
            # the filters a query word can name, by the stems of their labels (fulltext.named_values)
            "named": [
                [facet, value, " ".join(stem_words(vocab.normalise(label).split()))]
                for facet, values in fulltext.filter_labels(self.ds).items()
                for value, label in values.items()
            ],
            "notices": {name: _(text) for name, text in fulltext.NOTICES.items()},
        }

    def _country_names(self, name: str) -> list[str]:
        for country in self.ds.countries:
            if country.name == name:
                return [country.name, *country.aliases]
        return [name]

    def data(self, choices: dict[str, list[tuple[str, str]]]) -> dict[str, Any]:
        lookup = {name: {v: i for i, (v, _) in enumerate(values)} for name, values in choices.items()}
        docs = []
        for ex in self.examples:
            values = self.facet_values(ex)
            docs.append({"id": ex.id, **{name: [lookup[name][v] for v in values[name]] for name, _ in FACETS}})
        return {
            "facets": [
                [name, label, [v for v, _ in choices[name]], [text if text != v else "" for v, text in choices[name]]]
                for name, label in FACETS
            ],
            "docs": docs,
            "search": self.search_data(),
        }

    # -- the page ---------------------------------------------------------------------------------

    def citation(self) -> str:
        meta = self.ds.meta
        if not meta.doi:
            return ""
        year = meta.date.partition("-")[0]
        doi = f"https://doi.org/{meta.doi}"
        return (
            '<details class="cite"><summary>How to cite the brief</summary>'
            f"<p>{esc(meta.publisher)}. {esc(year)}. <cite>{esc(meta.title)}</cite>. Policy Brief, {esc(meta.date)}. "
            f'<a href="{esc(doi)}">{esc(doi)}</a></p>'
            "<p>For one example, cite the brief and the footnotes it gives for that example "
            "(<code>migdialogue cite ID</code> prints both).</p></details>"
        )

    def render(self) -> str:
        ds = self.ds
        meta = ds.meta
        choices = self.facet_choices()
        month = _month(meta.date)
        doi = f"https://doi.org/{meta.doi}" if meta.doi else ""
        subset = ""
        if len(self.examples) != self.total:
            what = "; ".join(f"{k}: {v}" for k, v in self.described)
            subset = (
                f'<p class="subset">This file holds {len(self.examples)} of the {self.total} examples'
                + (f" ({esc(what)})" if what else "")
                + "; the other sections are whole.</p>"
            )
        masthead = (
            '<header class="masthead"><div class="wrap">'
            + (f'<p class="kicker">{esc(meta.publisher)} · Policy brief · {esc(month)}</p>' if meta.publisher else "")
            + f"<h1>{esc(meta.title)}</h1>"
            + (
                f'<p class="doi">DOI <a href="{esc(doi)}">{esc(meta.doi)}</a>'
                f" · data version {esc(meta.data_version)}</p>"
                if doi
                else ""
            )
            + f'<p class="lede">The brief\'s documented examples of social dialogue on labour migration, with its '
            f"challenges, recommendations, ILO instruments, multilateral frameworks, figures and footnotes."
            f"</p>{subset}{self.citation()}</div></header>"
        )
        sections = [
            ("examples", f"Examples ({len(self.examples)})"),
            ("challenges", "Challenges"),
            ("recommendations", "Recommendations"),
            ("instruments", "ILO instruments"),
            ("frameworks", "Frameworks"),
            ("figures", "Figures"),
            ("about", "Why social dialogue"),
            ("footnotes", "Footnotes"),
        ]
        nav = (
            '<nav class="toc" aria-label="Contents"><div class="wrap"><ul>'
            + "".join(f'<li><a href="#{k}">{esc(v)}</a></li>' for k, v in sections)
            + "</ul></div></nav>"
        )
        finder = (
            '<form id="finder" class="finder" role="search" hidden>'
            '<label for="q">Search the examples</label>'
            '<div class="qrow"><input id="q" name="q" type="search" autocomplete="off" spellcheck="false" '
            'aria-describedby="q-help" aria-controls="results">'
            '<button type="button" id="reset">Clear all</button></div>'
            '<p id="q-help" class="help">English, French or Spanish words; filters below narrow the list. '
            "Press <kbd>/</kbd> to search from anywhere.</p></form>"
        )
        examples = "".join(self.example(e) for e in self.examples) or '<p class="empty">No example matches.</p>'
        examples_section = (
            '<section id="examples" aria-labelledby="examples-h"><h2 id="examples-h">Examples of social dialogue '
            f"on labour migration</h2>{finder}"
            '<p id="status" class="status" role="status" aria-live="polite"></p>'
            '<ul id="notes" class="notes" aria-live="polite" hidden></ul>'
            '<div class="layout"><aside id="facets" class="facets" aria-label="Filters" hidden>'
            '<details class="filters" open><summary>Filters</summary></details></aside>'
            f'<div id="results" class="results">{examples}</div></div></section>'
        )
        recs = []
        number = sub = 0
        for rec in ds.recommendations:
            if rec.kind == "main":
                number, sub = number + 1, 0
                recs.append(self.recommendation(rec, f"{number}."))
            else:
                sub += 1
                recs.append(self.recommendation(rec, f"{number}.{sub}"))
        about = [
            "<h3>Social dialogue, as the ILO defines it</h3>"
            f'<figure class="quote"><blockquote><p>{esc(meta.definition.text)}</p></blockquote>'
            f"<figcaption>{esc(meta.definition.by)}</figcaption></figure>",
            "<h3>Why social dialogue matters for labour migration</h3>",
            "".join(
                f'<article class="record" id="r-{esc(r.id)}"><h4>{esc(r.title)}</h4><p>{esc(r.summary)}</p>'
                f"{self.footnotes(r.sources) if r.sources else ''}</article>"
                for r in ds.reasons
            ),
        ]
        if ds.principles:
            about.append("<h3>Principles of the ILO Multilateral Framework on Labour Migration (Box 1)</h3>")
            for p in ds.principles:
                about.append(
                    f'<article class="record" id="r-{esc(p.id)}"><h4>Principle {p.number}</h4>'
                    f'<figure class="quote"><blockquote><p>{esc(p.quote.text)}</p></blockquote>'
                    f"<figcaption>{esc(p.quote.by)}</figcaption></figure>"
                    "<h5>How States may give it effect</h5><ul>"
                    + "".join(f"<li>{esc(a)}</li>" for a in p.actions)
                    + "</ul></article>"
                )
        footnotes = "".join(footnote_item(s.number, s.citation, f"fn-{s.number}") for s in ds.sources)
        body = [
            '<a class="skip" href="#examples">Skip to the examples</a>',
            masthead,
            nav,
            '<main id="main" class="wrap">',
            examples_section,
            _section(
                "challenges", "Common labour migration challenges", "".join(self.challenge(c) for c in ds.challenges)
            ),
            _section("recommendations", "Recommendations of the brief", "".join(recs)),
            _section(
                "instruments",
                "ILO instruments, resolutions and frameworks",
                "".join(self.instrument(i) for i in ds.instruments),
            ),
            _section(
                "frameworks", "Multilateral frameworks and platforms", "".join(self.framework(f) for f in ds.frameworks)
            ),
            _section("figures", "Figures stated in the brief", self.figures(ds.statistics)),
            _section("about", "Why social dialogue", "".join(about)),
            _section("footnotes", "Footnotes of the brief", f'<ol class="footnotes">{footnotes}</ol>'),
            "</main>",
            '<footer class="colophon"><div class="wrap"><p>Made with migdialogue '
            f"{esc(__version__)} from data version {esc(meta.data_version)}. The summaries are the dataset "
            "editors' words; quotations are marked as such. Everything on this page comes from the brief"
            + (f' (<a href="{esc(doi)}">{esc(doi)}</a>)' if doi else "")
            + " unless it is marked as your own data.</p></div></footer>",
        ]
        script = (WEB / "page.js").read_text(encoding="utf-8")
        style = (WEB / "page.css").read_text(encoding="utf-8")
        csp = (
            f"default-src 'none'; script-src '{_sha256(script)}'; style-src '{_sha256(style)}'; img-src data:; "
            "form-action 'none'; base-uri 'none'"
        )
        title = meta.title + (f" — {len(self.examples)} examples" if subset else "")
        return (
            '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">\n'
            '<meta name="color-scheme" content="light dark">\n'
            f'<meta name="generator" content="migdialogue {esc(__version__)}">\n'
            f"<title>{esc(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
            + "\n".join(body)
            + f'\n<script type="application/octet-stream" id="md-data">{packed(self.data(choices))}</script>\n'
            f"<script>{script}</script>\n</body>\n</html>\n"
        )


def _section(ident: str, heading: str, inner: str) -> str:
    return f'<section id="{ident}" aria-labelledby="{ident}-h"><h2 id="{ident}-h">{esc(heading)}</h2>{inner}</section>'


def _records(ds: Dataset, ids: Sequence[str]) -> list[Record]:
    return [rec for i in ids if (rec := ds.get(i)) is not None]


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


def _stem_codes(words: Sequence[str], stems: Sequence[str]) -> str:
    """Each word's stem, compactly: "" for the word itself, a number for as many letters cut off its end,
    or "=stem" (comma-separated, in the words' order)."""
    codes = []
    for word, stem in zip(words, stems, strict=True):
        if stem == word:
            codes.append("")
        elif word.startswith(stem):
            codes.append(str(len(word) - len(stem)))
        else:
            codes.append("=" + stem)
    return ",".join(codes)


def _evidence(text: str) -> str:
    return f'<span class="evidence">: {esc(text)}</span>' if text else ""


def _month(date: str) -> str:
    months = "January February March April May June July August September October November December".split()  # noqa: SIM905
    year, _, month = date.partition("-")
    if month.isdigit() and 1 <= int(month) <= 12:
        return f"{months[int(month) - 1]} {year}"
    return date


def describe_filters(ds: Dataset, filters: Filters) -> list[tuple[str, str]]:
    """The filters that chose a page's examples, in words ("Region", "Africa or Americas")."""
    names = {c.id: c.name for c in ds.challenges}
    parts = [
        ("Country", list(filters.countries)),
        ("Region", [vocab.REGIONS.get(r, r) for r in filters.regions]),
        ("Dialogue type", [vocab.DIALOGUE_TYPES.get(t, t) for t in filters.types]),
        ("Level", [vocab.LEVELS.get(v, v) for v in filters.levels]),
        ("Theme", [vocab.THEMES.get(t, t) for t in filters.themes]),
        ("Challenge", [names.get(c, c) for c in filters.challenges]),
        ("Sector", list(filters.sectors)),
        ("Year", [str(y) for y in filters.years]),
    ]
    out = [(label, " or ".join(values)) for label, values in parts if values]
    if filters.since is not None:
        out.append(("Since", str(filters.since)))
    if filters.until is not None:
        out.append(("Until", str(filters.until)))
    return out


def page(ds: Dataset, keep: set[str] | None = None, described: Sequence[tuple[str, str]] = ()) -> str:
    """The whole page as HTML text."""
    return Page(ds, keep, described).render()
