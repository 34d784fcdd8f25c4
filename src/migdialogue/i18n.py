"""The interface language: which one (``--lang``, ``MIGDIALOGUE_LANG``, the gettext variables), and
``_()`` to translate what people read through the gettext catalogues in ``locale/``.

English is the source language: its path loads no catalogue. What machines read (JSON, JSON Lines,
CSV, YAML, SQLite, ids, exit codes) is never translated. Strings are marked with ``_()`` where they
are shown, or with ``N_()`` where they are defined before the language is known (a module-level
constant) and passed through ``_()`` when shown.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Literal

LANGUAGES: tuple[str, ...] = ("en", "fr", "es")
"""The interface languages: the ILO's three official languages, English first (the source)."""
DEFAULT = "en"
DOMAIN = "migdialogue"

_state: dict[str, object] = {"lang": None, "catalogue": None, "requested": None}


def parse(value: str | None) -> str | None:
    """The interface language a locale or language name stands for (``fr_FR.UTF-8`` -> ``fr``,
    ``es-419`` -> ``es``, ``C``/``POSIX`` -> ``en``), or None when it is none of ours."""
    if not value:
        return None
    code = value.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0].lower()
    if code in ("c", "posix"):
        return DEFAULT
    return code if code in LANGUAGES else None


def choose(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The interface language: ``explicit`` (``--lang``), else ``MIGDIALOGUE_LANG``, else gettext's
    order (``LANGUAGE``, a colon-separated list, then ``LC_ALL``, ``LC_MESSAGES``, ``LANG``: the
    first that is set decides), else English. A value that is none of ours is passed over."""
    env = os.environ if environ is None else environ
    for value in (explicit, env.get("MIGDIALOGUE_LANG")):
        lang = parse(value)
        if lang:
            return lang
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if not value:
            continue
        if name == "LANGUAGE":
            for part in value.split(":"):
                lang = parse(part)
                if lang:
                    return lang
            continue
        return parse(value) or DEFAULT
    return DEFAULT


def set_language(lang: str | None) -> str:
    """Use ``lang`` from now on (None: choose from the environment); returns the language used.
    One that is none of ours is English (the CLI refuses one before it gets here)."""
    chosen = parse(lang) if lang else choose()
    chosen = chosen or DEFAULT
    _state["requested"] = chosen if lang else None
    if chosen != _state["lang"]:
        _state["lang"] = chosen
        _state["catalogue"] = None
    return chosen


def requested() -> str | None:
    """The language asked for by name (``--lang``), None when it came from the environment: an export
    asked for in a language makes it its readers' default (``export --format html --lang fr``)."""
    lang = _state["requested"]
    return None if lang is None else str(lang)


def language() -> str:
    """The interface language in use (chosen from the environment the first time it is asked)."""
    lang = _state["lang"]
    if lang is None:
        return set_language(None)
    return str(lang)


def localedir() -> str:
    """The folder of the compiled catalogues (``locale/<lang>/LC_MESSAGES/migdialogue.mo``)."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")


def catalogue(lang: str) -> object | None:
    """The gettext catalogue of ``lang`` (None for English, or when none is installed)."""
    if lang == DEFAULT:
        return None
    import gettext

    try:
        return gettext.translation(DOMAIN, localedir(), languages=[lang])
    except OSError:
        return None


class Names:
    """A compiled catalogue (``.mo``) read only for :meth:`pgettext`, the vocabularies' names in a language
    other than the interface's (search reads the filters' names in French and Spanish for every query):
    its original strings are indexed, the one asked for decoded, without gettext's parsing of every
    message, its plural forms and its headers. The same answers as the gettext catalogue's pgettext."""

    def __init__(self, data: bytes) -> None:
        import sys
        from array import array

        order: Literal["little", "big"] = "little" if data[:4] == b"\xde\x12\x04\x95" else "big"
        if data[:4] not in (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde"):
            raise ValueError("not a compiled gettext catalogue")
        count, originals, translations = (int.from_bytes(data[k : k + 4], order) for k in (8, 12, 16))
        # (length, offset) of each original, then of each translation
        table = array("I" if array("I").itemsize == 4 else "L")
        table.frombytes(data[originals : originals + 8 * count] + data[translations : translations + 8 * count])
        if order != sys.byteorder:
            table.byteswap()
        self._data, self._table, self._count = data, table, count
        pairs = zip(table[0 : 2 * count : 2], table[1 : 2 * count : 2], strict=True)
        self._index = {data[o : o + n]: k for k, (n, o) in enumerate(pairs)}

    def pgettext(self, context: str, message: str) -> str:
        """``message`` in the catalogue's language, in a context (itself when it has no translation)."""
        k = self._index.get(f"{context}\x04{message}".encode())
        if k is None:
            return message
        n, o = self._table[2 * (self._count + k)], self._table[2 * (self._count + k) + 1]
        return self._data[o : o + n].decode("utf-8")


def names(lang: str) -> Names | None:
    """The catalogue of ``lang`` read for names only (:class:`Names`); None for English, or when none is
    installed."""
    if lang == DEFAULT or lang not in LANGUAGES:
        return None
    try:
        with open(os.path.join(localedir(), lang, "LC_MESSAGES", f"{DOMAIN}.mo"), "rb") as handle:
            return Names(handle.read())
    except (OSError, ValueError):
        return None


def _current() -> object | None:
    lang = language()
    if lang == DEFAULT:
        return None
    cat = _state["catalogue"]
    if cat is None:
        cat = catalogue(lang) or False
        _state["catalogue"] = cat
    return cat or None


def _(message: str) -> str:
    """``message`` in the interface language (itself in English, or when it has no translation)."""
    cat = _current()
    if cat is None:
        return message
    return cat.gettext(message)  # type: ignore[attr-defined, no-any-return]


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the interface language."""
    cat = _current()
    if cat is None:
        return singular if n == 1 else plural
    return cat.ngettext(singular, plural, n)  # type: ignore[attr-defined, no-any-return]


def pgettext(context: str, message: str) -> str:
    """``message`` in the interface language, in a context (a vocabulary kind, a field label...)."""
    cat = _current()
    if cat is None:
        return message
    return cat.pgettext(context, message)  # type: ignore[attr-defined, no-any-return]


NBSP = "\u00a0"


def number(value: float, lang: str | None = None) -> str:
    """A number as people read it in the interface language: ``78,600`` and ``60.6`` in English;
    ``78 600`` and ``60,6`` in French (thousands by a no-break space); in Spanish the same, except that
    a four-digit number is not grouped (``5000``, ``78 600``: the RAE's rule). Whole numbers have no
    decimal point. What machines read keeps its numbers as numbers."""
    lang = lang or language()
    text = f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
    if lang == DEFAULT:
        return text
    whole, _dot, fraction = text.partition(".")
    if lang == "es" and len(whole.replace(",", "").lstrip("-")) <= 4:
        whole = whole.replace(",", "")
    return whole.replace(",", NBSP) + ("," + fraction if fraction else "")


def decimal(value: float, digits: int | None = None, lang: str | None = None) -> str:
    """A measure people read with its decimals as computed (a search score ``11.7``, an --explain weight
    ``5.39``, a related score ``5.5``): ``digits`` decimals (None: as few as needed), with a decimal
    comma in French and Spanish (``11,7``). Unlike :func:`number`, never grouped nor rounded to whole."""
    lang = lang or language()
    text = f"{value:.{digits}f}" if digits is not None else f"{value:g}"
    return text if lang == DEFAULT else text.replace(".", ",")


def percent(share: float, lang: str | None = None) -> str:
    """A share (0.75) as a percentage people read: ``75%`` in English, ``75 %`` (a no-break space) in
    French and Spanish."""
    lang = lang or language()
    value = f"{share:.0%}"
    return value if lang == DEFAULT else value[:-1] + NBSP + "%"


def semicolons(parts: Iterable[str]) -> str:
    """Parts joined by semicolons in the interface language's typography (French: a no-break space
    before each)."""
    out = ""
    for part in parts:
        out = _("{first}; {second}").format(first=out, second=part) if out else part
    return out


def labelled(label: str, text: str) -> str:
    """``label: text`` in the interface language's typography (French: a no-break space before the colon)."""
    return _("{title}: {details}").format(title=label, details=text)


def N_(message: str) -> str:
    """Mark a string for translation without translating it now (translated where it is shown)."""
    return message


def NC_(context: str, message: str) -> str:
    """Mark a string in a context (a vocabulary, a field label...) for translation without translating
    it now: ``pgettext(context, message)`` where it is shown."""
    return message


class source_language:  # noqa: N801  (used as a context manager, like contextlib's)
    """``with source_language():`` English inside, the language chosen before after (what machines
    read is built inside one, so that no translated word can reach it)."""

    def __enter__(self) -> None:
        self._saved = (_state["lang"], _state["catalogue"])
        _state["lang"], _state["catalogue"] = DEFAULT, None

    def __exit__(self, *exc: object) -> None:
        _state["lang"], _state["catalogue"] = self._saved
