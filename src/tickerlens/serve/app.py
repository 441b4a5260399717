"""The web application: REST API, pages and static files over one store.

``create_app(settings)`` opens the store named in the settings and returns the FastAPI
application; ``tickerlens serve`` runs it with uvicorn. The linker (a few seconds to
load) is loaded on first use, or at start-up with ``preload=True`` so the first request
does not wait.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tickerlens.linking.linker import Linker
from tickerlens.serve import api, pages
from tickerlens.serve.limits import BodyLimitMiddleware
from tickerlens.serve.problems import install_handlers
from tickerlens.serve.state import ServeState
from tickerlens.settings import Settings, get_settings

__all__ = ["create_app"]

_HERE = Path(__file__).parent
# Scripts only from this server; plotly sets inline styles on the charts it draws.
_CSP = (
    b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    b"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class _SecurityHeaders:
    """A content security policy and no MIME sniffing on every response: even if a story
    slipped markup past the escaping, no script of it could run."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    (b"content-security-policy", _CSP),
                    (b"x-content-type-options", b"nosniff"),
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


def _document_closed_reads(app: FastAPI) -> None:
    """With reads closed, every operation of the OpenAPI document needs the bearer token."""
    plain = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = plain()
            for path, item in spec.get("paths", {}).items():
                for op in item.values():
                    if path != "/health":
                        op.setdefault("security", [{"HTTPBearer": []}])
        return app.openapi_schema or spec

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(
    settings: Settings | None = None,
    linker: Linker | Callable[[], Linker] | None = None,
    preload: bool = False,
) -> FastAPI:
    """The application over the store at ``settings.db`` (created if missing)."""
    settings = settings or get_settings()
    state = ServeState.open(settings, linker)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if preload:
            await anyio.to_thread.run_sync(lambda: state.finder)  # loads the linker too
            # The universe and the automaton are millions of long-lived objects; left in the
            # collector's view, every full collection walks them all and stalls requests for
            # a few hundred milliseconds. Frozen, they are never scanned again.
            gc.collect()
            gc.freeze()
        try:
            yield
        finally:
            state.close()

    app = FastAPI(
        title="tickerlens",
        summary="Which listed stocks a news story is about, and what they did since.",
        version=api._version(),
        docs_url=None,  # Swagger UI and ReDoc load their files from a CDN; /api lists the routes offline
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.tl = state
    app.state.html_error = pages.render_error
    app.state.page_paths = pages.is_page
    install_handlers(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=_HERE / "static"), name="static")
    if not settings.api_open_reads:
        _document_closed_reads(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(_SecurityHeaders)
    return app
