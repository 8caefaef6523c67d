"""HTML pages to one PDF with a headless Chromium (or Chrome, or Edge), as the pages print.

Each page is printed by its own browser run (`--print-to-pdf`, print media, its own `@page` size),
after its scripts have run (a map draws itself first; `--virtual-time-budget` lets its timers
run), and the PDFs are joined in order with pypdf. No browser is downloaded: the one installed
is used, found on PATH or named by ORGGRAPH_CHROMIUM.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import OrggraphError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
            "microsoft-edge", "msedge")
ENV = "ORGGRAPH_CHROMIUM"
# Virtual milliseconds a page's scripts get before it prints (a map lays itself out meanwhile).
SCRIPT_BUDGET_MS = 30_000
TIMEOUT_S = 300  # real seconds one page may take


class PdfError(OrggraphError):
    """A PDF that cannot be made; the message (Chinese) says what is missing or what failed."""


def find_browser() -> str | None:
    """The browser to print with: ORGGRAPH_CHROMIUM if set, else the first on PATH."""
    named = os.environ.get(ENV)
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def _browser() -> str:
    found = find_browser()
    if found:
        return found
    named = os.environ.get(ENV)
    if named:
        raise PdfError(f"环境变量 {ENV} 指明的浏览器 {named} 不存在，无法生成 PDF。")
    raise PdfError("未找到 Chromium 浏览器（也未找到 Google Chrome、Microsoft Edge），无法生成 PDF。"
                   f"请安装 Chromium（Debian/Ubuntu：apt-get install chromium），"
                   f"或用环境变量 {ENV} 指明浏览器程序的路径。")


def _print_page(browser: str, page: Path, target: Path, profile: Path) -> None:
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}",
               "--window-size=1400,900", "--no-pdf-header-footer",
               f"--virtual-time-budget={SCRIPT_BUDGET_MS}", f"--print-to-pdf={target}",
               page.resolve().as_uri()]
    try:
        done = subprocess.run(command, capture_output=True, text=True, errors="replace",
                              timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise PdfError(f"浏览器 {browser} 打印 {page.name} 超过 {TIMEOUT_S} 秒，已停止。") from None
    except OSError as exc:
        raise PdfError(f"无法运行浏览器 {browser}：{exc.strerror or exc}") from None
    if done.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        last = next((line for line in reversed(done.stderr.splitlines()) if line.strip()), "")
        raise PdfError(f"浏览器 {browser} 未能打印 {page.name}（退出码 {done.returncode}）"
                       + (f"：{last}" if last else "。"))


def print_pages(pages: list[tuple[Path, str]], target: str | Path) -> Path:
    """Print `pages` (HTML file, title) in order into one PDF at `target`, each title a
    bookmark to where its page starts."""
    from pypdf import PdfWriter

    browser = _browser()
    target = Path(target)
    with tempfile.TemporaryDirectory(prefix="orggraph-pdf-") as work:
        folder = Path(work)
        writer = PdfWriter()
        for i, (page, title) in enumerate(pages):
            part = folder / f"{i:04d}.pdf"
            _print_page(browser, page, part, folder / "profile")
            writer.append(str(part), outline_item=title)
        try:
            with open(target, "wb") as handle:
                writer.write(handle)
        except OSError as exc:
            raise PdfError(f"无法写入 {target}：{exc.strerror or exc}") from None
    return target
