"""One self-contained HTML page of the dataset: every record as plain HTML, plus inline data, styles and script.

The page needs no server and no network: it opens from a ``file://`` URL. Python writes every
record as HTML (readable without JavaScript); the inline script (``web/page.js``) adds search
as you type, facet filters with live counts, a language switch and a URL that keeps the view.
The data the script needs (facet values per example, the search index, the interface strings
and vocabulary names in English, French and Spanish, the records' French and Spanish text) is
inline JSON, compressed and written in base85 without "<" (:func:`packed`), so that no text of the
brief or of a user's dataset can end the script element. A Content-Security-Policy
allows only the page's own script and styles (by hash) and no connection at all.

Languages: the page is written in the export's interface language (``--lang``). Every interface
string is written through :class:`Texts`, which numbers it (``data-t=N``, its arguments in
``data-a``, its element pieces marked ``data-p``) so that the script can show it in another
language; vocabulary values are marked ``data-v`` (``kind=value&...``) or rebuilt by the script
from the facet data.

Record text: the markup holds the English (the authoritative text), in every export, each record
marked ``lang="en"``; the data holds the editors' French and Spanish of every field the page shows
(:meth:`Page.records_data`, ``PAGE_FIELDS``), which the script shows with the interface's
language, setting each record's ``lang``, a line under a title that is an official translation,
and the translation notice once at the top. What is never translated says ``lang="en"`` itself:
quotations, organisations' names (actors), the footnotes' bibliographic text. The page's
search matches a French or Spanish query against the records' text in the language shown too.

Each text is written once: a card's footnotes are numbers linking to the list of footnotes (the
script copies each citation beside its number), lists of links to examples get their titles from
the examples' cards (:meth:`Page.drawn`), and the script and styles are written without their
comments and indentation (:func:`minified`): that keeps the page in three languages under 500 KB.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import string
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from . import i18n, names, query, vocab
from ._version import __version__
from .dataset import Dataset
from .i18n import N_
from .models import Challenge, Example, Framework, Instrument, Recommendation, Record, Statistic
from .query import Filters

WEB = Path(__file__).parent / "web"
TEMPLATE = WEB / "page.html"
"""The page's skeleton: its head, sections and scripts, with ``$name`` for what :meth:`Page.render` fills in."""
LANG_BITS = (("en", 1), ("fr", 2), ("es", 4))
URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)\]]")

FACETS: tuple[tuple[str, str], ...] = (
    ("region", N_("Region")),
    ("country", N_("Country")),
    ("type", N_("Dialogue type")),
    ("level", N_("Level")),
    ("theme", N_("Theme")),
    ("challenge", N_("Challenge")),
    ("sector", N_("Sector")),
    ("year", N_("Year")),
)
"""The page's facets: the name the script and the URL use, and the label people read."""

MONTHS = (
    N_("January {year}"),
    N_("February {year}"),
    N_("March {year}"),
    N_("April {year}"),
    N_("May {year}"),
    N_("June {year}"),
    N_("July {year}"),
    N_("August {year}"),
    N_("September {year}"),
    N_("October {year}"),
    N_("November {year}"),
    N_("December {year}"),
)
OFFICIAL = {"title": N_("Official title"), "name": N_("Official name")}
"""The line under a title or name that is an official translation (a convention's NORMLEX title...)."""
ILO = N_("International Labour Organization (ILO)")
"""The brief's publisher, whose French and Spanish names are official (used when the data names it so)."""

LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}
"""Each interface language by its own name (never translated: people look for their own language's name)."""

Msg = str | tuple[str, str]
"""A message: a msgid, or a singular and a plural msgid (chosen by the argument ``n``)."""

PLACEHOLDER = re.compile(r"\{(\w+)\}")
SCRIPT_MESSAGES = re.compile(r'(?<![\w.$])(?:_|ngettext)\(\s*"((?:[^"\\]|\\.)*)"(?:\s*,\s*"((?:[^"\\]|\\.)*)")?')


# NUL and the other control characters HTML does not allow in text (all but tab, line feed and
# carriage return) are shown as U+FFFD, the replacement character, as a browser shows a NUL
_NOT_HTML = dict.fromkeys((*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)), "\ufffd")
_NOT_HTML_FOUND = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def esc(text: object) -> str:
    """Text as HTML (quotes too, so it is safe in attributes), control characters replaced."""
    escaped = html.escape(str(text), quote=True)
    return escaped.translate(_NOT_HTML) if _NOT_HTML_FOUND.search(escaped) else escaped


def etext(text: object) -> str:
    """Text as the content of an element: quotes need no escaping there (an apostrophe of French
    prose written as itself, not as six characters); control characters replaced as by :func:`esc`."""
    escaped = html.escape(str(text), quote=False)
    return escaped.translate(_NOT_HTML) if _NOT_HTML_FOUND.search(escaped) else escaped


def linked(text: str) -> str:
    """Escaped text whose web addresses are links."""
    out, last = [], 0
    for m in URL.finditer(text):
        out.append(esc(text[last : m.start()]))
        out.append(f'<a href="{esc(m.group())}">{esc(m.group())}</a>')
        last = m.end()
    out.append(esc(text[last:]))
    return "".join(out)


def footnote_item(number: int, citation: str, attrs: str = "") -> str:
    """One footnote of the brief, its number written as text: what people read and copy is the brief's number
    on every path (a CSS counter was lost by Chromium when the script opened a card from a shared link)."""
    return f'<li value="{number}"{attrs}><span class="fnum">[{number}]</span> {linked(citation)}</li>'


# in JSON text: an escaped control character (\u0000, \b, \f ...: not \t, \n, \r) after an even
# number of backslashes (so it is an escape, not an escaped backslash followed by letters), or a raw DEL
# or C1 character, which JSON does not escape
_JSON_CONTROL = re.compile(r"(?<!\\)((?:\\\\)*)(?:\\u00(?:0[0-8bcef]|1[0-9a-f])|\\[bf])|[\x7f-\x9f]")


# Base85 (RFC 1924's alphabet, as Python's base64.b85encode writes it) with "<" written as ".", which
# the alphabet lacks: 5 characters for 4 bytes (base64 takes 5.33), none of them "<", so nothing in it
# can end the script element or open a comment
_TO_PAGE = str.maketrans("<", ".")
_FROM_PAGE = str.maketrans(".", "<")


def encoded(raw: bytes) -> str:
    """Bytes as the page writes them into its data element (web/page.js's ``unpack`` reads them)."""
    return base64.b85encode(raw).decode("ascii").translate(_TO_PAGE)


def decoded(text: str) -> bytes:
    """The bytes :func:`encoded` wrote."""
    return base64.b85decode(text.strip().translate(_FROM_PAGE))


