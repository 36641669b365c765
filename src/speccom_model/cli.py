"""
The ``speccom`` command: check, explain, summary, example, schema.

Exit status: 0 when a check finds no errors (and for every other command that
succeeds), 1 when it finds errors, 2 for bad input or usage. No traceback
reaches the user for bad input; ``--debug`` shows one.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NoReturn, TextIO

from speccom_model import io as files
from speccom_model import scenarios
from speccom_model._version import __version__
from speccom_model.errors import ParseError, SpeccomError
from speccom_model.periods import FinancialYear, parse_date
from speccom_model.policy import Policy
from speccom_model.rules import Severity, check, explain
from speccom_model.summary import summarise
from speccom_model.units import format_money

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from speccom_model.landscape import Landscape
    from speccom_model.resolver import Resolver
    from speccom_model.rules import Report
    from speccom_model.summary import YearMoney
    from speccom_model.units import Money

__all__ = ["main", "main_exit"]

EXIT_OK: Final = 0
EXIT_FINDINGS: Final = 1
EXIT_BAD_INPUT: Final = 2
EXIT_BUG: Final = 3
DEFAULT_SCENARIO: Final = "england_2019_20"

_HEADINGS: Final = {
    Severity.ERROR: "Errors",
    Severity.WARNING: "Warnings",
    Severity.INFO: "Information",
}


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors as exit 2 and the message on stderr."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"speccom: error: {message}\n")


def _landscape(path: str | None) -> Landscape:
    if path is None:
        return scenarios.get(DEFAULT_SCENARIO).build()
    return files.load(path)


def _date(text: str) -> dt.date:
    try:
        return parse_date(text, field="--on")
    except ParseError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _year(text: str) -> FinancialYear:
    try:
        return FinancialYear.parse(text)
    except ParseError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


# -- check ---------------------------------------------------------------------------


def _report_json(report: Report, name: str) -> str:
    data = {
        "landscape": name,
        "on": None if report.on is None else report.on.isoformat(),
        "ok": report.ok,
        "counts": {s.value: len(report.of_severity(s)) for s in Severity},
        "counts_by_code": report.counts_by_code(),
        "findings": [
            {
                "code": f.code,
                "severity": f.severity.value,
                "subject": f.subject,
                "message": f.message,
                "source": [citation.as_dict() for citation in f.source],
            }
            for f in report
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _report_text(report: Report, name: str) -> str:
    counts = [len(report.of_severity(s)) for s in Severity]
    when = (
        "by the law of each arrangement's start date"
        if report.on is None
        else f"as it stands on {report.on}, by the law of that day"
    )
    lines = [
        f"speccom check: {name}",
        f"Judged {when}.",
        (
            f"{_plural(counts[0], 'error')}, {_plural(counts[1], 'warning')}, "
            f"{counts[2]} information"
        ),
    ]
    for severity in Severity:
        found = report.of_severity(severity)
        if not found:
            continue
        lines += ["", f"{_HEADINGS[severity]} ({len(found)})"]
        for finding in found:
            lines += [
                f"  {finding.code}  {finding.subject}",
                f"    {finding.message}",
                *(f"    Source: {citation}" for citation in finding.source),
            ]
    lines += ["", "Result: " + ("no errors" if report.ok else "errors found")]
    return "\n".join(lines)


def _check(args: argparse.Namespace, out: TextIO) -> int:
    landscape = _landscape(args.file)
    policy = None if args.policy is None else files.load(args.policy, type=Policy)
    report = check(landscape, policy=policy, on=args.on)
    name = landscape.name or (args.file or DEFAULT_SCENARIO)
    render = _report_json if args.format == "json" else _report_text
    out.write(render(report, name) + "\n")
    return EXIT_OK if report.ok else EXIT_FINDINGS


# -- summary -------------------------------------------------------------------------


def _summary_json(years: Sequence[YearMoney], name: str) -> str:
    convert = files.converter().unstructure
    data = {
        "landscape": name,
        "years": [
            {
                "year": str(y.year),
                "allocation": None if y.allocation is None else convert(y.allocation),
                "retained": convert(y.retained),
                "delegated": convert(y.delegated),
                "pooled": convert(y.pooled),
                "unaccounted": convert(y.unaccounted),
                "bodies": [
                    {
                        "code": b.code,
                        "kind": b.kind.value,
                        "allocation": convert(b.allocation),
                        "outturn": None if b.outturn is None else convert(b.outturn),
                        "variance": None if b.variance is None else convert(b.variance),
                    }
                    for b in y.bodies
                ],
            }
            for y in years
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def _table(rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def _short(money: Money | None) -> str:
    return "-" if money is None else format_money(money)


def _summary_text(years: Sequence[YearMoney], name: str) -> str:
    lines = [f"speccom summary: {name}"]
    if not years:
        lines.append("No money is recorded for that year.")
    for y in years:
        lines += [
            "",
            f"{y.year}",
            *_table(
                [
                    ["National allocation", _short(y.allocation)],
                    ["Retained by NHS England", _short(y.retained)],
                    ["Delegated to other bodies", _short(y.delegated)],
                    ["Pooled by NHS England", _short(y.pooled)],
                    ["Unaccounted for", _short(y.unaccounted)],
                ],
                right={1},
            ),
        ]
        if y.bodies:
            rows = [["Body", "Kind", "Allocation", "Outturn", "Variance"]]
            rows += [
                [
                    b.code,
                    b.kind.value,
                    _short(b.allocation),
                    _short(b.outturn),
                    _short(b.variance),
                ]
                for b in y.bodies
            ]
            lines += ["", *_table(rows, right={2, 3, 4})]
    return "\n".join(lines)


def _summary(args: argparse.Namespace, out: TextIO) -> int:
    landscape = _landscape(args.file)
    years = summarise(landscape, args.year)
    if args.year is not None and not years[0].bodies and years[0].allocation is None:
        years = ()
    name = landscape.name or (args.file or DEFAULT_SCENARIO)
    render = _summary_json if args.format == "json" else _summary_text
    out.write(render(years, name) + "\n")
    return EXIT_OK


# -- resolve ---------------------------------------------------------------------------------

RESOLVE_SCENARIO: Final = "england_2024_25"
_CHUNK: Final = 10_000


def _row_date(text: str) -> dt.date | str:
    """ISO fast; other forms through parse_date; the text itself if neither."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        try:
            return parse_date(text)
        except ParseError:
            return text


