"""The REST API: analyze a story, store it, and read stories, companies and tickers.

Reads run as plain functions in FastAPI's worker threads, each on its thread's own
cursor; analysis runs in a worker thread under the request time limit; a store goes
through the state's single write lock. Every error is a 4xx (or 503) with the body
``{"error": {"code", "message"}}`` (see ``problems``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated, Any

import duckdb
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BeforeValidator

from tickerlens.analysis import Analysis
from tickerlens.errors import InputError, NotFoundError, StoreError
from tickerlens.serve.auth import get_state, require_read, require_write
from tickerlens.serve.company import company_out, load_company
from tickerlens.serve.intake import Submission, analyze_submission
from tickerlens.serve.limits import run_limited
from tickerlens.serve.models import (
    AnalysisOut,
    AnalyzeRequest,
    ArticleListOut,
    ArticleOut,
    CompanyHitOut,
    CompanyOut,
    HealthOut,
    PageStory,
    SearchOut,
    StoredOut,
    TextStory,
    TickerMentionOut,
    TickerMentionsOut,
    written_date,
)
from tickerlens.serve.problems import API_ERRORS
from tickerlens.serve.state import ServeState
from tickerlens.serve.views import analysis_out, article_out, mention_out, summary_out
from tickerlens.store.links import save_analyses
from tickerlens.store.queries import (
    ArticleFilter,
    get_stored_article,
    list_articles,
    search_articles,
    store_counts,
    ticker_mentions,
)
from tickerlens.universe.master import Universe

__all__ = ["router", "search_everything", "store_analysis", "window"]

_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such story, company or ticker"}}
_AUTH: dict[int | str, dict[str, Any]] = {
    401: {"description": "The API token is missing"},
    403: {"description": "The API token is wrong, or this server takes no token"},
}


def _one_value_each(request: Request) -> None:
    """Every query parameter here takes one value. FastAPI would keep the last of several
    and answer as if the others were not there; the caller is told instead."""
    keys = [key for key, _ in request.query_params.multi_items()]
    for key in dict.fromkeys(keys):
        if keys.count(key) > 1:
            raise RequestValidationError(
                [
                    {
                        "type": "repeated",
                        "loc": ("query", key),
                        "msg": f"is given {keys.count(key)} times; give it once",
                        "input": request.query_params.getlist(key),
                    }
                ]
            )


router = APIRouter(responses={**API_ERRORS, **_AUTH}, dependencies=[Depends(_one_value_each)])
# A day in a query: written as one, never a number (see ``written_date``).
QueryDay = Annotated[date | None, BeforeValidator(written_date)]
State = Annotated[ServeState, Depends(get_state)]
Reads = [Depends(require_read)]


def _version() -> str:
    try:
        return version("tickerlens")
    except PackageNotFoundError:
        return "unknown"


@router.get("/health", response_model=HealthOut, tags=["service"])
def health(state: State) -> HealthOut:
    """The server is up and can read its store."""
    return HealthOut(
        status="ok", version=_version(), linker_ready=state.linker_ready, counts=store_counts(state.cursor())
    )


def _submission(body: AnalyzeRequest) -> Submission:
    return Submission(
        text=body.text if isinstance(body, TextStory) else None,
        html=body.html if isinstance(body, PageStory) else None,
        title=body.title,
        published=body.published,
        url=body.url,
        lang=body.lang,
    )


@router.post("/analyze", response_model=AnalysisOut, dependencies=Reads, tags=["analyze"])
async def analyze(body: AnalyzeRequest, state: State) -> AnalysisOut:
    """Analyze one story (text or a page's HTML) without storing it: the companies it
    names with their tickers, role, relevance, sentiment and mentions; facts and claims;
    and change since inclusion where the store has prices."""
    sub = _submission(body)

    def work() -> AnalysisOut:
        return analysis_out(analyze_submission(sub, state.settings, state.linker, state.cursor()))

    return await run_limited(work, state.settings.request_timeout, "the analysis")


def store_analysis(state: ServeState, analysis: Analysis) -> bool:
    """Store one analysis under the write lock; True when the story is new to the store."""

    def write(cur: duckdb.DuckDBPyConnection) -> bool:
        known = cur.execute("SELECT count(*) FROM articles WHERE id = ?", [analysis.article.id]).fetchall()
        try:
            save_analyses(cur, [analysis], state.linker.universe)
        except duckdb.Error as exc:
            problem = f"could not store story {analysis.article.id}: {exc}; nothing of it was written"
            raise StoreError(problem) from exc
        return not known[0][0]

    return state.write(write)


@router.post(
    "/articles",
    response_model=StoredOut,
    status_code=201,
    dependencies=[Depends(require_write)],
    tags=["analyze"],
    responses={
        200: {
            "model": StoredOut,
            "description": "The story was stored before; it was re-analyzed and replaced",
        },
        201: {"description": "The story is new to the store"},
    },
)
async def store_article(body: AnalyzeRequest, state: State, response: Response) -> StoredOut:
    """Analyze one story and store it (needs the bearer token). Sending the same story
    again re-analyzes it and replaces what was stored (answer 200 instead of 201)."""
    sub = _submission(body)

    def work() -> StoredOut:
        analysis = analyze_submission(sub, state.settings, state.linker, state.cursor())
        created = store_analysis(state, analysis)
        aid = analysis.article.id
        return StoredOut(
            id=aid,
            created=created,
            location=f"/articles/{aid}",
            page=f"/story/{aid}",
            analysis=analysis_out(analysis),
        )

    out = await run_limited(work, state.settings.request_timeout, "analyzing and storing the story")
    response.status_code = 201 if out.created else 200
    response.headers["Location"] = out.location
    return out


def window(since: date | None, until: date | None) -> tuple[datetime | None, datetime | None]:
    """[since 00:00 UTC, the day after until 00:00 UTC): both days included."""
    if since and until and since > until:
        raise InputError("query parameters from/since and to/until", f"{since} is after {until}; swap them")
    start = datetime.combine(since, time(), UTC) if since else None
    end = datetime.combine(until + timedelta(days=1), time(), UTC) if until and until < date.max else None
    return start, end


_DAY = "a day, YYYY-MM-DD"


@router.get("/articles", response_model=ArticleListOut, dependencies=Reads, tags=["read"])
def articles(
    state: State,
    limit: Annotated[int, Query(ge=1, le=100, description="stories per page")] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="stories to skip")] = 0,
    since: Annotated[QueryDay, Query(description=f"published on or after ({_DAY}, UTC)")] = None,
    until: Annotated[QueryDay, Query(description=f"published on or before ({_DAY}, UTC)")] = None,
    source: Annotated[
        str | None, Query(max_length=200, description="part of the site, URL or source")
    ] = None,
    sentiment: Annotated[
        str | None,
        Query(pattern="^(positive|neutral|negative)$", description="a named company with this sentiment"),
    ] = None,
    role: Annotated[
        str | None,
        Query(pattern="^(primary|secondary|passing)$", description="a named company with this role"),
    ] = None,
    company: Annotated[str | None, Query(max_length=200, description="a named company's id")] = None,
    lang: Annotated[str | None, Query(pattern="^[a-z]{2}$", description="language code, e.g. en, zh")] = None,
) -> ArticleListOut:
    """Stored stories, newest first, filtered and paged."""
    start, end = window(since, until)
    f = ArticleFilter(
        limit=limit,
        offset=offset,
        since=start,
        until=end,
        source=source,
        sentiment=sentiment,
        role=role,
        company=company,
        lang=lang,
    )
    total, items = list_articles(state.cursor(), f)
    return ArticleListOut(total=total, limit=limit, offset=offset, items=[summary_out(s) for s in items])


@router.get(
    "/articles/{article_id}",
    response_model=ArticleOut,
    dependencies=Reads,
    tags=["read"],
    responses=_NOT_FOUND,
)
def article(state: State, article_id: Annotated[str, Path(max_length=200)]) -> ArticleOut:
    """One stored story with its companies (mentions, sentiment, change since inclusion),
    facts and claims."""
    found = get_stored_article(state.cursor(), article_id)
    if found is None:
        raise NotFoundError(f"story {article_id!r}", "list the stored stories with GET /articles")
    return article_out(found)


@router.get(
    "/companies/{company_id}",
    response_model=CompanyOut,
    dependencies=Reads,
    tags=["read"],
    responses=_NOT_FOUND,
)
def company(
    state: State,
    company_id: Annotated[str, Path(max_length=200)],
    ticker: Annotated[
        str | None, Query(max_length=32, description="the listing to measure, e.g. TSM")
    ] = None,
) -> CompanyOut:
    """A company, its listings, its stories with the change since each, and the mean
    abnormal return after its stories by sentiment."""
    return company_out(load_company(state.cursor(), state.linker.universe, company_id, ticker))


def _resolve(universe: Universe, symbol: str) -> tuple[list[str], list[str]]:
    """(company ids, Yahoo tickers) a symbol stands for."""
    found = universe.resolve_yahoo(symbol)
    if found is None:
        return [], [symbol.strip().upper()]
    company_, _ = found
    return [company_.id], sorted({x.yahoo for x in company_.listings} | {symbol.strip().upper()})


@router.get(
    "/tickers/{symbol}/mentions",
    response_model=TickerMentionsOut,
    dependencies=Reads,
    tags=["read"],
    responses=_NOT_FOUND,
)
def mentions(
    state: State,
    symbol: Annotated[str, Path(max_length=32, description="Yahoo-style ticker: NVDA, 0700.HK, 688256.SS")],
    since: Annotated[QueryDay, Query(alias="from", description=f"published on or after ({_DAY})")] = None,
    until: Annotated[QueryDay, Query(alias="to", description=f"published on or before ({_DAY})")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> TickerMentionsOut:
    """Stored stories that name the company behind a ticker, with where they name it."""
    start, end = window(since, until)
    ids, tickers = _resolve(state.linker.universe, symbol)
    total, items = ticker_mentions(state.cursor(), ids, tickers, start, end, limit, offset)
    if not ids and total == 0:
        raise NotFoundError(
            f"ticker {symbol!r}",
            "no company has it and no stored story names it; write it Yahoo-style (NVDA, 0700.HK, 688256.SS)",
        )
    return TickerMentionsOut(
        symbol=symbol.strip().upper(),
        company_id=ids[0] if ids else None,
        since=since,
        until=until,
        total=total,
        items=[
            TickerMentionOut(
                article_id=m.article_id,
                title=m.title,
                published=m.published,
                company_id=m.company_id,
                role=m.role,
                sentiment=m.sentiment_label,
                mentions=[mention_out(x) for x in m.mentions],
            )
            for m in items
        ],
    )


def search_everything(state: ServeState, q: str, limit: int = 20) -> SearchOut:
    """Companies by name, alias or ticker in any language, and stories by words."""
    cur = state.cursor()
    found = state.finder.find(q, limit=10)
    counts = (
        dict(
            cur.execute(
                "SELECT company_id, count(DISTINCT article_id) FROM links "
                "WHERE company_id IN (SELECT unnest(?)) GROUP BY company_id",
                [[c.id for c in found]],
            ).fetchall()
        )
        if found
        else {}
    )
    hits = [
        CompanyHitOut(
            id=c.id,
            name=c.name,
            kind=c.kind.value,
            tickers=[x.yahoo for x in c.listings_on(None)] or [x.yahoo for x in c.listings],
            stories=int(counts.get(c.id, 0)),
        )
        for c in found
    ]
    stories = search_articles(cur, q.split(), limit)
    return SearchOut(query=q, companies=hits, articles=[summary_out(s) for s in stories])


@router.get("/search", response_model=SearchOut, dependencies=Reads, tags=["read"])
async def search(
    state: State,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            pattern=r"\S",
            description="a company name, alias or ticker in any form (NVDA, 英伟达, 0700.HK), "
            "or words in stories",
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchOut:
    """Search companies and stored stories."""
    return await run_limited(
        lambda: search_everything(state, q.strip(), limit), state.settings.request_timeout, "the search"
    )
