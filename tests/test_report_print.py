"""The report on paper: A4 print media (sections on pages of their own, no row cut in two) and
`orggraph report --pdf`, on both stores; without a browser, a Chinese message and the HTML."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from orggraph import pdf
from support import browser
from support.cli import run

BUNDLE = Path(__file__).resolve().parent / "bundles" / "maps"
SECTIONS = ("覆盖问题汇总", "覆盖率排名与变化", "链主带动排名", "跨村联建方案")
MAPS = ("组织体系图", "覆盖问题图", "跨村联建方案：", "产业链图")


def _need_chromium() -> None:
    browser.need_chromium()


def _text(page) -> str:
    """A PDF page's text, spaces dropped; NFKC, since the extracted text may spell some
    characters as Kangxi radicals (⽹ for 网)."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", page.extract_text()))


def test_report_pdf_has_the_index_then_every_map_on_a4(db, tmp_path, monkeypatch):
    from pypdf import PdfReader

    _need_chromium()
    monkeypatch.setenv(pdf.ENV, browser.chromium_path())
    run("--db", db, "load", BUNDLE)
    folder = tmp_path / "report"
    out = run("--db", db, "report", "-o", folder, "--pdf").output
    assert f"已写出 PDF：{folder / 'report.pdf'}" in out
    reader = PdfReader(folder / "report.pdf")
    titles = [item.title for item in reader.outline]
    assert titles[0] == "组织网络分析报告" and len(titles) == 5
    assert [next(m for m in MAPS if t.startswith(m)) for t in titles[1:]] == list(MAPS)
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
             for p in reader.pages}
    assert sizes == {(842, 595)}  # A4 landscape, every page
    pages = [_text(p) for p in reader.pages]
    # The index's first page has the title and the maps; each section starts a page of its own.
    assert pages[0].startswith("组织网络分析报告")
    starts = [next((i for i, t in enumerate(pages) if t.startswith(s)), None) for s in SECTIONS]
    assert None not in starts and 0 < starts[0] and starts == sorted(set(starts)), starts
    # Each map starts its own page with its title, the legend printed, no controls.
    for title in titles[1:]:
        page = next(t for t in pages
                    if t.startswith(re.sub(r"\s", "", unicodedata.normalize("NFKC", title))))
        assert "图例" in page and "导出PNG" not in page and "搜索名称" not in page
        assert "筛选" not in page and "点击节点查看详情" not in page


def test_report_pdf_without_a_browser_says_what_to_install(db, tmp_path, monkeypatch):
    run("--db", db, "load", BUNDLE)
    monkeypatch.delenv(pdf.ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    folder = tmp_path / "report"
    result = run("--db", db, "report", "-o", folder, "--pdf", ok=False)
    assert "未找到 Chromium 浏览器" in result.output and "apt-get install chromium" in result.output
    assert f"HTML 报告已写入 {folder / 'index.html'}" in result.output
    assert (folder / "index.html").is_file() and not (folder / "report.pdf").exists()


@pytest.fixture(scope="module")
def report_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report-print")
    db = str(folder / "r.lbug")
    run("--db", db, "load", BUNDLE)
    run("--db", db, "report", "-o", folder / "out")
    return folder / "out"


def test_the_index_prints_sections_on_their_own_pages_and_rows_whole(report_folder):
    """Print media in Chromium: every section breaks before it, a table's header repeats on each
    page and no row breaks inside; screenshots of both media are kept as test artefacts."""
    _need_chromium()
    with browser.browser() as context:
        page = context.new_page()
        page.goto((report_folder / "index.html").as_uri())
        target = browser.ARTIFACTS / "report"
        target.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target / "index-screen.png"), full_page=True)
        style = """sel => Array.from(document.querySelectorAll(sel)).map(e => {
            const s = getComputedStyle(e);
            return [s.breakBefore, s.breakInside, s.display, s.overflowX]; })"""
        assert {tuple(s) for s in page.evaluate(style, "section.part")} == {
            ("auto", "auto", "block", "visible")}
        page.emulate_media(media="print")
        page.screenshot(path=str(target / "index-print.png"), full_page=True)
        sections = page.evaluate(style, "section.part")
        assert len(sections) == len(SECTIONS) and {s[0] for s in sections} == {"page"}
        assert {s[1] for s in page.evaluate(style, "tbody tr")} == {"avoid"}
        assert {s[2] for s in page.evaluate(style, "thead")} == {"table-header-group"}
        assert {s[3] for s in page.evaluate(style, ".scroll")} == {"visible"}  # no cut-off columns
        page.close()
