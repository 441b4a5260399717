"""One Aho-Corasick automaton over every alias and executive name in the universe.

The index (keys, what each key means, and the alias entries) is built once per
universe and cached on disk under the universe's content hash, so a second process
loads it instead of deriving it. Keys are aliases in matching form
(``normalize.fold``); values index into ``AliasIndex.entries``, which says whose alias
it is and how strictly it must match (case, word boundaries, context).

The automaton itself is ahocorasick_rs (Rust, leftmost-longest): it scans about five
times faster than pyahocorasick here, because pyahocorasick searches a node's children
one by one and the root of a bilingual alias set has thousands of them. Its automata
cannot be pickled, so each process compiles one from the cached keys on first use
(about 0.25 s for the bundled universe).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

import ahocorasick_rs

from tickerlens.diskcache import cached
from tickerlens.linking.normalize import fold
from tickerlens.universe.master import Universe
from tickerlens.universe.model import Company, by_constructor

__all__ = ["AliasEntry", "AliasIndex", "Case", "KeyInfo", "automaton_key", "build_index", "load_index"]

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_INDEX_VERSION = 8


class Case:
    ANY = 0  # CJK and other caseless scripts
    CASED = 1  # "Nvidia": exact, ALL CAPS or Capitalised; never all lower case
    EXACT = 2  # "AMD", "TSMC": exactly as written


@dataclass(frozen=True, slots=True)
class AliasEntry:
    company_id: str
    text: str
    lang: str
    kind: str  # name, short, generated, former, translation, brand, breadth, person
    context: bool  # links only with supporting evidence
    case: int
    curated: bool
    start: date | None = None
    end: date | None = None

    __reduce__ = by_constructor  # loads the cached index several times faster

    def valid_on(self, day: date | None) -> bool:
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


class KeyInfo(NamedTuple):
    """What a key means: its length, whether it starts with the word-start space,
    whether it ends with a Latin letter or digit (then the next character must not),
    and the entries it stands for."""

    length: int
    lead: bool
    ends_latin: bool
    ids: tuple[int, ...]


@dataclass
class AliasIndex:
    digest: str
    entries: list[AliasEntry]
    keys: list[str]
    info: list[KeyInfo]  # info[i] belongs to keys[i]
    _matcher: ahocorasick_rs.AhoCorasick | None = field(default=None, repr=False, compare=False)
    _inside: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def matcher(self) -> ahocorasick_rs.AhoCorasick:
        """The compiled automaton (leftmost-longest, non-overlapping), built on first use."""
        if self._matcher is None:
            self._matcher = ahocorasick_rs.AhoCorasick(
                self.keys,
                matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                implementation=ahocorasick_rs.Implementation.ContiguousNFA,
                store_patterns=False,
            )
        return self._matcher

    def scan(self, form: str) -> list[tuple[int, int, int]]:
        """(key number, start, end) of each leftmost-longest key occurrence in ``form``."""
        return self.matcher.find_matches_as_indexes(form)

    def inside(self, key: int) -> list[tuple[int, int, int]]:
        """The keys found in ``keys[key]`` without its last character: where a match runs
        on into a longer word, the shorter keys it may hide. The matched text is the key
        itself, so the answer depends on the key alone and is kept."""
        found = self._inside.get(key)
        if found is None:
            found = self._inside[key] = self.scan(self.keys[key][:-1])
        return found

    def __getstate__(self) -> dict[str, object]:
        # Compiled automata do not pickle; they and what was learnt with them are rebuilt on use.
        return {k: v for k, v in self.__dict__.items() if k not in ("_matcher", "_inside")}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state, _matcher=None, _inside={})


def _case_of(text: str) -> int:
    if _CJK.search(text):
        return Case.ANY
    letters = [ch for ch in text if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters) and len(letters) <= 6:
        return Case.EXACT
    return Case.CASED


def _person_entries(c: Company) -> list[AliasEntry]:
    out = []
    for person in c.people:
        cjk = bool(_CJK.search(person))
        if (cjk and len(person) < 2) or (not cjk and len(person.split()) < 2):
            continue  # a surname alone ("Huang", "Cook") is resolved by coreference, not here
        out.append(
            AliasEntry(
                c.id, person, "zh" if cjk else "en", "person", False, _case_of(person), c.source == "core"
            )
        )
    return out


def _entries(universe: Universe) -> list[AliasEntry]:
    entries: list[AliasEntry] = []
    for c in universe.companies.values():
        curated = c.source == "core"
        for a in c.aliases:
            if len(a.text.strip()) < 2:
                continue
            entries.append(
                AliasEntry(
                    company_id=c.id,
                    text=a.text,
                    lang=a.lang,
                    kind=a.kind,
                    context=bool(a.context),
                    case=_case_of(a.text),
                    curated=curated,
                    start=a.start,
                    end=a.end,
                )
            )
        entries.extend(_person_entries(c))
    return entries


_LATIN = re.compile(r"[a-z0-9\u00c0-\u024f]")


def automaton_key(alias: str) -> str:
    """The key an alias is stored under: its matching form, with a leading space when it
    starts with a Latin letter or digit and has no Chinese in it ("TCL中环" is matched
    as it is and its start checked after), so it can only match at the start of a word
    (the text is scanned with a space in front). Most false hits ("intel" inside
    "intelligence") never leave the automaton this way."""
    key = fold(alias).strip()
    return " " + key if key and _LATIN.match(key[0]) and not _CJK.search(key) else key


def build_index(universe: Universe) -> AliasIndex:
    entries = _entries(universe)
    keyed: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(entries):
        key = automaton_key(e.text)
        if len(key.strip()) >= 2:
            keyed[key].append(i)
    keys = list(keyed)
    info = [KeyInfo(len(k), k[0] == " ", bool(_LATIN.match(k[-1])), tuple(keyed[k])) for k in keys]
    return AliasIndex(universe.digest, entries, keys, info)


def load_index(universe: Universe, cache_dir: Path | None) -> AliasIndex:
    """The universe's index, from the disk cache when its content hash matches."""
    path = cache_dir / f"aliases-v{_INDEX_VERSION}-{universe.digest}.pickle" if cache_dir else None
    return cached(
        path,
        lambda: build_index(universe),
        lambda found: isinstance(found, AliasIndex) and found.digest == universe.digest,
    )
