"""Who may do what: writes need the server's bearer token; reads are open unless the
settings close them (``api_open_reads=False``), and then need the token too.

A server started without a token refuses every write, so storing is never open by
accident. Tokens are compared in constant time.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from tickerlens.errors import AccessError
from tickerlens.serve.state import ServeState
from tickerlens.settings import Settings

__all__ = ["bearer", "check_token", "get_state", "require_read", "require_write"]

bearer = HTTPBearer(
    auto_error=False,
    description="The server's API token (set with `tickerlens serve --token` or TICKERLENS_API_TOKEN)",
)


async def get_state(request: Request) -> ServeState:
    state: ServeState = request.app.state.tl
    return state


def check_token(settings: Settings, given: str | None, action: str) -> None:
    """Raise AccessError unless ``given`` is the server's token."""
    if not settings.api_token:
        raise AccessError(
            False,
            f"{action} is turned off on this server; start it with --token "
            "(or TICKERLENS_API_TOKEN) to allow it",
        )
    if not given:
        raise AccessError(
            True, f"{action} needs the API token; send the header 'Authorization: Bearer TOKEN'"
        )
    if not hmac.compare_digest(given.encode("utf-8", "replace"), settings.api_token.encode("utf-8")):
        raise AccessError(False, f"{action}: the API token is wrong")


State = Annotated[ServeState, Depends(get_state)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


async def require_write(state: State, credentials: Credentials) -> None:
    check_token(state.settings, credentials.credentials if credentials else None, "storing stories")


async def require_read(request: Request, state: State) -> None:
    """Reads read the header themselves rather than through ``bearer``, so the OpenAPI
    document does not claim that open reads need a token (see ``app.create_app``)."""
    if not state.settings.api_open_reads:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        check_token(
            state.settings, given.strip() if scheme.lower() == "bearer" else None, "reading from this server"
        )
