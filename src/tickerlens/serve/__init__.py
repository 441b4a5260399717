"""Serving the store: a REST API (FastAPI, with its OpenAPI document) and web pages.

``create_app(settings)`` builds the application; ``tickerlens serve --db FILE`` runs it.
"""

from __future__ import annotations

from tickerlens.serve.app import create_app

__all__ = ["create_app"]