def _resolve(args: argparse.Namespace, out: TextIO) -> int:
    landscape = (
        scenarios.get(RESOLVE_SCENARIO).build()
        if args.landscape is None
        else files.load(args.landscape)
    )
    resolver = landscape.resolver()
    source = args.activity
    try:
        handle = (
            sys.stdin if source == "-" else open(source, encoding="utf-8", newline="")  # noqa: SIM115
        )
    except OSError as err:
        raise ParseError(
            "ACTIVITY", source, f"a readable CSV file ({err.strerror})"
        ) from None
    target = Path(args.out) if args.out else None
    temporary = target.with_name(f".{target.name}.tmp") if target else None
    sink = open(temporary, "w", encoding="utf-8", newline="") if temporary else out  # noqa: SIM115
    try:
        bad = _stream(args, handle, sink, resolver, source)
    except BaseException:
        if temporary is not None:
            sink.close()
            temporary.unlink(missing_ok=True)
        raise
    finally:
        if handle is not sys.stdin:
            handle.close()
    if temporary is not None and target is not None:
        sink.close()
        temporary.replace(target)
    return EXIT_FINDINGS if bad else EXIT_OK


def _columns(args: argparse.Namespace, header: list[str], source: str) -> list[int]:
    columns = []
    for option in ("service_column", "place_column", "date_column"):
        name = getattr(args, option)
        if name not in header:
            raise ParseError(
                f"--{option.replace('_', '-')}",
                name,
                f"a column of the header ({', '.join(header)})",
                file=source,
            )
        columns.append(header.index(name))
    return columns


