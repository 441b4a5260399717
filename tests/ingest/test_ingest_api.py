"""The public surface of tickerlens.ingest is what was intended, and nothing more."""

from __future__ import annotations

import importlib

# tickerlens re-exports the ingest() function under the same name, so import the module
ingest_pkg = importlib.import_module("tickerlens.ingest")


def test_exported_names() -> None:
    assert set(ingest_pkg.__all__) == {
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
    }
    for name in ingest_pkg.__all__:
        assert getattr(ingest_pkg, name) is not None