def packed(data: Any) -> str:
    """The script's data as it is written into the page: its JSON (UTF-8), compressed with raw DEFLATE
    and written in base85 (:func:`encoded`; web/page.js inflates it). Under a third of the JSON's size;
    and it holds no character that could end the script element, whatever text the brief or a user's
    dataset holds. A control character in the data (but tab and line ends) is U+FFFD, as in the page's
    text (esc): the script never puts one on the page."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    raw = _JSON_CONTROL.sub(lambda m: (m[1] or "") + "\ufffd", text).encode("utf-8")
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    return encoded(deflate.compress(raw) + deflate.flush())


def unpacked(text: str) -> Any:
    """The data :func:`packed` wrote (for tests and tools that read a page)."""
    return json.loads(zlib.decompressobj(-15).decompress(decoded(text)).decode("utf-8"))


_TRAILING = re.compile(r" // ")


def _code_part(line: str) -> str:
    """A line of the script without a comment after its code: cut at the first " // " that stands
    outside quotes (an even number of each quote character before it); the script writes no regular
    expression with " // " in it."""
    for m in _TRAILING.finditer(line):
        before = line[: m.start()]
        if before.count('"') % 2 == 0 and before.count("'") % 2 == 0 and before.count("`") % 2 == 0:
            return before.rstrip()
    return line


def minified(code: str, script: bool = True) -> str:
    """The page's script or styles as written into the page: each line without its indentation, and
    without comments (``// ...`` in the script, whole lines of ``/* ... */`` in both); the line ends
    stay (the script's statements are not joined, so nothing changes their meaning). About a fifth
    of web/page.js."""
    out: list[str] = []
    in_comment = False
    for line in code.split("\n"):
        text = line.strip()
        if in_comment:
            if "*/" not in text:
                continue
            text, in_comment = text.split("*/", 1)[1].strip(), False
        elif text.startswith("/*"):
            if "*/" not in text:
                in_comment = True
                continue
            text = text.split("*/", 1)[1].strip()
        if script:
            text = "" if text.startswith("//") else _code_part(text)
        if text:
            out.append(text)
    return "\n".join(out)


class Html(str):
    """Text that is HTML already (an element, a fragment of the page): :func:`fill_template` writes it as it is."""

    __slots__ = ()


def fill_template(template: str, **values: object) -> str:
    """A ``string.Template`` (``$name``) filled: each value escaped as text (:func:`esc`) unless it is
    :class:`Html`. Every placeholder must have a value and every value a placeholder."""
    page = string.Template(template)
    wanted = set(page.get_identifiers())
    if wanted != set(values):
        raise ValueError(f"template placeholders {sorted(wanted)} != values {sorted(values)}")
    return page.substitute({k: v if isinstance(v, Html) else esc(v) for k, v in values.items()})


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def fill(template: str, values: Mapping[str, str]) -> str:
    """A translated template as the content of an element: its text escaped (:func:`etext`), each
    ``{name}`` replaced by ``values[name]`` (HTML already), a placeholder without a value kept as written."""
    parts = PLACEHOLDER.split(template)
    return "".join(etext(p) if i % 2 == 0 else values.get(p, etext("{" + p + "}")) for i, p in enumerate(parts))


def script_messages(script: str) -> list[Msg]:
    """The messages a script marks with ``_("...")`` and ``ngettext("...", "...", n)``, in order
    (what Babel's javascript extractor takes into the catalogues)."""
    found: list[Msg] = []
    for m in SCRIPT_MESSAGES.finditer(script):
        singular = json.loads(f'"{m.group(1)}"')
        msg: Msg = (singular, json.loads(f'"{m.group(2)}"')) if m.group(2) is not None else singular
        if msg not in found:
            found.append(msg)
    return found


class Texts:
    """The interface strings and vocabulary names of one page: each written in the page's language,
    and numbered so that the script can show it in another (:meth:`table` is what the page embeds).

    ``name_in(kind, value, lang)`` names a vocabulary value in a language (a region's id, a country's
    English name...).
    """

    def __init__(self, lang: str, name_in: Callable[[str, str, str], str]) -> None:
        self.lang = lang
        self.catalogues = {code: i18n.catalogue(code) for code in i18n.LANGUAGES if code != i18n.DEFAULT}
        self.name_in = name_in
        self.numbers: dict[Msg, int] = {}
        self.names: dict[str, dict[str, None]] = {}

    # -- strings --------------------------------------------------------------------------------

    def get(self, msg: Msg, lang: str, n: int | None = None) -> str:
        """``msg`` in ``lang`` (the form for ``n`` when it has a plural; English when untranslated)."""
        cat: Any = self.catalogues.get(lang)
        if isinstance(msg, tuple):
            count = 1 if n is None else n
            if cat is None:
                return msg[0] if count == 1 else msg[1]
            return str(cat.ngettext(msg[0], msg[1], count))
        return msg if cat is None else str(cat.gettext(msg))

    def number(self, msg: Msg) -> int:
        """The message's number in the page's table (added to it the first time)."""
        return self.numbers.setdefault(msg, len(self.numbers))

    def text_number(self, msg: str) -> str:
        """A message the script shows by its English text (``_(text)`` in web/page.js), added to the table."""
        self.number(msg)
        return msg

    def html(self, msg: Msg, args: Mapping[str, object] | None = None, **pieces: str) -> str:
        """The message in the page's language as HTML, its ``{name}``s filled with text ``args`` or HTML ``pieces``."""
        args = args or {}
        n = args.get("n")
        values = {k: etext(v) for k, v in args.items()}
        values.update(pieces)
        return fill(self.get(msg, self.lang, n if isinstance(n, int) else None), values)

    @property
    def lang_attr(self) -> str:
        """The attribute an interface element inside an English record needs (none on an English page)."""
        return "" if self.lang == i18n.DEFAULT else f" lang={self.lang}"

    def el(self, tag: str, msg: Msg, attrs: str = "", args: Mapping[str, object] | None = None, **pieces: str) -> str:
        """An element showing a message: ``<tag data-t=N>``, its arguments in ``data-a`` (URL-encoded)
        and its pieces, elements marked ``data-p=NAME``, kept in place by the script."""
        marks = f" data-t={self.number(msg)}"
        if args:
            marks += f' data-a="{esc(urlencode({k: str(v) for k, v in args.items()}))}"'
        return f"<{tag}{marks}{self.lang_attr}{attrs}>{self.html(msg, args, **pieces)}</{tag}>"

    def label(self, msg: Msg) -> str:
        """An ``aria-label`` attribute showing a message (``data-tl=N``)."""
        return f' aria-label="{esc(self.get(msg, self.lang))}" data-tl={self.number(msg)}'

    # -- vocabulary names -------------------------------------------------------------------------

    def name(self, kind: str, value: str, lang: str | None = None) -> str:
        """A vocabulary value's name in ``lang`` (the page's by default): a region's, a country's..."""
        self.names.setdefault(kind, {})[value] = None
        return self.name_in(kind, value, lang or self.lang)

    def names_el(self, tag: str, pairs: Sequence[tuple[str, str]], attrs: str = "") -> str:
        """An element showing vocabulary values' names, comma-separated (``data-v=kind=value&...``)."""
        text = ", ".join(self.name(kind, value) for kind, value in pairs)
        return f'<{tag} data-v="{esc(urlencode(pairs))}"{self.lang_attr}{attrs}>{esc(text)}</{tag}>'

    # -- the table the script reads ------------------------------------------------------------------

    def table(self, default: str | None) -> dict[str, Any]:
        """The page's language, the default an export chose (None: the browser's), every message in
        English and its translations ("" where it is the English), every name in the three languages."""
        msgs = list(self.numbers)

        def translated(lang: str) -> list[Any]:
            out: list[Any] = []
            for msg in msgs:
                if isinstance(msg, tuple):
                    cat: Any = self.catalogues.get(lang)
                    forms = [self.get(msg, lang, n) for n in _plural_samples(lang)] if cat is not None else []
                    out.append("" if not forms or forms == list(msg) else forms)
                else:
                    text = self.get(msg, lang)
                    out.append("" if text == msg else text)
            return out

        rows: dict[str, dict[str, list[str]]] = {}
        for kind, values in self.names.items():
            rows[kind] = {}
            for value in values:
                english = self.name_in(kind, value, i18n.DEFAULT)
                row = [english if english != value else ""]
                for lang in i18n.LANGUAGES[1:]:
                    other = self.name_in(kind, value, lang)
                    row.append(other if other != english else "")
                rows[kind][value] = row
        return {
            "lang": self.lang,
            "default": default,
            "langs": list(i18n.LANGUAGES),
            "msgs": [list(m) if isinstance(m, tuple) else m for m in msgs],
            **{lang: translated(lang) for lang in i18n.LANGUAGES[1:]},
            "names": rows,
        }


def _plural_samples(lang: str) -> tuple[int, ...]:
    """A number for each plural form of the page's languages, in the order of the forms: French
    (one for 0 and 1, other from 2) and English and Spanish (one for 1, other for the rest) both
    have two forms, singular first, so 1 and 2 show both (web/page.js chooses with the same rules)."""
    return (1, 2)


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
    """Builds the page for a dataset and the examples it keeps (all of them when ``keep`` is None),
    written in ``lang`` (the interface language by default); ``default`` is the language an export
    chose for the page's readers (None: their browser's languages)."""

    def __init__(
        self,
        ds: Dataset,
        keep: set[str] | None = None,
        described: Sequence[tuple[str, list[str]]] = (),
        lang: str | None = None,
        default: str | None = None,
    ) -> None:
        self.ds = ds
        self.examples = [e for e in ds.examples if keep is None or e.id in keep]
        self.kept = {e.id for e in self.examples}
        self.total = ds.store.example_count()
        self.described = list(described)
        self.challenge_names = {c.id: c.name for c in ds.challenges}
        self.tx = Texts(lang or i18n.language(), self.name_in)
        self.default = default
        self.related = query.related_among(self.examples, limit=3)  # once for all: linear in the examples

    def name_in(self, kind: str, value: str, lang: str) -> str:
        """A vocabulary value's name in ``lang``: a facet's values as ``names.display_name`` names them
        everywhere (regions, dialogue types, levels and themes through the catalogues, countries,
        challenges and sectors through the data), an instrument's kind through the catalogues."""
        if kind == "territory":  # a place of the world the brief does not name, as a sentence says it
            return query.territory_name(self.ds, value, lang)
        if kind == "instrument":
            english = vocab.INSTRUMENT_KINDS.get(value, value)
            catalogue: Any = self.tx.catalogues.get(lang)
            return english if catalogue is None else str(catalogue.pgettext("instrument kind", english))
        return names.display_name(kind, value, lang, self.ds)

    # -- small pieces -----------------------------------------------------------------------------

    def lang_of(self, rec: Record) -> str:
        """The attribute that says a record's text is English (the brief's records; a user's may not be).
        The markup holds the English, the authoritative text, in every export; web/page.js shows a
        record's French or Spanish (``records_data``) and sets the attribute to that language."""
        return "" if self.ds.is_user(rec.key) else " lang=en"

    def link(self, rec: Record) -> str:
        if isinstance(rec, Challenge):  # a challenge's name is a vocabulary name (the script names it anew)
            return f'<a href="#{esc(anchor(rec))}"{self.tx.lang_attr}>{esc(self.tx.name("challenge", rec.id))}</a>'
        return f'<a href="#{esc(anchor(rec))}">{etext(rec.display_name)}</a>'

    def links(self, heading: Msg, records: Iterable[Record], args: Mapping[str, object] | None = None) -> str:
        kept = [r for r in records if r.collection != "examples" or r.key in self.kept]
        if not kept:
            return ""
        if all(r.collection == "examples" for r in kept):
            return self.drawn(heading, kept, args)
        items = "".join(f"<li>{self.link(r)}</li>" for r in kept)
        return f'<div class="links">{self.tx.el("h4", heading, args=args)}<ul>{items}</ul></div>'

    def drawn(self, heading: Msg, examples: Sequence[Record], args: Mapping[str, object] | None = None) -> str:
        """A list of links to examples whose titles web/page.js writes, in the language shown, from
        their cards (where each title is written once): a related example, those that address a
        challenge or illustrate a recommendation. Hidden without the script, which draws it; each
        example's own card still says which challenges, recommendations and instruments it goes with."""
        items = "".join(f'<li><a href="#{esc(anchor(r))}"></a></li>' for r in examples)
        return f'<div class="links drawn" hidden>{self.tx.el("h4", heading, args=args)}<ul>{items}</ul></div>'

    def footnotes(self, numbers: Sequence[int]) -> str:
        """A record's footnotes: each number as text, a link to the footnote in the page's list of
        footnotes, where its bibliographic text (English whatever the record's language) is written
        once; web/page.js copies that text beside the number (so each citation is not written again
        for every record that cites it: a sixth of the page)."""
        items = []
        for n in numbers:
            if self.ds.source(n) is not None:
                items.append(f'<li value="{n}"><a class="fnum" href="#fn-{n}">[{n}]</a></li>')
        if not items:
            return self.tx.el("p", N_("The brief gives no footnote for this."), ' class="nofn"')
        heading = self.tx.el("h4", N_("Footnotes of the brief"))
        return f'<div class="fn">{heading}<ol lang=en>{"".join(items)}</ol></div>'

    def user_mark(self, rec: Record) -> str:
        if self.ds.is_user(rec.key):
            return self.tx.el("p", N_("From your own dataset, not from the ILO brief."), ' class="user"')
        return ""

    def not_stated(self) -> str:
        return self.tx.html(N_("not stated"))

    # -- records ----------------------------------------------------------------------------------

    def facts(self, ex: Example) -> str:
        """Where and when: countries, regions, years (web/page.js writes the same line in another language)."""
        tx = self.tx
        countries = ", ".join(tx.name("country", c) for c in ex.countries) or tx.get(N_("No country named"), tx.lang)
        regions = ", ".join(tx.name("region", r) for r in ex.region)
        years = ", ".join(str(y) for y in ex.years) or tx.get(N_("not stated"), tx.lang)
        return " · ".join(x for x in (countries, regions, years) if x)

    def fields(self, ex: Example) -> list[tuple[str, str]]:
        """The example's level, type, theme and sectors (web/page.js writes the same in another language)."""
        tx = self.tx
        sectors = ", ".join(tx.name("sector", s) for s in ex.sectors) or tx.get(N_("not stated"), tx.lang)
        return [
            (tx.get(N_("Level"), tx.lang), tx.name("level", ex.level)),
            (tx.get(N_("Dialogue type"), tx.lang), tx.name("type", ex.dialogue_type)),
            (tx.get(N_("Theme"), tx.lang), tx.name("theme", ex.theme)),
            (tx.get(N_("Sectors"), tx.lang), sectors),
        ]

    def example(self, ex: Example) -> str:
        tx = self.tx
        dl = "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in self.fields(ex))
        more = []
        if ex.actors:
            more.append(
                '<div class="actors">'
                + tx.el("h4", N_("Actors"))
                + "<ul lang=en>"  # organisations by the names the brief gives them
                + "".join(f"<li>{etext(a)}</li>" for a in ex.actors)
                + "</ul></div>"
            )
        if ex.points:
            more.append(
                '<div class="points">'
                + tx.el("h4", N_("Key points"))
                + "<ul>"
                + "".join(f"<li>{etext(p)}</li>" for p in ex.points)
                + "</ul></div>"
            )
        if ex.quote:
            more.append(
                f'<figure class="quote" lang=en><blockquote><p>{etext(ex.quote.text)}</p></blockquote>'
                f"<figcaption>{etext(ex.quote.by)}</figcaption></figure>"
            )
        ds = self.ds
        addressed = [
            f"<li>{self.link(c)}{_evidence(ex.challenge_notes.get(c.id, ''))}</li>"
            for c in ds.challenges
            if c.id in ex.challenges
        ]
        if addressed:
            more.append(
                '<div class="links">' + tx.el("h4", N_("Challenges addressed")) + f"<ul>{''.join(addressed)}</ul></div>"
            )
        if ex.sector_notes:
            more.append(
                '<div class="links">'
                + tx.el("h4", N_("Sectors: where the brief names them"))
                + "<ul>"
                + "".join(
                    f"<li>{tx.names_el('span', [('sector', k)])}{_evidence(v)}</li>" for k, v in ex.sector_notes.items()
                )
                + "</ul></div>"
            )
        more.append(self.links(N_("Recommendations it illustrates"), query.recommendations_citing(ds, ex.id)))
        if ex.instruments:
            more.append(self.links(N_("Related instruments"), [i for i in ds.instruments if i.id in ex.instruments]))
        more.append(self.links(N_("Related examples"), self.related.get(ex.id, [])))
        more.append(self.footnotes(ex.sources))
        count = len(ex.points)
        if count:
            label = tx.el("summary", N_("Key points ({n}), links and footnotes"), args={"n": count})
        else:
            label = tx.el("summary", N_("Links and footnotes"))
        return (
            f'<article class="record example" id="{esc(anchor(ex))}"{self.lang_of(ex)}>'
            f'<h3><a class="self" href="#{esc(anchor(ex))}">{etext(ex.title)}</a></h3>'
            f'<p class="facts"{tx.lang_attr}>{esc(self.facts(ex))}</p>'
            f"{self.user_mark(ex)}"
            f'<p class="summary">{etext(ex.summary)}</p>'
            f'<dl class="fields"{tx.lang_attr}>{dl}</dl>'
            f'<details class="more">{label}{"".join(more)}</details>'
            "</article>"
        )

    def challenge(self, ch: Challenge) -> str:
        examples = [e for e in self.examples if ch.id in e.challenges]
        name = self.tx.names_el("h3", [("challenge", ch.id)])
        addressing = self.links(N_("Examples that address it ({n})"), examples, {"n": len(examples)})
        return (
            f'<article class="record" id="{esc(anchor(ch))}"{self.lang_of(ch)}>{name}{self.user_mark(ch)}'
            f"<p>{etext(ch.summary)}</p>{addressing}"
            f"{self.footnotes(ch.sources)}</article>"
        )

    def recommendation(self, rec: Recommendation, number: str) -> str:
        ds = self.ds
        inner = [f"<p>{etext(rec.summary)}</p>"]
        inner.append(self.links(N_("Examples the recommendation names"), _records(ds, rec.examples)))
        inner.append(
            self.links(
                N_("Examples that illustrate it (the dataset editors' reading)"), _records(ds, rec.related_examples)
            )
        )
        if rec.instruments:
            inner.append(self.links(N_("Instruments"), [i for i in ds.instruments if i.id in rec.instruments]))
        inner.append(self.footnotes(rec.sources))
        level = "h3" if rec.kind == "main" else "h4"
        cls = "record rec-main" if rec.kind == "main" else "record rec-sub"
        return (
            f'<article class="{cls}" id="{esc(anchor(rec))}"{self.lang_of(rec)}><{level}><span class="num">'
            f"{esc(number)}</span> {etext(rec.title)}</{level}>{self.user_mark(rec)}{''.join(inner)}</article>"
        )

    def instrument(self, ins: Instrument) -> str:
        ds = self.ds
        tx = self.tx
        facts = [tx.names_el("span", [("instrument", ins.kind)])]
        if ins.number is not None:
            facts.append(tx.el("span", N_("No. {n}"), args={"n": ins.number}))
        if ins.year is not None:
            facts.append(str(ins.year))
        recs = [r for r in ds.recommendations if ins.id in r.instruments]
        exs = [e for e in self.examples if ins.id in e.instruments]
        return (
            f'<article class="record" id="{esc(anchor(ins))}"{self.lang_of(ins)}><h3>{etext(ins.title)}</h3>'
            f'<p class="facts">{" · ".join(facts)}</p>{self.user_mark(ins)}<p>{etext(ins.summary)}</p>'
            + self.links(N_("Recommendations that name it"), recs)
            + self.links(N_("Examples"), exs)
            + self.footnotes(ins.sources)
            + "</article>"
        )

    def framework(self, fw: Framework) -> str:
        facts = [x for x in (fw.acronym or "", ", ".join(str(y) for y in fw.years)) if x]
        facts_html = f'<p class="facts">{esc(" · ".join(facts))}</p>' if facts else ""
        return (
            f'<article class="record" id="{esc(anchor(fw))}"{self.lang_of(fw)}><h3>{etext(fw.name)}</h3>'
            f"{facts_html}"
            f"{self.user_mark(fw)}<p>{etext(fw.summary)}</p>{self.footnotes(fw.sources)}"
            "</article>"
        )

    def figure_notes(self, notes: Sequence[str]) -> str:
        return "".join(f'<span class="note">{etext(n)}</span>' for n in notes)

    def figures(self, stats: Sequence[Statistic]) -> str:
        tx = self.tx
        rows = []
        for st in stats:
            places = [*(("country", c) for c in st.countries), *(("region", r) for r in st.region)]
            where = tx.names_el("td", places) if places else tx.el("td", N_("world"))
            year = f"<td>{st.year}</td>" if st.year is not None else tx.el("td", N_("not stated"))
            notes = f"<td>{', '.join(str(n) for n in st.sources)}</td>" if st.sources else tx.el("td", N_("none"))
            rows.append(
                f'<tr id="{esc(anchor(st))}"{self.lang_of(st)}><th scope="row">{etext(st.label)}'
                f'{self.figure_notes(st.notes)}</th><td class="num">{esc(st.figure)}</td>'
                f'<td class="unit">{esc(st.unit)}</td>{year}{where}{notes}</tr>'
            )
        heads = "".join(
            tx.el("th", msg, ' scope="col"')
            for msg in (N_("Figure"), N_("Value"), N_("Unit"), N_("Year"), N_("Where"), N_("Footnotes"))
        )
        return (
            '<div class="table-wrap" tabindex="0" role="region"'
            + tx.label(N_("Figures stated in the brief"))
            + "><table>"
            f"<thead><tr>{heads}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
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

    def facet_choices(self) -> dict[str, list[str]]:
        """Every facet's values present in the page, in a stable order: a closed vocabulary's own
        order (then any other value, sorted), else sorted (years newest first)."""
        present: dict[str, set[str]] = {name: set() for name, _ in FACETS}
        for ex in self.examples:
            for name, values in self.facet_values(ex).items():
                present[name].update(values)

        def closed(name: str, names: Mapping[str, str]) -> list[str]:
            return [k for k in names if k in present[name]] + sorted(present[name] - names.keys())

        return {
            "region": closed("region", vocab.REGIONS),
            "country": sorted(present["country"]),
            "type": closed("type", vocab.DIALOGUE_TYPES),
            "level": closed("level", vocab.LEVELS),
            "theme": closed("theme", vocab.THEMES),
            "challenge": closed("challenge", self.challenge_names),
            "sector": sorted(present["sector"]),
            "year": sorted(present["year"], reverse=True),
        }

    def search_data(self) -> dict[str, Any]:
        """What the script needs to rank the examples exactly as ``migdialogue search`` does (see fulltext.py)
        through the lexicon (``fulltext.search(..., translations=False)``: the page carries no index of the
        records' French and Spanish text, which the CLI also matches French and Spanish queries against;
        shown in French or Spanish, web/page.js matches that text as the page holds it to show it,
        folded words less plural and gender endings, as one more field of weight 1).

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
        entries: dict[tuple[str, str], dict[str, list[str]]] = {}
        joins: dict[str, set[str]] = {}  # a term's key -> the conjunctions the term holds (fulltext.CONJUNCTIONS)
        for (kind, entry, lang, _term, folded, term_stems), (key, _first) in zip(
            lexicon["rows"], lexicon["keys"], strict=True
        ):
            if fulltext.CONJUNCTIONS & set(folded.split()):
                joins.setdefault(f"{lang}\t{key}", set()).update(fulltext.CONJUNCTIONS & set(folded.split()))
            lists = entries.setdefault((kind, entry), {})
            for name, value in ((lang, key), (f"{lang}-stems", term_stems)):
                same = lists.setdefault(name, [])
                if value not in same:
                    same.append(value)
        compiled: list[tuple[str, str, list[list[str]]]] = []
        for (kind, entry), lists in entries.items():
            names: list[str] = []
            members: list[str] = []  # a place's countries, found at fulltext.MEMBER_STRENGTH
            if kind == "place":
                called = fulltext.place_names(self.ds, entry)
                names = [n for n, strength in called if strength == 1.0]
                members = [n for n, strength in called if strength != 1.0]
            elif kind == "country":
                names = self._country_names(entry)
            elif kind == "region":
                names = [vocab.REGIONS.get(entry, entry)]
            if kind == "territory":  # found by its English names only (fulltext._concept_unit)
                names = [t for lang, t, _ in store.lexicon_terms(kind, entry) if lang == "en"]
                lists["en-stems"] = []
            places = [" ".join(stem_words(vocab.normalise(n).split())) for n in names]
            # an alternative with a stem no example holds can never match one: left out
            label = fulltext.value_label(self.ds, f"{kind}:{entry}")  # the value it names (fulltext._concept_unit)
            label_stems = " ".join(stem_words(vocab.normalise(label).split())) if label else ""
            english = [
                a
                for a in dict.fromkeys([*lists.get("en-stems", []), *([label_stems] if label_stems else [])])
                if all(df.get(x) for x in a.split())
            ]
            places = [a for a in places if a and all(df.get(x) for x in a.split())]
            parts = [" ".join(stem_words(vocab.normalise(n).split())) for n in members]
            parts = [a for a in parts if a and all(df.get(x) for x in a.split())]
            regional = (
                [" ".join(stem_words(t.split())) for t in fulltext.regional_labels(self.ds, entry)]
                if (kind == "place")
                else []
            )
            groups = [*(lists.get(lang, []) for lang in LANGUAGES), places, english, regional, parts]
            compiled.append((kind, entry, groups))
        # every stem once (with its document frequency); the fields and the lexicon's terms as base-36
        # indexes into that list ("1x.3f" for "travailleur migrant")
        # (a territory's names are matched word for word, unstemmed: their keys are indexes into the words,
        # "words" then "lexWords", which hold them already; a few kilobytes of the page)
        by_word = len(LANGUAGES)
        stem_list = sorted(
            {s for f in fields for text in f for s in text.split()}
            | {k for k, v in df.items() if v}
            | {
                s
                for kind, _, groups in compiled
                for group in (groups[by_word:] if kind == "territory" else groups)
                for term in group
                for s in term.split()
            }
        )
        number = {s: i for i, s in enumerate(stem_list)}
        word_number = {w: i for i, w in enumerate(words)}

        def code(stems: str, sep: str = ".") -> str:
            return sep.join(_base36(number[s]) for s in stems.split())

        def word_code(folded: str) -> str:
            return ".".join(_base36(word_number[w]) for w in folded.split())

        docs = [[code(text, " ") for text in f] for f in fields]
        by_label = fulltext.label_index(self.ds)
        lexicon_rows = [
            [
                kind,
                entry,
                *(
                    "|".join((word_code if kind == "territory" and g < by_word else code)(term) for term in group)
                    for g, group in enumerate(groups)
                ),
            ]
            for kind, entry, groups in compiled
        ]
        for territory in territory_codes:  # the places the data does not name: their names in the page's table
            self.tx.name("territory", territory)
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
            "weaklyFound": fulltext.WEAKLY_FOUND,
            "unknownShare": fulltext.UNKNOWN_SHARE,
            "notesField": fulltext.NOTES_FIELD,
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
            "stems": {lang: _stem_codes(words, stems[lang]) for lang in LANGUAGES},
            "lexicon": lexicon_rows,
            "searchable": list(SEARCHABLE),
            # the filters a query word can name, by their folded labels (fulltext.label_index)
            "named": [[facet, value, folded] for folded, (facet, value, _) in by_label.items()],
            "conceptNamed": {
                f"concept:{entry}": list(found[:2])
                for kind, entry, _groups in compiled
                if kind == "concept" and (found := fulltext.concept_value(self.ds, f"concept:{entry}", by_label))
            },
            "regional": fulltext.REGIONAL_STRENGTH,
            "member": fulltext.MEMBER_STRENGTH,
            "conjunctions": " ".join(sorted(fulltext.CONJUNCTIONS)),
            "joins": {key: " ".join(sorted(held)) for key, held in sorted(joins.items())},
            # the CLI's notices, in English: the script shows them in the page's language (Texts)
            "notices": {name: self.tx.text_number(text) for name, text in fulltext.NOTICES.items()},
        }

    def _country_names(self, name: str) -> list[str]:
        for country in self.ds.countries:
            if country.name == name:
                return [country.name, *country.aliases]
        return [name]

    def data(self, choices: dict[str, list[str]], script: str) -> dict[str, Any]:
        lookup = {name: {v: i for i, v in enumerate(values)} for name, values in choices.items()}
        docs = []
        for ex in self.examples:
            values = self.facet_values(ex)
            docs.append({"id": ex.id, **{name: [lookup[name][v] for v in values[name]] for name, _ in FACETS}})
        for name, _ in FACETS:
            if name != "year":
                for value in choices[name]:
                    self.tx.name(name, value)
        for msg in script_messages(script):
            self.tx.number(msg)
        return {
            "facets": [[name, self.tx.number(label), choices[name]] for name, label in FACETS],
            "docs": docs,
            "subset": self.subset_data(),
            "search": self.search_data(),
            "records": self.records_data(),
            "i18n": self.tx.table(self.default),
        }

    # -- the page ---------------------------------------------------------------------------------

    def subset_data(self) -> list[Any] | None:
        """A filtered page's count, total and filters (its notice, which the script writes anew in another language)."""
        if len(self.examples) == self.total:
            return None
        return [len(self.examples), self.total, [[kind, values] for kind, values in self.described]]

    def subset(self) -> str:
        """The notice of a filtered page: "This file holds 3 of the 67 examples (Region: Africa); ..."
        (web/page.js writes it with the same messages in another language)."""
        tx = self.tx

        def joined(msg: str, items: list[str]) -> str:
            text = items[0]
            for item in items[1:]:
                text = tx.get(msg, tx.lang).format(first=text, second=item)
            return text

        parts = []
        for kind, values in self.described:
            if kind in ("since", "until"):
                label = N_("Since {year}") if kind == "since" else N_("Until {year}")
                parts.append(tx.get(label, tx.lang).format(year=values[0]))
                continue
            names = [tx.name(kind, v) if kind != "year" else v for v in values]
            facet = tx.get(dict(FACETS)[kind], tx.lang)
            parts.append(
                tx.get(N_("{facet}: {values}"), tx.lang).format(
                    facet=facet, values=joined(N_("{first} or {second}"), names)
                )
            )
        args: dict[str, object] = {"n": len(self.examples), "total": self.total}
        if parts:
            args["filters"] = joined(N_("{first}; {second}"), parts)
            return tx.html(
                N_("This file holds {n} of the {total} examples ({filters}); the other sections are whole."), args
            )
        return tx.html(N_("This file holds {n} of the {total} examples; the other sections are whole."), args)

    def citation(self) -> str:
        meta = self.ds.meta
        if not meta.doi:
            return ""
        tx = self.tx
        year = meta.date.partition("-")[0]
        doi = f"https://doi.org/{meta.doi}"
        return (
            '<details class="cite">'
            + tx.el("summary", N_("How to cite the brief"))
            + f"<p lang=en>{esc(meta.publisher)}. {esc(year)}. <cite>{esc(meta.title)}</cite>. Policy Brief, "
            f'{esc(meta.date)}. <a href="{esc(doi)}">{esc(doi)}</a></p>'
            + tx.el(
                "p",
                N_(
                    "For one example, cite the brief and the footnotes it gives for that example "
                    "({command} prints both)."
                ),
                command="<code data-p=command>migdialogue cite ID</code>",
            )
            + "</details>"
        )

    def masthead(self) -> str:
        meta = self.ds.meta
        tx = self.tx
        doi = f"https://doi.org/{meta.doi}" if meta.doi else ""
        switch = (
            '<div id="langs" class="langs" role="group"'
            + tx.label(N_("Language of the page"))
            + " hidden>"
            + "".join(
                f'<button type="button" lang={code} value={code} aria-pressed="{str(code == tx.lang).lower()}">'
                f"{LANGUAGE_NAMES[code]}</button>"
                for code in i18n.LANGUAGES
            )
            + "</div>"
        )
        kicker = ""
        if meta.publisher:
            publisher = tx.el("span", ILO) if meta.publisher == ILO else f"<span lang=en>{esc(meta.publisher)}</span>"
            year, _, month = meta.date.partition("-")
            when = (
                tx.el("span", MONTHS[int(month) - 1], args={"year": year})
                if month.isdigit() and 1 <= int(month) <= 12
                else esc(meta.date)
            )
            series = tx.el("span", N_("Policy brief"))
            kicker = f'<p class="kicker">{publisher} · {series} · {when}</p>'
        doi_line = ""
        if doi:
            doi_line = (
                f'<p class="doi">DOI <a href="{esc(doi)}">{esc(meta.doi)}</a> · '
                + tx.el("span", N_("data version {version}"), args={"version": meta.data_version})
                + "</p>"
            )
        subset = f'<p id="subset" class="subset">{self.subset()}</p>' if self.subset_data() else ""
        lede = N_(
            "The brief's documented examples of social dialogue on labour migration, with its challenges, "
            "recommendations, ILO instruments, multilateral frameworks, figures and footnotes."
        )
        # what readers without the script read (the markup's records are English); the script says
        # instead, in French and Spanish, that they read the editors' translation (notices())
        english = N_("The brief's records are shown in English, the language of the brief.")
        return (
            f'<header class="masthead"><div class="wrap">{switch}{kicker}<h1 lang=en>{esc(meta.title)}</h1>'
            f"{doi_line}{tx.el('p', lede, ' class=lede')}"
            f"{tx.el('p', english, ' id=told class=lede' + ('' if tx.lang != i18n.DEFAULT else ' hidden'))}"
            f"{subset}{self.citation()}</div></header>"
        )

    def notices(self) -> dict[str, str]:
        """What the page says once, in French and Spanish, of the record text it shows (display.Reader's
        notice): the editors' translation, the English authoritative; footnotes and quotations in
        English; a user's untranslated records as written. Nothing in English."""
        from .translations import NOTICE

        translated = bool(self.ds.translations())
        out = {}
        for lang in i18n.LANGUAGES:
            if lang == i18n.DEFAULT:
                continue
            lines = [NOTICE[lang]] if translated and lang in NOTICE else []
            if self.ds.has_user_data:
                lines.append(self.tx.get(UNTRANSLATED, lang))
            lines.append(self.tx.get(VERBATIM, lang))
            out[lang] = " ".join(lines)
        return out

    def figure_in(self, st: Statistic, lang: str) -> str:
        """A figure's value in ``lang`` as display.Reader.figure writes it on a screen: its qualifier
        through the catalogue (``environ``, ``más de``), its number as the language writes numbers."""
        cat: Any = self.tx.catalogues.get(lang)
        if cat is None:
            return st.figure
        number = i18n.number(st.value, lang)
        if not st.qualifier:
            return number
        qualifier = str(cat.pgettext("qualifier", st.qualifier)) if st.qualifier in vocab.QUALIFIERS else st.qualifier
        return f"{qualifier} {number}"

    def records_data(self) -> dict[str, Any]:
        """The record text of the page's other languages, for web/page.js to show when the reader
        switches: by language, collection and key, the fields of ``PAGE_FIELDS`` in their order (0 for
        a field the record lacks there, or a figure's value that reads as in English, "2"; the trailing
        0s left off: the script shows the markup's text for them); a record with no translation into a
        language is left out of it (its text as written is shown). And per language the anchors of the
        records whose title or name is an official translation. The page's own language is its markup:
        not repeated here."""
        shown: list[Record] = [
            *self.examples,
            *self.ds.challenges,
            *self.ds.recommendations,
            *self.ds.instruments,
            *self.ds.frameworks,
            *self.ds.statistics,
            *self.ds.reasons,
            *self.ds.principles,
        ]
        texts: dict[str, dict[str, dict[str, list[Any]]]] = {}
        official: dict[str, list[str]] = {}
        for lang in i18n.LANGUAGES:
            if lang == i18n.DEFAULT:
                continue  # the markup's
            texts[lang], official[lang] = {}, []
            for rec in shown:
                found = self.ds.translation(rec.collection, rec.key, lang)
                if found is None:
                    continue
                fields, official_fields, _ = found
                official[lang] += [record_anchor(rec) for name in official_fields if name in ("title", "name")]
                if isinstance(rec, Statistic):  # its value as the language writes it (not a translation)
                    figure = self.figure_in(rec, lang)
                    fields = {**fields, "figure": figure if figure != rec.figure else None}  # "2": the markup's
                row = [_plain(fields.get(name)) or 0 for name in PAGE_FIELDS[rec.collection]]
                while row and row[-1] == 0:  # a field missing at the end reads as a 0 (the markup's)
                    row.pop()
                texts[lang].setdefault(rec.collection, {})[rec.key] = row
        return {"texts": texts, "official": official, "notices": self.notices()}

    def render(self) -> str:
        """The page: web/page.html filled with its parts (the ``tx`` calls in the order that numbers
        the page's messages: the facets' choices, the first screen's parts, the sections', the title)."""
        tx = self.tx
        source = (WEB / "page.js").read_text(encoding="utf-8")
        script = minified(source)
        style = minified((WEB / "page.css").read_text(encoding="utf-8"), script=False)
        choices = self.facet_choices()
        parts = {**self.first_screen(), **self.other_sections()}
        csp = (
            f"default-src 'none'; script-src '{_sha256(script)}'; style-src '{_sha256(style)}'; img-src data:; "
            "form-action 'none'; base-uri 'none'"
        )
        title = self.ds.meta.title
        if len(self.examples) != self.total:
            title_el = tx.el("title", N_("{title} — {n} examples"), args={"title": title, "n": len(self.examples)})
        else:
            title_el = f"<title>{esc(title)}</title>"
        data = packed(self.data(choices, source))  # last: it holds every string the page used
        return fill_template(
            TEMPLATE.read_text(encoding="utf-8"),
            lang=tx.lang,
            csp=csp,
            version=__version__,
            title=Html(title_el),
            style=Html(style),
            data=Html(data),
            script=Html(script),
            **parts,
        )

    def first_screen(self) -> dict[str, Html]:
        """The template's parts of the page's top: its contents, the search box, the examples and their filters."""
        tx = self.tx
        sections: list[tuple[str, Msg, dict[str, object] | None]] = [
            ("examples", N_("Examples ({n})"), {"n": len(self.examples)}),
            ("challenges", N_("Challenges"), None),
            ("recommendations", N_("Recommendations"), None),
            ("instruments", N_("ILO instruments"), None),
            ("frameworks", N_("Frameworks"), None),
            ("figures", N_("Figures"), None),
            ("about", N_("Why social dialogue"), None),
            ("footnotes", N_("Footnotes"), None),
        ]
        parts: dict[str, Html] = {}
        parts["contents_label"] = Html(tx.label(N_("Contents")))
        parts["contents"] = Html(
            "".join("<li>" + tx.el("a", msg, f' href="#{key}"', args) + "</li>" for key, msg, args in sections)
        )
        parts["search_label"] = Html(tx.el("label", N_("Search the examples"), " for=q"))
        parts["clear"] = Html(tx.el("button", N_("Clear all"), " type=button id=reset"))
        parts["search_help"] = Html(
            tx.el(
                "p",
                N_(
                    "English, French or Spanish words; filters below narrow the list. "
                    "Press {key} to search from anywhere."
                ),
                " id=q-help class=help",
                key="<kbd data-p=key>/</kbd>",
            )
        )
        parts["examples"] = Html(
            "".join(self.example(e) for e in self.examples) or tx.el("p", N_("No example matches."), ' class="empty"')
        )
        parts["examples_heading"] = self.heading("examples", N_("Examples of social dialogue on labour migration"))
        parts["filters_label"] = Html(tx.label(N_("Filters")))
        parts["filters_heading"] = Html(tx.el("summary", N_("Filters")))
        return parts

    def other_sections(self) -> dict[str, Html]:
        """The template's parts of the other sections (recommendations to footnotes), the masthead and colophon."""
        ds, tx = self.ds, self.tx
        parts: dict[str, Html] = {}
        parts["recommendations"] = Html(self.recommendations())
        parts["about"] = Html(self.about())
        parts["footnotes"] = Html(
            "".join(
                footnote_item(s.number, s.citation, f' id="fn-{s.number}"' + (' lang=""' if ds.is_user(s.key) else ""))
                for s in ds.sources
            )
        )
        parts["colophon"] = Html(self.colophon())
        parts["skip"] = Html(tx.el("a", N_("Skip to the examples"), ' class="skip" href="#examples"'))
        parts["masthead"] = Html(self.masthead())
        parts["challenges"] = Html("".join(self.challenge(c) for c in ds.challenges))
        parts["challenges_heading"] = self.heading("challenges", N_("Common labour migration challenges"))
        parts["recommendations_heading"] = self.heading("recommendations", N_("Recommendations of the brief"))
        parts["instruments"] = Html("".join(self.instrument(i) for i in ds.instruments))
        parts["instruments_heading"] = self.heading("instruments", N_("ILO instruments, resolutions and frameworks"))
        parts["frameworks"] = Html("".join(self.framework(f) for f in ds.frameworks))
        parts["frameworks_heading"] = self.heading("frameworks", N_("Multilateral frameworks and platforms"))
        parts["figures"] = Html(self.figures(ds.statistics))
        parts["figures_heading"] = self.heading("figures", N_("Figures stated in the brief"))
        parts["about_heading"] = self.heading("about", N_("Why social dialogue"))
        parts["footnotes_heading"] = self.heading("footnotes", N_("Footnotes of the brief"))
        return parts

    def recommendations(self) -> str:
        """The brief's recommendations, numbered as the brief numbers them (1., 1.1 ...)."""
        ds = self.ds
        recs = []
        number = sub = 0
        for rec in ds.recommendations:
            if rec.kind == "main":
                number, sub = number + 1, 0
                recs.append(self.recommendation(rec, f"{number}."))
            else:
                sub += 1
                recs.append(self.recommendation(rec, f"{number}.{sub}"))
        return "".join(recs)

    def about(self) -> str:
        """Why social dialogue: the ILO's definition (quoted), the reasons, the Multilateral Framework's principles."""
        ds, meta, tx = self.ds, self.ds.meta, self.tx
        about = [
            tx.el("h3", N_("Social dialogue, as the ILO defines it"))
            + f'<figure class="quote" lang=en><blockquote><p>{esc(meta.definition.text)}</p></blockquote>'
            f"<figcaption>{esc(meta.definition.by)}</figcaption></figure>",
            tx.el("h3", N_("Why social dialogue matters for labour migration")),
            "".join(
                f'<article class="record" id="r-{esc(r.id)}"{self.lang_of(r)}><h4>{etext(r.title)}</h4>'
                f"<p>{etext(r.summary)}</p>"
                f"{self.footnotes(r.sources) if r.sources else ''}</article>"
                for r in ds.reasons
            ),
        ]
        if ds.principles:
            about.append(tx.el("h3", N_("Principles of the ILO Multilateral Framework on Labour Migration (Box 1)")))
            for p in ds.principles:
                about.append(
                    f'<article class="record" id="r-{esc(p.id)}"{self.lang_of(p)}>'
                    + tx.el("h4", N_("Principle {n}"), args={"n": p.number})
                    + f'<figure class="quote" lang=en><blockquote><p>{etext(p.quote.text)}</p></blockquote>'
                    f"<figcaption>{etext(p.quote.by)}</figcaption></figure>"
                    + tx.el("h5", N_("How States may give it effect"))
                    + "<ul>"
                    + "".join(f"<li>{etext(a)}</li>" for a in p.actions)
                    + "</ul></article>"
                )
        return "".join(about)

    def colophon(self) -> str:
        meta, tx = self.ds.meta, self.tx
        doi = f"https://doi.org/{meta.doi}" if meta.doi else ""
        colophon = [
            tx.el(
                "span",
                N_("Made with migdialogue {version} from data version {data}."),
                args={"version": __version__, "data": meta.data_version},
            ),
            tx.el("span", N_("The summaries are the dataset editors' words; quotations are marked as such.")),
            tx.el(
                "span",
                N_("Everything on this page comes from the brief ({doi}) unless it is marked as your own data."),
                doi=f'<a data-p=doi href="{esc(doi)}">{esc(doi)}</a>',
            )
            if doi
            else tx.el(
                "span", N_("Everything on this page comes from the brief unless it is marked as your own data.")
            ),
        ]
        return " ".join(colophon)

    def heading(self, ident: str, msg: Msg) -> Html:
        """A section's heading, which the section's ``aria-labelledby`` names."""
        return Html(self.tx.el("h2", msg, f" id={ident}-h"))


PAGE_FIELDS: dict[str, tuple[str, ...]] = {
    "examples": ("title", "summary", "points", "challenge_notes", "sector_notes"),
    "challenges": ("summary",),  # its name is a vocabulary name (Texts.names)
    "recommendations": ("title", "summary"),
    "instruments": ("title", "summary"),
    "frameworks": ("name", "summary"),
    "statistics": ("label", "notes", "unit", "figure"),  # figure: its value, written by Page.figure_in
    "reasons": ("title", "summary"),
    "principles": ("actions",),
}
"""The translated fields the page shows, by collection, in the order web/page.js reads them (its
``textSlots``): record text in the page's data for the languages its markup is not in."""

VERBATIM = N_("Footnotes and quotations are in English, as the brief gives them.")
UNTRANSLATED = N_("Records with no translation (from your own dataset) are shown as written.")


def _plain(value: Any) -> Any:
    """A field as JSON: a tuple as a list, a mapping as a dict."""
    if isinstance(value, tuple | list):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


def record_anchor(rec: Record) -> str:
    """The element id of a record in the page (the reasons and principles of the brief: ``r-ID``)."""
    return f"r-{rec.key}" if rec.collection in ("reasons", "principles") else anchor(rec)


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
    return f'<span class="evidence">: {etext(text)}</span>' if text else ""


def describe_filters(filters: Filters) -> list[tuple[str, list[str]]]:
    """The filters that chose a page's examples: each facet's name and values (``("region", ["africa"])``),
    then ``since`` and ``until``; the page names them in its languages."""
    parts = [
        ("country", list(filters.countries)),
        ("region", list(filters.regions)),
        ("type", list(filters.types)),
        ("level", list(filters.levels)),
        ("theme", list(filters.themes)),
        ("challenge", list(filters.challenges)),
        ("sector", list(filters.sectors)),
        ("year", [str(y) for y in filters.years]),
    ]
    out = [(kind, values) for kind, values in parts if values]
    if filters.since is not None:
        out.append(("since", [str(filters.since)]))
    if filters.until is not None:
        out.append(("until", [str(filters.until)]))
    return out


def page(
    ds: Dataset,
    keep: set[str] | None = None,
    described: Sequence[tuple[str, list[str]]] = (),
    lang: str | None = None,
    default: str | None = None,
) -> str:
    """The whole page as HTML text, written in ``lang`` (the interface language by default);
    ``default``: the language its readers see first unless they chose one (None: their browser's)."""
    return Page(ds, keep, described, lang, default).render()
