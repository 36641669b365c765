r"""
The HTML report: one self-contained file, its charts drawn by Vega-Lite.

:func:`render_report` turns :class:`~speccom_model.report_data.ReportData`
into one HTML page that needs no network to view: the Vega, Vega-Lite and
Vega-Embed scripts are inlined (from ``vl-convert-python``'s bundle), the
charts' data is inlined in their specifications (built with ``altair``), and
there is no external style sheet, font or image. A Content-Security-Policy in
the page forbids the browser every fetch besides.

Plan text (names, codes, messages) is untrusted: every piece is HTML-escaped,
and the charts' JSON is embedded in a ``<script type="application/json">``
block with ``<``, ``>`` and ``&`` written as ``\u003c``, ``\u003e`` and
``\u0026``, so no text of the plan can close the block or start markup.

The same input gives the same bytes: there is no date of production, no
random identifier, and every mapping is written in a fixed order.

The ``report`` extra (``altair`` and ``vl-convert-python``) is imported on
first use; without it, :class:`~speccom_model.errors.MissingExtraError`.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import importlib
import json
from typing import TYPE_CHECKING, Any, Final

from speccom_model._version import __version__
from speccom_model.errors import MissingExtraError
from speccom_model.report_data import MONEY_PARTS, NO_REGION
from speccom_model.rules import Severity
from speccom_model.summary import RetainedBasis
from speccom_model.units import format_money

if TYPE_CHECKING:
    from speccom_model.citation import Citation
    from speccom_model.report_data import ReportData
    from speccom_model.rules import Finding
    from speccom_model.units import Money

__all__ = ["CHART_IDS", "FEATURE", "render_report", "require_extra"]

#: The feature a missing extra is reported for.
FEATURE: Final = "speccom report (HTML)"
#: The element id of each chart, in the order they appear.
CHART_IDS: Final = ("chart-money-years", "chart-money-bodies", "chart-timeline")

_HEADINGS: Final = {
    Severity.ERROR: "Errors",
    Severity.WARNING: "Warnings",
    Severity.INFO: "Information",
}
#: Colours of the money parts (Tableau 10, as Vega's default scheme).
_PART_COLOURS: Final = ("#4c78a8", "#f58518", "#54a24b")
#: No fetch of any kind; inline scripts and styles only. Vega compiles its
#: expressions with Function(), hence 'unsafe-eval'.
_CSP: Final = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'unsafe-inline'; img-src data:; font-src data:"
)
_STYLE: Final = """
body { font-family: system-ui, "DejaVu Sans", Arial, sans-serif; margin: 1.5em;
  color: #1b1b1b; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
header p { margin: 0.2em 0; }
.bill { color: #a50f15; font-weight: bold; }
section { margin-top: 1.5em; }
.pair { display: flex; flex-wrap: wrap; gap: 2em; align-items: flex-start; }
.chart { flex: 0 0 auto; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { border: 1px solid #c8c8c8; padding: 0.25em 0.5em; text-align: left;
  vertical-align: top; }
td.money { text-align: right; font-variant-numeric: tabular-nums;
  white-space: nowrap; }
ol.findings { padding-left: 1.5em; }
li.finding { margin-bottom: 0.6em; }
li.finding code { font-weight: bold; }
.subject { color: #444; }
.message { margin: 0.2em 0; }
ul.sources { margin: 0; padding-left: 1.2em; font-size: 0.9em; }
.none { color: #555; font-style: italic; }
"""
_SCRIPT: Final = """
(function () {
  "use strict";
  var specs = JSON.parse(document.getElementById("speccom-charts").textContent);
  Object.keys(specs).forEach(function (id) {
    var element = document.getElementById(id);
    vegaEmbed(element, specs[id], {actions: false, renderer: "svg"})
      .then(function () { element.setAttribute("data-rendered", "true"); })
      .catch(function (error) {
        element.setAttribute("data-rendered", "error");
        element.textContent = "This chart could not be drawn: " + error;
        console.error(error);
      });
  });
})();
"""


#: The modules of the ``report`` extra, with the package each comes from.
_EXTRA_MODULES: Final = (("altair", "altair"), ("vl_convert", "vl-convert-python"))


def _extra(module: str) -> Any:  # noqa: ANN401 - the optional module
    """One module of the ``report`` extra, or MissingExtraError naming it."""
    package = dict(_EXTRA_MODULES)[module]
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError.of(FEATURE, package, "report") from None


def require_extra() -> None:
    """
    Import the ``report`` extra now, so a run without it fails before any work.

    Raises:
        MissingExtraError: ``altair`` or ``vl-convert-python`` is not installed.

    >>> require_extra()
    """
    for module, _ in _EXTRA_MODULES:
        _extra(module)


def _altair() -> Any:  # noqa: ANN401 - the optional module
    return _extra("altair")


@functools.cache
def _vega_bundle(vl_version: str) -> str:
    """Vega, Vega-Lite and Vega-Embed as one script (made once per process)."""
    bundle: str = _extra("vl_convert").javascript_bundle(vl_version=vl_version)
    return bundle


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _money(amount: Money) -> str:
    return format_money(amount, exact=True)


def _pounds(amount: Money) -> float:
    """For drawing only: the tables show the exact amount."""
    return float(amount.pounds)


#: The y axis in £bn, £m or £k, by the value's size.
_MONEY_AXIS: Final = (
    "datum.value >= 1e9 ? '£' + format(datum.value / 1e9, '~g') + 'bn' : "
    "datum.value >= 1e6 ? '£' + format(datum.value / 1e6, '~g') + 'm' : "
    "datum.value >= 1e3 ? '£' + format(datum.value / 1e3, '~g') + 'k' : "
    "'£' + format(datum.value, '~g')"
)


def _money_years_chart(alt: Any, data: ReportData) -> dict[str, Any]:  # noqa: ANN401
    order = {part: i for i, part in enumerate(MONEY_PARTS)}
    rows = [
        {
            "year": str(p.year),
            "part": p.label,
            "order": order[p.part],
            "pounds": _pounds(p.amount),
            "amount": _money(p.amount),
        }
        for p in data.money_parts
        if p.amount is not None
    ]
    chart = (
        alt.Chart(alt.Data(values=rows), title="Money by financial year")
        .mark_bar()
        .encode(
            x=alt.X("year:N", title="Financial year", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "sum(pounds):Q",
                title="£ (exact figures in the table)",
                axis=alt.Axis(labelExpr=_MONEY_AXIS),
            ),
            color=alt.Color(
                "part:N",
                title=None,
                sort=list(MONEY_PARTS.values()),
                scale=alt.Scale(
                    domain=list(MONEY_PARTS.values()), range=list(_PART_COLOURS)
                ),
                legend=alt.Legend(orient="bottom", direction="vertical"),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("year:N", title="Year"),
                alt.Tooltip("part:N", title="Part"),
                alt.Tooltip("amount:N", title="Amount"),
            ],
        )
        .properties(width={"step": 70}, height=280)
    )
    spec: dict[str, Any] = chart.to_dict()
    return spec


def _money_bodies_chart(alt: Any, data: ReportData) -> dict[str, Any]:  # noqa: ANN401
    rows = [
        {
            "year": str(b.year),
            "body": f"{b.code} {b.name}",
            "kind": b.kind.value,
            "pounds": _pounds(b.allocation),
            "amount": _money(b.allocation),
        }
        for b in data.bodies
    ]
    chart = (
        alt.Chart(alt.Data(values=rows), title="Budgets held by other bodies")
        .mark_bar()
        .encode(
            y=alt.Y(
                "body:N",
                title=None,
                sort=None,
                axis=alt.Axis(labelLimit=240),
            ),
            yOffset=alt.YOffset("year:N"),
            x=alt.X(
                "pounds:Q",
                title="£ (exact figures in the table)",
                axis=alt.Axis(labelExpr=_MONEY_AXIS),
            ),
            color=alt.Color(
                "year:N",
                title="Financial year",
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            tooltip=[
                alt.Tooltip("body:N", title="Body"),
                alt.Tooltip("kind:N", title="Kind"),
                alt.Tooltip("year:N", title="Year"),
                alt.Tooltip("amount:N", title="Allocation"),
            ],
        )
        .properties(width=320, height={"step": 13})
    )
    spec: dict[str, Any] = chart.to_dict()
    return spec


def _timeline_chart(alt: Any, data: ReportData) -> dict[str, Any]:  # noqa: ANN401
    groups = list(dict.fromkeys(b.group_name for b in data.timeline))
    rows = [
        {
            "group": b.group_name,
            "receiver": f"{b.receiver} {b.receiver_name}",
            "arrangement": b.arrangement,
            "kind": b.kind.value,
            "lane": b.lane,
            "start": b.start.isoformat(),
            "end": b.drawn_end.isoformat(),
            "until": "open-ended" if b.end is None else b.end.isoformat(),
            "services": b.services,
            "places": b.places,
        }
        for b in data.timeline
    ]
    first = min(b.start for b in data.timeline)
    # Ticks on 1 April: the charts are read in financial years.
    aprils = [
        _utc(alt, dt.date(year, 4, 1))
        for year in range(first.year, data.horizon.year + 1)
        if first <= dt.date(year, 4, 1) <= data.horizon
    ]
    bars = (
        alt.Chart()
        .mark_bar(cornerRadius=2)
        .encode(
            y=alt.Y("receiver:N", title=None, axis=alt.Axis(labelLimit=360)),
            yOffset=alt.YOffset("lane:O"),
            x=alt.X(
                "start:T",
                title="An open-ended arrangement is drawn to the end of the "
                "report's last financial year",
                scale=alt.Scale(type="utc"),
                axis=alt.Axis(format="%b %Y", values=aprils, grid=True),
            ),
            x2="end:T",
            color=alt.Color(
                "kind:N",
                title="Kind of arrangement",
                legend=alt.Legend(orient="top", columns=4),
            ),
            tooltip=[
                alt.Tooltip("arrangement:N", title="Arrangement"),
                alt.Tooltip("kind:N", title="Kind"),
                alt.Tooltip("receiver:N", title="Receiver"),
                alt.Tooltip("start:N", title="From"),
                alt.Tooltip("until:N", title="Until (exclusive)"),
                alt.Tooltip("services:Q", title="Services"),
                alt.Tooltip("places:Q", title="Places"),
            ],
        )
        # With yOffset, the step is a lane's: a receiver's row is a step a lane.
        .properties(width=560, height={"step": 9})
    )
    chart = (
        bars.facet(
            row=alt.Row(
                "group:N",
                title=None,
                sort=groups,
                header=alt.Header(
                    labelAngle=0,
                    labelAlign="left",
                    labelAnchor="start",
                    labelOrient="top",
                    labelFontWeight="bold",
                    labelFontSize=12,
                ),
            ),
            data=alt.Data(values=rows),
            title="Who commissions what, over time, by NHS England region",
        )
        .resolve_scale(y="independent")
        .configure_facet(spacing=8)
    )
    spec: dict[str, Any] = chart.to_dict()
    return spec


def _utc(alt: Any, day: dt.date) -> Any:  # noqa: ANN401 - altair's DateTime
    return alt.DateTime(year=day.year, month=day.month, date=day.day, utc=True)


def _charts(data: ReportData) -> dict[str, dict[str, Any]]:
    """Each chart's Vega-Lite specification, by element id (none for no data)."""
    alt = _altair()
    charts = {}
    if any(p.amount is not None for p in data.money_parts):
        charts["chart-money-years"] = _money_years_chart(alt, data)
    if data.bodies:
        charts["chart-money-bodies"] = _money_bodies_chart(alt, data)
    if data.timeline:
        charts["chart-timeline"] = _timeline_chart(alt, data)
    return charts


def _script_json(value: object) -> str:
    """JSON that no text can break out of a ``<script>`` element with."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _citation(citation: Citation) -> str:
    extra = [
        *([] if citation.date is None else [citation.date.isoformat()]),
        *([] if citation.note is None else [citation.note]),
    ]
    tail = f" ({_e('; '.join(extra))})" if extra else ""
    return f'<li><a href="{_e(citation.url)}">{_e(citation.name)}</a>{tail}</li>'


def _finding(finding: Finding) -> str:
    sources = "".join(_citation(c) for c in finding.source)
    return (
        f'<li class="finding" data-code="{_e(finding.code)}">'
        f"<code>{_e(finding.code)}</code> "
        f'<span class="subject">{_e(finding.subject)}</span>'
        f'<p class="message">{_e(finding.message)}</p>'
        f'<ul class="sources">{sources}</ul></li>'
    )


def _counts(data: ReportData) -> str:
    """The findings counted by severity, as the header says them."""
    report = data.findings
    counts = [len(report.of_severity(s)) for s in Severity]
    plural = ["" if n == 1 else "s" for n in counts]
    return (
        f"Findings: {counts[0]} error{plural[0]}, {counts[1]} warning{plural[1]}, "
        f"{counts[2]} information: " + ("no errors." if report.ok else "errors found.")
    )


def _findings(data: ReportData) -> list[str]:
    report = data.findings
    lines = ['<section id="findings">', "<h2>Findings</h2>"]
    for severity in Severity:
        found = report.of_severity(severity)
        lines += [
            (
                f'<section class="severity" id="findings-{severity.value}" '
                f'data-severity="{severity.value}" data-count="{len(found)}">'
            ),
            f"<h3>{_HEADINGS[severity]} ({len(found)})</h3>",
        ]
        if found:
            lines.append('<ol class="findings">')
            lines += [_finding(f) for f in found]
            lines.append("</ol>")
        else:
            lines.append(f'<p class="none">No {_HEADINGS[severity].lower()}.</p>')
        lines.append("</section>")
    lines.append("</section>")
    return lines


def _cell(amount: Money | None, missing: str = "unknown") -> str:
    if amount is None:
        return f'<td class="money">{_e(missing)}</td>'
    return f'<td class="money">{_e(_money(amount))}</td>'


def _money_section(data: ReportData) -> list[str]:
    lines = ['<section id="money">', "<h2>Money by financial year and body</h2>"]
    if not data.money:
        lines += [
            '<p class="none">No money is recorded in this plan.</p>',
            "</section>",
        ]
        return lines
    head = "".join(
        f"<th>{_e(h)}</th>"
        for h in (
            "Year",
            "National allocation",
            *MONEY_PARTS.values(),
            "Unaccounted for",
        )
    )
    rows = []
    for year in data.money:
        retained = _cell(year.retained)
        if year.retained_basis is RetainedBasis.BY_DIFFERENCE:
            retained = retained.replace("</td>", " (by difference)</td>")
        rows.append(
            f"<tr><th>{_e(year.year)}</th>{_cell(year.allocation, 'not recorded')}"
            f"{retained}{_cell(year.delegated)}{_cell(year.pooled)}"
            f"{_cell(year.unaccounted)}</tr>"
        )
    lines += [
        '<div class="pair">',
        '<div class="chart" id="chart-money-years"></div>',
        '<table id="table-money-years"><thead><tr>'
        + head
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>",
        "</div>",
    ]
    if data.bodies:
        body_rows = "".join(
            f"<tr><td>{_e(b.year)}</td><td>{_e(b.code)}</td><td>{_e(b.name)}</td>"
            f"<td>{_e(b.kind.value)}</td>{_cell(b.allocation)}</tr>"
            for b in data.bodies
        )
        lines += [
            '<div class="pair">',
            '<div class="chart" id="chart-money-bodies"></div>',
            '<table id="table-money-bodies"><thead><tr><th>Year</th><th>Code</th>'
            "<th>Body</th><th>Kind</th><th>Allocation</th></tr></thead><tbody>"
            + body_rows
            + "</tbody></table>",
            "</div>",
        ]
    else:
        lines.append(
            '<p class="none">No body other than NHS England holds a budget.</p>'
        )
    lines.append("</section>")
    return lines


def _timeline_section(data: ReportData) -> list[str]:
    lines = ['<section id="timeline">', "<h2>Who commissions what, over time</h2>"]
    if not data.timeline:
        lines += [
            (
                '<p class="none">No arrangement: NHS England commissions every '
                "service directly.</p>"
            ),
            "</section>",
        ]
        return lines
    rows = "".join(
        f"<tr><td>{_e(b.group_name if b.group else NO_REGION)}</td>"
        f"<td>{_e(b.receiver)}</td><td>{_e(b.receiver_name)}</td>"
        f"<td>{_e(b.arrangement)}</td><td>{_e(b.kind.value)}</td>"
        f"<td>{_e(b.start.isoformat())}</td>"
        f"<td>{_e('open-ended' if b.end is None else b.end.isoformat())}</td>"
        f'<td class="money">{b.services}</td><td class="money">{b.places}</td></tr>'
        for b in data.timeline
    )
    lines += [
        '<div class="chart" id="chart-timeline"></div>',
        f"<details><summary>The {len(data.timeline)} arrangements as a table</summary>",
        '<table id="table-timeline"><thead><tr><th>Region</th><th>Receiver</th>'
        "<th>Name</th><th>Arrangement</th><th>Kind</th><th>From</th>"
        "<th>Until (exclusive)</th><th>Services</th><th>Places</th></tr></thead>"
        "<tbody>" + rows + "</tbody></table></details>",
        "</section>",
    ]
    return lines


def _header(data: ReportData) -> list[str]:
    policy = data.policy
    when = (
        "each arrangement by the law of its start date"
        if data.on is None
        else f"as the plan stands on {data.on.isoformat()}, by the law of that day"
    )
    lines = [
        "<header>",
        f"<h1>Specialised commissioning report: {_e(data.name)}</h1>",
        f'<p>Produced by <span id="tool-version">speccom {_e(__version__)}</span>.</p>',
        f"<p>Policy: {_e(policy.label())}</p>",
    ]
    if policy.is_bill:
        lines.append(
            '<p class="bill">PROPOSED LAW, NOT IN FORCE: this plan is judged as '
            "the bill proposes, not as the law stands.</p>"
        )
    lines += [
        f"<p>Judged {_e(when)}.</p>",
        f"<p>{_e(_counts(data))}</p>",
        (
            '<nav><a href="#money">Money</a> · <a href="#timeline">Who commissions '
            'what</a> · <a href="#findings">Findings</a></nav>'
        ),
        "</header>",
    ]
    return lines


def render_report(data: ReportData) -> str:
    """
    The report as one HTML page that needs no network to view.

    Args:
        data: What to show (:func:`~speccom_model.report_data.report_data`).

    Returns:
        The page, as text (UTF-8 when written); the same for the same data.

    Raises:
        MissingExtraError: ``altair`` or ``vl-convert-python`` (the ``report``
            extra) is not installed.

    >>> from speccom_model import scenarios
    >>> from speccom_model.report_data import report_data
    >>> page = render_report(report_data(scenarios.england_2013_14()))
    >>> page.startswith("<!DOCTYPE html>"), "https://cdn" in page
    (True, False)
    """
    alt = _altair()
    charts = _charts(data)
    version = "v" + "_".join(str(alt.SCHEMA_VERSION).lstrip("v").split(".")[:2])
    bundle = _vega_bundle(version)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(_CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="speccom {_e(__version__)}">',
        f"<title>speccom report: {_e(data.name)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        *_header(data),
        "<main>",
        *_money_section(data),
        *_timeline_section(data),
        *_findings(data),
        "</main>",
        (
            f'<script type="application/json" id="speccom-charts">{_script_json(charts)}'
            "</script>"
        ),
        f"<script>{bundle}</script>",
        f"<script>{_SCRIPT}</script>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)
