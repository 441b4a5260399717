"""A bigram model of news sentences, English by words and Chinese by characters.

Enough to make synthetic stories whose words, numbers and punctuation are distributed
like real news (which is what linking speed depends on: how often the automaton
meets a candidate, how long sentences are), with no claim to make sense. Chinese has
no spaces, so its model is over characters; English over words and punctuation.

Learned at run time from texts the caller gives (real news), or from the short sample
in ``fallback_text`` when there are none.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate, pairwise

__all__ = ["BigramModel", "TextModel", "detokenize", "is_chinese"]

_START, _END = "\x02", "\x03"
_EN_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d+(?:[.,]\d+)*%?|[$€£¥]|[.,;:!?()\"]")
_EN_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"(])")
_ZH_SENTENCE = re.compile(r"(?<=[。！？；])")
_CJK = re.compile(r"[\u3400-\u9fff]")
_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "%"}
_NO_SPACE_AFTER = {"(", "$", "€", "£", "¥"}
_MAX_TOKENS = {"en": 60, "zh": 120}


def is_chinese(text: str) -> bool:
    letters = sum(c.isalpha() for c in text[:2000])
    return bool(letters) and len(_CJK.findall(text[:2000])) > 0.3 * letters


@dataclass(slots=True)
class BigramModel:
    """Counts of which unit follows which, with sampling tables built on first use."""

    lang: str
    counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    sentence_lengths: list[int] = field(default_factory=list)  # sentences per text
    _tables: dict[str, tuple[list[str], list[int]]] = field(default_factory=dict)

    def add(self, units: list[str]) -> None:
        chain = [_START, *units, _END]
        for a, b in pairwise(chain):
            self.counts[a][b] += 1

    def _table(self, unit: str) -> tuple[list[str], list[int]]:
        table = self._tables.get(unit)
        if table is None:
            following = self.counts.get(unit) or self.counts[_START]
            units = list(following)
            table = (units, list(accumulate(following[u] for u in units)))
            self._tables[unit] = table
        return table

    def sentence(self, rng: random.Random) -> list[str]:
        out: list[str] = []
        unit = _START
        while len(out) < _MAX_TOKENS[self.lang]:
            units, weights = self._table(unit)
            unit = rng.choices(units, cum_weights=weights)[0]
            if unit == _END:
                break
            out.append(unit)
        return out

    @property
    def empty(self) -> bool:
        return not self.counts


def _en_units(sentence: str) -> list[str]:
    return _EN_TOKEN.findall(sentence)


def _zh_units(sentence: str) -> list[str]:
    return [c for c in sentence if not c.isspace()]


def detokenize(units: list[str], lang: str) -> str:
    if lang == "zh":
        return "".join(units)
    out: list[str] = []
    for unit in units:
        if out and unit not in _NO_SPACE_BEFORE and out[-1] not in _NO_SPACE_AFTER:
            out.append(" ")
        out.append(unit)
    return "".join(out)


@dataclass(slots=True)
class TextModel:
    """One bigram model per language, and how many texts of each it learned from."""

    en: BigramModel = field(default_factory=lambda: BigramModel("en"))
    zh: BigramModel = field(default_factory=lambda: BigramModel("zh"))
    texts: Counter[str] = field(default_factory=Counter)

    @classmethod
    def learn(cls, texts: Iterable[str]) -> TextModel:
        model = cls()
        for text in texts:
            model.add_text(text)
        return model

    def add_text(self, text: str) -> None:
        zh = is_chinese(text)
        model = self.zh if zh else self.en
        pieces = _ZH_SENTENCE.split(text) if zh else _EN_SENTENCE.split(text)
        sentences = [s for s in (p.strip() for p in pieces) if s]
        for sentence in sentences:
            units = _zh_units(sentence) if zh else _en_units(sentence)
            if len(units) >= 3:
                model.add(units)
        if sentences:
            model.sentence_lengths.append(len(sentences))
            self.texts[model.lang] += 1

    def model(self, lang: str) -> BigramModel:
        return self.zh if lang == "zh" else self.en

    @property
    def zh_share(self) -> float:
        total = sum(self.texts.values())
        return self.texts["zh"] / total if total else 0.0
