"""
The HTML report in a real headless chromium: drawn, offline, complete.

One browser for the module. Each report is rendered to tmp_path, opened from
its file, and must draw every chart with marks, log no error, fetch nothing
but itself, and list exactly check()'s findings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from speccom_model import check, scenarios
from speccom_model.io._report import render_report
from speccom_model.report_data import report_data
from speccom_model.rules import Severity
from tests._browser import CHROMIUM_ARGS, chromium, open_report

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser

    from speccom_model.report_data import ReportData

#: The scenarios drawn: one with three kinds of arrangement and pooled money,
#: one with 42 ICBs and seven joint committees.
DRAWN = ("england_2019_20", "england_2025_26")
#: Marks in a Vega SVG: each drawn bar is a path in a mark group.
MARKS = "svg g.role-mark path"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    path = chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=path, args=list(CHROMIUM_ARGS)
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def reports(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[ReportData, Path]]:
    """Each drawn scenario's data and its report file, rendered once."""
    folder = tmp_path_factory.mktemp("reports")
    found = {}
    for name in DRAWN:
        data = report_data(scenarios.get(name).build())
        target = folder / f"{name}.html"
        target.write_text(render_report(data), encoding="utf-8")
        found[name] = (data, target)
    return found


@pytest.mark.parametrize("name", DRAWN)
def test_the_report_draws_offline_with_every_finding(
    browser: Browser,
    reports: dict[str, tuple[ReportData, Path]],
    tmp_path: Path,
    name: str,
) -> None:
    """Charts drawn with marks, no error, no request but the file, all findings."""
    _, target = reports[name]

    visit = open_report(browser, target)
    page = visit.page
    charts = page.eval_on_selector_all(
        ".chart",
        f"""elements => elements.map(element => [
            element.id,
            element.dataset.rendered,
            element.querySelectorAll("{MARKS}").length,
        ])""",
    )
    shown = {
        severity: page.locator(
            f"#findings-{severity.value} li.finding[data-code]"
        ).count()
        for severity in Severity
    }
    page.screenshot(path=str(tmp_path / f"{name}.png"))

    assert (visit.page_errors, visit.console_errors, visit.dialogs) == ([], [], [])
    assert visit.requests == [target.as_uri()]
    assert [(i, r) for i, r, _ in charts] == [
        ("chart-money-years", "true"),
        ("chart-money-bodies", "true"),
        ("chart-timeline", "true"),
    ]
    assert all(marks > 0 for _, _, marks in charts)
    expected = check(scenarios.get(name).build())
    assert shown == {s: len(expected.of_severity(s)) for s in Severity}
    assert (tmp_path / f"{name}.png").stat().st_size > 10_000


def test_the_timeline_draws_a_bar_for_each_arrangement(
    browser: Browser, reports: dict[str, tuple[ReportData, Path]]
) -> None:
    """69 arrangements of england_2025_26: 69 bars, none lost in the facets."""
    data, target = reports["england_2025_26"]

    page = open_report(browser, target).page
    bars = page.locator("#chart-timeline svg g.mark-rect.role-mark path").count()

    assert bars == len(data.timeline) == 69


def test_a_hostile_name_is_shown_as_text_not_run(
    browser: Browser, tmp_path: Path
) -> None:
    """A name holding <script> runs nothing: the heading shows it as written."""
    from tests.io.test_report import HOSTILE, hostile_plan

    target = tmp_path / "report.html"
    target.write_text(render_report(report_data(hostile_plan())), encoding="utf-8")

    visit = open_report(browser, target)

    assert visit.page.locator("h1").inner_text().endswith(HOSTILE)
    assert visit.page.locator("b[onmouseover]").count() == 0
    assert (visit.page_errors, visit.console_errors, visit.dialogs) == ([], [], [])
