"""Language and Chinese script of a story, offline.

Script counts decide the CJK cases first (they are exact where statistical models on
short snippets confuse Chinese with Japanese); py3langid decides the rest. Traditional
versus simplified is decided by characters OpenCC converts one way but not the other,
because the same company is written 騰訊 in Hong Kong and 腾讯 in Shanghai and linking
needs to know which table to read.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import py3langid
from opencc import OpenCC

__all__ = ["chinese_script", "detect_language"]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_SAMPLE = 1500  # characters counted; more does not change the answer on news
_MODEL_SAMPLE = 600
# Function words frequent in any English prose and rare in other Latin-script languages:
# when they make up a large share of the words, the text is English and the model is skipped.
_ENGLISH = frozenset(
    "the and of to that with for was were from said has have are is this will by which would its".split()
)
_LATIN_WORD = re.compile(
    r"[A-Za-z]+"
)  # characters given to the statistical model, whose cost grows with length


@cache
def _converters() -> tuple[OpenCC, OpenCC]:
    return OpenCC("t2s"), OpenCC("s2t")


@lru_cache(maxsize=20000)
def _char_kind(char: str) -> int:
    """+1 for a traditional-only character, -1 for a simplified-only one, 0 for shared."""
    t2s, s2t = _converters()
    if t2s.convert(char) != char:
        return 1
    if s2t.convert(char) != char:
        return -1
    return 0


def chinese_script(text: str) -> str | None:
    """ "Hant" or "Hans" by which script's distinctive characters dominate; None if neither shows."""
    score = 0
    seen = 0
    for char in _HAN.findall(text[: _SAMPLE * 2]):
        kind = _char_kind(char)
        score += kind
        seen += kind != 0
    if seen == 0:
        return None
    return "Hant" if score > 0 else "Hans"


def detect_language(text: str) -> tuple[str | None, str | None]:
    """(ISO 639-1 code or None if there is no text to judge, "Hans"/"Hant" for Chinese)."""
    sample = text[:_SAMPLE]
    han = len(_HAN.findall(sample))
    kana = len(_KANA.findall(sample))
    hangul = len(_HANGUL.findall(sample))
    latin = len(_LATIN.findall(sample))
    if han + kana + hangul + latin == 0:
        return None, None
    if kana > 0.05 * (han + kana):
        return "ja", None
    if hangul > han and hangul > 0.2 * latin:
        return "ko", None
    # A Chinese story quotes English names and tickers; count letters, not characters.
    if han and han * 6 >= latin:
        return "zh", chinese_script(sample)
    words = _LATIN_WORD.findall(sample[:_MODEL_SAMPLE])
    if len(words) >= 30 and sum(w.lower() in _ENGLISH for w in words) >= 0.15 * len(words):
        return "en", None
    code, _ = py3langid.classify(sample[:_MODEL_SAMPLE])  # loads its model on first use
    return str(code), None
