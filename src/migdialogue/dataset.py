"""Load the dataset: bundled (a compiled JSON copy of the YAML) or from YAML files, validated."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast, overload

from . import vocab
from .errors import DatasetError, OutputError, Problem, UsageError
from .i18n import _, ngettext
from .models import (
    COLLECTIONS,
    Challenge,
    Country,
    Example,
    Framework,
    Instrument,
    Meta,
    Note,
    Principle,
    Quote,
    Reason,
    Recommendation,
    Record,
    Source,
    Statistic,
)
from .store import Store, is_damage
from .vocab import ORDER

if TYPE_CHECKING:
    from .validate import Aliases

COMPILED = "compiled.db"
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # an example's JSON text, as the store keeps it
LEXICON = "lexicon.yaml"  # search metadata, compiled with the data but not a collection of the brief


R = TypeVar("R", bound=Record)


class _Small(Generic[R]):
    """A small collection of a Dataset (not the examples), read from its store on first use."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: Any = None) -> tuple[R, ...]:
        return cast(tuple[R, ...], obj._collection(self.name))


class Dataset:
    """Every collection of the brief, backed by its SQLite store. Build with :func:`load`.

    The small collections are read at once; the examples are read from the store when asked
    for (``examples`` reads them all; the query functions read only those they need).
    """

    challenges: _Small[Challenge] = _Small()
    recommendations: _Small[Recommendation] = _Small()
    instruments: _Small[Instrument] = _Small()
    frameworks: _Small[Framework] = _Small()
    statistics: _Small[Statistic] = _Small()
    countries: _Small[Country] = _Small()
    sources: _Small[Source] = _Small()
    reasons: _Small[Reason] = _Small()
    principles: _Small[Principle] = _Small()

    def __init__(self, store: Store) -> None:
        self.store = store
        self.meta: Meta = _build_meta(json.loads(store.info("meta") or "{}"))
        self.replaced: tuple[str, ...] = tuple(json.loads(store.info("replaced") or "[]"))
        self._small: dict[str, tuple[Record, ...]] = {}
        self._examples: tuple[Example, ...] | None = None
        self._index: dict[int, int] = {}  # store position -> index in _examples (positions may have gaps)
        self._by_id_cache: dict[str, Record] | None = None
        self._by_number_cache: dict[int, Source] | None = None
        self._has_user_data: bool | None = None

    def again(self) -> Dataset:
        """A new Dataset on the same store sharing the small collections read so far (tuples of frozen
        records) and those read later, but not the examples: each is read from the store when asked for,
        as in a new process."""
        ds = Dataset.__new__(Dataset)
        ds.__dict__.update(self.__dict__)
        ds._examples, ds._index = None, {}
        return ds

    def _collection(self, name: str) -> tuple[Record, ...]:
        """A small collection, read from the store the first time it is asked for."""
        found = self._small.get(name)
        if found is None:
            cls = COLLECTIONS[name]
            found = self._small[name] = tuple(_build(cls, rec) for rec in self.store.collection(name))
        return found

    @property
    def _by_id(self) -> dict[str, Record]:
        if self._by_id_cache is None:
            self._by_id_cache = {}
            for name in ORDER[1:]:
                if name != "sources":
                    for rec in self._collection(name):
                        self._by_id_cache.setdefault(rec.key, rec)
        return self._by_id_cache

    @property
    def _by_number(self) -> dict[int, Source]:
        if self._by_number_cache is None:
            self._by_number_cache = {s.number: s for s in self.sources}
        return self._by_number_cache

    @property
    def examples(self) -> tuple[Example, ...]:
        """Every example, in dataset order (read from the store on first use)."""
        if self._examples is None:
            rows = list(self.store.examples())
            self._index = {pos: i for i, (pos, _) in enumerate(rows)}
            self._examples = tuple(cast(Example, _build(Example, d)) for _, d in rows)
        return self._examples

    def examples_at(self, positions: Iterable[int]) -> list[Example]:
        """The examples at these store positions, in dataset order."""
        if self._examples is not None:
            return [self._examples[self._index[p]] for p in sorted(set(positions))]
        return [cast(Example, _build(Example, d)) for _, d in self.store.examples(positions)]

    def example_dicts_at(self, positions: Iterable[int] | None) -> Iterator[dict[str, Any]]:
        """The examples at these store positions (None: all), in dataset order, as ``to_dict`` gives
        them: read as stored (in that form, see Example.plain) without building the records."""
        if self._examples is not None:
            chosen = self._examples if positions is None else self.examples_at(positions)
            return (e.to_dict() for e in chosen)
        return (d for _, d in self.store.examples(positions))

    def example_texts_at(self, positions: Iterable[int] | None) -> Iterator[str]:
        """The same, as their JSON text (Unicode unescaped): as stored, unless they are in memory."""
        if self._examples is not None:
            return (_ENCODE(d) for d in self.example_dicts_at(positions))
        return self.store.example_texts(positions)

    def collection(self, name: str) -> tuple[Record, ...]:
        """The records of one collection by its name (``examples``, ``countries`` ...)."""
        if name not in COLLECTIONS:
            raise KeyError(name)
        return getattr(self, name)  # type: ignore[no-any-return]

    def records(self) -> Iterator[Record]:
        """Every record of every collection, in collection order."""
        for name in ORDER:
            yield from getattr(self, name)

    def get(self, ident: str) -> Record | None:
        """The record with this id (any collection), or a footnote by its number."""
        if ident.isdecimal():  # not isdigit: "²" is a digit that int() refuses
            return self._by_number.get(int(ident)) if len(ident) <= 18 else None
        found = self._by_id.get(ident)
        if found is None:
            pos = self.store.example_position(ident)
            if pos is not None:
                found = self.examples_at([pos])[0]
        return found

    def translation(self, collection: str, key: str, lang: str) -> tuple[dict[str, Any], tuple[str, ...], str] | None:
        """The editors' translation of one record into ``lang`` (fr, es): its translated fields, those
        that are official texts, and their reference; None in English or when it has none."""
        if lang == "en":
            return None
        return self.store.translation(collection, key, lang)

    def translations(self) -> list[tuple[Any, ...]]:
        """Every record's translation: (collection, key, lang, fields, official fields, reference),
        sorted by collection, key and language."""
        return self.store.translations_data()

    def ids(self) -> list[str]:
        """Every record id but footnote numbers."""
        return self.store.ids()

    def is_user(self, key: str) -> bool:
        """Whether a record comes from the user's own dataset rather than from the brief."""
        return self.has_user_data and self.store.is_user(key)

    @property
    def has_user_data(self) -> bool:
        """Whether any record comes from the user's own dataset."""
        if self._has_user_data is None:
            self._has_user_data = self.store.user_records() > 0
        return self._has_user_data

    def source(self, number: int) -> Source | None:
        """The footnote with this number."""
        return self._by_number.get(number)

    def to_dict(self) -> dict[str, Any]:
        """The whole dataset as JSON-ready data: ``meta`` and one list per collection."""
        out: dict[str, Any] = {"meta": self.meta.to_dict()}
        for name in ORDER:
            out[name] = [rec.to_dict() for rec in getattr(self, name)]
        return out

    def counts(self) -> dict[str, int]:
        """Number of records per collection."""
        return {
            name: (self.store.example_count() if name == "examples" else len(getattr(self, name))) for name in ORDER
        }


