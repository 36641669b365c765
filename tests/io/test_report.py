"""The HTML report as text: self-contained, escaped, exact, the same every time."""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import attrs
import pytest

from speccom_model import scenarios
from speccom_model.errors import MissingExtraError
from speccom_model.io import _report
from speccom_model.io._report import CHART_IDS, render_report, require_extra
from speccom_model.report_data import ReportData, report_data
from speccom_model.rules import Severity
from speccom_model.units import format_money

if TYPE_CHECKING:
    from speccom_model import Landscape

#: Plan text that would run as script, or break out of an attribute, if unescaped.
HOSTILE = '</script><script>alert(1)</script><b onmouseover="x">&amp;\''


class _Page(HTMLParser):
    """Every start tag with its attributes, and the text of each script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def hostile_plan() -> Landscape:
    """england_2019_20, its name and a receiver's name replaced by markup."""
    plan = scenarios.england_2019_20()
    bodies = tuple(
        attrs.evolve(body, name=HOSTILE) if body.code == "SLP" else body
        for body in plan.commissioners
    )
    return attrs.evolve(plan, name=HOSTILE, commissioners=bodies)


@pytest.fixture(scope="module")
def pages() -> dict[str, tuple[ReportData, str]]:
    found = {}
    for name in ("england_2013_14", "england_2019_20", "england_2025_26"):
        data = report_data(scenarios.get(name).build())
        found[name] = (data, render_report(data))
    return found


def charts(page: str) -> dict[str, dict[str, object]]:
    """The Vega-Lite specifications the page embeds, by element id."""
    block = page.split('id="speccom-charts">')[1].split("</script>", maxsplit=1)[0]
    found: dict[str, dict[str, object]] = json.loads(block)
    return found


class TestSelfContained:
    @pytest.mark.parametrize("name", ["england_2019_20", "england_2025_26"])
    def test_nothing_is_loaded_from_anywhere(
        self, pages: dict[str, tuple[ReportData, str]], name: str
    ) -> None:
        """No script, style sheet, image, frame or font is fetched: all is inline."""
        page = pages[name][1]
        tags = parse(page).tags
        fetching = [
            (tag, attributes)
            for tag, attributes in tags
            if tag in {"link", "img", "iframe", "object", "embed", "source"}
            or (tag == "script" and "src" in attributes)
        ]

        assert fetching == []
        assert re.search(r"@import|url\(", page.split("<script")[0]) is None

    def test_the_page_forbids_the_browser_any_fetch(
        self, pages: dict[str, tuple[ReportData, str]]
    ) -> None:
        """A Content-Security-Policy of default-src 'none' backs that up."""
        tags = parse(pages["england_2019_20"][1]).tags
        (policy,) = [
            a["content"]
            for t, a in tags
            if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
        ]

        assert policy is not None
        assert policy.startswith("default-src 'none';")

    def test_the_vega_scripts_are_inlined(
        self, pages: dict[str, tuple[ReportData, str]]
    ) -> None:
        """The page defines vegaEmbed in a script of its own: nothing is fetched."""
        scripts = parse(pages["england_2019_20"][1]).scripts

        assert any("vegaEmbed" in s and len(s) > 100_000 for s in scripts)

    def test_charts_carry_their_data_inline(
        self, pages: dict[str, tuple[ReportData, str]]
    ) -> None:
        """A chart that names a data URL would fetch it."""
        specs = charts(pages["england_2025_26"][1])

        assert list(specs) == list(CHART_IDS)
        assert "url" not in json.dumps([s["data"] for s in specs.values()])


class TestDeterministic:
    def test_the_same_plan_gives_the_same_bytes(
        self, pages: dict[str, tuple[ReportData, str]]
    ) -> None:
        """No date produced, no random id: rendering again, bundle rebuilt, is equal."""
        _report._vega_bundle.cache_clear()
        again = render_report(report_data(scenarios.england_2025_26()))

        assert pages["england_2025_26"][1].encode() == again.encode()

    def test_no_date_of_production_is_written(
        self, pages: dict[str, tuple[ReportData, str]]
    ) -> None:
        """Only the plan's own dates appear: nothing from today's clock."""
        import datetime as dt

        today = dt.date.today()

        assert today.isoformat() not in pages["england_2019_20"][1]


