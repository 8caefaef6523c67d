"""The report's trend section: the rates table, the ranking and two charts drawn as inline SVG
that render in headless Chromium with the network off."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from support import browser
from orggraph.cli import main
from support.quarters import quarter_two


def test_the_trend_charts_render_offline(tmp_path, tiny_bundle):
    if not browser.chromium_path():
        pytest.skip("chromium not found")
    db, folder = str(tmp_path / "g.lbug"), tmp_path / "report"
    runner = CliRunner()
    for args in (["load", str(tiny_bundle)],
                 ["load", "--replace", str(quarter_two(tiny_bundle, tmp_path / "q2"))],
                 ["report", "-o", str(folder)]):
        result = runner.invoke(main, ["--db", db, *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert "覆盖率排名与变化" in html and "第一书记覆盖率" in html and "<svg" in html
    with browser.browser() as context:
        page = context.new_page()
        external, errors = [], []
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
                   else (external.append(r.request.url), r.abort()))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto((folder / "index.html").as_uri(), wait_until="load")
        charts = page.eval_on_selector_all("#trend figure.chart svg", """svgs => svgs.map(s => {
            const box = s.getBoundingClientRect();
            const texts = [...s.querySelectorAll('text')];
            return {width: box.width, height: box.height, bars: s.querySelectorAll('path').length,
                    text: texts.map(t => t.textContent).join(' '),
                    drawn: texts.filter(t => t.getBBox().width > 0).length, texts: texts.length};
        })""")
        browser.ARTIFACTS.mkdir(parents=True, exist_ok=True)  # a picture to look at (git-ignored)
        page.screenshot(path=str(browser.ARTIFACTS / "trend-report.png"), full_page=True)
        page.close()
    assert external == [] and errors == []
    assert len(charts) == 2
    gaps, index = charts
    assert "S1" in gaps["text"] and "S2" in gaps["text"] and "已销号" in gaps["text"]
    assert "青山镇" in index["text"] and "综合指数" in index["text"]
    for chart in charts:
        assert chart["width"] > 150 and chart["height"] > 100 and chart["bars"] > 3
        assert chart["drawn"] == chart["texts"] > 0  # every label laid out by the page's font