class Selection(Sequence[Example]):
    """Examples chosen by their store positions (None: all), in dataset order, read only when asked
    for: as records (iterating, indexing) or, for JSON, as their dicts, streamed from the store
    without building the records (:meth:`dicts`)."""

    def __init__(self, ds: Dataset, positions: list[int] | None) -> None:
        self.ds, self.positions = ds, positions
        self._records: Sequence[Example] | None = None

    def _built(self) -> Sequence[Example]:
        if self._records is None:
            self._records = self.ds.examples if self.positions is None else self.ds.examples_at(self.positions)
        return self._records

    def __len__(self) -> int:
        if self._records is not None:
            return len(self._records)
        return self.ds.store.example_count() if self.positions is None else len(set(self.positions))

    @overload
    def __getitem__(self, index: int) -> Example: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Example]: ...
    def __getitem__(self, index: int | slice) -> Example | Sequence[Example]:
        return self._built()[index]

    def __iter__(self) -> Iterator[Example]:
        return iter(self._built())

    def dicts(self) -> Iterator[dict[str, Any]]:
        """Each example as ``to_dict`` gives it."""
        return self.ds.example_dicts_at(self.positions)

    def texts(self) -> Iterator[str]:
        """Each example's JSON text, as ``json.dumps(to_dict(), ensure_ascii=False)`` writes it."""
        return self.ds.example_texts_at(self.positions)