class TestContents:
    def test_the_header_names_the_plan_and_the_tools_version(
        self, pages: dict[str, tuple[ReportData, str]]
    ) -> None:
        """Plan name, version and the policy the findings are judged by."""
        from speccom_model import __version__

        page = pages["england_2019_20"][1]

        assert "<h1>Specialised commissioning report: england_2019_20</h1>" in page
        assert f"speccom {__version__}" in page
        assert "Policy: law (law in force)" in page

    @pytest.mark.parametrize("name", ["england_2019_20", "england_2025_26"])
    def test_findings_are_listed_under_their_severity(
        self, pages: dict[str, tuple[ReportData, str]], name: str
    ) -> None:
        """Each severity's section holds exactly its findings, codes in order."""
        data, page = pages[name]
        for severity in Severity:
            section = page.split(f'id="findings-{severity.value}"')[1]
            section = section.split("</section>")[0]
            expected = [f.code for f in data.findings.of_severity(severity)]

            actual = re.findall(r'<li class="finding" data-code="([^"]+)"', section)

            assert expected == actual

    def test_every_citation_is_a_link(
        self, pages: dict[str, tuple[ReportData, str]]
    ) -> None:
        """Each source of each finding is an <a> to its https address."""
        data, page = pages["england_2025_26"]
        links = {a["href"] for t, a in parse(page).tags if t == "a" and "href" in a}
        expected = {c.url for f in data.findings for c in f.source}

        assert expected <= links

    @pytest.mark.parametrize("name", ["england_2019_20", "england_2025_26"])
    def test_tables_show_money_to_the_penny(
        self, pages: dict[str, tuple[ReportData, str]], name: str
    ) -> None:
        """Every body's budget and every year's part, exactly as format_money."""
        data, page = pages[name]
        amounts = [b.allocation for b in data.bodies] + [
            p.amount for p in data.money_parts if p.amount is not None
        ]

        assert amounts
        for amount in amounts:
            assert f'<td class="money">{format_money(amount, exact=True)}' in page

    def test_an_unknown_amount_says_so(
        self, pages: dict[str, tuple[ReportData, str]]
    ) -> None:
        """2025-26's retained money is unknown, never £0."""
        page = pages["england_2025_26"][1]

        assert '<td class="money">unknown</td>' in page

    def test_a_plan_with_no_money_or_arrangement_draws_what_it_has(
        self, pages: dict[str, tuple[ReportData, str]]
    ) -> None:
        """2013-14: the year's chart; no bodies' chart, no timeline, said so."""
        page = pages["england_2013_14"][1]

        assert list(charts(page)) == ["chart-money-years"]
        assert "No body other than NHS England holds a budget." in page
        assert "No arrangement: NHS England commissions every service" in page

    def test_a_bill_is_flagged_as_not_law(self) -> None:
        """Judged by a bill, the header says it is proposed law, not in force."""
        from speccom_model import Policy

        data = report_data(
            scenarios.england_2025_26(), policy=Policy.named("health_bill_2026")
        )

        assert "PROPOSED LAW, NOT IN FORCE" in render_report(data)


class TestEscaping:
    def test_plan_text_cannot_become_markup(self) -> None:
        """A name holding </script><script> is shown as text, everywhere."""
        page = render_report(report_data(hostile_plan()))
        parsed = parse(page)

        assert HOSTILE not in page
        assert "&lt;/script&gt;&lt;script&gt;alert(1)" in page
        # Three scripts: the charts' JSON, Vega's bundle, the renderer; none added.
        assert [t for t, _ in parsed.tags].count("script") == 3
        assert [t for t, _ in parsed.tags].count("b") == 0

    def test_the_charts_json_cannot_close_its_script(self) -> None:
        """In the JSON block, < > & are escapes: the name survives JSON.parse."""
        page = render_report(report_data(hostile_plan()))
        block = page.split('id="speccom-charts">')[1].split("</script>")[0]
        specs = json.loads(block)

        assert "<" not in block
        rows = specs["chart-timeline"]["data"]["values"]
        assert f"SLP {HOSTILE}" in {row["receiver"] for row in rows}


class TestMissingExtra:
    @pytest.mark.parametrize(
        ("module", "package"),
        [("altair", "altair"), ("vl_convert", "vl-convert-python")],
    )
    def test_without_the_extra_the_error_names_it(
        self, monkeypatch: pytest.MonkeyPatch, module: str, package: str
    ) -> None:
        """MissingExtraError, naming the package and the report extra."""
        monkeypatch.setitem(sys.modules, module, None)

        with pytest.raises(MissingExtraError) as caught:
            require_extra()

        assert caught.value.value == f"{package} not installed"
        assert '".[report]"' in caught.value.expected
