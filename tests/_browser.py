"""
A real headless browser for the HTML report: Debian's chromium, driven by Playwright.

Playwright's own browser download cannot run where only package registries are
reached, so the system's ``chromium`` is launched instead (only Playwright's
driver, shipped in its wheel, is used). Where chromium or Playwright is absent,
browser tests skip with the reason, unless ``SPECCOM_REQUIRE_CHROMIUM=1`` (as
CI sets it), when they fail: CI cannot pass by skipping them.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from typing import TYPE_CHECKING, Final

import pytest

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Route

#: Flags for a quiet, offline, headless chromium in a container (no sandbox:
#: root; no GPU; nothing fetched for updates, sync or the first run).
CHROMIUM_ARGS: Final = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
#: Set to 1 to make a missing browser a failure, not a skip.
REQUIRE: Final = "SPECCOM_REQUIRE_CHROMIUM"
#: How long a report may take to draw every chart, in milliseconds.
DRAW_TIMEOUT_MS: Final = 20_000


def chromium() -> str:
    """The chromium executable; skips (or fails, under REQUIRE) without one."""
    path = shutil.which("chromium")
    problem = None
    if path is None:
        problem = "no chromium on PATH (apt-get install chromium)"
    elif importlib.util.find_spec("playwright") is None:
        problem = 'Playwright is not installed (pip install -e ".[dev]")'
    if problem is not None:
        if os.environ.get(REQUIRE) == "1":
            pytest.fail(f"{REQUIRE}=1 but {problem}")
        pytest.skip(problem)
    assert path is not None
    return path


class Visit:
    """A page opened in the browser, with everything it asked for or reported."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.dialogs: list[str] = []

    def on_console(self, message: ConsoleMessage) -> None:
        """Keep the text of a console message of type error."""
        if message.type == "error":
            self.console_errors.append(message.text)

    def on_dialog(self, dialog: Dialog) -> None:
        """Keep an alert's message (a script ran that should not), dismiss it."""
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    @staticmethod
    def on_route(route: Route) -> None:
        """Let the report's own file load; abort anything else it asks for."""
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()


def open_report(browser: Browser, path: Path, *, width: int = 1400) -> Visit:
    """
    Open a report file and wait until every chart is drawn (or has failed).

    Every request is recorded; any that is not for a ``file://`` address is
    aborted, so a report that tries the network fails its test, not the run.
    """
    page = browser.new_page(viewport={"width": width, "height": 1000})
    visit = Visit(page=page)
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("console", visit.on_console)
    page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
    page.on("dialog", visit.on_dialog)
    page.route("**/*", Visit.on_route)
    page.goto(path.as_uri())
    page.wait_for_function(
        "Array.from(document.querySelectorAll('.chart'))"
        ".every(element => element.dataset.rendered)",
        timeout=DRAW_TIMEOUT_MS,
    )
    return visit
