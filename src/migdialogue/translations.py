"""The editors' French and Spanish translations of the records' text (data/translations/*.yaml): read,
checked against the English they translate, and compiled into the store.

The English text is authoritative. A translation gives, for one record, the fields people read
(``TRANSLATABLE``) in French or Spanish; a field marked ``official`` is an official text (an ILO
convention's title as NORMLEX gives it, a UN framework's official name) and says its
``reference``; every other is the editors' translation. The checks are mechanical and catch what
a translation most often loses: every field and item of the English is there, none empty or
left in English, and the same numbers, footnote references and acronyms (see ``ACRONYMS`` for the
official French and Spanish equivalents) stand in it. Problems are ``FILE:LINE: record ID: ...``.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from .errors import Problem
from .i18n import _, ngettext, semicolons

FOLDER = "translations"
LANGS = ("fr", "es")
TRANSLATABLE: dict[str, tuple[str, ...]] = {
    "examples": ("title", "summary", "points", "notes", "challenge_notes", "form_notes", "sector_notes"),
    "challenges": ("name", "summary"),
    "recommendations": ("title", "summary", "notes"),
    "instruments": ("title", "summary"),
    "frameworks": ("name", "summary"),
    "statistics": ("label", "unit", "notes"),
    "reasons": ("title", "summary"),
    "principles": ("actions",),
}
"""The fields people read, by collection: the only ones a translation gives."""

NOTICE = {
    "fr": "Traduction des éditeurs\u00a0; le texte anglais fait foi.",
    "es": "Traducción de los editores; el texto en inglés es el que hace fe.",
}
"""What every translated text shown to people says of itself (official texts excepted)."""

_SHARED: dict[str, tuple[str, ...]] = {
    "ILO": ("OIT",),
    "ILC": ("CIT",),
    "IOM": ("OIM",),
    "IOE": ("OIE",),
    "ITUC": ("CSI",),
    "UN": ("ONU", "NU"),
    "EU": ("UE",),
    "AU": ("UA",),
    "ECOWAS": ("CEDEAO",),
    "GFMD": ("FMMD",),
    "GCC": ("CCG",),
    "GCM": ("PMM",),
    "OSH": ("SST",),
    "NGO": ("ONG",),
}
ACRONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "fr": {**_SHARED, "UN": ("ONU", "NU", "Nations Unies"), "UNHCR": ("HCR",), "SDG": ("ODD",), "EAC": ("CAE",)},
    "es": {**_SHARED, "UN": ("ONU", "NU", "Naciones Unidas"), "UNHCR": ("ACNUR",), "SDG": ("ODS",), "EAC": ("CAO",)},
}
"""The acronyms a translation may write in their official French or Spanish form (the ILO's and the
UN's own usage: OIT, CIT, OIM, OIE, CSI, ONU (or Nations Unies / Naciones Unidas written out), UE,
UA, CEDEAO, FMMD, CCG, PMM for the Global Compact for Migration, SST, ONG, HCR/ACNUR, ODD/ODS,
CAE/CAO for the East African Community); every other acronym of the English stands in the
translation as it is. A plural (NGOs, BLMAs) counts as its singular."""

_DIGITS = re.compile(r"\d+")
_FOOTNOTE = re.compile(r"\(fn\.? (\d+(?:(?:, | and )\d+)*)\)")
_FOOTNOTE_TR = {
    "fr": re.compile(r"\(notes? (\d+(?:(?:, | et )\d+)*)\)"),
    "es": re.compile(r"\(notas? (\d+(?:(?:, | y )\d+)*)\)"),
}
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b")


class Row(NamedTuple):
    """One record's translation into one language, as the store keeps it."""

    collection: str
    key: str
    lang: str
    fields: dict[str, Any]
    official: tuple[str, ...]
    reference: str


def folder(data_dir: str) -> str:
    return os.path.join(data_dir, FOLDER)


def files(data_dir: str) -> list[str]:
    """The translation files of a data folder, sorted ([] when it has none)."""
    where = folder(data_dir)
    try:
        names = sorted(n for n in os.listdir(where) if n.endswith((".yaml", ".yml")) and not n.startswith("."))
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [os.path.join(where, n) for n in names]


def _footnotes(text: str, pattern: re.Pattern[str]) -> Counter[str]:
    return Counter(n for m in pattern.finditer(text) for n in _DIGITS.findall(m.group(1)))


def _acronyms(text: str) -> Counter[str]:
    found = _ACRONYM.findall(text)
    return Counter(a[:-1] if a.endswith("s") and a[:-1].isupper() else a for a in found)


