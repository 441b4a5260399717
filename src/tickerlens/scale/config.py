"""What a batch run computes (``BatchConfig``) and where it runs (``EngineSpec``).

The config travels to every worker, so it holds only plain values. Its ``fingerprint``
is what decides the output: a rerun into the same folder must use the same one, or the
folder would mix rows computed two ways.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from tickerlens.errors import ConfigError, InputError
from tickerlens.ingest.build import BuildOptions
from tickerlens.ingest.corpus import parse_mapping_spec
from tickerlens.ingest.pipeline import user_date
from tickerlens.ingest.sources import KINDS, ReadOptions
from tickerlens.settings import Settings, get_settings

__all__ = ["ENGINES", "BatchConfig", "EngineSpec", "ReadSpec"]

ENGINES = ("local", "ray", "inline")


@dataclass(frozen=True, slots=True)
class ReadSpec:
    """How inputs become articles: the same flags as ``tickerlens ingest``."""

    kind: str | None = None  # read every input as this kind
    mapping: str | None = None  # corpus columns, e.g. "text=Full Text,published=Date"
    published: str | None = None  # one publication date for every story
    lang: str | None = None  # one language for every story

    def check(self) -> None:
        """Raise InputError now, in the driver, rather than once per worker."""
        if self.kind is not None and self.kind not in KINDS:
            raise InputError("--kind", f"{self.kind!r} is not one of {', '.join(KINDS)}")
        if self.mapping:
            parse_mapping_spec(self.mapping)
        user_date(self.published)

    def read_options(self, settings: Settings) -> ReadOptions:
        mapping = parse_mapping_spec(self.mapping) if self.mapping else None
        return ReadOptions(settings=settings, kind=self.kind, mapping=mapping)

    def build_options(self) -> BuildOptions:
        return BuildOptions(published=user_date(self.published), lang=self.lang)


@dataclass(frozen=True, slots=True)
class BatchConfig:
    """What to compute for every article of a batch run."""

    settings: Settings = field(default_factory=get_settings)
    read: ReadSpec = field(default_factory=ReadSpec)
    signals: bool = True  # sentiment, facts and claims beside the links
    with_text: bool = False  # keep article text in the ``articles`` table (needed to load it into a store)
    shard_size: int | None = None  # articles per unit of work; None: settings.batch_shard_size
    universe_file: Path | None = None  # link against only this universe JSONL (custom masters, tests)

    @property
    def articles_per_shard(self) -> int:
        size = self.shard_size or self.settings.batch_shard_size
        if size < 1:
            raise ConfigError("batch_shard_size", size, "must be at least 1")
        return size

    def fingerprint(self) -> dict[str, Any]:
        """Everything that changes what a run writes (not how fast or where)."""
        return {
            "tickerlens": _package_version(),
            "kind": self.read.kind,
            "mapping": self.read.mapping,
            "published": self.read.published,
            "lang": self.read.lang,
            "signals": self.signals,
            "with_text": self.with_text,
            "use_breadth": self.settings.use_breadth,
            "universe_file": str(self.universe_file.resolve()) if self.universe_file else None,
        }


@dataclass(frozen=True, slots=True)
class EngineSpec:
    """Where the work runs: ``local`` (a process pool), ``ray`` (here or on a cluster), or
    ``inline`` (this process, one worker: small inputs and debugging)."""

    name: str = "local"
    workers: int | None = None  # None: settings.batch_workers, else one per CPU
    address: str | None = None  # Ray cluster address (ray://head:10001, auto); None starts Ray locally

    def worker_count(self, settings: Settings) -> int:
        if self.name == "inline":
            return 1
        count = self.workers or settings.batch_workers or os.cpu_count() or 1
        if count < 1:
            raise ConfigError("batch_workers", count, "must be at least 1")
        return count

    def check(self) -> None:
        if self.name not in ENGINES:
            raise InputError("--engine", f"{self.name!r} is not one of {', '.join(ENGINES)}")
        if self.address and self.name != "ray":
            raise InputError("--address", "is a Ray cluster address; use it with --engine ray")


def _package_version() -> str:
    try:
        return version("tickerlens")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "source"
