"""The DuckDB schema, documented table by table. ``SCHEMA_VERSION`` bumps on any change.

articles   one row per stored story (canonical or duplicate; ``dup_of`` points at the
           canonical one of its near-duplicate group)
article_signatures  MinHash signature per canonical article (near-duplicate search)
companies  the organisations the store has seen linked (copied from the universe)
listings   their listings, point in time (start/end)
links      (article, company) with role, relevance, confidence, sentiment, mentions
prices     daily bars per (symbol, day, adjustment), with the provider and fetch time
price_coverage  the day ranges each provider was asked for, per (symbol, adjustment): a
           day inside one without a bar is a known non-trading day, not a cache miss
returns    change since inclusion and abnormal returns per (article, symbol)
facts      financial facts extracted per article
claims     price claims per article with their verdict
fx         daily exchange rates (units of ``quote`` per one ``base``) cached from a provider

Timestamps are UTC (TIMESTAMPTZ); days are exchange-local DATEs.
"""

from __future__ import annotations

__all__ = ["SCHEMA_VERSION", "STATEMENTS"]

SCHEMA_VERSION = 1

STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS articles (
        id VARCHAR PRIMARY KEY,
        source VARCHAR, url VARCHAR, title VARCHAR, text VARCHAR NOT NULL,
        published TIMESTAMPTZ, published_offset INTEGER, published_from VARCHAR,
        lang VARCHAR, script VARCHAR, author VARCHAR, site VARCHAR,
        content_hash VARCHAR NOT NULL, dup_of VARCHAR,
        fetched TIMESTAMPTZ, stored_at TIMESTAMPTZ DEFAULT current_timestamp,
        published_precision VARCHAR, extra JSON
    )""",
    """CREATE INDEX IF NOT EXISTS articles_hash ON articles (content_hash)""",
    # MinHash signature of each canonical article, so near-duplicates are found across runs.
    """CREATE TABLE IF NOT EXISTS article_signatures (id VARCHAR PRIMARY KEY, minhash BLOB NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS companies (
        id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR NOT NULL,
        country VARCHAR, sector VARCHAR, zh_name VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS listings (
        company_id VARCHAR NOT NULL, mic VARCHAR NOT NULL, symbol VARCHAR NOT NULL,
        yahoo VARCHAR NOT NULL, currency VARCHAR, isin VARCHAR, is_primary BOOLEAN,
        start_date DATE, end_date DATE,
        PRIMARY KEY (mic, symbol, company_id)
    )""",
    """CREATE TABLE IF NOT EXISTS links (
        article_id VARCHAR NOT NULL, company_id VARCHAR NOT NULL,
        name VARCHAR, listed BOOLEAN, tickers VARCHAR[],
        role VARCHAR, relevance DOUBLE, confidence DOUBLE,
        sentiment_score DOUBLE, sentiment_label VARCHAR,
        mention_count INTEGER, first_mention VARCHAR, mentions JSON,
        PRIMARY KEY (article_id, company_id)
    )""",
    """CREATE TABLE IF NOT EXISTS prices (
        symbol VARCHAR NOT NULL, day DATE NOT NULL, adjustment VARCHAR NOT NULL,
        open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE NOT NULL, volume DOUBLE,
        provider VARCHAR, fetched TIMESTAMPTZ,
        PRIMARY KEY (symbol, day, adjustment)
    )""",
    """CREATE TABLE IF NOT EXISTS price_coverage (
        symbol VARCHAR NOT NULL, adjustment VARCHAR NOT NULL, provider VARCHAR NOT NULL,
        start_day DATE NOT NULL, end_day DATE NOT NULL, fetched TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (symbol, adjustment, provider, start_day)
    )""",
    """CREATE TABLE IF NOT EXISTS returns (
        article_id VARCHAR NOT NULL, symbol VARCHAR NOT NULL,
        inclusion_date DATE, ref_date DATE, ref_close DOUBLE,
        last_date DATE, last_close DOUBLE, pct_change DOUBLE,
        currency VARCHAR, adjustment VARCHAR, benchmark VARCHAR,
        abnormal_return DOUBLE, car JSON, status VARCHAR, reason VARCHAR,
        mic VARCHAR, company_id VARCHAR, provider VARCHAR, stale BOOLEAN, warnings JSON, model JSON,
        computed_at TIMESTAMPTZ DEFAULT current_timestamp,
        PRIMARY KEY (article_id, symbol)
    )""",
    """CREATE TABLE IF NOT EXISTS facts (
        article_id VARCHAR NOT NULL, seq INTEGER NOT NULL, company_id VARCHAR,
        kind VARCHAR, metric VARCHAR, value DOUBLE, currency VARCHAR, period VARCHAR,
        text VARCHAR, start_pos INTEGER, end_pos INTEGER, detail JSON,
        PRIMARY KEY (article_id, seq)
    )""",
    """CREATE TABLE IF NOT EXISTS claims (
        article_id VARCHAR NOT NULL, seq INTEGER NOT NULL, symbol VARCHAR,
        text VARCHAR, claimed_pct DOUBLE, measured_pct DOUBLE, verdict VARCHAR,
        reason VARCHAR, detail JSON,
        PRIMARY KEY (article_id, seq)
    )""",
    """CREATE TABLE IF NOT EXISTS fx (
        day DATE NOT NULL, base VARCHAR NOT NULL, quote VARCHAR NOT NULL, rate DOUBLE NOT NULL,
        source VARCHAR, fetched TIMESTAMPTZ DEFAULT current_timestamp,
        PRIMARY KEY (day, base, quote)
    )""",
)
