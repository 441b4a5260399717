"""The loaded security master: companies with indexes by id, listing, ticker and ISIN.

Built once per process (``load_universe`` caches it) from the curated core, the
breadth file and user imports. Curated facts win: a breadth company whose ISIN or
listing the core already has is dropped.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from importlib.resources import files
from pathlib import Path

from tickerlens.diskcache import cached
from tickerlens.errors import UniverseError
from tickerlens.universe.breadth import breadth_companies, breadth_file
from tickerlens.universe.load import core_files, files_digest, read_jsonl_companies
from tickerlens.universe.model import Company, Listing, UniverseStats
from tickerlens.universe.symbols import TickerRef, from_yahoo, normalise_local

__all__ = ["Universe", "load_universe", "user_universe_dir"]

_US_MICS = ("XNAS", "XNYS", "ARCX", "BATS", "XASE", "OTCM", "US")


@dataclass
class Universe:
    companies: dict[str, Company]
    digest: str = ""
    _by_listing: dict[tuple[str, str], list[str]] = field(default_factory=dict, repr=False)
    _by_isin: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        by_listing: dict[tuple[str, str], list[str]] = defaultdict(list)
        for c in self.companies.values():
            for lst in c.listings:
                by_listing[(lst.mic, lst.symbol)].append(c.id)
                if lst.isin:
                    self._by_isin.setdefault(lst.isin, c.id)
        self._by_listing = dict(by_listing)

    def __len__(self) -> int:
        return len(self.companies)

    def get(self, company_id: str) -> Company | None:
        return self.companies.get(company_id)

    def by_isin(self, isin: str) -> Company | None:
        cid = self._by_isin.get(isin.strip().upper())
        return self.companies.get(cid) if cid else None

    def resolve_ticker(self, ref: TickerRef, day: date | None = None) -> tuple[Company, Listing] | None:
        """The company and listing a ticker named on ``day``. A venue-less ticker ($NVDA,
        "NVDA US") is looked up among US venues; a listing active on the day wins over
        one that ended or had not started."""
        mics = (ref.mic,) if ref.mic else _US_MICS
        if ref.mic in _US_MICS:
            mics = _US_MICS
        candidates: list[tuple[Company, Listing]] = []
        for mic in mics:
            try:
                symbol = normalise_local(mic, ref.symbol)
            except ValueError:
                continue
            for cid in self._by_listing.get((mic, symbol), []):
                c = self.companies[cid]
                candidates.extend((c, lst) for lst in c.listings if lst.mic == mic and lst.symbol == symbol)
        if not candidates:
            return None

        def rank(pair: tuple[Company, Listing]) -> tuple[bool, bool, bool]:
            c, lst = pair
            return (not lst.active_on(day), c.source != "core", not lst.primary)

        return min(candidates, key=rank)

    def resolve_yahoo(self, symbol: str, day: date | None = None) -> tuple[Company, Listing] | None:
        mic, local = from_yahoo(symbol)
        return self.resolve_ticker(TickerRef(local, None if mic == "US" else mic), day)

    def find(self, query: str, limit: int = 10) -> list[Company]:
        """Companies whose name, alias, person, ticker or ISIN matches ``query``
        (case-insensitive; exact matches first, then prefixes, then substrings)."""
        q = _fold(query)
        if not q:
            return []
        scored: list[tuple[int, str, Company]] = []
        for c in self.companies.values():
            best = 9
            for text in _search_keys(c):
                k = _fold(text)
                if k == q:
                    best = min(best, 0)
                elif k.startswith(q):
                    best = min(best, 1)
                elif q in k:
                    best = min(best, 2)
            if best < 9:
                scored.append((best + (c.source != "core"), c.name, c))
        scored.sort(key=lambda t: (t[0], t[1]))
        return [c for _, _, c in scored[:limit]]

    def stats(self) -> UniverseStats:
        by_source = Counter(c.source for c in self.companies.values())
        by_mic = Counter(lst.mic for c in self.companies.values() for lst in c.listings)
        return UniverseStats(
            companies=len(self.companies),
            listed=sum(1 for c in self.companies.values() if c.listings),
            unlisted=sum(1 for c in self.companies.values() if not c.listings),
            listings=sum(by_mic.values()),
            aliases=sum(len(c.aliases) for c in self.companies.values()),
            by_source=dict(by_source.most_common()),
            by_mic=dict(by_mic.most_common()),
        )


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


def _search_keys(c: Company) -> Iterable[str]:
    yield c.name
    yield from (a.text for a in c.aliases)
    yield from c.people
    for lst in c.listings:
        yield lst.symbol
        yield lst.yahoo
        if lst.isin:
            yield lst.isin


def user_universe_dir() -> Path:
    """Where ``tickerlens universe import`` writes: beside the cache, per user."""
    from tickerlens.settings import get_settings

    return get_settings().cache_dir / "universe"


def _listing_keys(c: Company) -> list[tuple[str, str]]:
    keys = []
    for lst in c.listings:
        keys.append((lst.mic, lst.symbol))
        if lst.mic in _US_MICS:
            keys.append(("US*", lst.symbol))  # venues differ between sources; the symbol does not
        if lst.isin:
            keys.append(("ISIN", lst.isin))
    return keys


def _merge(core: list[Company], extra: Iterable[Company]) -> dict[str, Company]:
    """Layer the uncurated companies behind the curated ones.

    A later layer's company that names a listing an earlier one has is not added: behind
    the core it is dropped (curated facts win); behind a user import its names are added
    to the import's, since the broad list writes names as stories do and official files
    often in capitals."""
    companies: dict[str, Company] = {}
    owner: dict[tuple[str, str], str] = {}
    for c in core:
        if c.id in companies:
            raise UniverseError(f"company id {c.id!r} appears twice in the curated universe")
        companies[c.id] = c
        for key in _listing_keys(c):
            owner.setdefault(key, c.id)
    for c in extra:
        if c.id in companies:
            continue
        hit = next((owner[k] for k in _listing_keys(c) if k in owner), None)
        if hit is None:
            companies[c.id] = c
            for key in _listing_keys(c):
                owner.setdefault(key, c.id)
        elif companies[hit].source.startswith("import"):
            first = companies[hit]
            known = {a.text for a in first.aliases}
            extra_names = tuple(a for a in c.aliases if a.text not in known)
            companies[hit] = replace(first, aliases=first.aliases + extra_names)
    return companies


def _code_digest() -> str:
    """Hash of the code that turns data into a universe, read when this module is
    imported (with the code it runs), so a cached universe is never from other code."""
    package = Path(__file__).parent
    return files_digest(
        [package / f"{m}.py" for m in ("aliases", "breadth", "load", "master", "model", "symbols")]
    )


_CODE_DIGEST = _code_digest()
_lock = threading.Lock()
_cache: dict[tuple[bool, str], Universe] = {}


def load_universe(use_breadth: bool = True, extra_dirs: Iterable[Path] = ()) -> Universe:
    """The security master for this process (built once, then shared)."""
    extra_files = sorted(p for d in extra_dirs if d.is_dir() for p in d.glob("*.jsonl"))
    package = Path(str(files("tickerlens.universe")))
    files_ = [*core_files(), *extra_files, package / "data" / "common_words.txt"]
    bf = breadth_file() if use_breadth else None
    digest = files_digest(files_, extra=f"{_CODE_DIGEST}:{bf}:{bf.stat().st_size if bf else 0}")
    key = (use_breadth, digest)
    with _lock:
        if key not in _cache:
            _cache[key] = _cached_build(digest, lambda: _build(extra_files, bf, digest))
        return _cache[key]


def _build(extra_files: list[Path], bf: Path | None, digest: str) -> Universe:
    core = [c for p in core_files() for c in read_jsonl_companies(p)]
    user = [c for p in extra_files for c in read_jsonl_companies(p, source=f"import:{p.stem}")]
    layered = _merge(core, [*user, *(breadth_companies(bf) if bf else [])])
    return Universe(layered, digest=digest)


def _cached_build(digest: str, build: Callable[[], Universe]) -> Universe:
    """Load the built universe from the cache folder when its content hash matches;
    parsing 30,000 records costs more than a second a process otherwise."""
    from tickerlens.settings import get_settings

    path = get_settings().cache_dir / f"universe-v1-{digest}.pickle"
    return cached(path, build, lambda found: isinstance(found, Universe) and found.digest == digest)
