"""Limits that keep one request from taking the server down: body size and work time.

The body limit is checked before any route runs: a declared ``Content-Length`` over it
is refused at once, and a streamed body is counted as it arrives and refused when it
passes the limit, so an upload is never held in memory whole. The time limit applies to
the analysis (the only work whose cost grows with the input): the worker thread is
abandoned and the client gets a 503 that says what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import anyio
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tickerlens.serve.problems import error_response

__all__ = ["BodyLimitMiddleware", "run_limited"]

T = TypeVar("T")


class _TooLarge(StarletteHTTPException):
    """Raised from ``receive``; an HTTPException so that FastAPI's body parsing passes it on."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            413,
            f"the request body is over the limit of {limit:,} bytes; send a shorter "
            "story, or raise TICKERLENS_MAX_BODY_BYTES on the server",
        )


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _refuse(self, size: int | None) -> Any:
        got = f" (it is {size:,} bytes)" if size is not None else ""
        return error_response(
            413,
            f"the request body is over the limit of {self.max_bytes:,} bytes{got}; send a shorter "
            "story, or raise TICKERLENS_MAX_BODY_BYTES on the server",
            "too_large",
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await error_response(400, "the Content-Length header is not a number")(scope, receive, send)
                return
            if size > self.max_bytes:
                await self._refuse(size)(scope, receive, send)
                return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge(self.max_bytes)
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracked_send)
        except _TooLarge:
            if not started:
                await self._refuse(None)(scope, receive, send)


async def run_limited(fn: Callable[[], T], seconds: float, what: str) -> T:
    """``fn()`` in a worker thread; TimeoutError (a 503) when it takes over ``seconds``."""
    try:
        with anyio.fail_after(seconds):
            return await anyio.to_thread.run_sync(fn, abandon_on_cancel=True)
    except TimeoutError as exc:
        raise TimeoutError(
            f"{what} took longer than {seconds:g} s and was stopped; send a shorter story, or raise "
            "TICKERLENS_REQUEST_TIMEOUT on the server"
        ) from exc