def compare(english: str, translated: str, lang: str) -> list[str]:
    """What a translated text lost or added against its English: [] when it keeps everything checked."""
    problems = []
    if not translated.strip():
        return [_("is empty")]
    if translated.strip() == english.strip():
        return [_("is the English text, not a translation")]
    en_digits, tr_digits = Counter(_DIGITS.findall(english)), Counter(_DIGITS.findall(translated))
    if en_digits != tr_digits:
        lost = sorted((en_digits - tr_digits).elements())
        added = sorted((tr_digits - en_digits).elements())
        parts = [_("lost {numbers}").format(numbers=", ".join(lost))] if lost else []
        parts += [_("added {numbers}").format(numbers=", ".join(added))] if added else []
        problems.append(_("numbers differ from the English ({details})").format(details=semicolons(parts)))
    en_notes, tr_notes = _footnotes(english, _FOOTNOTE), _footnotes(translated, _FOOTNOTE_TR[lang])
    if en_notes != tr_notes:
        word = "note" if lang == "fr" else "nota"
        want = ", ".join(f"({word} {n})" for n in sorted(en_notes.elements(), key=int))
        if want:
            problems.append(_("footnote references differ from the English (want {want})").format(want=want))
        else:
            problems.append(_("footnote references differ from the English (want none)"))
    official = ACRONYMS[lang]
    have = _acronyms(translated)
    for acronym, count in _acronyms(english).items():
        forms = (acronym, *official.get(acronym, ()))
        found = sum(have[f] if " " not in f else translated.count(f) for f in forms)
        if found < count:
            if forms[1:]:
                lacking = _("acronym {acronym} is missing (or {others})").format(
                    acronym=acronym, others=", ".join(forms[1:])
                )
            else:
                lacking = _("acronym {acronym} is missing").format(acronym=acronym)
            problems.append(lacking)
    return problems


def check(
    paths: Iterable[str], english: Callable[[str, str], dict[str, Any] | None], *, complete: bool = True
) -> tuple[list[Row], list[Problem]]:
    """Read and check translation files against the English records (``english(collection, key)``).

    ``complete``: every record with a translatable field must have a translation in each language.
    """
    from .validate import Checker
    from .yamlio import LMap, read_file

    checker = Checker()
    rows: list[Row] = []
    seen: dict[tuple[str, str, str], str] = {}
    for path in paths:
        doc, problems = read_file(path)
        checker.problems.extend(problems)
        if doc is None:
            continue
        if not isinstance(doc, LMap) or not isinstance(doc.get("records"), LMap):
            checker.add(path, getattr(doc, "line", 1), "", _("a translation file maps 'language' and 'records'"))
            continue
        lang = doc.get("language")
        if lang not in LANGS:
            one_of = _("'language' must be one of {languages}").format(languages=", ".join(LANGS))
            checker.add(path, doc.lines.get("language", 1), "", one_of)
            continue
        _check_records(checker, path, lang, doc["records"], english, rows, seen)
    return rows, checker.problems


def check_export(
    given: Iterable[tuple[str, Any]], english: Callable[[str, str], dict[str, Any] | None]
) -> tuple[list[Row], list[Problem]]:
    """Check the translations a dataset file gives beside its records, in the shape ``export --format
    json`` writes them (``translations: {lang: {collection: {id: {field: text ...}}}}``): (path, that
    value) pairs, read like the translation files."""
    from .validate import Checker
    from .yamlio import LMap

    checker = Checker()
    rows: list[Row] = []
    seen: dict[tuple[str, str, str], str] = {}
    for path, value in given:
        if not isinstance(value, LMap):
            checker.add(path, getattr(value, "line", 1), "", _("'translations' maps languages (fr, es) to collections"))
            continue
        for lang, records in value.items():
            line = value.lines[lang]
            if lang not in LANGS:
                one_of = _("translations: the language {lang} must be one of {languages}")
                checker.add(path, line, "", one_of.format(lang=repr(lang), languages=", ".join(LANGS)))
                continue
            if not isinstance(records, LMap):
                must = _("translations: {lang} must map collections to their records").format(lang=repr(lang))
                checker.add(path, line, "", must)
                continue
            _check_records(checker, path, str(lang), records, english, rows, seen)
    return rows, checker.problems


def _check_records(
    checker: Any,
    path: str,
    lang: str,
    records: Any,
    english: Callable[[str, str], dict[str, Any] | None],
    rows: list[Row],
    seen: dict[tuple[str, str, str], str],
) -> None:
    """One language's translations, by collection and id: each checked, the good ones added to ``rows``."""
    from .validate import suggest
    from .yamlio import LMap

    for collection, entries in records.items():
        line = records.lines[collection]
        if collection not in TRANSLATABLE:
            hint = suggest(collection, list(TRANSLATABLE))
            checker.add(
                path, line, "", _("no translatable collection {name}{hint}").format(name=repr(collection), hint=hint)
            )
            continue
        if not isinstance(entries, LMap):
            must = _("{name} must map record ids to their translations").format(name=repr(collection))
            checker.add(path, line, "", must)
            continue
        for key, entry in entries.items():
            line = entries.lines[key]
            key = str(key)
            row = _check_entry(checker, path, line, lang, collection, key, entry, english(collection, key))
            if row is None:
                continue
            where = seen.get((lang, collection, key))
            if where is not None:
                twice = _("translated into {lang} twice (also at {where})").format(lang=lang, where=where)
                checker.add(path, line, key, twice)
                continue
            seen[(lang, collection, key)] = f"{os.path.basename(path)}:{line}"
            rows.append(row)


