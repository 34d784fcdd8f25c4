"""What people read of the records in the interface language: a record's text in the editors' French
or Spanish translation where it has one (its own words where not), vocabulary values through
``names.display_name``, and the one notice a screen or note gives about them.

A view makes one :class:`Reader` per screen and reads every record through it (``reader.text(rec).title``,
``reader.title(rec)``, ``reader.name("country", value)``); the reader remembers what it showed, and
``reader.notice()`` says it once: that the text is the editors' translation and the English is
authoritative (``translations.NOTICE``: an official title alone is not the editors'), that a
record with no translation (one of a user's own dataset) is shown as written, and that footnotes
and quotations (marked ``reader.verbatim`` by the view that shows them) are the brief's English.
In English it reads the records themselves and says nothing; what machines read is built in English.

Never translated: ids, footnote citations, quotes (``quote`` fields), organisation names (``actors``),
units and figures; the brief's title.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import i18n
from .dataset import Dataset
from .i18n import _, language, pgettext
from .models import Challenge, Principle, Record, Statistic
from .names import display_name
from .vocab import QUALIFIERS

_EMPTY: tuple[Any, ...] = (None, "", (), [], {})
Found = tuple[dict[str, Any], tuple[str, ...], str]  # a translation: its fields, the official ones, their reference


class Text:
    """One record's fields as people read them in one language: each field people read in the
    editors' translation (or its official text) when there is one, every other field as it is."""

    __slots__ = ("_fields", "_official", "_reader", "_record", "_translatable", "reference")

    def __init__(self, reader: Reader, record: Record, found: Found | None) -> None:
        self._reader, self._record = reader, record
        from .translations import TRANSLATABLE

        self._fields, self._official, self.reference = found if found is not None else ({}, (), "")
        self._translatable = TRANSLATABLE.get(record.collection, ())

    def __getattr__(self, name: str) -> Any:
        english = getattr(self._record, name)
        if name not in self._translatable or english in _EMPTY:
            return english
        value: Any = self._fields.get(name)
        if value in _EMPTY:
            self._reader.untranslated = True
            return english
        if name not in self._official:
            self._reader.editors = True
        return tuple(value) if isinstance(english, tuple) else value

    def official(self, name: str) -> bool:
        """Whether a field is shown in an official translation (an ILO convention's NORMLEX title ...)."""
        return name in self._official and name in self._fields


class Reader:
    """Reads records for one screen or note in one language (default: the interface language)."""

    def __init__(self, ds: Dataset, lang: str | None = None) -> None:
        self.ds = ds
        self.lang = lang or language()
        self.editors = False  # some text shown is the editors' translation
        self.untranslated = False  # some record with no translation was shown as written
        self.verbatim = False  # footnotes or quotations were shown (in English, as the brief gives them)

    @property
    def english(self) -> bool:
        return self.lang == "en"

    def text(self, rec: Record) -> Any:
        """The record's fields as people read them (in English: the record itself)."""
        if self.english:
            return rec  # the English path imports no translation machinery (a --json answer stays fast)
        from .translations import TRANSLATABLE

        if rec.collection not in TRANSLATABLE:
            return rec
        return Text(self, rec, self.ds.translation(rec.collection, rec.key, self.lang))

    def title(self, rec: Record) -> str:
        """The record's name as people read it: its title, name or label, else its display name
        (a footnote's citation is verbatim)."""
        if isinstance(rec, Principle) and not self.english:
            self.verbatim = True  # named by its words, quoted
            return _("Principle {number}: {text}").format(number=rec.number, text=rec.quote.text)
        for name in ("title", "name", "label"):
            if isinstance(getattr(rec, name, None), str):
                return str(getattr(self.text(rec), name))
        self.verbatim = self.verbatim or rec.collection == "sources"  # a footnote by its citation
        return rec.display_name

    def figure(self, stat: Statistic) -> str:
        """A figure's value as people read it: its qualifier in this language (``environ``, ``más de``)
        and its number written as this language writes numbers (``78 600``, ``60,6``)."""
        if self.english:
            return stat.figure
        number = i18n.number(stat.value, self.lang)
        if not stat.qualifier:
            return number
        qualifier = pgettext("qualifier", stat.qualifier) if stat.qualifier in QUALIFIERS else stat.qualifier
        return f"{qualifier} {number}"

    def name(self, kind: str, value: str) -> str:
        """A vocabulary value as people read it (``names.display_name``); a challenge by its record's
        name in this language."""
        if kind == "challenge" and not self.english:
            rec = self.ds.get(value)
            if isinstance(rec, Challenge):
                return str(self.text(rec).name)
        return display_name(kind, value, self.lang, self.ds)

    def names(self, kind: str, values: Iterable[str]) -> str:
        """Several values, comma-separated."""
        return ", ".join(self.name(kind, v) for v in values)

    def notice(self) -> str:
        """What the screen says once about the text it showed ("" in English, or when nothing needs saying)."""
        if self.english:
            return ""
        from .translations import NOTICE

        lines = []
        if self.editors:
            lines.append(NOTICE[self.lang])
        if self.untranslated:
            lines.append(_("Records with no translation (from your own dataset) are shown as written."))
        if self.verbatim:
            lines.append(_("Footnotes and quotations are in English, as the brief gives them."))
        return " ".join(lines)
