"""The web pages: home, a story, a company, search, the analyze box, and the API list.

Pages are Jinja2 templates with autoescaping on, so every value from a story is escaped
where it is printed; the one piece of prepared HTML, the highlighted text, is built by
``render`` from escaped slices. Story and company pages are kept rendered until the
next write to the store (see ``state``). Charts use plotly.js from the installed plotly
package, so the pages work with the network closed.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import anyio
from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from tickerlens.errors import AccessError, InputError, NotFoundError
from tickerlens.serve.api import search_everything, store_analysis
from tickerlens.serve.auth import check_token, get_state, require_read
from tickerlens.serve.charts import StoryMarker, price_figure, sentiment_figure
from tickerlens.serve.company import load_company
from tickerlens.serve.intake import Submission, analyze_submission
from tickerlens.serve.limits import run_limited
from tickerlens.serve.render import fmt_date, fmt_pct, fmt_when, marks_of, paragraphs
from tickerlens.serve.state import ServeState
from tickerlens.serve.views import stored_from_analysis, ticker_rows
from tickerlens.store.queries import (
    ArticleFilter,
    StoredArticle,
    get_stored_article,
    latest_story_time,
    list_articles,
    top_companies,
)

__all__ = ["is_page", "render_error", "router"]

_HERE = Path(__file__).parent
_PAGE_PREFIXES = ("/story/", "/company/", "/find", "/analyzer", "/api", "/vendor/")
_PER_PAGE = 20

env = Environment(
    loader=FileSystemLoader(_HERE / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
env.filters.update(pct=fmt_pct, day=fmt_date, when=fmt_when, q=lambda s: quote(str(s), safe=""))
# a link to a story's own address only when it is a web address (never javascript: or data:)
env.tests["web_url"] = lambda u: isinstance(u, str) and u.lower().startswith(("http://", "https://"))

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_read)])
State = Annotated[ServeState, Depends(get_state)]


def is_page(path: str) -> bool:
    return path == "/" or path.startswith(_PAGE_PREFIXES)


def _html(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(env.get_template(name).render(**context), status_code=status)


def render_error(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    titles = {401: "Token needed", 403: "Not allowed", 404: "Not found", 413: "Too large", 503: "Unavailable"}
    body = env.get_template("error.html").render(
        title=titles.get(status, "Cannot show this page"), message=message, status=status, q=""
    )
    return HTMLResponse(body, status_code=status, headers=headers)


async def _cached(state: ServeState, request: Request, build: Callable[[], str]) -> Response:
    """The page from the cache, else built in a worker thread and kept. A page built while
    a write lands is kept under the old generation, so it is never served."""
    key = request.url.path + ("?" + request.url.query if request.url.query else "")
    generation = state.generation
    body = state.cache.get(key, generation)
    if body is None:
        body = (await anyio.to_thread.run_sync(build)).encode("utf-8")
        state.cache.put(key, generation, body)
    return Response(body, media_type="text/html; charset=utf-8")


def _top_windows(state: ServeState, now: datetime) -> dict[str, Any]:
    """Most-named companies today and this week; when the store has nothing that recent,
    the day and week of its latest story, labelled as such."""
    cur = state.cursor()
    anchor, live = now, True
    latest = latest_story_time(cur)
    if latest is not None and latest.astimezone(UTC) < now - timedelta(days=7):
        anchor, live = latest.astimezone(UTC), False
    day0 = datetime.combine(anchor.date(), time(), UTC)
    end = day0 + timedelta(days=1)
    return {
        "day": top_companies(cur, day0, end, 8),
        "week": top_companies(cur, end - timedelta(days=7), end, 8),
        "day_label": "Today" if live else f"On {fmt_date(anchor.date())}",
        "week_label": "This week" if live else f"Week to {fmt_date(anchor.date())}",
    }


@router.get("/", response_class=HTMLResponse)
def home(state: State, page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
    total, stories = list_articles(
        state.cursor(), ArticleFilter(limit=_PER_PAGE, offset=(page - 1) * _PER_PAGE)
    )
    pages = max(1, -(-total // _PER_PAGE))
    return _html(
        "home.html",
        stories=stories,
        total=total,
        page=page,
        pages=pages,
        top=_top_windows(state, datetime.now(UTC)),
        q="",
    )


def _story_context(article: StoredArticle) -> dict[str, Any]:
    href = lambda cid: f"/company/{quote(cid, safe='')}"  # noqa: E731
    rows, unlisted = ticker_rows(article)
    title_html = paragraphs(article.title or "", marks_of(article, True), href)
    return {
        "a": article,
        "title_html": title_html[0] if title_html else None,
        "body": paragraphs(article.text, marks_of(article, False), href),
        "rows": rows,
        "unlisted": unlisted,
        "names": {lk.company_id: lk.name for lk in article.links},
    }


@router.get("/story/{article_id}", response_class=HTMLResponse)
async def story(request: Request, state: State, article_id: str) -> Response:
    def build() -> str:
        found = get_stored_article(state.cursor(), article_id)
        if found is None:
            raise NotFoundError(f"story {article_id!r}", "it may have been removed; go back to the home page")
        return env.get_template("story.html").render(**_story_context(found), stored=True, q="")

    return await _cached(state, request, build)


def _company_context(state: ServeState, company_id: str, ticker: str | None) -> dict[str, Any]:
    view = load_company(state.cursor(), state.linker.universe, company_id, ticker)
    markers = [
        StoryMarker(day, s.title or "(untitled)", s.sentiment_label, s.pct_change)
        for s in view.stories
        if (day := s.inclusion_date or (s.published.date() if s.published else None)) is not None
    ]
    chart = (
        price_figure(view.ticker or "", view.adjustment, view.prices, markers, view.currency)
        if view.prices
        else None
    )
    return {
        "v": view,
        "c": view.company,
        "chart": chart,
        "bars": sentiment_figure(view.by_sentiment),
        "q": "",
    }


@router.get("/company/{company_id}", response_class=HTMLResponse)
async def company(
    request: Request,
    state: State,
    company_id: str,
    ticker: Annotated[str | None, Query(max_length=32)] = None,
) -> Response:
    return await _cached(
        state,
        request,
        lambda: env.get_template("company.html").render(**_company_context(state, company_id, ticker)),
    )


@router.get("/find", response_class=HTMLResponse)
def find(state: State, q: Annotated[str, Query(max_length=200)] = "") -> Response:
    result = search_everything(state, q.strip()) if q.strip() else None
    return _html("find.html", q=q, result=result)


@router.get("/analyzer", response_class=HTMLResponse)
def analyzer_form() -> Response:
    return _html("analyzer.html", form={}, q="")


@router.post("/analyzer", response_class=HTMLResponse)
async def analyzer(
    state: State,
    text: Annotated[str, Form(max_length=2_000_000)] = "",
    title: Annotated[str, Form(max_length=2000)] = "",
    published: Annotated[str, Form(max_length=64)] = "",
    url: Annotated[str, Form(max_length=2048)] = "",
    token: Annotated[str, Form(max_length=500)] = "",
    store: Annotated[str, Form(max_length=10)] = "",
    page: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Analyze pasted text or an uploaded page; store it when asked and the token is right."""
    form = {"text": text, "title": title, "published": published, "url": url, "store": bool(store)}
    upload = await page.read() if page is not None and page.filename else None
    sub = Submission(
        text=text or None,
        title=title or None,
        published=published or None,
        url=url or None,
        upload=upload,
        upload_name=page.filename if upload is not None and page else None,
        via="web form",
    )
    try:
        if store:
            check_token(state.settings, token or None, "storing stories")
        analysis = await run_limited(
            lambda: analyze_submission(sub, state.settings, state.linker, state.cursor()),
            state.settings.request_timeout,
            "the analysis",
        )
    except (InputError, AccessError) as exc:
        status = 422 if isinstance(exc, InputError) else (401 if exc.missing else 403)
        return _html("analyzer.html", status, form=form, error=str(exc), q="")
    if store:
        await run_limited(lambda: store_analysis(state, analysis), state.settings.request_timeout, "storing")
        return RedirectResponse(f"/story/{quote(analysis.article.id, safe='')}", status_code=303)
    return _html(
        "analyzer.html", form=form, **_story_context(stored_from_analysis(analysis)), stored=False, q=""
    )


@router.get("/api", response_class=HTMLResponse)
def api_page(request: Request) -> Response:
    spec = request.app.openapi()
    ops = [
        (method.upper(), path, op.get("summary", ""), op.get("description", ""))
        for path, item in spec.get("paths", {}).items()
        for method, op in item.items()
    ]
    return _html("api.html", ops=ops, q="")


@cache
def _plotly() -> tuple[bytes, bytes]:
    import plotly

    raw = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()
    return raw, gzip.compress(raw, 6)


@router.get("/vendor/plotly.min.js")
def plotly_js(request: Request) -> Response:
    """plotly.js from the installed plotly package, compressed once and cached by browsers."""
    raw, packed = _plotly()
    headers = {"Cache-Control": "public, max-age=604800", "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(packed, media_type="application/javascript", headers=headers)
    return Response(raw, media_type="application/javascript", headers=headers)
