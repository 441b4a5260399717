"""Ingestion: pages, feeds, corpora, text, stdin and URLs in; clean, dated Articles out.

The public surface is small on purpose: ``ingest`` for Python callers, ``iter_items``
for batch callers that handle failures themselves, ``ingest_into_store`` and ``watch``
for the command line, and the types they return.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from tickerlens.ingest.article import Article, PublishedFrom, content_hash

if TYPE_CHECKING:
    from tickerlens.ingest.batch import IngestReport, ingest_into_store
    from tickerlens.ingest.corpus import ColumnMapping
    from tickerlens.ingest.pipeline import ingest, iter_items
    from tickerlens.ingest.sources import Failure
    from tickerlens.ingest.watcher import WatchReport, watch

# Loaded on first use: the readers pull in trafilatura, datasketch and scipy, which a
# process that only needs the Article type (linking, the API) should not pay for.
_HOME = {
    "IngestReport": "batch",
    "ingest_into_store": "batch",
    "ColumnMapping": "corpus",
    "ingest": "pipeline",
    "iter_items": "pipeline",
    "Failure": "sources",
    "WatchReport": "watcher",
    "watch": "watcher",
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(import_module(f"tickerlens.ingest.{_HOME[name]}"), name)
    raise AttributeError(f"module 'tickerlens.ingest' has no attribute {name!r}")


__all__ = [
    "Article",
    "ColumnMapping",
    "Failure",
    "IngestReport",
    "PublishedFrom",
    "WatchReport",
    "content_hash",
    "ingest",
    "ingest_into_store",
    "iter_items",
    "watch",
]