# -- building records from clean dicts ---------------------------------------------------------


def _tupled(value: Any, name: str = "") -> Any:
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict) and name == "quote":
        return Quote(value["text"], value["by"])
    if isinstance(value, dict):
        return MappingProxyType(value)
    return value


def _build(cls: type[Record], data: dict[str, Any]) -> Record:
    values = {k: _tupled(v, k) for k, v in data.items() if v is not None}
    if cls is Country:
        values["id"] = vocab.record_key("countries", values)
    return cls._stored(values)


def _build_meta(data: dict[str, Any]) -> Meta:
    notes = tuple(Note(n["id"], n["text"], tuple(n.get("sources", ()))) for n in data.get("notes", ()))
    return Meta(
        title=data["title"],
        publisher=data["publisher"],
        date=data["date"],
        doi=data["doi"],
        data_version=data["data_version"],
        definition=Quote(data["definition"]["text"], data["definition"]["by"]),
        notes=notes,
    )


def from_dict(data: dict[str, Any], replaced: Iterable[str] = ()) -> Dataset:
    """Build a Dataset from clean, already validated data (the JSON export shape), in memory."""
    from .store.build import in_memory

    return Dataset(in_memory(data, list(replaced)))


# -- reading -----------------------------------------------------------------------------------


def bundled_dir() -> Any:
    """The folder of the bundled YAML files (an importlib.resources Traversable)."""
    from importlib import resources

    return resources.files("migdialogue") / "data"


def compiled_path() -> str:
    """The shipped SQLite store. SQLite needs a real file, so this is a plain path beside this module
    (importing importlib.resources alone would cost a tenth of a query's time)."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", COMPILED)


_BUNDLED: dict[tuple[str, str], Dataset] = {}  # the bundled store a process opened, by file and version


def _load_bundled_compiled() -> Dataset:
    """The shipped store as a Dataset. The file is opened once per process (again when it changes) and its
    small collections are read once: a long-running server, or the tests' in-process runs, do not read
    them again per request; each load gets its own Dataset, its examples read when asked for. The loads
    share one connection: closing it ends the Datasets already handed out (a later load opens the file
    again), so nothing in the package closes the shipped store's."""
    path = compiled_path()
    key = (path, _bundled_id())
    found = _BUNDLED.get(key)
    if found is not None and _is_open(found.store.con):  # a caller may have closed what it was given
        return found.again()
    try:
        found = Dataset(Store.open(path, immutable=True))
    except (sqlite3.Error, ValueError, OSError):
        problem = Problem(
            compiled_path(),
            0,
            "",
            _(
                "the bundled data is missing, damaged or from another version; "
                "reinstall migdialogue (or run python -m migdialogue.compile in a clone)"
            ),
        )
        raise DatasetError([problem]) from None
    _BUNDLED.clear()
    _BUNDLED[key] = found
    return found.again()


