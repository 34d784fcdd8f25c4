"""Text analysis for search: one folding function, words, stop words and Snowball stems in three languages.

The data is stemmed with the English stemmer when the store is compiled and every query word
at run time, after :func:`migdialogue.vocab.normalise` has folded case, accents and
apostrophes; the lexicon's French and Spanish terms are stemmed with their own language's
stemmer, and so is the query when it is compared with them. Stemming uses PyStemmer, the
Snowball project's own C implementation (the same algorithms as snowballstemmer, at C speed,
which matters when a user's dataset of a million records is compiled).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .vocab import words  # noqa: F401  (the folded words of a text: analysis.words)

LANGUAGES = ("en", "fr", "es")
_AMERICAN = re.compile(r"([iy])z")
_SNOWBALL = {"en": "english", "fr": "french", "es": "spanish"}

# Words that carry no meaning on their own in a query. They are still indexed (so a quoted
# phrase or a lexicon term such as "freedom of association" matches word for word), but a
# query word that is one of them is not looked for alone.
_STOP_TEXT = {
    "en": "a an and are as at be by for from has have how in into is it its of on or that the their them there "
    "these this those to was were what when where which who why with about do does can many much should could "
    "would between not up",
    "fr": "a au aux avec ce ces dans de des du en et la le les leur leurs l d un une ou par pour qui que "
    "sur sont se sa son ses comment quels quelles quel quelle combien entre",
    "es": "a al con como cual cuales de del el en es la las lo los o para por que se sin sobre su sus un una "
    "uno unos unas y cuanto cuanta cuantos cuantas entre hay donde cuando quien quienes",
}
STOP_WORDS: dict[str, frozenset[str]] = {lang: frozenset(text.split()) for lang, text in _STOP_TEXT.items()}
ALL_STOP_WORDS = frozenset().union(*STOP_WORDS.values())


# The stems of the words seen so far, per language; cleared past a bound, so a dataset of any
# vocabulary is stemmed in bounded memory.
_STEMS: dict[str, dict[str, str]] = {}
_MAX_KNOWN = 200_000


@cache
def _stemmer(lang: str) -> Any:
    import Stemmer  # PyStemmer: imported by the commands that search or compile only

    return Stemmer.Stemmer(_SNOWBALL[lang])


def stem_words(tokens: list[str], lang: str = "en") -> list[str]:
    """The Snowball stems of folded words (digits and single letters are kept as they are).

    In English, "iz" and "yz" are read as "is" and "ys" first in words of six letters or more
    (organize, organise; analyze, analyse), the same in the data and in queries, so British and
    American spellings meet; short words (size, prize) are kept.
    """
    known = _STEMS.setdefault(lang, {})
    try:
        return [known[t] for t in tokens]  # a dataset repeats its words: most are stemmed once
    except KeyError:
        pass
    if len(known) > _MAX_KNOWN:
        known.clear()
    new = [t for t in dict.fromkeys(tokens) if t not in known]
    spelled = [_AMERICAN.sub(r"\1s", t) if lang == "en" and "z" in t and len(t) >= 6 else t for t in new]
    known.update(zip(new, (str(s) for s in _stemmer(lang).stemWords(spelled)), strict=True))
    return [known[t] for t in tokens]


def stems(text: str, lang: str = "en") -> list[str]:
    """The stems of a text's words, in order."""
    return stem_words(words(text), lang)


def stem_text(text: str) -> str:
    """A text as the space-separated English stems the full-text index holds."""
    return " ".join(stems(text))