def _chunks(
    reader: Any,  # noqa: ANN401 - csv's reader type is private
    source: str,
) -> Iterator[tuple[list[list[str]], list[int]]]:
    """Rows in chunks of _CHUNK, with their line numbers: constant memory."""
    chunk: list[list[str]] = []
    lines: list[int] = []
    try:
        for record in reader:
            chunk.append(record)
            lines.append(reader.line_num)
            if len(chunk) == _CHUNK:
                yield chunk, lines
                chunk, lines = [], []
    except (csv.Error, UnicodeDecodeError) as err:
        raise ParseError(
            "ACTIVITY",
            str(err),
            "UTF-8 CSV text",
            file=source,
            line=reader.line_num + 1,
        ) from None
    if chunk:
        yield chunk, lines


def _stream(
    args: argparse.Namespace,
    handle: TextIO,
    sink: TextIO,
    resolver: Resolver,
    source: str,
) -> int:
    reader = csv.reader(handle)
    writer = csv.writer(sink, lineterminator="\n")
    try:
        header = next(reader)
    except StopIteration:
        raise ParseError(
            "ACTIVITY", "", "a CSV file with a header row", file=source
        ) from None
    except (csv.Error, UnicodeDecodeError) as err:
        raise ParseError("ACTIVITY", str(err), "UTF-8 CSV text", file=source) from None
    service_at, place_at, date_at = _columns(args, header, source)
    width = max(service_at, place_at, date_at) + 1
    writer.writerow([*header, "responsible_commissioner", "arrangement"])
    progress = sys.stderr.isatty()
    bad = done = 0
    for chunk, lines in _chunks(reader, source):
        keys = [
            (r[service_at], r[place_at], _row_date(r[date_at]))
            if len(r) >= width
            else ("", "", f"a row of {width} columns")
            for r in chunk
        ]
        answers = resolver.resolve(keys)  # type: ignore[arg-type]
        for record, answer, line in zip(chunk, answers, lines, strict=True):
            if answer.problem is not None:
                problem = (
                    answer.problem
                    if len(record) >= width
                    else f"expected {width} columns"
                )
                if args.strict:
                    raise ParseError(
                        "row",
                        ",".join(record),
                        f"a row that resolves ({problem})",
                        file=source,
                        line=line,
                    )
                bad += 1
                sys.stderr.write(f"speccom: {source}:{line}: {problem}\n")
            writer.writerow(
                [*record, answer.commissioner or "", answer.arrangement or ""]
            )
        done += len(chunk)
        if progress:
            sys.stderr.write(f"\rspeccom resolve: {done:,} rows")
    if progress:
        sys.stderr.write("\n")
    if bad:
        sys.stderr.write(f"speccom: {bad:,} of {done:,} rows could not be resolved\n")
    return bad


# -- explain, example, schema -------------------------------------------------------------


def _explain(args: argparse.Namespace, out: TextIO) -> int:
    out.write(explain(args.code) + "\n")
    return EXIT_OK


def _example(args: argparse.Namespace, out: TextIO) -> int:
    if args.list:
        for scenario in scenarios.SCENARIOS:
            out.write(f"{scenario.name:36} {scenario.title}\n")
        return EXIT_OK
    if args.name is None:
        raise ParseError("NAME", None, "a scenario name (see speccom example --list)")
    scenario = scenarios.get(args.name)
    lines = [
        f"{scenario.name}: {scenario.title}",
        "",
        *scenario.provenance.splitlines(),
    ]
    header = "".join(f"# {line}".rstrip() + "\n" for line in lines)
    out.write(header + "\n" + files.dumps(scenario.build(), format="toml"))
    return EXIT_OK