def missing(rows: Iterable[Row], english_keys: Iterable[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(lang, collection, key) of every record that has no translation into a language."""
    have = {(r.lang, r.collection, r.key) for r in rows}
    return [(lang, c, k) for c, k in english_keys for lang in LANGS if (lang, c, k) not in have]


def _check_entry(
    checker: Any, path: str, line: int, lang: str, collection: str, key: str, entry: Any, en: dict[str, Any] | None
) -> Row | None:
    from .validate import suggest
    from .yamlio import LList, LMap

    if en is None:
        none = _("no {collection} record {key} in the dataset").format(collection=collection, key=repr(key))
        checker.add(path, line, key, none)
        return None
    if not isinstance(entry, LMap):
        checker.add(path, line, key, _("a translation maps field names to their text"))
        return None
    fields: dict[str, Any] = {}
    official: tuple[str, ...] = ()
    reference = ""
    ok = True

    def bad(where: int, message: str) -> None:
        nonlocal ok
        ok = False
        checker.add(path, where, key, message)

    for name, value in entry.items():
        at = entry.lines[name]
        if name == "official":
            if not isinstance(value, LList) or not all(v in TRANSLATABLE[collection] for v in value):
                bad(at, _("'official' lists the fields that are official texts"))
            else:
                official = tuple(str(v) for v in value)
            continue
        if name == "same_as_english":
            if not isinstance(value, LList) or not all(v in TRANSLATABLE[collection] for v in value):
                bad(at, _("'same_as_english' lists the fields whose text is the same in both languages"))
            continue
        if name == "reference":
            if not isinstance(value, str) or not value.strip():
                bad(at, _("'reference' says where the official text comes from"))
            else:
                reference = value
            continue
        if name not in TRANSLATABLE[collection]:
            hint = suggest(name, list(TRANSLATABLE[collection]))
            bad(at, _("field {field} is not translated{hint}").format(field=repr(name), hint=hint))
            continue
        original = en.get(name)
        if original in (None, [], {}):
            bad(at, _("field {field}: the English record has none").format(field=repr(name)))
            continue
        if isinstance(original, str):
            if not isinstance(value, str):
                bad(at, _("field {field} must be text, as in the English").format(field=repr(name)))
                continue
            if name in entry.get("same_as_english", ()):
                if value != original:
                    differs = _("field {field} is listed in 'same_as_english' but differs from the English")
                    bad(at, differs.format(field=repr(name)))
                fields[name] = value
                continue
            for message in compare(original, value, lang):
                bad(at, _said(_("field {field}").format(field=repr(name)), message))
        elif isinstance(original, list):
            if not isinstance(value, LList) or len(value) != len(original):
                texts = ngettext(  # the English says "texts" for one too, as it always has
                    "field {field} must be a list of {n} texts, as in the English",
                    "field {field} must be a list of {n} texts, as in the English",
                    len(original),
                )
                bad(at, texts.format(field=repr(name), n=len(original)))
                continue
            for i, (o, v) in enumerate(zip(original, value, strict=True)):
                if not isinstance(v, str):
                    bad(value.lines[i], _("field {field} item {n} must be text").format(field=repr(name), n=i + 1))
                    continue
                for message in compare(o, v, lang):
                    bad(value.lines[i], _said(_("field {field} item {n}").format(field=repr(name), n=i + 1), message))
        elif isinstance(original, dict):
            if not isinstance(value, LMap) or set(map(str, value)) != set(original):
                same = _("field {field} must map the same keys as the English: {keys}")
                bad(at, same.format(field=repr(name), keys=", ".join(original)))
                continue
            for k, v in value.items():
                if not isinstance(v, str):
                    bad(value.lines[k], _("field {field} [{key}] must be text").format(field=repr(name), key=k))
                    continue
                for message in compare(original[str(k)], v, lang):
                    bad(value.lines[k], _said(_("field {field} [{key}]").format(field=repr(name), key=k), message))
        fields[name] = _plain(value)
    for name in TRANSLATABLE[collection]:
        if en.get(name) not in (None, [], {}) and name not in entry:
            bad(line, _("field {field} has no {lang} translation").format(field=repr(name), lang=lang))
    if official and not reference:
        bad(line, _("official texts need a 'reference'"))
    if not ok:
        return None
    return Row(collection, key, lang, fields, official, reference)


def _said(subject: str, problem: str) -> str:
    """A field (or one of its items) and what is wrong with it: "field 'title' is empty"."""
    return _("{subject} {problem}").format(subject=subject, problem=problem)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return str(value)


def translatable_keys(english_records: Iterable[tuple[str, str, dict[str, Any]]]) -> list[tuple[str, str]]:
    """(collection, key) of every record with a field people read."""
    return [
        (c, k)
        for c, k, values in english_records
        if c in TRANSLATABLE and any(values.get(f) not in (None, [], {}) for f in TRANSLATABLE[c])
    ]
