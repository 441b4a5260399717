"""Web page to story: main text and metadata, via trafilatura, then debris cleanup.

Measured on real article pages (benchmarks/bench_extract.py), trafilatura's precision
mode beats its default on most pages but now and then drops the whole body; so both are
run and the precision text is used unless it kept under a fifth of what the default kept.
Publication times come from the page's own markup first (``article:published_time``,
JSON-LD ``datePublished``, ``<time datetime>``), which keeps the time and the zone;
htmldate's markup-only search (day precision) comes next; a dateline in the first lines of
the text is the last resort. Nothing is taken from free text deep in the page.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import htmldate
import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document

from tickerlens.errors import InputError
from tickerlens.ingest.article import PublishedFrom
from tickerlens.ingest.dates import ParsedDate, find_date_in_text, parse_date
from tickerlens.ingest.debris import byline_author, clean_text
from tickerlens.ingest.lang import detect_language

__all__ = ["PageExtract", "bare_text", "extract_page", "fragment_text", "safe_url"]

_PRECISION_KEEP = 0.2  # below this share of the default's length, precision mode lost the body
_META_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "cxenseparse:recs:publishtime",
    "date",
    "weibo: article:create_at",
    "mediaid:publishdate",
)
_SOCIAL_HOSTS = re.compile(
    r"(?:^|\.)(?:facebook\.com|fb\.com|twitter\.com|x\.com|t\.co|linkedin\.com|weibo\.com|weibo\.cn"
    r"|pinterest\.com|reddit\.com|wa\.me|whatsapp\.com|t\.me|telegram\.me|qzone\.qq\.com|service\.weibo\.com)$"
)
_SHARE_PATH = re.compile(r"/(?:sharer|share|intent/tweet|shareArticle)\b", re.IGNORECASE)
_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "blockquote",
    "section",
    "article",
}


@dataclass(frozen=True, slots=True)
class PageExtract:
    text: str
    title: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None  # canonical URL of the story (never a share link)
    lang: str | None = None  # detected from the text; the page's declaration when there is none
    script: str | None = None
    published: ParsedDate | None = None
    published_from: PublishedFrom = PublishedFrom.MISSING
    description: str | None = None
    credits: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


def safe_url(url: str | None) -> str | None:
    """``url`` if it can be a story's address; None for share buttons and social links."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    host = parts.netloc.lower().split(":")[0]
    if _SOCIAL_HOSTS.search(host) or _SHARE_PATH.search(parts.path):
        return None
    return url.strip()


def bare_text(html: str) -> str:
    """The library's bare call, the baseline every measurement is compared with."""
    return trafilatura.extract(html, include_comments=False) or ""


_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)


