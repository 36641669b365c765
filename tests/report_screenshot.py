"""
Write the screenshot docs/report.md shows: ``python -m tests.report_screenshot``.

Renders the report of a scenario (england_2025_26 unless one is named), opens
it in headless chromium as the browser tests do, and saves the page from its
top to the first findings as a PNG (docs/report.png unless ``--out``).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Final

from speccom_model import scenarios
from speccom_model.io._report import render_report
from speccom_model.report_data import report_data
from tests._browser import CHROMIUM_ARGS, chromium, open_report

DOCS_PNG: Final = Path(__file__).parents[1] / "docs" / "report.png"
#: How much of the findings section the picture shows, in CSS pixels.
FINDINGS_SHOWN: Final = 420
WIDTH: Final = 1600


def screenshot(scenario: str, out: Path) -> None:
    """Save the report of ``scenario``, top to first findings, as ``out``."""
    from playwright.sync_api import sync_playwright

    path = chromium()
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "report.html"
        target.write_text(
            render_report(report_data(scenarios.get(scenario).build())),
            encoding="utf-8",
        )
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=path, args=list(CHROMIUM_ARGS)
            )
            try:
                page = open_report(browser, target, width=WIDTH).page
                box = page.locator("#findings").bounding_box()
                assert box is not None
                height = box["y"] + FINDINGS_SHOWN
                page.screenshot(
                    path=str(out),
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": WIDTH, "height": height},
                )
            finally:
                browser.close()


def main() -> None:
    """The command line: an optional scenario name and --out."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario", nargs="?", default="england_2025_26")
    parser.add_argument("--out", type=Path, default=DOCS_PNG)
    args = parser.parse_args()
    screenshot(args.scenario, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
