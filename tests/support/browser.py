"""Headless Debian Chromium driven by Playwright, with the network off.

Playwright's own browser download does not work here, so it drives the system `chromium`.
Every request that is not file:// is recorded and aborted, and the context is offline, so a
page that tries to fetch anything shows up in `PageRun.external`.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def chromium_path() -> str | None:
    return os.environ.get("ORGGRAPH_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")


def need_chromium() -> None:
    """Skip (fail on CI) a test that needs Chromium and Playwright when either is missing."""
    import pytest

    missing = []
    if chromium_path() is None:
        missing.append("chromium (apt-get install chromium)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("playwright (pip install -e '.[test]')")
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the browser tests, but {' and '.join(missing)} is missing")
        pytest.skip(f"browser tests skipped: {' and '.join(missing)} missing")


@dataclass
class PageRun:
    page: object
    external: list[str] = field(default_factory=list)   # requests that were not file://
    failed: list[str] = field(default_factory=list)     # requests that failed
    errors: list[str] = field(default_factory=list)     # console errors and uncaught exceptions
    seconds_to_ready: float | None = None

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)


@contextmanager
def browser(width: int = 1400, height: int = 900):
    """A fresh Chromium profile (its own --user-data-dir) in a temporary folder."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="orggraph-chromium-") as profile, \
            sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height}, offline=True, accept_downloads=True)
        try:
            yield context
        finally:
            context.close()


def open_map(context, path: Path, timeout_ms: int = 30_000) -> PageRun:
    """Open a map from file:// and wait until vis-network has drawn it once."""
    page = context.new_page()
    run = PageRun(page)

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            run.external.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("requestfailed", lambda req: run.failed.append(f"{req.url}: {req.failure}"))
    page.on("console", lambda msg: run.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: run.errors.append(str(exc)))
    started = time.perf_counter()
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_function("window.orggraphMap && window.orggraphMap.ready === true",
                           timeout=timeout_ms)
    run.seconds_to_ready = time.perf_counter() - started
    return run


def settled_png(run: PageRun, tries: int = 100) -> str:
    """The map's PNG once its canvas has stopped changing: vis-network redraws on the next
    animation frames after a move, and the labels are placed after a drawing."""
    last = run.js("orggraphMap.exportPng()")
    for _ in range(tries):
        run.page.wait_for_timeout(100)
        now = run.js("orggraphMap.exportPng()")
        if now == last:
            return now
        last = now
    raise AssertionError("the map's canvas never stopped changing")


def screenshot(run: PageRun, name: str) -> Path:
    """Keep a picture of the page as a test artefact (test-artifacts/ is git-ignored)."""
    target = ARTIFACTS / "maps" / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    run.page.screenshot(path=str(target))
    return target
