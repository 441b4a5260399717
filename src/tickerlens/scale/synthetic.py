"""A synthetic news corpus of any size, for measuring the batch stage beyond real data.

Each story is made of sentences sampled from a bigram model (``textmodel``) learned
from real news when the caller gives some (``learn_from``), else from a small built-in
sample, with company names from the universe planted in it: English stories get
English names, Chinese stories Chinese ones, one to four companies a story, the first
named most. Story lengths follow the learned texts; publication times run forward
through the corpus over a date range, as in an archive (each file covers a stretch of
days, a few hours of jitter between neighbours), Chinese stories at +08:00 and English
ones in UTC.

The same seed, size, universe and learning texts give the same corpus byte for byte.
Files are JSON lines (``id``, ``title``, ``text``, ``published``, ``planted``: the
company ids put in the story, a label for checking recall), cut at ``file_bytes``, so
a corpus spreads over many inputs as a real archive does. The text is nonsense by
design: it must not be mistaken for, or used as, news.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import BinaryIO

from tickerlens.errors import InputError
from tickerlens.scale.fallback_text import FALLBACK_TEXTS
from tickerlens.scale.textmodel import TextModel, detokenize, is_chinese
from tickerlens.universe.master import Universe
from tickerlens.universe.model import Company, Kind

__all__ = ["NamePool", "SynthOptions", "SynthReport", "generate_corpus", "parse_size", "texts_from"]

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9, "gb": 10**9,
          "t": 10**12, "tb": 10**12, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}
_CST = timezone(timedelta(hours=8))


def parse_size(text: str) -> int:
    """``"100MB"``, ``"1.5GB"``, ``"512KiB"`` or a number of bytes."""
    match = _SIZE.match(text)
    unit = (match.group(2) or "").lower() if match else None
    if match is None or unit not in _UNITS:
        raise InputError("--size", f"{text!r} is not a size; write e.g. 100MB, 1.5GB or 500000")
    return int(float(match.group(1)) * _UNITS[unit])


@dataclass(frozen=True, slots=True)
class SynthOptions:
    size_bytes: int
    seed: int = 1
    file_bytes: int = 16 * 10**6
    zh_share: float | None = None  # share of Chinese stories; None: as in the learning texts
    start: date = date(2024, 1, 1)
    end: date = date(2024, 12, 31)


@dataclass(frozen=True, slots=True)
class SynthReport:
    files: tuple[Path, ...]
    stories: int
    bytes: int
    zh_stories: int
    learned_from: int  # texts the model learned from (0: the built-in sample)


@dataclass(slots=True)
class NamePool:
    """Names to plant: per language, (company id, names) of listed companies."""

    en: list[tuple[str, list[str]]] = field(default_factory=list)
    zh: list[tuple[str, list[str]]] = field(default_factory=list)

    @classmethod
    def from_universe(cls, universe: Universe) -> NamePool:
        pool = cls()
        for company in sorted(universe.companies.values(), key=lambda c: c.id):
            if company.kind is not Kind.LISTED or not company.listings:
                continue
            en, zh = _names(company)
            if en:
                pool.en.append((company.id, en))
            if zh:
                pool.zh.append((company.id, zh))
        if not pool.en:
            raise InputError("universe", "has no listed company with an English name to plant")
        return pool


def _names(company: Company) -> tuple[list[str], list[str]]:
    """Current, unambiguous names (a context alias like "Apple" needs evidence to link)."""
    current = [
        a for a in company.aliases if a.end is None and not a.context and not a.kind.startswith("generated")
    ]
    en = sorted({a.text for a in current if a.lang == "en"}, key=lambda t: (len(t), t))
    zh = sorted({a.text for a in current if a.lang.startswith("zh")}, key=lambda t: (len(t), t))
    return en, zh


@dataclass(slots=True)
class _Writer:
    folder: Path
    seed: int
    file_bytes: int
    files: list[Path] = field(default_factory=list)
    written: int = 0
    _fh: BinaryIO | None = None
    _in_file: int = 0

    def write(self, line: str) -> None:
        data = (line + "\n").encode("utf-8")
        if self._fh is None or (self._in_file + len(data) > self.file_bytes and self._in_file):
            self._next()
        assert self._fh is not None
        self._fh.write(data)
        self._in_file += len(data)
        self.written += len(data)

    def _next(self) -> None:
        self.close()
        path = self.folder / f"synth-{self.seed}-{len(self.files):05d}.jsonl"
        self._fh = path.open("wb")
        self._in_file = 0
        self.files.append(path)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


class _Stories:
    """Story maker over one model, one name pool and one random stream."""

    def __init__(self, model: TextModel, names: NamePool, options: SynthOptions, zh_share: float) -> None:
        self.model = model
        self.names = names
        self.rng = random.Random(options.seed)
        self.zh_share = zh_share if names.zh else 0.0
        self.start = datetime.combine(options.start, datetime.min.time())  # local time of each story
        self.span = max(1, int((options.end - options.start).total_seconds()) + 86_399)

    def _sentence(self, lang: str, name: str | None, first: bool = False) -> str:
        units = self.model.model(lang).sentence(self.rng)
        if name is not None:
            at = 0 if first or self.rng.random() >= 0.6 else self.rng.randrange(0, max(1, len(units) - 1))
            units[at:at] = [name]
        return detokenize(units, lang)

    def _body(self, lang: str, companies: list[tuple[str, list[str]]]) -> tuple[list[str], set[str]]:
        """Sentences, the first naming the main company, later ones now and then another."""
        rng = self.rng
        count = min(60, max(2, rng.choice(self.model.model(lang).sentence_lengths or [8])))
        sentences, named = [], {companies[0][0]}
        for i in range(count):
            pick = companies[0] if i == 0 or rng.random() < 0.5 else rng.choice(companies)
            name = rng.choice(pick[1]) if i == 0 or rng.random() < 0.35 else None
            if name is not None:
                named.add(pick[0])
            sentences.append(self._sentence(lang, name))
        return sentences, named

    def story(self, number: int, seed: int, progress: float) -> tuple[dict[str, object], str]:
        """Story ``number``; ``progress`` (0 to 1) is how far through the corpus it is."""
        rng = self.rng
        lang = "zh" if rng.random() < self.zh_share else "en"
        pool = self.names.zh if lang == "zh" else self.names.en
        companies = [pool[rng.randrange(len(pool))] for _ in range(1 + min(3, int(rng.expovariate(1.2))))]
        sentences, named = self._body(lang, companies)
        jitter = rng.uniform(-6, 6) * 3600
        when = self.start + timedelta(seconds=int(min(self.span, max(0.0, progress * self.span + jitter))))
        title = self._sentence(lang, rng.choice(companies[0][1]), first=True)
        record: dict[str, object] = {
            "id": f"synth-{seed}-{number:09d}",
            "title": title[:30] if lang == "zh" else " ".join(title.split()[:14]),
            "text": ("" if lang == "zh" else " ").join(sentences),
            "published": when.replace(tzinfo=_CST if lang == "zh" else UTC).isoformat(),
            "planted": sorted(named),  # the companies whose names the story holds
        }
        return record, lang


def _texts(learn_from: Iterable[str]) -> Iterator[str]:
    for text in learn_from:
        if text and text.strip():
            yield text


def texts_from(paths: Iterable[str | Path]) -> Iterator[str]:
    """The article texts of files or folders ingestion reads (bad records are skipped)."""
    from tickerlens.ingest import ingest

    for article in ingest(list(paths), on_failure=lambda failure: None):
        yield article.text


def _fill_gaps(model: TextModel) -> None:
    """A language the learning texts lack is learned from the built-in sample."""
    missing = {lang for lang in ("en", "zh") if model.model(lang).empty}
    for text in FALLBACK_TEXTS:
        if ("zh" if is_chinese(text) else "en") in missing:
            model.add_text(text)


def generate_corpus(
    out: str | Path,
    options: SynthOptions,
    universe: Universe,
    learn_from: Iterable[str] = (),
    on_progress: Callable[[int], None] | None = None,
) -> SynthReport:
    """Write a corpus of about ``options.size_bytes`` into the folder ``out``."""
    if options.size_bytes <= 0:
        raise InputError("--size", "must be more than zero bytes")
    model = TextModel.learn(_texts(learn_from))
    learned = sum(model.texts.values())
    share = options.zh_share if options.zh_share is not None else (model.zh_share if learned else 0.3)
    _fill_gaps(model)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    stories = _Stories(model, NamePool.from_universe(universe), options, share)
    writer = _Writer(folder, options.seed, options.file_bytes)
    made = zh = 0
    try:
        while writer.written < options.size_bytes:
            record, lang = stories.story(made, options.seed, writer.written / options.size_bytes)
            writer.write(json.dumps(record, ensure_ascii=False))
            made += 1
            zh += lang == "zh"
            if on_progress is not None and made % 1000 == 0:
                on_progress(writer.written)
    finally:
        writer.close()
    return SynthReport(tuple(writer.files), made, writer.written, zh, learned)
