"""URLs to bytes, politely and within limits.

A fetch has a timeout, a size limit enforced while streaming (so a huge or endlessly
compressed response is cut off, not buffered), follows redirects, and names itself with
the configured user agent. Every failure becomes a FetchError that says what happened and
that a saved file can be ingested instead, because the machine may well be offline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from tickerlens.errors import FetchError, InputTooLargeError
from tickerlens.settings import Settings

__all__ = ["Fetched", "fetch_url", "is_url"]


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str
    fetched: datetime


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def _read_limited(response: httpx.Response, url: str, limit: int) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise InputTooLargeError(url, int(declared), limit)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():  # decoded: a gzip bomb is counted as it expands
        size += len(chunk)
        if size > limit:
            raise InputTooLargeError(url, size, limit)
        chunks.append(chunk)
    return b"".join(chunks)


def fetch_url(url: str, settings: Settings, client: httpx.Client | None = None) -> Fetched:
    """GET ``url``; raises FetchError (unreachable, HTTP error) or InputTooLargeError."""
    own = client is None
    http = client or httpx.Client(
        timeout=settings.http_timeout,
        follow_redirects=True,
        headers={
            "User-Agent": settings.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml,*/*",
        },
    )
    try:
        with http.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}")
            data = _read_limited(response, url, settings.max_input_bytes)
            return Fetched(
                url=str(response.url),
                data=data,
                content_type=response.headers.get("content-type", ""),
                fetched=datetime.now(UTC),
            )
    except httpx.TimeoutException as exc:
        raise FetchError(url, f"no answer within {settings.http_timeout:g} s") from exc
    except httpx.ConnectError as exc:
        raise FetchError(url, f"cannot connect, the machine may be offline: {exc}") from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise FetchError(url, str(exc) or type(exc).__name__) from exc
    finally:
        if own:
            http.close()