def _schema(_: argparse.Namespace, out: TextIO) -> int:
    out.write(json.dumps(files.schema(), indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


# -- the parser ----------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="speccom",
        description="Check and explore NHS England specialised commissioning plans.",
    )
    parser.add_argument("--version", action="version", version=f"speccom {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show a traceback for any error"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check_cmd = commands.add_parser(
        "check",
        help="check a plan against the rules",
        description="Check a plan file (TOML or JSON) against every rule. With no "
        f"FILE, checks the embedded {DEFAULT_SCENARIO} scenario. Exit status: 0 no "
        "errors, 1 errors found, 2 bad input.",
    )
    check_cmd.add_argument("file", nargs="?", metavar="FILE")
    check_cmd.add_argument(
        "--on", type=_date, metavar="DATE", help="judge the plan as it stands that day"
    )
    check_cmd.add_argument("--format", choices=("text", "json"), default="text")
    check_cmd.add_argument("--policy", metavar="FILE", help="a policy file (TOML/JSON)")
    check_cmd.set_defaults(run=_check)

    explain_cmd = commands.add_parser("explain", help="a rule's text and source")
    explain_cmd.add_argument("code", metavar="CODE")
    explain_cmd.set_defaults(run=_explain)

    summary_cmd = commands.add_parser(
        "summary", help="budgets by body and year: retained, delegated, variance"
    )
    summary_cmd.add_argument("file", nargs="?", metavar="FILE")
    summary_cmd.add_argument("--year", type=_year, metavar="YEAR", help="e.g. 2019-20")
    summary_cmd.add_argument("--format", choices=("text", "json"), default="text")
    summary_cmd.set_defaults(run=_summary)

    example_cmd = commands.add_parser(
        "example", help="write a named scenario as TOML, to start a plan from"
    )
    example_cmd.add_argument("name", nargs="?", metavar="NAME")
    example_cmd.add_argument("--list", action="store_true", help="list the scenarios")
    example_cmd.set_defaults(run=_example)

    resolve_cmd = commands.add_parser(
        "resolve",
        help="add the responsible commissioner to each row of an activity CSV",
        description="Stream a CSV of activity rows (service, place, date) and write "
        "each row back with the responsible commissioner and arrangement appended, "
        f"in constant memory. With no --landscape, the embedded {RESOLVE_SCENARIO} "
        "scenario. Rows that cannot be resolved are reported with their line number "
        "(exit 1) and do not stop the run unless --strict (exit 2).",
    )
    resolve_cmd.add_argument(
        "activity", metavar="ACTIVITY.csv", help="a CSV file, or -"
    )
    resolve_cmd.add_argument("--landscape", metavar="FILE", help="a plan (TOML/JSON)")
    resolve_cmd.add_argument("--out", metavar="FILE", help="write here, not stdout")
    resolve_cmd.add_argument("--service-column", default="service", metavar="NAME")
    resolve_cmd.add_argument("--place-column", default="place", metavar="NAME")
    resolve_cmd.add_argument("--date-column", default="date", metavar="NAME")
    resolve_cmd.add_argument(
        "--strict", action="store_true", help="stop at the first bad row"
    )
    resolve_cmd.set_defaults(run=_resolve)

    schema_cmd = commands.add_parser("schema", help="the JSON Schema of plan files")
    schema_cmd.set_defaults(run=_schema)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """
    Run the ``speccom`` command; return its exit status.

    >>> main(["explain", "SPC-LEGAL-002"])  # doctest: +ELLIPSIS
    SPC-LEGAL-002: A wholesale transfer needs ministers to change the prescribed list
    ...
    0
    """
    stream = sys.stdout if out is None else out
    parser = _parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace, TextIO], int] = args.run
    try:
        return run(args, stream)
    except SpeccomError as err:
        if args.debug:
            raise
        sys.stderr.write(f"speccom: error: {err}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:
        if args.debug:
            raise
        sys.stderr.write(
            f"speccom: internal error: {type(err).__name__}: {err}\n"
            "This is a bug in speccom_model; run again with --debug for the traceback.\n"
        )
        return EXIT_BUG


def main_exit() -> NoReturn:
    """The console script: run :func:`main` and exit with its status."""
    raise SystemExit(main())
