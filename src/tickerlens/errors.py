"""Every exception tickerlens raises on purpose, in one tree.

::

    TickerlensError
    ├── InputError                bad user input: names the input and what is wrong (CLI exit 2, API 4xx)
    │   ├── EmptyInputError
    │   ├── BinaryInputError
    │   ├── DecodeError
    │   ├── InputTooLargeError
    │   ├── MalformedRecordError  one bad line or row in a corpus; the batch goes on
    │   ├── ColumnMappingError    a corpus whose columns cannot be mapped to article fields
    │   ├── UnsupportedInputError a path or kind of input ingestion cannot read
    │   └── FetchError            a URL that cannot be fetched (offline, refused, HTTP error)
    ├── SymbolError               a ticker in a form we cannot read
    ├── UniverseError             the security master cannot be loaded or imported
    │   └── ImportFormatError     a listing file whose layout we do not recognise
    ├── MarketDataError           prices cannot be had
    │   ├── ProviderUnavailableError   the source is unreachable (offline, down)
    │   ├── NoPriceDataError           no bars for the symbol and window asked
    │   ├── CalendarError              no exchange calendar for a MIC or date
    │   └── PriceFileError             a price file whose layout cannot be read or told
    ├── StoreError                the DuckDB store refused an operation
    ├── NotFoundError             a stored story, company or ticker that is not there (API 404)
    ├── AccessError               a request without the right bearer token (API 401/403)
    ├── BatchError                a batch run that cannot start or go on
    │   ├── EngineError           the engine (Ray) is not installed or not reachable
    │   └── ManifestError         an output folder written with other options, or not ours
    └── ConfigError               settings that cannot be used

Each error keeps the offending value so callers can report it, and its message says
what to do next. Dependencies' exceptions are wrapped with ``raise ... from exc``.
"""

from __future__ import annotations

__all__ = [
    "AccessError",
    "BatchError",
    "BinaryInputError",
    "CalendarError",
    "ColumnMappingError",
    "ConfigError",
    "DecodeError",
    "EmptyInputError",
    "EngineError",
    "FetchError",
    "ImportFormatError",
    "InputError",
    "InputTooLargeError",
    "MalformedRecordError",
    "ManifestError",
    "MarketDataError",
    "NoPriceDataError",
    "NotFoundError",
    "PriceFileError",
    "ProviderUnavailableError",
    "StoreError",
    "SymbolError",
    "TickerlensError",
    "UniverseError",
    "UnsupportedInputError",
]


class TickerlensError(Exception):
    """Base of every error raised on purpose by tickerlens."""


class InputError(TickerlensError):
    """Input the user gave cannot be used; ``source`` names it (file, line, URL)."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class EmptyInputError(InputError):
    def __init__(self, source: str) -> None:
        super().__init__(source, "is empty; give a file with article text in it")


class BinaryInputError(InputError):
    def __init__(self, source: str) -> None:
        super().__init__(
            source, "looks like binary data, not text or HTML; give a text, HTML, feed or corpus file"
        )


class DecodeError(InputError):
    def __init__(self, source: str, detail: str = "") -> None:
        extra = f" ({detail})" if detail else ""
        super().__init__(
            source,
            f"cannot be decoded as text{extra}; save it as UTF-8, UTF-16, GB18030 or Big5",
        )


class InputTooLargeError(InputError):
    def __init__(self, source: str, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        super().__init__(
            source,
            f"is {size:,} bytes, over the limit of {limit:,}; split it or raise TICKERLENS_MAX_INPUT_BYTES",
        )


class MalformedRecordError(InputError):
    """One record of a corpus is unusable; ``line`` is 1-based."""

    def __init__(self, source: str, line: int, problem: str) -> None:
        self.line = line
        super().__init__(f"{source}:{line}", problem)


class ColumnMappingError(InputError):
    """A corpus file has no column we can read the article text from."""

    def __init__(self, source: str, columns: list[str], problem: str) -> None:
        self.columns = columns
        super().__init__(
            source,
            f"{problem}; its columns are {columns}. Name them with --map text=COLUMN "
            "(and title=, published=, url=, id=)",
        )


class UnsupportedInputError(InputError):
    """A path or input kind that ingestion has no reader for."""


class FetchError(InputError):
    """A URL could not be fetched; ``source`` is the URL."""

    def __init__(self, url: str, detail: str) -> None:
        self.detail = detail
        super().__init__(
            url,
            f"cannot be fetched ({detail}); check the address, or save the page and ingest the file",
        )


class SymbolError(TickerlensError, ValueError):
    def __init__(self, value: str, problem: str) -> None:
        self.value = value
        super().__init__(f"ticker {value!r}: {problem}")


class UniverseError(TickerlensError):
    """The security master cannot be loaded or changed."""


class ImportFormatError(UniverseError):
    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        super().__init__(f"{path}: {problem}")


class MarketDataError(TickerlensError):
    """Prices or calendars cannot be had."""


class ProviderUnavailableError(MarketDataError):
    def __init__(self, provider: str, detail: str) -> None:
        self.provider = provider
        super().__init__(
            f"price provider {provider!r} is unreachable ({detail}); work offline with "
            "--prices DIR or the cached prices in the store"
        )


class NoPriceDataError(MarketDataError):
    def __init__(self, symbol: str, detail: str) -> None:
        self.symbol = symbol
        super().__init__(f"no prices for {symbol}: {detail}")


class CalendarError(MarketDataError):
    def __init__(self, mic: str, detail: str) -> None:
        self.mic = mic
        super().__init__(f"exchange calendar {mic}: {detail}")


class PriceFileError(MarketDataError):
    """A local price file that cannot be read, or whose columns cannot be told apart."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"price file {path}: {problem}")


class StoreError(TickerlensError):
    """The DuckDB store refused an operation; nothing was half-written."""


class NotFoundError(TickerlensError):
    """Something asked for by id or symbol is not in the store; ``what`` names it."""

    def __init__(self, what: str, hint: str) -> None:
        self.what = what
        super().__init__(f"{what} not found; {hint}")


class AccessError(TickerlensError):
    """A request lacks the bearer token it needs (``missing``) or has a wrong one."""

    def __init__(self, missing: bool, problem: str) -> None:
        self.missing = missing
        super().__init__(problem)



class BatchError(TickerlensError):
    """A batch run cannot start or go on; items that fail are dead letters, not this."""


class EngineError(BatchError):
    def __init__(self, engine: str, problem: str) -> None:
        self.engine = engine
        super().__init__(f"batch engine {engine!r}: {problem}")


class ManifestError(BatchError):
    """The output folder cannot be resumed into: ``path`` names it."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        super().__init__(f"{path}: {problem}")

class ConfigError(TickerlensError):
    def __init__(self, setting: str, value: object, problem: str) -> None:
        self.setting = setting
        self.value = value
        super().__init__(f"setting {setting}={value!r}: {problem}")
