"""Line-level cleanup of what extraction leaves around a story.

Extractors keep the body but often also some of the page: a leaked ``} ?>`` from a
template, a "Share to Facebook" bar, a "Related stories" list, a subscription box, a
copyright footer, the header of a stock table. Each of these makes linking worse (a share
bar is not a mention of Facebook). The rules here are deliberately narrow: a line is
dropped only when all of it is debris, lists are dropped only after a related-stories
header, and bylines ("Author: ...", "责任编辑：...") are moved into metadata rather than
thrown away, because the author is worth keeping and the body is not the place for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

__all__ = ["Cleaned", "byline_author", "clean_text"]

_WORD = re.compile(r"[\w']+|[\u3400-\u9fff]+", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff]")
_SENTENCE_END = re.compile(r"[.!?。！？…:：;；\"”'’)）]\s*$")

# Template and script leftovers: no words, only code punctuation; or a lone PHP/JS line.
_CODE_ONLY = re.compile(r"^[\s{}()\[\];<>?/\\=$!*|&%#@^~`'\",.:+-]*$")
_CODE_LINE = re.compile(
    r"^\s*(?:<\?(?:php)?|\?>|<!--|-->|//\s*\]\]>|/\*|\*/|(?:var|let|const)\s+[\w$]+\s*=.*;\s*$"
    r"|(?:document|window)\.[\w.]+\s*[(=]|function\s*[\w$]*\s*\([^)]*\)\s*\{|\}\s*(?:else|catch)\b)"
)
_SEPARATOR = re.compile(r"^[\s_\-=*~#·•.]{3,}$")
_DECORATION = re.compile(r"^[\s▎▍▌▋▊▉█■□●◆◇▲►▶★☆※]+")

_SHARE_ANCHORS = frozenset(
    {
        "share",
        "tweet",
        "facebook",
        "twitter",
        "linkedin",
        "whatsapp",
        "telegram",
        "reddit",
        "pinterest",
        "flipboard",
        "email",
        "e-mail",
        "print",
        "reprints",
        "comments",
        "comment",
        "分享",
        "分享到",
        "微信",
        "微博",
        "朋友圈",
        "qq空间",
        "豆瓣",
        "复制链接",
        "打印",
        "转发",
        "收藏",
        "分享至",
        "臉書",
        "脸书",
        "推特",
        "微信好友",
        "新浪微博",
        "用微信扫码二维码",
    }
)
_SHARE_WORDS = _SHARE_ANCHORS | frozenset(
    {
        "this",
        "on",
        "to",
        "via",
        "the",
        "article",
        "story",
        "page",
        "link",
        "copy",
        "mail",
        "x",
        "messenger",
        "wechat",
        "weibo",
        "order",
        "reprint",
        "save",
        "print",
        "qq",
        "空间",
        "好友",
        "点赞",
        "评论",
        "扫一扫",
        "a",
        "friend",
        "with",
        "it",
        "or",
        "and",
        "us",
        "post",
        "sms",
    }
)
_CJK_ANCHORS = tuple(a for a in _SHARE_ANCHORS if _CJK.search(a))
_SHARE_PHRASE = re.compile(r"share (?:it|this(?: \w+)?) with (?:a |your )?friends?|分享给(?:朋友|好友)", re.I)

# A stock table's header row, one cell or several per line.
_TABLE_WORDS = frozenset(
    {
        "ticker",
        "name",
        "symbol",
        "code",
        "percentage",
        "change",
        "price",
        "last",
        "inclusion",
        "date",
        "volume",
        "chg",
        "pct",
        "company",
        "stock",
        "close",
        "%",
        "股票代码",
        "代码",
        "名称",
        "股票名称",
        "最新价",
        "现价",
        "涨跌幅",
        "涨跌",
        "涨幅",
        "跌幅",
        "成交量",
        "成交额",
        "换手率",
        "市值",
        "纳入日期",
        "股票代碼",
        "代碼",
        "名稱",
        "最新價",
        "現價",
        "漲跌幅",
        "漲跌",
        "成交額",
        "日期",
        "简称",
        "證券代碼",
        "证券代码",
        "证券简称",
        "證券簡稱",
    }
)

_RELATED_HEADERS = re.compile(
    r"^(?:related|related (?:stories|articles|content|news|coverage|posts|reading|links|topics)"
    r"|read more|read next|see more|see also|also read|more stories|more news|more|you may also like"
    r"|you might also like|recommended|recommended for you|recommended stories|don't miss|do not miss"
    r"|most read(?: in [\w ]+)?|most popular|trending|trending now|top stories|more from [\w .']+"
    r"|more on this story|further reading|what to read next|editor's picks|tags|tagged|filed under|topics"
    r"|标签|关键词|關鍵詞|關鍵字"
    r"|相关阅读|相关新闻|相关文章|相关报道|相关链接|延伸阅读|推荐阅读|热门文章|热门推荐|猜你喜欢|更多阅读"
    r"|更多新闻|相關閱讀|相關新聞|相關文章|相關報導|延伸閱讀|推薦閱讀|熱門文章|熱門新聞|你可能也喜欢)$",
    re.IGNORECASE,
)
_RELATED_INLINE = re.compile(
    r"^\[?(?:related|read more|read next|see more|see also|also read|also on [\w.]+|more|watch"
    r"|recommended|相关阅读|延伸阅读|推荐阅读|相关新闻|相關閱讀|延伸閱讀|推薦閱讀)\s*[:：|]",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"(?:^(?:copyright\b|©|\(c\)\s*\d{4})|all rights reserved|版权所有|版權所有|未经授权|未經授權"
    r"|禁止转载|禁止轉載|不得转载|不得轉載|转载请注明|轉載請註明|免责声明|免責聲明|不构成投资建议|不構成投資建議"
    r"|for your personal, non-commercial use only|governed by our subscriber agreement"
    r"|^sign up (?:for|to)\b|subscribe to (?:our|the)\b|newsletter$|thanks for signing up"
    r"|keep an eye on your inbox|error processing your subscription|an error has occurred, please try again"
    r"|^this article has been sent to|扫码关注|扫描二维码|长按识别二维码|关注公众号"
    r"|下载.{0,6}app|点击进入专题"
    r"|\b\d+\s*(?:min|minute)s?\s+read$|^(?:tempo de )?leitura: \d|^reading time\b|阅读时长"
    r"|^(?:tags|tagged|filed under|topics|keywords|标签|關鍵詞|关键词|關鍵字)\s*[:：|]?"
    r"|^(?:follow|like) us on\b|\bfollow (?:\w+ ){0,3}on (?:twitter|facebook|instagram|x)\b)",
    re.IGNORECASE,
)
# Bylines and credits: (label, whether what follows is the author).
_CREDIT = re.compile(
    r"^[(（\[]?\s*(?P<label>source of this article|article source|source|author|authors|by|written by|"
    r"edited by|editor|editors|editing by|reporting by|additional reporting by|writing by|"
    r"compiled by|translated by|本文来源|文章来源|来源|來源|作者|记者|記者|文|编辑|編輯|责任编辑|責任編輯"
    r"|责编|責編|校对|校對|审核|審核|编审|原标题|原標題|出品|撰文|采访|採訪)"
    r"\s*(?:[:：|]\s*|\s+)(?P<value>[^\n]{1,100}?)\s*[)）\]]?$",
    re.IGNORECASE,
)
_AUTHOR_LABELS = {"author", "authors", "by", "written by", "作者", "记者", "記者", "文", "撰文"}


_BYLINE_AUTHOR = re.compile(
    r"(?:作者|记者|記者|撰文)\s*[:：]?\s*"
    r"(?P<name>[^\s／/∕⁄|｜，,、：:()（）]{2,40}?)(?=\s|$|／|/|∕|⁄|\||｜|，|,|、|（|\(|报道|報導|来源|來源)"
    r"|(?:^|\s)(?:[Aa]uthor\s*:|[Bb]y)\s+(?P<latin>[A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+){0,3})"
)


_LONGEST_DEBRIS = 400  # characters; longer than any line the rules below can match


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    author: str | None = None
    credits: tuple[str, ...] = ()  # byline and credit lines moved out of the body
    removed: tuple[str, ...] = ()  # debris lines dropped


def _words(line: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(line)]


def _is_short(line: str, words: int = 30) -> bool:
    if len(line) <= words * 2:
        return True
    cjk = len(_CJK.findall(line))
    return len(line) - cjk <= words * 7 and cjk <= words * 2


def _is_code(line: str) -> bool:
    stripped = line.strip()
    if _CODE_ONLY.match(stripped) and re.search(r"[{}<>?;\\]", stripped):
        return True
    return bool(_CODE_LINE.match(stripped)) and _is_short(stripped, 25)


@cache
def _cjk_terms(terms: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted((t for t in terms if _CJK.search(t)), key=len, reverse=True))


def _only_terms(words: list[str], terms: frozenset[str]) -> bool:
    """Every word is one of ``terms``; a CJK run (not split into words) may chain several."""
    cjk_terms = _cjk_terms(terms)
    for word in words:
        if word in terms:
            continue
        if not _CJK.search(word):
            return False
        for term in cjk_terms:
            word = word.replace(term, "")
        if word:
            return False
    return True


def _is_share(line: str) -> bool:
    if _SHARE_PHRASE.search(line) and _is_short(line, 12):
        return True
    words = [w for w in _words(line) if not w.isdigit()]
    if not words or len(words) > 10:
        return False
    anchored = any(w in _SHARE_ANCHORS or any(a in w for a in _CJK_ANCHORS) for w in words)
    return anchored and _only_terms(words, _SHARE_WORDS)


def _is_table_header(line: str) -> bool:
    words = _words(line.replace("%", " % "))
    if not words or len(words) > 8 or not _only_terms(words, _TABLE_WORDS):
        return False
    return len(words) >= 2 or any(_CJK.search(w) for w in words)


def _is_boilerplate(line: str) -> bool:
    return _is_short(line, 40) and _BOILERPLATE.search(line.strip()) is not None


def _is_debris_line(line: str) -> bool:
    if len(line) > _LONGEST_DEBRIS:
        return False  # a paragraph: every rule below needs a short line
    return (
        (_is_table_header(line) and len(_words(line)) >= 3)
        or _is_code(line)
        or bool(_SEPARATOR.match(line))
        or _is_share(line)
        or _is_boilerplate(line)
        or (_RELATED_INLINE.match(line.strip()) is not None and _is_short(line, 30))
    )


def _credit(line: str) -> tuple[str, str] | None:
    """(label, value) when the whole line is a byline or credit."""
    stripped = line.strip()
    if not _is_short(stripped, 16):
        return None
    match = _CREDIT.match(stripped)
    if match is None:
        return None
    label, value = match.group("label").lower(), match.group("value").strip()
    if label == "by" and not re.match(
        r"^[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}(?:\s*(?:,|and)\s*.*)?$", value
    ):
        return None
    return label, value


def _split_credits(lines: list[str]) -> tuple[list[str], str | None, list[str]]:
    """Move byline/credit lines found in the first and last few lines into metadata."""
    author: str | None = None
    credits: list[str] = []
    keep: list[str] = []
    edge = 6
    for index, line in enumerate(lines):
        near_edge = index < edge or index >= len(lines) - edge
        found = _credit(line) if near_edge else None
        if found is None:
            keep.append(line)
            continue
        label, value = found
        credits.append(line.strip())
        if author is None and label in _AUTHOR_LABELS:
            author = re.split(r"\s{2,}|\s+(?:来源|來源|编辑|編輯|\d{4}[-年])", value)[0].strip() or None
    return keep, author, credits


def _drop_related_lists(lines: list[str], removed: list[str]) -> list[str]:
    """Drop a related-stories header and the list of headlines under it."""
    out: list[str] = []
    in_list = False
    for line in lines:
        stripped = line.strip().rstrip(":：").strip()
        if _RELATED_HEADERS.match(stripped):
            in_list = True
            removed.append(line)
            continue
        if in_list:
            listed = re.match(r"^\s*(?:[-•·*▪◦]|\d+[.)、])\s+", line) is not None
            headline = _is_short(line, 20) and not _SENTENCE_END.search(line)
            if listed or headline:
                removed.append(line)
                continue
            in_list = False
        out.append(line)
    return out


def _drop_trailing_table(lines: list[str], removed: list[str]) -> list[str]:
    """Drop a stock table header (and empty rows) left at the end of the page."""
    end = len(lines)
    while end > 0 and (_is_table_header(lines[end - 1]) or not lines[end - 1].strip()):
        end -= 1
    removed.extend(line for line in lines[end:] if line.strip())
    return lines[:end]


def _drop_title(lines: list[str], title: str | None, removed: list[str]) -> list[str]:
    if not title:
        return lines
    key = " ".join(_words(title))
    while lines and (not lines[0].strip() or " ".join(_words(lines[0])) == key):
        if lines[0].strip():
            removed.append(lines[0])
        lines = lines[1:]
    return lines


def clean_text(text: str, *, title: str | None = None) -> Cleaned:
    """Remove page debris from extracted text; the body's own lines are never rewritten."""
    lines = [_DECORATION.sub("", line.rstrip()) for line in text.replace("\r\n", "\n").split("\n")]
    removed: list[str] = []
    lines = _drop_title(lines, title, removed)
    kept: list[str] = []
    for line in lines:
        if line.strip() and _is_debris_line(line):
            removed.append(line)
        else:
            kept.append(line)
    kept, author, credits = _split_credits(kept)
    kept = _drop_related_lists(kept, removed)
    kept = _drop_trailing_table(kept, removed)
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return Cleaned(body, author, tuple(credits), tuple(removed))


def byline_author(lines: list[str]) -> str | None:
    """The author named in byline lines such as '来源：X 作者：张三 2025-04-15' or '記者吳佩珊／台北報導'."""
    for line in lines[:8]:
        match = _BYLINE_AUTHOR.search(line)
        name = match and (match.group("name") or match.group("latin"))
        if name and not re.fullmatch(r"[\d\-:/年月日]+", name):
            return name
    return None
