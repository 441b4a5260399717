"""Every failure becomes one error body: ``{"error": {"code", "message"}}`` with a 4xx
(or 503) status and a message that says what to change.

FastAPI's validation errors are rewritten from their nested form into one sentence per
problem naming the parameter or field, the rule and the value sent. Browsers asking for
a page get the same message as an HTML page instead (``html_error`` on the app state).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from tickerlens.errors import (
    AccessError,
    ConfigError,
    InputTooLargeError,
    NotFoundError,
    StoreError,
    TickerlensError,
    UniverseError,
)
from tickerlens.serve.models import STORY_MODELS

__all__ = ["API_ERRORS", "error_response", "install_handlers", "validation_message"]

log = logging.getLogger("tickerlens.serve")

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid_input",
    503: "unavailable",
}

# Statuses every API route may answer, documented in the OpenAPI document.
API_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Malformed request (e.g. a body that is not JSON)"},
    413: {"description": "Request body over the size limit"},
    422: {"description": "A parameter or field that cannot be used; the message names it"},
    503: {"description": "The store or the analysis is not available right now, or took too long"},
}


def error_response(
    status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code or _CODES.get(status, "error"), "message": message}},
        status_code=status,
        headers=headers,
    )


_PLACES = {
    "query": "query parameter",
    "path": "path parameter",
    "body": "field",
    "header": "header",
    "form": "form field",
    "cookie": "cookie",
}


def _one(err: dict[str, Any]) -> str:
    loc = [str(p) for p in err.get("loc", ())]
    msg = str(err.get("msg", "is not valid")).removeprefix("Value error, ")
    kind = err.get("type", "")
    if loc[:1] == ["body"] and len(loc) == 1:
        if kind == "missing":
            return 'the request needs a JSON body, e.g. {"text": "Nvidia shares rose 3% ..."}'
        if kind in {"model_attributes_type", "dict_type"}:
            return "the request body must be a JSON object"
        return msg[:1].lower() + msg[1:]
    if loc[-1:] in (["date"], ["datetime"]) and len(loc) > 2:  # a field that is a date or a time
        return (
            f"field {'.'.join(loc[1:-1])!r} must be a date (2025-04-19) or a time with its offset "
            f"(2025-04-19T20:15:00+08:00) (got {str(err.get('input'))[:40]!r})"
        )
    place = _PLACES.get(loc[0], loc[0]) if loc else "input"
    name = ".".join(loc[1:]) or "?"
    if kind == "extra_forbidden":
        return f"{place} {name!r} is not known; check its spelling (see /openapi.json)"
    if kind == "missing":
        return f"{place} {name!r} is required"
    sent = err.get("input")
    shown = repr(sent) if len(repr(sent)) <= 60 else repr(sent)[:57] + "..."
    return f"{place} {name!r}: {msg[:1].lower() + msg[1:]} (got {shown})"


_CHOICE = "give exactly one of 'text' (the story's plain text) or 'html' (a web page's HTML)"


def _about_choice(err: dict[str, Any]) -> bool:
    return err.get("type") in {"missing", "extra_forbidden"} and tuple(err["loc"][1:]) in {
        ("text",),
        ("html",),
    }


def _unfold_union(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A story body is one of two models (text or page); pydantic reports each model's
    errors. Keep the ones that are not about which of the two was sent, or say to send
    exactly one."""
    members: list[dict[str, Any]] = []
    other: list[dict[str, Any]] = []
    for err in errors:
        loc = tuple(err.get("loc", ()))
        if len(loc) >= 2 and loc[0] == "body" and loc[1] in STORY_MODELS:
            members.append({**err, "loc": ("body", *loc[2:])})
        else:
            other.append(err)
    if not members:
        return errors
    specific = [e for e in members if not _about_choice(e)]
    return other + (specific or [{"type": "choice", "loc": ("body",), "msg": _CHOICE}])


def validation_message(errors: list[dict[str, Any]]) -> tuple[int, str]:
    """(status, message) for FastAPI's validation errors: 400 for a body that is not
    JSON, 422 for values that break a rule."""
    for err in errors:
        if err.get("type") == "json_invalid":
            where = err.get("loc", ("body", "?"))[-1]
            return 400, (
                f"the request body is not valid JSON (near character {where}: "
                f"{err.get('ctx', {}).get('error', 'syntax error')}); send a JSON object"
            )
    parts = list(dict.fromkeys(_one(e) for e in _unfold_union(errors)))
    return 422, "; ".join(parts[:5]) + (f"; and {len(parts) - 5} more" if len(parts) > 5 else "")


def _status_of(exc: TickerlensError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, AccessError):
        return 401 if exc.missing else 403
    if isinstance(exc, InputTooLargeError):
        return 413
    if isinstance(exc, StoreError | ConfigError | UniverseError):
        return 503
    return 422


def _respond(
    request: Request,
    status: int,
    message: str,
    code: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    html: Callable[..., Response] | None = getattr(request.app.state, "html_error", None)
    if html is not None and _wants_html(request):
        return html(request, status, message, headers)
    return error_response(status, message, code, headers)


def _wants_html(request: Request) -> bool:
    pages = getattr(request.app.state, "page_paths", None)
    if pages is not None and pages(request.url.path):
        return True
    return "text/html" in request.headers.get("accept", "") and not request.url.path.startswith("/openapi")


def install_handlers(app: FastAPI) -> None:
    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        status, message = validation_message(list(exc.errors()))
        return _respond(request, status, message, "invalid_json" if status == 400 else None)

    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        status = exc.status_code
        if status == 404:
            message = f"no such path: {request.url.path}; the API is described at /openapi.json"
        elif status == 405:
            allowed = (exc.headers or {}).get("Allow", "")
            use = allowed or "another method"
            message = f"{request.method} is not allowed on {request.url.path}; use {use}"
        else:
            message = str(exc.detail)
        return _respond(request, status, message, headers=dict(exc.headers or {}))

    async def on_tickerlens(request: Request, exc: TickerlensError) -> Response:
        status = _status_of(exc)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return _respond(request, status, str(exc), headers=headers)

    async def on_timeout(request: Request, exc: TimeoutError) -> Response:
        return _respond(request, 503, str(exc) or "the request took too long", "timeout")

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _respond(request, 500, "internal error; the server log has the details", "internal_error")

    # Starlette types every handler as taking Exception; each of these gets only its own type.
    handlers: list[tuple[type[Exception], Any]] = [
        (RequestValidationError, on_validation),
        (StarletteHTTPException, on_http),
        (TickerlensError, on_tickerlens),
        (TimeoutError, on_timeout),
        (Exception, on_unexpected),
    ]
    for kind, handler in handlers:
        app.add_exception_handler(kind, handler)
