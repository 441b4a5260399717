"""Company search for the server: ``Universe.find``'s answers, fast enough per request.

``Universe.find`` folds every name of every company on each call (about a second over
the broad universe), which is fine once on the command line but not per keystroke of
a search box. ``CompanyFinder`` folds the same keys once, keeps them sorted (exact and
prefix matches are a binary search) and joined in one string (substring matches are a
C-level ``str.find``), and ranks exactly as ``Universe.find`` does: exact match, then
prefix, then substring; curated companies before imported ones; then by name.
"""

from __future__ import annotations

import bisect

from tickerlens.universe.master import Universe, _fold, _search_keys  # the same keys and folding
from tickerlens.universe.model import Company

__all__ = ["CompanyFinder"]

_MAX_SUBSTRING_HITS = 50_000  # a one-letter query matches most keys; rank that many at most


class CompanyFinder:
    def __init__(self, universe: Universe) -> None:
        self.universe = universe
        self._order = {cid: i for i, cid in enumerate(universe.companies)}  # ties keep the universe's order
        pairs = sorted({(_fold(k), c.id) for c in universe.companies.values() for k in _search_keys(c)})
        pairs = [(k, cid) for k, cid in pairs if k]
        self._keys = [k for k, _ in pairs]
        self._owners = [cid for _, cid in pairs]
        self._starts: list[int] = []
        pos = 1
        for k in self._keys:
            self._starts.append(pos)
            pos += len(k) + 1
        self._blob = "\n" + "\n".join(self._keys) + "\n"

    def _substring_hits(self, q: str, best: dict[str, int]) -> None:
        pos = self._blob.find(q)
        seen = 0
        while pos != -1 and seen < _MAX_SUBSTRING_HITS:
            i = bisect.bisect_right(self._starts, pos) - 1
            best.setdefault(self._owners[i], 2)
            seen += 1
            # go on from the next key: one hit per key is enough
            nxt = self._starts[i + 1] if i + 1 < len(self._starts) else len(self._blob)
            pos = self._blob.find(q, max(pos + 1, nxt))

    def find(self, query: str, limit: int = 10) -> list[Company]:
        """Companies whose name, alias, person, ticker or ISIN matches ``query``."""
        q = _fold(query)
        if not q:
            return []
        best: dict[str, int] = {}
        lo = bisect.bisect_left(self._keys, q)
        hi = bisect.bisect_left(self._keys, q + "\U0010ffff")
        for i in range(lo, hi):
            rank = 0 if self._keys[i] == q else 1
            cid = self._owners[i]
            best[cid] = min(rank, best.get(cid, 9))
        companies = self.universe.companies
        sure = sum(1 for cid, rank in best.items() if rank + (companies[cid].source != "core") <= 1)
        if sure < limit:  # a substring match scores 2 or more, so it can only fill the list up
            self._substring_hits(q, best)
        scored = sorted(
            (rank + (companies[cid].source != "core"), companies[cid].name, self._order[cid], cid)
            for cid, rank in best.items()
        )
        return [companies[cid] for *_, cid in scored[:limit]]
