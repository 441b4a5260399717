"""The REST API's request and response bodies: the contract its OpenAPI document states.

Request models forbid unknown fields, so a misspelled field is an error the caller sees
rather than a value silently ignored. Response models are built from the store's query
dataclasses and from ``Analysis.to_dict()``; they keep the API stable when the store's
columns change.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "STORY_MODELS",
    "AnalysisOut",
    "AnalyzeRequest",
    "ArticleListOut",
    "ArticleOut",
    "ArticleSummaryOut",
    "CompanyChipOut",
    "CompanyHitOut",
    "CompanyOut",
    "CompanyStoryOut",
    "ErrorBody",
    "ErrorDetail",
    "HealthOut",
    "LinkOut",
    "ListingOut",
    "MentionOut",
    "PageStory",
    "ReturnOut",
    "Role",
    "SearchOut",
    "SentimentOut",
    "SentimentReturnOut",
    "StoredOut",
    "TextStory",
    "TickerMentionOut",
    "TickerMentionsOut",
]

Sentiment = Literal["positive", "neutral", "negative"]
Role = Literal["primary", "secondary", "passing"]


class ErrorDetail(BaseModel):
    code: str = Field(description="a stable machine-readable name, e.g. not_found, invalid_input")
    message: str = Field(description="what is wrong and what to do about it")


class ErrorBody(BaseModel):
    error: ErrorDetail


_NUMBER = re.compile(r"\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)\s*")


def written_date(value: object) -> object:
    """A number is not a date, as the document says: pydantic would read 0, and the
    strings "0" or ".5", as 1970-01-01. Used before pydantic reads a date or a time."""
    if value is None or isinstance(value, date):
        return value
    if not isinstance(value, str) or _NUMBER.fullmatch(value):
        raise ValueError("must be written as a date or time string, e.g. 2025-04-19")
    return value


class _StoryFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(
        None, description="the headline (for text; pages carry their own)", max_length=2000
    )
    published: date | datetime | None = Field(
        None,
        description="publication date or time (UTC without offset): 2025-04-19, 2025-04-19T20:15:00+08:00",
        examples=["2025-04-19T20:15:00+08:00"],
    )
    url: str | None = Field(None, description="where the story was published", max_length=2048)
    lang: str | None = Field(
        None, description="ISO 639-1 language code, to override detection", pattern=r"^[a-z]{2}$"
    )

    @field_validator("published", mode="before")
    @classmethod
    def _written_date(cls, value: object) -> object:
        return written_date(value)


class TextStory(_StoryFields):
    """A story as plain text."""

    text: str = Field(description="the story's plain text", min_length=1, pattern=r"\S")


class PageStory(_StoryFields):
    """A story as a web page: its text, title and date are extracted from the HTML."""

    html: str = Field(description="the page's HTML", min_length=1, pattern=r"\S")


# Exactly one of the two: a body with both, or neither, matches no member and is refused.
AnalyzeRequest = TextStory | PageStory
STORY_MODELS = ("TextStory", "PageStory")


class MentionOut(BaseModel):
    text: str
    start: int = Field(description="character offset into the text (or the title when in_title)")
    end: int = Field(description="end offset, exclusive")
    sentence: int
    kind: str
    in_title: bool = False


class ListingOut(BaseModel):
    mic: str
    symbol: str
    ticker: str = Field(description="Yahoo-style symbol, e.g. 0700.HK")
    currency: str | None = None
    isin: str | None = None
    primary: bool = False


class SentimentOut(BaseModel):
    label: str | None = None
    score: float | None = None
    backend: str | None = None
    evidence: list[dict[str, Any]] = Field(default_factory=list)


class ReturnOut(BaseModel):
    """Change of one listing since the story was included (prices from the store)."""

    ticker: str
    inclusion_date: date | None = None
    ref_date: date | None = None
    ref_close: float | None = None
    last_date: date | None = None
    last_close: float | None = None
    pct_change: float | None = Field(None, description="percent, e.g. -6.87")
    abnormal_return: float | None = Field(None, description="fraction against the benchmark, e.g. -0.05")
    currency: str | None = None
    benchmark: str | None = None
    status: str | None = None
    reason: str | None = Field(None, description="why there is no number, when there is none")


class LinkOut(BaseModel):
    """A company the story names, as analyzed (``POST /analyze``) or stored."""

    id: str
    name: str
    short_name: str | None = None
    zh_name: str | None = None
    listed: bool
    kind: str | None = None
    tickers: list[str]
    listings: list[ListingOut] = Field(default_factory=list)
    role: Role
    relevance: float
    confidence: float
    mentions: list[MentionOut]
    sentiment: SentimentOut | None = None
    returns: list[ReturnOut] = Field(default_factory=list)


class AnalysisOut(BaseModel):
    id: str
    title: str | None
    published: datetime | None
    published_from: str | None = None
    lang: str | None
    source: str | None
    url: str | None = None
    companies: list[LinkOut]
    facts: list[dict[str, Any]] = Field(default_factory=list)
    claims: list[dict[str, Any]] = Field(default_factory=list)


class StoredOut(BaseModel):
    id: str
    created: bool = Field(description="false when the same story was stored before (it was re-analyzed)")
    location: str = Field(description="the API path of the stored story")
    page: str = Field(description="the web page of the stored story")
    analysis: AnalysisOut


class CompanyChipOut(BaseModel):
    id: str
    name: str
    role: str
    sentiment: str | None = None


class ArticleSummaryOut(BaseModel):
    id: str
    title: str | None
    published: datetime | None
    source: str
    url: str | None = None
    lang: str | None = None
    snippet: str
    companies: list[CompanyChipOut]


class ArticleListOut(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ArticleSummaryOut]


class ArticleOut(BaseModel):
    id: str
    title: str | None
    text: str
    published: datetime | None
    published_from: str | None = None
    source: str
    site: str | None = None
    url: str | None = None
    lang: str | None = None
    author: str | None = None
    stored_at: datetime | None = None
    duplicate_of: str | None = None
    companies: list[LinkOut]
    facts: list[dict[str, Any]]
    claims: list[dict[str, Any]]


class CompanyStoryOut(BaseModel):
    article_id: str
    title: str | None
    published: datetime | None
    role: str
    sentiment: str | None
    relevance: float
    ticker: str | None
    inclusion_date: date | None
    pct_change: float | None
    abnormal_return: float | None
    reason: str | None = None


class SentimentReturnOut(BaseModel):
    sentiment: str
    stories: int
    measured: int = Field(description="stories with an abnormal return to average")
    mean_abnormal_pct: float | None = Field(description="mean abnormal return since inclusion, percent")
    mean_change_pct: float | None = Field(description="mean raw change since inclusion, percent")


class CompanyOut(BaseModel):
    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    zh_name: str | None = None
    listings: list[ListingOut]
    ticker: str | None = Field(description="the listing the changes below are measured on")
    stories: list[CompanyStoryOut]
    by_sentiment: list[SentimentReturnOut]


class TickerMentionOut(BaseModel):
    article_id: str
    title: str | None
    published: datetime | None
    company_id: str
    role: str
    sentiment: str | None
    mentions: list[MentionOut]


class TickerMentionsOut(BaseModel):
    symbol: str
    company_id: str | None
    since: date | None
    until: date | None
    total: int
    items: list[TickerMentionOut]


class CompanyHitOut(BaseModel):
    id: str
    name: str
    kind: str
    tickers: list[str]
    stories: int = Field(description="stored stories that name it")


class SearchOut(BaseModel):
    query: str
    companies: list[CompanyHitOut]
    articles: list[ArticleSummaryOut]


class HealthOut(BaseModel):
    status: Literal["ok"]
    version: str
    linker_ready: bool
    counts: dict[str, int]
