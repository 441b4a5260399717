"""Reading the security master: the curated core, the broad listing set, user imports.

Layers, later ones never overriding a curated fact:

1. ``data/core/*.jsonl``: curated companies (names in English and Chinese, people,
   point-in-time listings). These are the only source of short and common-word aliases.
2. breadth (``breadth.py``): tens of thousands of listings from a PyPI package, used for
   explicit tickers and ISINs and, guarded, for full distinctive names.
3. user imports (``tickerlens universe import``), JSONL in the user's universe folder.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

from tickerlens.errors import UniverseError
from tickerlens.universe.aliases import graded_alias, legal_core, needs_context
from tickerlens.universe.model import Alias, Company, Kind, Listing
from tickerlens.universe.symbols import MIC_CURRENCY, normalise_local

__all__ = ["company_from_record", "core_files", "read_jsonl_companies"]

_ALLOWED_KEYS = {
    "id",
    "name",
    "kind",
    "country",
    "sector",
    "en",
    "zh",
    "zh_hant",
    "former",
    "translations",
    "context",
    "people",
    "parent",
    "listings",
    "source",
    "aliases",
}


def core_files() -> list[Path]:
    """The curated JSONL files bundled with the package, in a stable order."""
    root = files("tickerlens.universe").joinpath("data/core")
    return sorted(Path(str(p)) for p in root.iterdir() if str(p).endswith(".jsonl"))


def _date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise UniverseError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from exc


def _listing(raw: dict[str, Any], where: str) -> Listing:
    try:
        mic = str(raw["mic"]).upper()
        symbol = normalise_local(mic, str(raw["symbol"]))
    except KeyError as exc:
        raise UniverseError(f"{where}: a listing needs 'mic' and 'symbol'") from exc
    return Listing(
        mic=mic,
        symbol=symbol,
        currency=raw.get("currency") or MIC_CURRENCY.get(mic),
        isin=(raw.get("isin") or None),
        primary=bool(raw.get("primary", False)),
        start=_date(raw.get("start"), where),
        end=_date(raw.get("end"), where),
    )


def _aliases(rec: dict[str, Any], where: str) -> list[Alias]:
    context = {str(c).lower() for c in rec.get("context", [])}

    def make(text: str, lang: str, kind: str, **dates: date | None) -> Alias:
        flag = True if text.lower() in context else (None if not needs_context(text, lang) else True)
        return Alias(text=text, lang=lang, kind=kind, context=flag, **dates)

    if rec.get("aliases"):  # structured and graded already (user imports): used as given
        return [
            Alias(
                text=a["text"],
                lang=a.get("lang", "en"),
                kind=a.get("kind", "short"),
                context=a.get("context"),
            )
            for a in rec["aliases"]
            if str(a.get("text", "")).strip()
        ]
    out: list[Alias] = []
    name = str(rec["name"])
    out.append(make(name, "en", "name"))
    for lang, key in (("en", "en"), ("zh", "zh"), ("zh-Hant", "zh_hant")):
        out.extend(make(str(t), lang, "short") for t in rec.get(key, []) if t)
    for t in rec.get("translations", []):
        out.append(make(str(t), "en", "translation"))
    for f in rec.get("former", []):
        if isinstance(f, str):
            f = {"text": f}
        lang = f.get("lang") or ("zh" if any("\u4e00" <= ch <= "\u9fff" for ch in f["text"]) else "en")
        out.append(
            make(
                f["text"], lang, "former", start=_date(f.get("start"), where), end=_date(f.get("end"), where)
            )
        )
    core = legal_core(name)
    written = {a.text.lower() for a in out}
    if core != name and core.lower() not in written:  # a written name keeps its own kind and flags
        # Derived, not written: one word is graded as names nobody curated are, since
        # stripping the legal form often leaves an ordinary word ("Sea" of Sea Limited,
        # "Northern" of Northern Trust Corporation) that would otherwise link anywhere.
        # Acronyms ("ACC" of ACC Limited) match only as written and stay as they were;
        # a short name that should link more freely is one the record writes.
        one_word = " " not in core.strip() and not core.isupper() and core.lower() not in context
        out.append(graded_alias(core, "generated") if one_word else make(core, "en", "generated"))
    seen: set[tuple[str, str]] = set()
    unique = []
    for a in out:
        seen_key = (a.text, a.kind if a.kind == "former" else "")
        if a.text.strip() and seen_key not in seen:
            seen.add(seen_key)
            unique.append(a)
    return unique


def company_from_record(rec: dict[str, Any], where: str, source: str = "core") -> Company:
    """Build a Company from one JSONL record of the documented format."""
    unknown = set(rec) - _ALLOWED_KEYS
    if unknown:
        raise UniverseError(f"{where}: unknown keys {sorted(unknown)}; see universe/data/README.md")
    for key in ("id", "name", "kind"):
        if not rec.get(key):
            raise UniverseError(f"{where}: missing required key {key!r}")
    try:
        kind = Kind(rec["kind"])
    except ValueError as exc:
        raise UniverseError(f"{where}: kind {rec['kind']!r} is not one of {[k.value for k in Kind]}") from exc
    listings = tuple(_listing(lst, where) for lst in rec.get("listings") or [])
    zh = rec.get("zh") or []
    return Company(
        id=str(rec["id"]),
        name=str(rec["name"]),
        kind=kind,
        country=rec.get("country"),
        aliases=tuple(_aliases(rec, where)),
        people=tuple(str(p) for p in rec.get("people", [])),
        parent=rec.get("parent"),
        listings=listings,
        sector=rec.get("sector"),
        source=rec.get("source", source),
        zh_name=zh[0] if zh else None,
    )


def read_jsonl_companies(path: Path, source: str = "core") -> Iterator[Company]:
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise UniverseError(f"cannot read universe file {path}: {exc}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path.name}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UniverseError(f"{where}: not valid JSON ({exc.msg})") from exc
        yield company_from_record(rec, where, source)


def files_digest(paths: Iterable[Path], extra: str = "") -> str:
    """Content hash of the files a universe was built from: the key of cached automata."""
    h = hashlib.sha256(extra.encode())
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]