def _parse_tree(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.document_fromstring(html, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


def _unwrap_layout_tables(tree: lxml.html.HtmlElement) -> None:
    """Turn tables used for page layout into divs, so their paragraphs stay paragraphs.

    Old portals lay out whole pages in tables; extractors then flatten a story into one
    table cell. A table whose cells hold long blocks is layout, not data.
    """
    for table in list(tree.iter("table")):
        blocks = table.xpath(
            ".//td//*[self::p or self::div or self::h1 or self::h2 or self::ul or self::table]"
        )
        if any(len(b.text_content()) > 80 for b in blocks):
            for element in [table, *table.iter("tbody", "thead", "tfoot", "tr", "td", "th")]:
                element.tag = "div"


def _same_title(text: str, title: str | None) -> bool:
    text = " ".join(text.split())
    return bool(title) and len(text) >= 4 and (text in (title or "") or (title or "") in text)


def _header_lines(tree: lxml.html.HtmlElement, title: str | None) -> list[str]:
    """Text right under the headline: where pages print the dateline and byline."""
    heads = [h for h in tree.xpath("//h1|//h2|//h3") if _same_title(h.text_content(), title)]
    if not heads:
        return []
    lines: list[str] = []
    for node in heads[0].xpath("following::text()"):
        parent = node.getparent()
        if parent is not None and parent.tag in {"script", "style"}:
            continue
        line = " ".join(str(node).split())
        if line:
            lines.append(line)
        if len(lines) >= 6 or sum(map(len, lines)) > 300:
            break
    return lines


def _json_ld_dates(tree: lxml.html.HtmlElement) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key in ("datePublished", "dateCreated", "uploadDate"):
                if isinstance(node.get(key), str):
                    found.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            walk(json.loads(script.text_content() or "null"))
        except json.JSONDecodeError:
            continue
    return found


def _markup_dates(tree: lxml.html.HtmlElement) -> list[str]:
    """Date strings the page states in markup, most trustworthy first."""
    metas: dict[str, str] = {}
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key and key not in metas:
            metas[key] = meta.get("content", "")
    found = [metas[k] for k in _META_DATE_KEYS if metas.get(k)]
    found += _json_ld_dates(tree)
    found += [t.get("datetime", "") for t in tree.xpath("//*[@itemprop='datePublished'][@datetime]")]
    found += [t.get("datetime", "") for t in tree.xpath("//time[@datetime]")[:1]]
    return [f.strip() for f in found if f and f.strip()]


def _published(
    tree: lxml.html.HtmlElement | None, header: list[str], text: str, lang: str | None
) -> tuple[ParsedDate | None, PublishedFrom]:
    """Markup with a time first, then a dateline under the headline or atop the text, then
    htmldate's markup-only day."""
    if tree is not None:
        for raw in _markup_dates(tree):
            parsed = parse_date(raw, lang)
            if parsed is not None:
                return parsed, PublishedFrom.METADATA
    parsed = find_date_in_text(header, lang) or find_date_in_text(text.split("\n", 8)[:8], lang)
    if parsed is not None:
        return parsed, PublishedFrom.TEXT
    if tree is not None:
        day = htmldate.find_date(tree, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
        parsed = parse_date(day, lang) if day else None
        if parsed is not None:
            return parsed, PublishedFrom.METADATA
    return None, PublishedFrom.MISSING


def _extract(tree: lxml.html.HtmlElement, url: str | None) -> Document | None:
    common: dict[str, Any] = {"url": url, "include_comments": False, "with_metadata": True}
    precise = trafilatura.bare_extraction(copy.deepcopy(tree), favor_precision=True, **common)
    # The default's length is only a yardstick: its fast mode (no fallback extractors) is
    # close enough and costs half; the full default runs only when it is needed.
    probe = trafilatura.bare_extraction(copy.deepcopy(tree), fast=True, url=url, include_comments=False)
    precise_len = len(precise.text or "") if isinstance(precise, Document) else 0
    probe_len = len(probe.text or "") if isinstance(probe, Document) else 0
    if isinstance(precise, Document) and precise_len and precise_len >= _PRECISION_KEEP * probe_len:
        return precise
    default = trafilatura.bare_extraction(copy.deepcopy(tree), **common)  # the tree is read again later
    return default if isinstance(default, Document) else None


def extract_page(html: str, source: str, *, url: str | None = None, lang: str | None = None) -> PageExtract:
    """The story in ``html``; raises InputError when the page has no article text."""
    tree = _parse_tree(html)
    if tree is None:
        raise InputError(source, "is not HTML that can be parsed")
    _unwrap_layout_tables(tree)
    doc = _extract(tree, url)
    if doc is None or not (doc.text or "").strip():
        raise InputError(source, "has no article text that could be extracted; is it an article page?")
    cleaned = clean_text(doc.text or "", title=doc.title)
    if not cleaned.text:
        raise InputError(source, "has only page furniture (menus, share buttons), no article text")
    detected, script = detect_language(cleaned.text)
    lang = lang or detected or _short_lang(tree.get("lang"))
    header = _header_lines(tree, doc.title)
    published, origin = _published(tree, header, doc.text or "", lang)
    author = _clean_author(doc.author, doc.sitename) or cleaned.author or byline_author(header)
    return PageExtract(
        text=cleaned.text,
        title=(doc.title or None),
        author=author,
        site=doc.sitename or None,
        url=safe_url(doc.url) or safe_url(url),
        lang=lang,
        script=script,
        published=published,
        published_from=origin,
        description=doc.description or None,
        credits=cleaned.credits,
        removed=cleaned.removed,
    )


def _clean_author(author: str | None, site: str | None) -> str | None:
    """trafilatura's author without the site name or a reporter label glued to it."""
    if not author:
        return None
    if site:
        author = author.replace(site, " ")
    return byline_author([author]) or (" ".join(author.split()) or None)


def _short_lang(declared: str | None) -> str | None:
    return declared.split("-")[0].lower() if declared else None


def fragment_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed entry's content) with block elements as line breaks."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)
