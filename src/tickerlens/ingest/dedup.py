"""Exact and near-duplicate stories: one canonical article per group.

A wire story syndicated to twenty sites arrives twenty times with different headers and
footers; counting it twenty times would make one event look like twenty. Exact copies are
found by content hash; near copies by MinHash over shingles (word 3-grams, or character
4-grams for Chinese, which has no spaces to split on) with LSH to find candidates, then
the estimated Jaccard similarity to confirm. The first article seen in a group stays
canonical, so re-ingesting never moves a group's head.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

__all__ = ["NUM_PERM", "DuplicateIndex", "shingles", "signature", "signature_bytes", "signature_from_bytes"]

NUM_PERM = 64  # enough to tell 0.8 from 0.5 similarity reliably; 512 bytes per stored signature
_SEED = 1
# Signatures are stored, so everything that shapes them is pinned: the hash (CRC-32, in C
# and the same in every process, where datasketch's default SHA-1 costs a Python call per
# shingle), the seed, and datasketch's permutation scheme; permutations are made once.
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=_SEED, hashfunc=zlib.crc32)
_SCHEME = _TEMPLATE.scheme
_TOKENS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W_]+", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def shingles(text: str) -> set[str]:
    """Character 4-grams for Chinese-dominated text, word 3-grams otherwise."""
    tokens = _TOKENS.findall(text.lower())
    cjk = sum(1 for t in tokens if _CJK.match(t))
    n = 4 if cjk * 2 > len(tokens) else 3
    joiner = "" if n == 4 else " "
    if len(tokens) <= n:
        return {joiner.join(tokens)} if tokens else set()
    return {joiner.join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def signature(text: str) -> LeanMinHash:
    minhash = MinHash(
        num_perm=NUM_PERM,
        seed=_SEED,
        hashfunc=zlib.crc32,
        permutations=_TEMPLATE.permutations,
        scheme=_SCHEME,
    )
    minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
    return LeanMinHash(minhash)


def signature_bytes(sig: LeanMinHash) -> bytes:
    return np.asarray(sig.hashvalues, dtype=np.uint64).tobytes()


def signature_from_bytes(data: bytes) -> LeanMinHash:
    return LeanMinHash(seed=_SEED, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=_SCHEME)


@dataclass
class DuplicateIndex:
    """Groups seen so far: content hash and MinHash signatures to their canonical id."""

    threshold: float = 0.8
    _by_hash: dict[str, str] = field(default_factory=dict)
    _canonical: dict[str, str] = field(default_factory=dict)
    _sigs: dict[str, LeanMinHash] = field(default_factory=dict)
    _lsh: MinHashLSH | None = None

    def __post_init__(self) -> None:
        # Candidates are gathered below the threshold and confirmed by the estimated
        # similarity: LSH at the threshold itself misses many pairs just above it.
        self._lsh = MinHashLSH(threshold=max(0.5, self.threshold - 0.2), num_perm=NUM_PERM)

    def __len__(self) -> int:
        return len(self._canonical)

    def add_known(self, article_id: str, content_hash: str, canonical: str, sig: LeanMinHash | None) -> None:
        """Register an article already stored (with the group it is in)."""
        self._canonical[article_id] = canonical
        self._by_hash.setdefault(content_hash, canonical)
        if sig is not None and canonical == article_id and article_id not in self._sigs:
            self._sigs[article_id] = sig
            assert self._lsh is not None
            self._lsh.insert(article_id, sig)

    def assign(self, article_id: str, content_hash: str, sig: LeanMinHash) -> str | None:
        """Add a new article; returns the canonical id it duplicates, or None if it heads a group."""
        if article_id in self._canonical:
            known = self._canonical[article_id]
            return None if known == article_id else known
        head = self._by_hash.get(content_hash) or self._near(sig)
        self.add_known(article_id, content_hash, head or article_id, sig)
        return head

    def _near(self, sig: LeanMinHash) -> str | None:
        assert self._lsh is not None
        best: tuple[float, str] | None = None
        for candidate in self._lsh.query(sig):
            score = sig.jaccard(self._sigs[candidate])
            if score >= self.threshold and (best is None or (score, candidate) > best):
                best = (score, candidate)
        return best[1] if best else None
