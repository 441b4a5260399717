"""The pages as a reader meets them: Debian's Chromium, headless, driven by Playwright
against the real server on loopback. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from serve_data import STORIES

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
    ),
]

if CHROMIUM.exists():
    from playwright.sync_api import Browser, Page, sync_playwright


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    """A fresh page that fails the test on any script dialog or request off this server."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    dialogs: list[str] = []
    outside: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.on("request", lambda r: None if r.url.startswith((live_server, "data:")) else outside.append(r.url))
    yield pg
    context.close()
    assert dialogs == [], f"a story's markup ran as script: {dialogs}"
    assert outside == [], f"the page fetched from outside this server: {outside}"


def test_home_to_story_to_company(page: Page, live_server: str) -> None:
    page.goto(live_server)
    page.screenshot(path=SHOTS / "home.png", full_page=True)
    page.get_by_role("link", name=STORIES["nvidia"]["title"]).click()
    page.wait_for_url("**/story/*")

    headers = page.locator("#stock-table thead th").all_inner_texts()
    assert [h.strip().lower() for h in headers[:4]] == [
        "ticker",
        "name",
        "percentage change",
        "inclusion date",
    ]
    nvda = page.locator("#stock-table tbody tr", has_text="NVDA")
    cells = nvda.locator("td").all_inner_texts()
    assert cells[0] == "NVDA" and "%" in cells[2] and cells[3] == "16 Apr 2025"
    mention = page.locator(".story-body a.mention[data-company=nvidia]").first
    assert mention.get_attribute("title") == "NVIDIA Corporation · NVDA · primary"
    page.screenshot(path=SHOTS / "story.png", full_page=True)

    nvda.get_by_role("link", name="Company →").click()
    page.wait_for_url("**/company/nvidia")
    chart = page.locator("#price-chart[data-rendered=true]")
    chart.wait_for(timeout=30_000)
    points = chart.locator(".scatterlayer .trace").nth(1).locator("path.point")
    assert points.count() == 2
    box = points.first.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    hover = page.locator(".hoverlayer .hovertext")
    hover.first.wait_for(timeout=5_000)
    labels = " ".join(t or "" for t in hover.all_text_contents())
    assert "close" in labels and "sentiment:" in labels and "change since:" in labels
    assert page.locator("#sentiment-chart[data-rendered=true] .bars path").count() >= 1
    page.screenshot(path=SHOTS / "company.png", full_page=True)


def test_a_script_in_a_title_stays_text(page: Page, live_server: str) -> None:
    page.goto(live_server)
    page.get_by_role("link", name=STORIES["hostile"]["title"]).click()
    page.wait_for_url("**/story/*")
    assert "<script>alert('owned')</script>" in page.title()
    assert "<script>alert('owned')</script>" in page.locator("h1.headline").inner_text()
    assert "<img src=x onerror=alert(1)>" in page.locator(".story-body").inner_text()
    page.screenshot(path=SHOTS / "story-hostile.png", full_page=True)


def test_search_by_chinese_name(page: Page, live_server: str) -> None:
    page.goto(live_server)
    page.get_by_role("searchbox").fill("英伟达")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/find?q=*")
    assert page.locator("#company-hits tbody tr").first.inner_text().startswith("NVIDIA Corporation")
    page.screenshot(path=SHOTS / "search.png", full_page=True)


def test_analyze_box(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/analyzer")
    page.locator("textarea[name=text]").fill("台积电4月营收同比增长48%，英伟达订单强劲。")
    page.get_by_role("button", name="Analyze").click()
    page.locator("#stock-table").wait_for()
    tickers = page.locator("#stock-table tbody td:first-child").all_inner_texts()
    assert "2330.TW" in tickers and "NVDA" in tickers
    page.screenshot(path=SHOTS / "analyze.png", full_page=True)


@pytest.mark.parametrize("path", ["story", "company"])
def test_readable_on_a_phone(browser: Browser, live_server: str, path: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    pg = context.new_page()
    pg.goto(live_server)
    pg.get_by_role("link", name=STORIES["nvidia"]["title"]).click()
    pg.wait_for_url("**/story/*")
    if path == "company":
        pg.locator(".story-body a.mention[data-company=nvidia]").first.click()
        pg.locator("#price-chart[data-rendered=true]").wait_for(timeout=30_000)
    pg.screenshot(path=SHOTS / f"{path}-phone.png", full_page=True)
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the {path} page is {width}px wide on a 390px screen"
    context.close()
