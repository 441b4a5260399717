"""Price providers, one module each: local files, Yahoo Finance, in-memory (for tests)."""

from tickerlens.market.providers.local import LocalFileProvider
from tickerlens.market.providers.memory import MemoryProvider
from tickerlens.market.providers.yahoo import YahooProvider

__all__ = ["LocalFileProvider", "MemoryProvider", "YahooProvider"]