def _is_open(con: sqlite3.Connection) -> bool:
    """Whether a connection is still open (``Dataset.store.con`` is the caller's to close)."""
    try:
        return con.total_changes >= 0
    except sqlite3.ProgrammingError:
        return False


DATA_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl", ".ndjson", ".csv")


def yaml_files(path: str) -> list[str]:
    """The dataset files named by a path: the file itself, or the YAML, JSON, JSON Lines and CSV files of a folder."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise UsageError(_("{path}: no such file or directory").format(path=path)) from None
    except OSError as err:
        raise UsageError(_("{path}: cannot read: {reason}").format(path=path, reason=err.strerror)) from None
    if stat.S_ISDIR(info.st_mode):
        try:
            names = sorted(n for n in os.listdir(path) if n.lower().endswith(DATA_SUFFIXES) and not n.startswith("."))
            # a search lexicon in a folder (the bundled data's, or a copy of it) is not a dataset file:
            # validate_path checks it by the lexicon's rules
            names = [n for n in names if n != LEXICON and n != COMPILED]
        except OSError as err:
            raise UsageError(_("{path}: cannot list folder: {reason}").format(path=path, reason=err.strerror)) from None
        files, unreadable = [], []
        for name in names:
            full = os.path.join(path, name)
            try:
                kind = os.stat(full).st_mode
            except OSError as err:  # a link to nothing or in a loop, no permission ...
                unreadable.append(_("{path}: cannot read: {reason}").format(path=full, reason=err.strerror))
                continue
            if stat.S_ISREG(kind):
                files.append(full)
            else:
                if stat.S_ISDIR(kind):
                    unreadable.append(_("{path}: a folder (folders inside are not read)").format(path=full))
                else:
                    unreadable.append(_("{path}: not a regular file").format(path=full))
        if unreadable:  # never skipped without a word: the dataset would silently lack records
            n = len(unreadable) - 1
            more = " " + ngettext("(and {n} more)", "(and {n} more)", n).format(n=n) if n else ""
            raise UsageError(unreadable[0] + more)
        if not files:
            raise UsageError(
                _("{path}: folder has no .yaml or .yml files (nor .json, .jsonl or .csv)").format(path=path)
            )
        return files
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(_("{path}: not a regular file (a device, FIFO or socket is not read)").format(path=path))
    return [path]


def bundled_yaml_files() -> list[str]:
    base = bundled_dir()
    names = sorted(p.name for p in base.iterdir() if p.name.endswith(".yaml") and p.name != LEXICON)
    return [str(base / name) for name in names]


def check_translations(ds: Dataset, data_dir: str, *, complete: bool = True) -> tuple[list[Any], list[Problem]]:
    """The translations in ``data_dir``/translations checked against the records of ``ds``: (rows, problems).

    ``complete``: a record with text people read and no translation into a language is a problem.
    """
    from . import translations

    def english(collection: str, key: str) -> dict[str, Any] | None:
        record = ds.get(key)
        if record is None or record.collection != collection:
            return None
        return record.to_dict()

    rows, problems = translations.check(translations.files(data_dir), english)
    if complete and not problems:
        keys = translations.translatable_keys(
            (name, rec.key, rec.to_dict()) for name in translations.TRANSLATABLE for rec in ds.collection(name)
        )
        folder = translations.folder(data_dir)
        for lang, collection, key in translations.missing(rows, keys):
            none = _("{collection} record has no {lang} translation").format(collection=collection, lang=lang)
            problems.append(Problem(folder, 0, key, none))
    return rows, problems


def check_files(
    files: list[str],
    *,
    base: Dataset | None = None,
    fallback_meta: Meta | None = None,
    progress: Any = None,
    path: str | None = None,
    user: bool = True,
    lexicon: Any = None,
    names: dict[str, Any] | None = None,
    aliases: Aliases | None = None,
    indexes: bool = True,
) -> tuple[Store | None, list[Problem], list[str]]:
    """Read, check and store dataset files (on top of ``base`` when given), one record at a time.

    The store is built in the new file ``path`` (in memory when None). Returns (the store, or
    None when there is any problem, in which case the file is removed; problems; ids replaced
    in ``base``). ``user``: the files are the user's (False for the brief's own YAML).
    ``lexicon``: the compiled search lexicon to store with the data, or a function of the
    dataset's country names that compiles it. ``names``: the compiled lexicon whose French and
    Spanish names a user's records may write their values with (``lexicon``, when it is compiled).
    ``aliases``: those names already worked out from ``names`` and ``base`` (``_bundled_names``).
    The user's translations and ``base``'s (but those of the records the user's replace) are stored
    with them. ``indexes`` False: a store to check only (``validate_path``), which finds the same
    problems: its records and metadata, without the indexes a search or a filter reads, the lexicon
    checked but not stored, the translations checked but not stored.
    """
    from .ingest import Ingest

    con = sqlite3.connect(path or ":memory:", check_same_thread=False)
    ok = False
    try:
        names = names if names is not None else lexicon if isinstance(lexicon, dict) else None
        if not user:
            aliases = None
        elif aliases is None and names is not None:  # a user's records may name values in French or Spanish
            aliases = _aliases(names, base)
        ingest = Ingest(
            con, base=base, meta_required=base is None and fallback_meta is None, user=user, aliases=aliases
        )
        share = 0.8  # of the progress bar for reading; the rest for indexing
        for i, name in enumerate(files):
            step = None
            if progress is not None:
                step = lambda f, i=i: progress(share * (i + f) / len(files))  # noqa: E731
            ingest.add_file(name, progress=step)
        done = None if progress is None else (lambda f: progress(share + (1 - share) * f))
        problems, replaced = ingest.finish(fallback_meta=fallback_meta, progress=done, lexicon=lexicon, indexes=indexes)
        if problems:
            return None, problems, replaced
        store = Store(con)
        own: list[Any] = []
        if ingest.translations:
            own, problems = _own_translations(Dataset(store), ingest.translations)
            if problems:
                return None, problems, replaced
        if indexes:
            _store_translations(store, base, replaced, own)
        ok = True
        return store, [], replaced
    finally:
        if not ok:
            con.close()
            if path is not None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)


def load(path: str | os.PathLike[str] | None = None, *, bundled: bool | None = None, progress: Any = None) -> Dataset:
    """Load the dataset.

    - ``load()``: the brief's bundled data.
    - ``load(path)``: a dataset file (YAML, JSON, JSON Lines or CSV) or a folder of them; its
      records are added to the bundled ones and a record with a bundled id replaces it.
      ``bundled=False`` loads the user's data alone.

    Raises :class:`DatasetError` listing every problem when the data is invalid.
    """
    if path is None:
        return _load_bundled_compiled()
    from . import cache

    files = yaml_files(os.fspath(path))
    include = bundled is not False
    key = cache.key_for(files, bundled=include, bundled_id=_bundled_id())
    target = cache.entry_path(key)
    if target is not None:
        found = _open_entry(target)
        if found is not None:
            return found
    bundled_ds = _load_bundled_compiled()
    base = bundled_ds if include else None
    fallback = bundled_ds.meta if include else _own_meta(bundled_ds.meta, os.fspath(path))
    check = f"migdialogue validate {os.fspath(path)}{'' if include else ' --data-only'}"
    lexicon, aliases = _bundled_names(bundled_ds, include)

    def checked(at: str | None = None) -> Store:
        """The store built at ``at`` (in memory when None), or DatasetError with every problem."""
        built, problems, _ = check_files(
            files, base=base, fallback_meta=fallback, progress=progress, path=at, lexicon=lexicon, aliases=aliases
        )
        if built is None:
            raise DatasetError(problems, check=check)
        return built

    if target is not None and cache.prepare():
        from .outfile import write_file

        def build(tmp: str) -> None:
            checked(tmp).con.close()

        try:
            write_file(target, build, force=True, in_place=False, follow_links=False)
            found = _open_entry(target)  # before pruning: another version's run may prune it meanwhile
            cache.prune(target)
            if found is not None:
                return found
        except (sqlite3.Error, OSError, OutputError, UsageError):
            pass  # an unwritable or full cache folder, a special file in it: answer from memory instead
    return Dataset(checked())


def _aliases(names: dict[str, Any], base: Dataset | None) -> Aliases:
    """The other names a user's records may write values with: the French and Spanish names of the compiled
    lexicon ``names``, of the catalogues and of ``base``'s records (``lexicon.aliases``)."""
    from .lexicon import aliases as lexicon_aliases

    if base is None:
        return lexicon_aliases(names)
    sectors = {s for ex in base.examples for s in ex.sectors}
    translated = [
        ("challenge", found[0]["name"], ch.id)
        for ch in base.challenges
        for lang in ("fr", "es")
        if (found := base.translation("challenges", ch.id, lang)) is not None and "name" in found[0]
    ]
    return lexicon_aliases(names, base.countries, base.challenges, sectors, translated)


# What a user's dataset takes from the bundled store: the same while its compiled file is (``_bundled_id``),
# so read and worked out once per process; a process that loads or validates several datasets (the MCP
# server, the tests) paid about 30 ms for it every time. Read only.
_FROM_BUNDLED: dict[tuple[str, bool], tuple[dict[str, Any], Aliases]] = {}


def _bundled_names(bundled_ds: Dataset, with_base: bool) -> tuple[dict[str, Any], Aliases]:
    """The bundled store's compiled lexicon (``Store.lexicon_data``), and the other names a user's records
    may write values with, on top of the bundled data (``with_base``) or alone (``_aliases``)."""
    key = (_bundled_id(), with_base)
    found = _FROM_BUNDLED.get(key)
    if found is None:
        for stale in [k for k in _FROM_BUNDLED if k[0] != key[0]]:  # read from another compiled file
            del _FROM_BUNDLED[stale]
        lexicon = bundled_ds.store.lexicon_data()
        found = _FROM_BUNDLED[key] = (lexicon, _aliases(lexicon, bundled_ds if with_base else None))
    return found


def _own_translations(ds: Dataset, given: list[tuple[str, Any]]) -> tuple[list[Any], list[Problem]]:
    """The translations a user's files give beside their records (the shape ``export`` writes), checked
    as the bundled ones are, against the user's own records only: (their rows, problems)."""
    from . import translations

    def english(collection: str, key: str) -> dict[str, Any] | None:
        record = ds.get(key)
        if record is None or record.collection != collection or not ds.is_user(key):
            return None
        return record.to_dict()

    return translations.check_export(given, english)


def _store_translations(built: Store, base: Dataset | None, replaced: list[str], own: list[Any]) -> None:
    """Store a user's own translations (``own``) and the bundled records' (``base``'s, but those of the
    records the user's replace), their full-text index built once."""
    rows = own if base is None else [*own, *base.store.translations_data(leave_out=replaced)]
    if rows or base is not None:
        from .store.build import add_translations

        # the bundled translations' stems as the bundled store's index holds them, not analysed again
        known = None if base is None else base.store.translations_analysed(leave_out=replaced)
        add_translations(built.con, rows, known)


_OPENED: list[str] = []  # the cache entries this process reads from


def _open_entry(path: str) -> Dataset | None:
    """A cache entry as a Dataset; None when it is missing, from another version or damaged."""
    from . import cache

    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            # a FIFO or a device planted in the cache is never opened (it could block); a link is
            # never read through: it is replaced by the entry built now, and what it points to is never written
            return None
        found = Dataset(Store.open(path, check=info.st_size <= cache.CHECK_BYTES))
    except (sqlite3.Error, ValueError, KeyError, TypeError, OSError):
        return None  # missing, corrupt or from another version: (re)build it
    _OPENED.append(path)
    cache.used(path)
    return found


def forget_opened_cache() -> None:
    """Start a new command: the entries read so far are no longer in use."""
    _OPENED.clear()


def discard_damaged_cache(err: BaseException) -> bool:
    """After ``err`` while reading: if it says a database is damaged and this process reads a
    cache entry, remove the entries it read (the next load rebuilds them) and return True."""
    from . import cache

    if not _OPENED or not is_damage(err):
        return False
    while _OPENED:
        cache.discard(_OPENED.pop())
    return True


def _own_meta(brief: Meta, path: str) -> Meta:
    """Metadata for a user's dataset used alone: it is not the brief, so it carries none of its notes."""
    return Meta(
        title=f"Your own dataset ({os.path.basename(os.path.normpath(path))})",
        publisher="",
        date="",
        doi="",
        data_version="user",
        definition=brief.definition,
        notes=(),
    )


def _bundled_id() -> str:
    """Identifies the bundled data: its compiled copy's size and modification time."""
    try:
        info = os.stat(compiled_path())
        return f"{info.st_size}-{info.st_mtime_ns}"
    except OSError:
        return "unknown"


def _lexicon_checker(file: str, found: list[Problem]) -> Callable[[Iterable[str]], dict[str, Any]]:
    """The lexicon compiler check_files calls with the dataset's country names: it checks the
    lexicon ``file`` and adds its problems to ``found``."""
    from . import lexicon

    def checked(countries: Iterable[str]) -> dict[str, Any]:
        lex = lexicon.check(file, countries)
        found.extend(lex.problems)
        return lexicon.as_data(lex)

    return checked


def validate_path(path: str | None, *, bundled: bool = True) -> list[Problem]:
    """Every problem in a dataset file or folder (the bundled YAML when ``path`` is None).

    A user's file is checked as it will be used: on top of the bundled data, so it may refer
    to bundled challenges, countries and footnotes (``bundled=False`` checks it alone). The
    records are written, one at a time, to a scratch store in the cache folder (in memory when
    it cannot be written), removed afterwards; it is only checked, so it is built without the
    indexes a search or a filter reads (``check_files``'s ``indexes``).
    """
    found: list[Problem] = []
    checked: Callable[[Iterable[str]], dict[str, Any]] | None
    if path is None:
        from . import lexicon

        checked = _lexicon_checker(lexicon.path(), found)
        built, problems, _ = check_files(bundled_yaml_files(), user=False, lexicon=checked, indexes=False)
        if built is not None:
            problems += check_translations(Dataset(built), str(bundled_dir()))[1]
        return problems + found
    from . import cache

    files = yaml_files(path)
    folder_lexicon = os.path.join(path, LEXICON)  # a folder's search lexicon, checked by its own rules
    checked = _lexicon_checker(folder_lexicon, found) if os.path.isfile(folder_lexicon) else None
    bundled_ds = _load_bundled_compiled()
    base = bundled_ds if bundled else None
    scratch = None
    entry = cache.entry_path("scratch")
    if entry is not None and cache.prepare():
        from .outfile import temporary_path

        scratch = temporary_path(os.path.dirname(entry))
    lex_data, aliases = _bundled_names(bundled_ds, bundled)
    given = functools.partial(
        check_files,
        files,
        base=base,
        fallback_meta=bundled_ds.meta,
        lexicon=checked,
        names=lex_data,
        aliases=aliases,
        indexes=False,
    )
    try:
        built, problems, _ = given(path=scratch)
    except (sqlite3.Error, OSError):
        found.clear()
        built, problems, _ = given()
    finally:
        if scratch is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(scratch)
    if built is not None:
        if os.path.isdir(path):  # a folder's translations (a copy of the bundled data's), checked against it
            problems += check_translations(Dataset(built), path, complete=False)[1]
        built.con.close()
    return problems + found
