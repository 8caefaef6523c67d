"""HTML pages to one PDF (orggraph/pdf.py): found browser or a Chinese message naming what is
missing; a failing browser reported with its own words; pages joined in order with bookmarks."""
from __future__ import annotations

import os
import re
import stat

import pytest

from orggraph import pdf
from support import browser


def _fake_browser(folder, body: str):
    script = folder / "chromium"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_no_browser_is_a_chinese_message_naming_what_to_install(tmp_path, monkeypatch):
    monkeypatch.delenv(pdf.ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing there
    assert pdf.find_browser() is None
    with pytest.raises(pdf.PdfError, match="未找到 Chromium 浏览器.*apt-get install chromium.*"
                                           "ORGGRAPH_CHROMIUM"):
        pdf.print_pages([(tmp_path / "a.html", "甲")], tmp_path / "a.pdf")
    assert not (tmp_path / "a.pdf").exists()
    monkeypatch.setenv(pdf.ENV, str(tmp_path / "nope"))
    with pytest.raises(pdf.PdfError, match="ORGGRAPH_CHROMIUM 指明的浏览器 .*nope 不存在"):
        pdf.print_pages([(tmp_path / "a.html", "甲")], tmp_path / "a.pdf")


def test_the_browser_named_by_the_environment_wins(tmp_path, monkeypatch):
    named = _fake_browser(tmp_path, "exit 0")
    monkeypatch.setenv(pdf.ENV, str(named))
    assert pdf.find_browser() == str(named)


def test_a_browser_that_fails_is_reported_with_its_last_words(tmp_path, monkeypatch):
    failing = _fake_browser(tmp_path, 'echo "noise" >&2; echo "cannot open display" >&2; exit 3')
    monkeypatch.setenv(pdf.ENV, str(failing))
    page = tmp_path / "a.html"
    page.write_text("<p>甲</p>", encoding="utf-8")
    with pytest.raises(pdf.PdfError, match=r"未能打印 a\.html（退出码 3）：cannot open display"):
        pdf.print_pages([(page, "甲")], tmp_path / "a.pdf")


@pytest.fixture
def chromium():
    if browser.chromium_path() is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs chromium for the PDF tests")
        pytest.skip("chromium missing")
    return browser.chromium_path()


def test_pages_are_printed_in_order_on_their_own_page_size_with_bookmarks(tmp_path, chromium,
                                                                          monkeypatch):
    from pypdf import PdfReader

    monkeypatch.setenv(pdf.ENV, chromium)
    portrait = tmp_path / "portrait.html"
    portrait.write_text('<meta charset="utf-8"><style>@page { size: A4; }</style>'
                        '<p id="x">脚本之前</p><script>setTimeout(() => document.getElementById("x")'
                        '.textContent = "脚本之后", 500)</script>', encoding="utf-8")
    landscape = tmp_path / "landscape.html"
    landscape.write_text('<meta charset="utf-8"><style>@page { size: A4 landscape; }</style>'
                         '<p>第二页</p>', encoding="utf-8")
    target = pdf.print_pages([(portrait, "第一"), (landscape, "第二")], tmp_path / "out.pdf")
    reader = PdfReader(target)
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
             for p in reader.pages]
    assert sizes == [(595, 842), (842, 595)]
    assert [item.title for item in reader.outline] == ["第一", "第二"]
    text = re.sub(r"\s", "", reader.pages[0].extract_text())
    assert "脚本之后" in text  # the page's scripts ran before it printed
