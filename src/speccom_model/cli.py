"""
The ``speccom`` command and its subcommands (``speccom --help`` lists them).

Exit status: 0 when a check finds no errors (and for every other command that
succeeds), 1 when it finds errors, 2 for bad input or usage (an ``--out`` or a
standard output that cannot be written, and running out of memory, included),
3 for a bug, 128 + n when stopped by signal n (130 for Ctrl-C). No traceback
reaches the user for bad input; ``--debug`` shows one.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import datetime
import functools
import importlib
import itertools
import json
import os
import signal
import stat
import sys
from contextlib import contextmanager
from io import BufferedWriter, RawIOBase, StringIO, TextIOWrapper
from typing import TYPE_CHECKING, Any, BinaryIO, Final, NoReturn, TextIO

from speccom_model import _cli_diff, scenarios
from speccom_model import io as files
from speccom_model._cli_why import why_json, why_lines
from speccom_model._version import __version__
from speccom_model.budget import AllocationKind
from speccom_model.errors import (
    MissingExtraError,
    OutputError,
    ParseError,
    SpeccomError,
    UnknownReferenceError,
)
from speccom_model.io._atomic import atomic_writer
from speccom_model.io._xlsx import openpyxl_module, write_xlsx
from speccom_model.periods import FinancialYear, parse_date
from speccom_model.policy import Policy, policies
from speccom_model.reasons import why
from speccom_model.resolving import (
    SQL_PREDICATE,
    TABLE_COLUMNS,
    Resolver,
    responsibility_table,
)
from speccom_model.rules import FACTS, Severity, check, explain, fact_json
from speccom_model.summary import NEVER_MOVES, RetainedBasis, summarise
from speccom_model.tabular import (
    SUMMARY_TABLES,
    ColumnKind,
    Table,
    json_cell,
    report_table,
    summary_tables,
    text_cell,
)
from speccom_model.units import format_money

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

    from _typeshed import ReadableBuffer, SupportsWrite

    from speccom_model.landscape import Landscape
    from speccom_model.resolving import Resolution, ResponsibilityInterval
    from speccom_model.rules import Finding, Report
    from speccom_model.summary import DelegatedShare, YearMoney
    from speccom_model.units import Money

__all__ = ["main", "main_exit"]

EXIT_OK: Final = 0
EXIT_FINDINGS: Final = 1
EXIT_BAD_INPUT: Final = 2
EXIT_BUG: Final = 3
#: A run stopped by a signal exits 128 + its number: 130 for Ctrl-C (SIGINT).
EXIT_SIGNAL: Final = 128
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

    def _print_message(
        self, message: str, file: SupportsWrite[str] | None = None
    ) -> None:
        """Help and version go to standard output, whose failures are exit 2."""
        if not message or (file is not None and file is not sys.stdout):
            super()._print_message(message, file)
            return
        # None: standard output was meant (argparse falls back to stderr).
        stream = _open_stdout()
        try:
            stream.write(message)
            stream.flush()
        except BrokenPipeError:
            return
        except OutputError as err:
            self.exit(EXIT_BAD_INPUT, _bounded(f"speccom: error: {err}") + "\n")


#: How every FILE argument reads: a path that exists wins over a scenario name.
FILE_HELP: Final = (
    "a plan file (TOML/JSON) or a scenario name (see speccom list scenarios); "
    "a path that exists is read as a file even when a scenario has its name"
)


def _landscape(
    path: str | None,
    default: str = DEFAULT_SCENARIO,
    max_bytes: int | None = None,
) -> Landscape:
    """
    The plan a FILE argument names: a file, a scenario, or the default scenario.

    An existing path (a file, a link, even one that cannot be read) is always read
    as a file, so a file named like a scenario is never shadowed; a word that is
    no path and is a scenario's name builds that scenario; anything else is the
    "no such file" error, listing the scenario names. ``max_bytes`` (the
    ``--max-plan-bytes`` option) replaces ``io.DEFAULT_MAX_BYTES``.
    """
    if path is None:
        return scenarios.get(default).build()
    if os.path.lexists(path) or "\x00" in path:  # load names a NUL itself
        if path in scenarios.names():
            # A scenario's name has no .toml or .json ending, so the path can
            # never load: say why the scenario was not used, not only the ending.
            raise ParseError(
                "file",
                path,
                "a file ending .toml or .json (a path with the scenario's name "
                "exists here, and a path is always read as a file: rename or "
                "move it, or run from another folder, to use the scenario)",
                file=path,
            )
        limit = files.DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
        try:
            return files.load(path, max_bytes=limit)
        except ParseError as err:
            if err.expected != f"at most {limit:,} bytes":
                raise
            raise ParseError(
                err.field,
                err.value,
                f"{err.expected} (raise the limit with --max-plan-bytes)",
                file=path,
            ) from None
    if path in scenarios.names():
        return scenarios.get(path).build()
    raise ParseError(
        "file",
        path,
        "a readable file (No such file or directory) or a scenario name ("
        + ", ".join(scenarios.names())
        + ")",
    )


def _date(text: str, field: str = "--on") -> dt.date:
    try:
        return parse_date(text, field=field)
    except SpeccomError as err:  # a malformed date, or a well-formed one out of range
        raise argparse.ArgumentTypeError(_bounded(str(err))) from None


def _day(text: str) -> dt.date:
    """A DATE argument: the same grammar as ``--on``, its errors naming DATE."""
    return _date(text, field="DATE")


def _word(text: str) -> str:
    """
    A fixed word (``--format``, ``list KIND``), read as plan files read one.

    Any case, outer spaces ignored (``JSON``, ``Json ``); argparse then refuses
    anything not among the choices, listing them.
    """
    return text.strip().lower()


def _year(text: str) -> FinancialYear:
    try:
        return FinancialYear.parse(text)
    except SpeccomError as err:  # 9999-00 is well formed but not a year we model
        raise argparse.ArgumentTypeError(_bounded(str(err))) from None


#: The longest line of an error the command prints, in characters.
MAX_MESSAGE_LINE: Final = 500


def _bounded(text: str, limit: int = MAX_MESSAGE_LINE) -> str:
    """
    Each line of ``text`` cut to ``limit`` characters: a huge value cannot flood.

    The cut keeps the start and the end, so the file, the field and what was
    expected (first) and the value's end (last) both stay readable.
    """
    lines = []
    for line in text.split("\n"):
        cut = line
        if len(line) > limit:
            note = f" … ({len(line):,} characters) … "
            head = (limit - len(note)) * 2 // 3
            tail = limit - len(note) - head
            cut = line[:head] + note + line[len(line) - tail :]
        lines.append(cut)
    return "\n".join(lines)


# -- check ---------------------------------------------------------------------------


def _policy_json(policy: Policy, file: str | None) -> dict[str, Any]:
    return {
        "name": policy.name,
        "title": policy.title,
        "status": policy.status,
        "file": file,
        "proposed": [
            {
                "provision": change.provision,
                "effect": change.effect,
                "commencement": None
                if change.commencement is None
                else change.commencement.isoformat(),
                "commencement_note": change.commencement_note,
                "not_before": None
                if change.not_before is None
                else change.not_before.isoformat(),
                "affects": list(change.affects),
                "source": [citation.as_dict() for citation in change.source],
            }
            for change in policy.proposed
        ],
    }


def _finding_json(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity.value,
        "subject": f.subject,
        "message": f.message,
        "source": [citation.as_dict() for citation in f.source],
        "data": {
            name: fact_json(FACTS[name].kind, value) for name, value in f.data.items()
        },
    }


def _report_json(
    report: Report, name: str, policy: Policy, file: str | None = None
) -> str:
    data = {
        "landscape": name,
        "policy": _policy_json(policy, file),
        "on": None if report.on is None else report.on.isoformat(),
        "ok": report.ok,
        "counts": {s.value: len(report.of_severity(s)) for s in Severity},
        "counts_by_code": report.counts_by_code(),
        "findings": [_finding_json(f) for f in report],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _policy_lines(policy: Policy, file: str | None) -> list[str]:
    """The policy a report was judged by; a bill says so in capitals."""
    read = "" if file is None else f" (read from {file})"
    lines = [f"Policy: {policy.label()}{read}"]
    if policy.is_bill:
        lines.append(
            "  PROPOSED LAW, NOT IN FORCE: this plan is judged as the bill "
            "proposes, not as the law stands."
        )
        lines += [f"  Would change: {change.provision}" for change in policy.proposed]
    return lines


def _report_text(
    report: Report, name: str, policy: Policy, file: str | None = None
) -> str:
    counts = [len(report.of_severity(s)) for s in Severity]
    when = (
        "by the law of each arrangement's start date"
        if report.on is None
        else f"as it stands on {report.on}, by the law of that day"
    )
    lines = [
        f"speccom check: {name}",
        *_policy_lines(policy, file),
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
            lines += _finding_lines(finding, "")
    lines += ["", "Result: " + ("no errors" if report.ok else "errors found")]
    return "\n".join(lines)


def _policy(given: str | None, option: str = "--policy") -> tuple[Policy, str | None]:
    """
    ``--policy``/``--compare``: a shipped policy's name, or a policy FILE.

    Returns the policy and the file it was read from (``None`` for a name). A
    name that is also a file here is ambiguous, and refused: ``./NAME`` means
    the file.
    """
    if given is None:
        return Policy(), None
    if given in policies():
        if os.path.lexists(given):
            raise ParseError(
                option,
                given,
                f"either a shipped policy ({', '.join(policies())}) or a file, "
                f"not a name that is both: write ./{given} for the file",
            )
        return Policy.named(given), None
    if not given.lower().endswith((".toml", ".json")) and not os.path.lexists(given):
        raise UnknownReferenceError(
            option,
            given,
            f"a shipped policy ({', '.join(policies())}) or a .toml or .json file",
        )
    return files.load(given, type=Policy), given


def _finding_lines(finding: Finding, mark: str) -> list[str]:
    """One finding as the text report writes it: code, message, each source."""
    return [
        f"  {mark}{finding.code}  {finding.subject}",
        f"    {finding.message}",
        *(f"    Source: {citation}" for citation in finding.source),
    ]


def _compare_lines(
    base: tuple[Report, Policy], other: tuple[Report, Policy]
) -> list[str]:
    (before, law), (after, changed) = base, other
    kept, now = set(before.findings), set(after.findings)
    new = [f for f in after if f not in kept]
    gone = [f for f in before if f not in now]
    lines = [
        "",
        f"Compared with {changed.label()}",
        *_policy_lines(changed, None)[1:],
        f"Findings only under {changed.name} ({len(new)}):",
    ]
    for finding in new:
        lines += _finding_lines(finding, f"+ {finding.severity.value}  ")
    lines.append(f"Findings only under {law.name} ({len(gone)}):")
    for finding in gone:
        lines += _finding_lines(finding, f"- {finding.severity.value}  ")
    same = sum(1 for f in after if f in kept)
    lines.append(f"Findings under both: {same}")
    return lines


def _compare_json(
    base: tuple[Report, Policy], other: tuple[Report, Policy], file: str | None
) -> dict[str, Any]:
    (before, _), (after, changed) = base, other
    kept, now = set(before.findings), set(after.findings)
    return {
        "policy": _policy_json(changed, file),
        "ok": after.ok,
        "only_under_compared": [_finding_json(f) for f in after if f not in kept],
        "only_under_policy": [_finding_json(f) for f in before if f not in now],
        "under_both": sum(1 for f in after if f in kept),
    }


def _check(args: argparse.Namespace, out: TextIO) -> int:
    landscape = _landscape(args.file, max_bytes=getattr(args, "max_plan_bytes", None))
    policy, file = _policy(args.policy)
    report = check(landscape, policy=policy, on=args.on)
    name = landscape.name or (args.file or DEFAULT_SCENARIO)
    if args.format == "csv":
        if args.compare is not None:
            raise ParseError(
                "--compare",
                args.compare,
                "no --compare with --format csv (one row per finding of one "
                "policy; use --format json or text to compare)",
            )
        _write_csv(report_table(report), out)
        return EXIT_OK if report.ok else EXIT_FINDINGS
    if args.format == "json":
        text = _report_json(report, name, policy, file)
    else:
        text = _report_text(report, name, policy, file)
    if args.compare is not None:
        compared, compared_file = _policy(args.compare, "--compare")
        other = check(landscape, policy=compared, on=args.on)
        if args.format == "json":
            data = json.loads(text)
            data["compare"] = _compare_json(
                (report, policy), (other, compared), compared_file
            )
            text = json.dumps(data, indent=2, ensure_ascii=False)
        else:
            text += "\n" + "\n".join(
                _compare_lines((report, policy), (other, compared))
            )
    out.write(text + "\n")
    return EXIT_OK if report.ok else EXIT_FINDINGS


# -- summary -------------------------------------------------------------------------


#: What each kind of national figure is reconciled against; the others are
#: shown beside them.
_RECONCILED_AGAINST: Final = {
    AllocationKind.ALLOCATION: "retained + moved + pooled",
    AllocationKind.DELEGATED: "moved",
}


def _share_json(
    share: DelegatedShare | None, money: Callable[[Money | None], object]
) -> object:
    if share is None:
        return None
    return {
        "figure": money(share.figure.amount),
        "precision": (money(share.figure.precision)),
        "source": share.figure.source,
        "moved": money(share.moved),
        "difference": money(share.difference),
        "tolerance": money(share.tolerance),
        "matched": share.matched,
    }


def _summary_json(years: Sequence[YearMoney], name: str) -> str:
    convert = files.converter().unstructure

    def money(value: Money | None) -> object:
        return json_cell(ColumnKind.MONEY, value)

    data = {
        "landscape": name,
        "years": [
            {
                "year": str(y.year),
                "figures": [
                    {
                        "kind": f.kind.value,
                        "amount": money(f.amount),
                        "source": f.source,
                        "citation": None if f.citation is None else convert(f.citation),
                        "precision": money(f.precision),
                        "reconciled": f.kind in _RECONCILED_AGAINST,
                        "reconciled_against": _RECONCILED_AGAINST.get(f.kind),
                    }
                    for f in y.figures
                ],
                "allocation": money(y.allocation),
                "retained": money(y.retained),
                "retained_basis": y.retained_basis.value,
                "delegated": money(y.delegated),
                "moved": [
                    {
                        "kind": None if m.kind is None else m.kind.value,
                        "held": money(m.held),
                        "transferred": money(m.transferred),
                    }
                    for m in y.moved
                ],
                "pooled": money(y.pooled),
                "kept_by_nhs_england": money(y.kept_by_nhs_england),
                "unaccounted": money(y.unaccounted),
                "reconciled": y.reconciled,
                "delegated_share": _share_json(y.delegated_share, money),
                "transfers": [
                    {
                        "arrangement": t.arrangement,
                        "kind": t.kind.value,
                        "receiver": t.receiver,
                        "transferred": money(t.transferred),
                        "held": money(t.held),
                        "matched": t.matched,
                    }
                    for t in y.transfers
                ],
                "never_moves": [
                    {
                        "what": n.what,
                        "under": n.under.value,
                        "source": [convert(c) for c in n.source],
                    }
                    for n in y.never_moves
                ],
                "bodies": [
                    {
                        "code": b.code,
                        "kind": b.kind.value,
                        "allocation": money(b.allocation),
                        "outturn": money(b.outturn),
                        "variance": money(b.variance),
                        "reported_allocation": money(b.reported_allocation),
                        "outturn_lines": b.outturn_lines,
                        "line_count": b.line_count,
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


def _lines_of(reported: int, total: int) -> str:
    """'1 of 2 lines': how many of a budget's lines have an outturn."""
    return f"{reported} of {total} line{'' if total == 1 else 's'}"


def _retained_cells(y: YearMoney) -> list[str]:
    if y.retained is None:
        return ["unknown", "no budget of NHS England and no national allocation"]
    if y.retained_basis is RetainedBasis.BY_DIFFERENCE:
        return [_short(y.retained), "by difference: allocation - moved - pooled"]
    return [_short(y.retained), ""]


def _unaccounted_cells(y: YearMoney) -> list[str]:
    if y.unaccounted is None:
        return ["unknown", "cannot be reconciled: no national allocation recorded"]
    return [_short(y.unaccounted), ""]


def _share_rows(share: DelegatedShare) -> list[list[str]]:
    precision = share.figure.precision
    rounded = "exact" if precision is None else f"to the nearest {_short(precision)}"
    if share.matched:
        verdict = "matches" + (
            "" if precision is None else f" (within {_short(share.tolerance)})"
        )
    else:
        gap = share.difference
        verdict = (
            f"differs by {format_money(abs(gap), exact=True)} "
            f"({'more' if gap.pounds > 0 else 'less'} moved than the figure)"
        )
    return [
        ["Delegated share (cited)", _short(share.figure.amount), rounded],
        ["Moved, against it", _short(share.moved), verdict],
    ]


def _transfer_lines(y: YearMoney) -> list[str]:
    if not y.transfers:
        return []
    matched = sum(1 for t in y.transfers if t.matched)
    lines = [
        "",
        (
            f"  Transfers: {matched} of {len(y.transfers)} match what their "
            "receiver holds for their services"
        ),
    ]
    lines += [
        f"    {t.arrangement} transfers {format_money(t.transferred, exact=True)} "
        f"to {t.receiver}; held {format_money(t.held, exact=True)}"
        for t in y.transfers
        if not t.matched
    ]
    return lines


def _summary_text(
    years: Sequence[YearMoney], name: str, *, missing: str | None = None
) -> str:
    lines = [f"speccom summary: {name}"]
    if missing is not None:
        lines.append(missing)
    for y in years:
        rows = [
            [
                "National allocation",
                *(
                    ["unknown", "no national figure recorded for the year"]
                    if y.allocation is None
                    else [_short(y.allocation), ""]
                ),
            ],
            ["Retained by NHS England", *_retained_cells(y)],
            ["Delegated to other bodies", _short(y.delegated), ""],
        ]
        for m in y.moved:
            how = "no arrangement" if m.kind is None else m.kind.value
            rows.append(
                [f"  by {how}", _short(m.held), f"transferred {_short(m.transferred)}"]
            )
        rows += [
            ["Pooled by NHS England", _short(y.pooled), ""],
            ["Unaccounted for", *_unaccounted_cells(y)],
        ]
        if y.delegated_share is not None:
            rows += _share_rows(y.delegated_share)
        lines += ["", f"{y.year}", *_table(rows, right={1})]
        lines += _transfer_lines(y)
        # Under the year it applies to: only where an arrangement of its kind
        # is in force (not in 2013-14, when no ICB existed).
        lines += [
            f"  Never moves: {n.what} stay with NHS England under "
            f"{n.under.value}: " + "; ".join(f"{c.title} ({c.url})" for c in n.source)
            for n in y.never_moves
        ]
        if y.figures:
            figures = [["Figure", "Amount", "Source"]]
            figures += [
                [
                    f.kind.value
                    + (
                        " (reconciled)"
                        if f.kind is AllocationKind.ALLOCATION
                        else " (against moved)"
                        if f.kind is AllocationKind.DELEGATED
                        else ""
                    ),
                    _short(f.amount),
                    f.source
                    if f.citation is None
                    else f"{f.source} ({f.citation.url})",
                ]
                for f in y.figures
            ]
            lines += ["", *_table(figures, right={1})]
        if y.kept_by_nhs_england:
            lines += [
                "",
                (
                    f"  Of NHS England's budget, {_short(y.kept_by_nhs_england)} "
                    f"is {NEVER_MOVES.what}, which never moves"
                ),
            ]
        if y.bodies:
            # Outturn and variance are over the lines that have an outturn;
            # the last column says how many of the body's lines those are.
            body_rows = [
                ["Body", "Kind", "Allocation", "Outturn", "Variance", "Outturn for"]
            ]
            body_rows += [
                [
                    b.code,
                    b.kind.value,
                    _short(b.allocation),
                    _short(b.outturn),
                    _short(b.variance),
                    _lines_of(b.outturn_lines, b.line_count),
                ]
                for b in y.bodies
            ]
            lines += ["", *_table(body_rows, right={2, 3, 4})]
    return "\n".join(lines)


def _summary(args: argparse.Namespace, out: TextIO) -> int:
    _summary_usage(args)
    landscape = _landscape(args.file, max_bytes=getattr(args, "max_plan_bytes", None))
    years = summarise(landscape, args.year)
    missing = None
    if args.year is not None and args.year not in landscape.years():
        years = ()
        recorded = ", ".join(str(y) for y in landscape.years()) or "no year"
        missing = (
            f"No money is recorded for {args.year}; the plan has money for {recorded}."
        )
    elif not years:
        missing = (
            "No money is recorded in this plan: no allocation, budget, pool, "
            "baseline or transfer for any year."
        )
    name = landscape.name or (args.file or DEFAULT_SCENARIO)
    if args.format == "xlsx":
        tables = summary_tables(years)
        with atomic_writer(args.out, field="--out") as handle:
            handle.flush()
            # Through the text handle's binary buffer: atomic_writer's own file.
            write_xlsx(list(tables.values()), handle.buffer, feature="--format xlsx")
        return EXIT_OK
    if args.out is None:
        _write_summary(args, years, name, missing, out)
    else:
        with atomic_writer(args.out, field="--out", newline="") as handle:
            _write_summary(args, years, name, missing, handle)
    return EXIT_OK


def _write_summary(
    args: argparse.Namespace,
    years: Sequence[YearMoney],
    name: str,
    missing: str | None,
    out: TextIO,
) -> None:
    if args.format == "csv":
        _write_csv(summary_tables(years)[args.table], out)
    elif args.format == "json":
        out.write(_summary_json(years, name) + "\n")
    else:
        out.write(_summary_text(years, name, missing=missing) + "\n")


#: The summary's format each extension of --out names.
SUMMARY_EXTENSIONS: Final = {".csv": "csv", ".json": "json", ".xlsx": "xlsx"}


def _summary_usage(args: argparse.Namespace) -> None:
    """Refuse what summary cannot do before reading the plan: no file is left."""
    args.format = _format_for(args.format, args.out, SUMMARY_EXTENSIONS, "text")
    if args.table is not None and args.format != "csv":
        raise ParseError(
            "--table",
            args.table,
            "--table only with --format csv (xlsx writes every table, one sheet each)",
        )
    if args.table is None:
        args.table = SUMMARY_TABLES[0]
    if args.format == "xlsx":
        if args.out is None:
            raise ParseError(
                "--out",
                None,
                "a file to write the workbook to (--out FILE): xlsx is binary and "
                "is not written to standard output",
            )
        openpyxl_module("--format xlsx")


def _write_csv(table: Table, out: TextIO) -> None:
    """
    ``table`` as CSV: a header of its column names, then one line per row.

    Cells are exact and unformatted (:func:`speccom_model.tabular.text_cell`):
    money in pounds and pence, ISO dates, an empty cell for none; LF line
    endings, and RFC 4180 quoting where a cell holds a comma, quote or line end.
    """
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in table.columns])
    kinds = [c.kind for c in table.columns]
    writer.writerows(
        [text_cell(kind, cell) for kind, cell in zip(kinds, row, strict=True)]
        for row in table.rows
    )


# -- resolve ---------------------------------------------------------------------------------

#: The columns resolve appends to each row, in order: the body accountable in
#: law, the body that commissions, the body that pays, and the arrangement.
ANSWER_COLUMNS: Final = ("accountable", "commissioner", "payer", "arrangement")
#: With no --landscape, rows are resolved against the newest scenario: the one
#: that holds every arrangement up to the latest day the tables describe.
RESOLVE_SCENARIO: Final = scenarios.names()[-1]
#: Rows are resolved in chunks of at most this many rows, ...
CHUNK_ROWS: Final = 10_000
#: ... bytes of input (a chunk's lists take a few times their input) ...
CHUNK_BYTES: Final = 4 * 1024 * 1024
#: ... and cells, so memory is bounded whatever the width of a row.
CHUNK_CELLS: Final = 250_000


def _answer_cells(answer: Resolution) -> list[str]:
    """The cells resolve appends to a CSV row (ANSWER_COLUMNS; "" for none)."""
    return [
        answer.accountable or "",
        answer.commissioner or "",
        answer.payer or "",
        answer.arrangement or "",
    ]


def _row_date(text: str) -> dt.date | str:
    """The row's date by parse_date's one grammar (memoised); the text if not one."""
    try:
        return parse_date(text)
    except ParseError:
        return text


def _date_problem(text: str, column: str) -> str:
    """Why a row's date was refused, in parse_date's own words."""
    try:
        parse_date(text, field=column)
    except ParseError as err:
        return str(err)
    raise AssertionError(f"unreachable: {text!r} was refused, then read")


def _resolve(args: argparse.Namespace, out: TextIO) -> int:
    landscape = _landscape(
        args.landscape,
        RESOLVE_SCENARIO,
        max_bytes=getattr(args, "max_plan_bytes", None),
    )
    if getattr(args, "crosswalk", None) is not None:
        # Checked against the catalogue before any row is read: a crosswalk to a
        # service the landscape lacks is bad input, not a thousand bad rows.
        crosswalk = files.load_crosswalk(args.crosswalk)
        try:
            crosswalk.check_against(landscape.catalogue)
        except SpeccomError as err:
            raise ParseError(
                err.field, err.value, err.expected, file=args.crosswalk
            ) from None
        args.service_lines = crosswalk
    source = args.activity
    if _parquet(source) or (args.out is not None and _parquet(args.out)):
        return _resolve_parquet(args, landscape)
    if source == "-":
        return _resolve_from(args, landscape, sys.stdin.buffer, out)
    if "\x00" in source:  # no system call takes one: say so, not ValueError
        raise ParseError("ACTIVITY", source, "a path without a NUL character")
    try:
        binary = open(source, "rb")  # noqa: SIM115 - closed below
    except OSError as err:
        raise ParseError(
            "ACTIVITY", source, f"a readable CSV file ({err.strerror})"
        ) from None
    with binary:
        return _resolve_from(args, landscape, binary, out)


def _parquet(path: str) -> bool:
    return path.lower().endswith(".parquet")


#: Parquet is read in record batches of this many rows.
PARQUET_BATCH_ROWS: Final = 65_536


def _arrow_modules() -> Any:  # noqa: ANN401 - the optional module
    """
    The batch module, its Arrow threads started with every signal blocked.

    Threads inherit the signal mask of the thread that starts them: started
    so, numpy's and Arrow's threads never take a signal meant for the
    command, which ``atomic_writer`` holds in the main thread while it makes
    its temporary file.
    """
    # numpy's OpenBLAS would map buffers for every core on import; the batch
    # path does no linear algebra and runs on one core.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    masking = hasattr(signal, "pthread_sigmask")
    held = (
        signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
        if masking
        else None
    )
    try:
        importlib.import_module("speccom_model.resolving.arrow")
        batch = importlib.import_module("speccom_model.io._resolve_batch")
        batch.warm_up()
    finally:
        if held is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
    return batch


def _arrow_extra() -> Any:  # noqa: ANN401 - the optional module
    """The batch module, or MissingExtraError: Parquet needs the arrow extra."""
    try:
        return _arrow_modules()
    except (ImportError, OSError) as err:
        missing = "pyarrow"
        if isinstance(err, ImportError) and not isinstance(err, MissingExtraError):
            missing = err.name or missing
        raise MissingExtraError.of("Parquet", missing, "arrow") from None


def _resolve_parquet(args: argparse.Namespace, landscape: Landscape) -> int:
    """
    Parquet in, Parquet out: the input's columns and the four answers.

    Rows are numbered from 1 in file order ("row 7"); a row that cannot be
    resolved is written with null answers (those it has, when only its payer
    is unknown) and reported, as in a CSV.
    """
    source, target = args.activity, args.out
    if not (_parquet(source) and target is not None and _parquet(target)):
        raise ParseError(
            "--out" if _parquet(source) else "ACTIVITY",
            (target or STDOUT) if _parquet(source) else source,
            "Parquet in and Parquet out together (ACTIVITY.parquet with --out "
            "FILE.parquet); CSV in, CSV out",
        )
    batch = _arrow_extra()
    import pyarrow as pa  # noqa: PLC0415 - the arrow extra, checked just above
    import pyarrow.parquet as pq  # noqa: PLC0415

    from speccom_model.resolving.arrow import ArrowIndex  # noqa: PLC0415

    if "\x00" in source:
        raise ParseError("ACTIVITY", source, "a path without a NUL character")
    try:
        # No pre-buffering: it reads through Arrow's I/O threads, which would
        # start here, outside the signal block of _arrow_modules.
        parquet = pq.ParquetFile(source, pre_buffer=False)
    except (OSError, pa.ArrowException) as err:
        raise ParseError(
            "ACTIVITY", source, f"a readable Parquet file ({err})"
        ) from None
    schema = parquet.schema_arrow
    names = list(schema.names)
    columns = _parquet_columns(args, schema, source)
    run = _Run(
        args,
        landscape,
        None,
        width=len(names),
        delimiter=",",
        date_column=columns[2],
    )
    resolver = run.resolver
    batches = batch.ParquetBatches(
        columns=columns,
        services=run.services,
        places=run.places,
        date=_row_date,
        index=ArrowIndex(resolver.table),
        resolve=resolver.resolve,
    )
    fields = [*schema, *(pa.field(name, pa.string()) for name in ANSWER_COLUMNS)]
    done = 0
    with atomic_writer(target, field="--out") as handle:
        handle.flush()
        writer = pq.ParquetWriter(handle.buffer, pa.schema(fields))
        try:
            for records in parquet.iter_batches(
                batch_size=PARQUET_BATCH_ROWS, use_threads=False
            ):
                answers, bad = batches.resolve(records)
                for row, answer, cells in bad:
                    problem = _null_problem(answer.problem, cells, columns)
                    on = cells[2]
                    if isinstance(on, str) and type(_row_date(on.strip())) is str:
                        problem = _date_problem(on.strip(), columns[2])
                    run.parquet_bad(
                        done + row + 1, problem, zip(columns, cells, strict=True)
                    )
                writer.write_batch(
                    pa.RecordBatch.from_arrays(
                        [*records.columns, *answers], schema=pa.schema(fields)
                    )
                )
                done += records.num_rows
        except (OSError, pa.ArrowException) as err:
            raise ParseError(
                "ACTIVITY", source, f"a readable Parquet file ({err})"
            ) from None
        finally:
            writer.close()
    run.done = done
    if run.bad:
        sys.stderr.write(
            f"speccom: {run.bad:,} of {run.done:,} rows could not be resolved\n"
        )
    return EXIT_FINDINGS if run.bad else EXIT_OK


def _null_problem(
    problem: str | None, cells: tuple[object, ...], columns: tuple[str, str, str]
) -> str | None:
    """
    The resolver's problem, said as a null cell where a null cell caused it.

    The resolver answers a null code ``unknown service None``; a Parquet cell
    can be null, and the message should say so. Of the codes, the first
    problem the resolver found (service, then place) is the one said; a date
    given as text that cannot be read is said instead by the caller, as for a
    CSV row.
    """
    if problem is None:
        return None
    for at, (kind, said) in enumerate(
        (("service", "unknown service "), ("place", "unknown place "))
    ):
        if problem.startswith(said):
            if cells[at] is None:
                return f"no {kind}: the {columns[at]!r} cell is null"
            return problem
    if cells[2] is None:
        return f"no date: the {columns[2]!r} cell is null"
    return problem


def _parquet_columns(
    args: argparse.Namespace,
    schema: Any,  # noqa: ANN401 - pyarrow's Schema
    source: str,
) -> tuple[str, str, str]:
    """The service, place and date columns by name; their types checked."""
    import pyarrow as pa  # noqa: PLC0415 - the arrow extra

    from speccom_model.resolving.arrow import _is_text  # noqa: PLC0415

    names = list(schema.names)
    folded = [_fold(name) for name in names]
    found = []
    for option in _COLUMN_OPTIONS:
        name = getattr(args, option)
        flag = f"--{option.replace('_', '-')}"
        at = [i for i, n in enumerate(folded) if n == _fold(name)]
        if len(at) != 1:
            how = "a column of the file" if not at else "a column named once"
            raise ParseError(
                flag,
                name,
                f"{how} (found {', '.join(repr(n) for n in names)})",
                file=source,
            )
        column = schema.field(at[0])
        kind = column.type
        dates = option == "date_column"
        if not (_is_text(kind) or (dates and pa.types.is_date32(kind))):
            raise ParseError(
                flag,
                f"{column.name} of type {kind}",
                "a date32 or string column (a timestamp is refused: the day it "
                "falls on depends on a time zone)"
                if dates
                else "a string column (codes are text: 1 and 01 differ)",
                file=source,
            )
        found.append(column.name)
    _no_answer_column(names, "a file", "", source, None)
    return found[0], found[1], found[2]


def _no_answer_column(
    names: Sequence[str], what: str, advice: str, source: str, line: int | None
) -> None:
    """
    Refuse input that already has a column resolve adds (names matched folded).

    The output would name the column twice (re-running on its own output, say).
    """
    answers = {_fold(name) for name in ANSWER_COLUMNS}
    taken = [name for name in names if _fold(name) in answers]
    if taken:
        raise ParseError(
            "ACTIVITY",
            taken[0],
            f"{what} with no column named "
            + ", ".join(ANSWER_COLUMNS[:-1])
            + f" or {ANSWER_COLUMNS[-1]}: resolve adds those columns{advice}",
            file=source,
            line=line,
        )


def _resolve_from(
    args: argparse.Namespace, landscape: Landscape, binary: BinaryIO, out: TextIO
) -> int:
    if args.out is None:
        # Standard output as UTF-8 bytes: line endings go out as the input had them.
        out.flush()
        buffer: BinaryIO | BufferedWriter | None = getattr(out, "buffer", None)
        sink = TextIOWrapper(
            BufferedWriter(_TextSink(out)) if buffer is None else buffer,
            encoding="utf-8",
            newline="",
        )
        try:
            return _stream(args, landscape, binary, sink)
        finally:
            try:
                sink.flush()
            finally:
                sink.detach()
    with atomic_writer(args.out, field="--out", newline="") as handle:
        return _stream(args, landscape, binary, handle)


class _TextSink(RawIOBase):
    """Bytes to a text stream: lets main(out=...) capture resolve's output."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        # A buffer's flush can split a character: decode incrementally.
        self._decoder = codecs.getincrementaldecoder("utf-8")()

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer, /) -> int:
        chunk = bytes(data)
        self._out.write(self._decoder.decode(chunk))
        return len(chunk)


#: A CSV line (or a record spanning lines in quotes) longer than this is refused.
MAX_LINE_BYTES: Final = 1024 * 1024
#: The delimiters sniffed from the header line, with their names in messages.
DELIMITERS: Final = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe"}
_DELIMITER_NAMES: Final = {
    ",": ",",
    "comma": ",",
    "\t": "\t",
    "\\t": "\t",
    "tab": "\t",
    ";": ";",
    "semicolon": ";",
    "|": "|",
    "pipe": "|",
}
_BOM: Final = b"\xef\xbb\xbf"


def _delimiter(text: str) -> str:
    try:
        return _DELIMITER_NAMES[text.lower()]
    except KeyError:
        raise argparse.ArgumentTypeError(
            f"--delimiter: expected one of , tab ; | (or comma, semicolon, pipe), "
            f"got {text!r}"
        ) from None


class _Source:
    """
    The input's bytes, read by lines or by blocks: what a block leaves is read next.

    The batch path reads blocks and gives back what it does not take; the
    row-by-row path reads lines from the same object, so neither loses a byte.
    """

    def __init__(self, binary: BinaryIO) -> None:
        self._binary = binary
        self._pending = b""
        self._at = 0
        #: The stream has given its last byte.
        self.ended = False

    def readline(self, limit: int) -> bytes:
        """A line, or its first ``limit`` bytes, as ``BinaryIO.readline``."""
        pending, at = self._pending, self._at
        if at == len(pending):
            return self._binary.readline(limit)
        stop = pending.find(b"\n", at, at + limit)
        if stop >= 0:
            self._at = stop + 1
            return pending[at : stop + 1]
        if len(pending) - at >= limit:
            self._at = at + limit
            return pending[at : at + limit]
        self._pending, self._at = b"", 0
        rest = pending[at:]
        return rest + self._binary.readline(limit - len(rest))

    def block(self, size: int) -> bytes:
        """At least ``size`` bytes unless the stream ends (``ended`` then)."""
        rest = self._pending[self._at :]
        self._pending, self._at = b"", 0
        wanted = size - len(rest)
        if wanted <= 0:
            return rest
        parts = [rest]
        while wanted > 0:
            more = self._binary.read(wanted)
            if not more:
                self.ended = True
                break
            parts.append(more)
            wanted -= len(more)
        return b"".join(parts)

    def give_back(self, data: bytes) -> None:
        """Bytes taken by ``block`` and not used: read again next."""
        self._pending, self._at = data + self._pending[self._at :], 0


class _Lines:
    """
    The decoded lines of a CSV, each bounded, with the BOM noted and removed.

    A record may span lines inside quotes; ``mark`` ends one, so a record is
    bounded as a line is.
    """

    def __init__(self, binary: _Source, source: str) -> None:
        self._binary = binary
        #: Where the lines come from: the batch path reads blocks from it.
        self.source = binary
        self._source = source
        self.number = 0
        self.bom = False
        self._record = 0
        #: Bytes read so far: chunks are bounded by it.
        self.bytes = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        try:
            raw = self._binary.readline(MAX_LINE_BYTES + 1)
        except OSError as err:
            raise ParseError(
                "ACTIVITY",
                self._source,
                f"a readable CSV file ({err.strerror})",
                line=self.number + 1,
            ) from None
        if not raw:
            raise StopIteration
        self.number += 1
        self.bytes += len(raw)
        if self.number == 1 and raw.startswith(_BOM):
            self.bom, raw = True, raw[len(_BOM) :]
        self._record += len(raw)
        if len(raw) > MAX_LINE_BYTES or self._record > MAX_LINE_BYTES:
            if b"\r" in raw[:-1] and not raw.endswith(b"\n"):
                raise _bare_carriage_return(self._source, self.number)
            raise ParseError(
                "ACTIVITY",
                f"more than {MAX_LINE_BYTES:,} bytes",
                f"a line (or quoted record) of at most {MAX_LINE_BYTES:,} bytes",
                file=self._source,
                line=self.number,
            )
        if raw.endswith(b"\r"):
            # readline ends a line without LF only at the end of the input:
            # the last line ends in a bare CR, which csv would take as LF.
            raise _bare_carriage_return(self._source, self.number)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as err:
            raise ParseError(
                "ACTIVITY",
                f"byte {raw[err.start]:#04x}",
                "UTF-8 text",
                file=self._source,
                line=self.number,
            ) from None

    def mark(self) -> None:
        """A record ended: the next one starts its count afresh."""
        self._record = 0


def _bare_carriage_return(source: str, line: int) -> ParseError:
    return ParseError(
        "ACTIVITY",
        "a line ending in a bare carriage return (old Mac style)",
        "lines ending in LF or CRLF (save the file with CRLF or LF line endings)",
        file=source,
        line=line,
    )


def _csv_problem(err: csv.Error, source: str, line: int) -> ParseError:
    """The csv module's complaint, said plainly where it gives Python advice."""
    if "new-line character seen in unquoted field" in str(err):
        return _bare_carriage_return(source, line)
    return ParseError("ACTIVITY", str(err), "CSV text", file=source, line=line)


def _split(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter, strict=True), [])
    except csv.Error:
        return []


def _fold(name: str) -> str:
    return name.strip().casefold()


def _sniff(args: argparse.Namespace, first: str, source: str) -> str:
    """
    The delimiter of the header line.

    The one candidate it contains; of several, the one that finds every column
    asked for; else a ParseError asking for --delimiter.
    """
    if args.delimiter is not None:
        return str(args.delimiter)
    present = [d for d in DELIMITERS if d in first]
    if len(present) <= 1:
        return present[0] if present else ","
    wanted = {_fold(getattr(args, o)) for o in _COLUMN_OPTIONS}
    fitting = [d for d in present if wanted <= {_fold(n) for n in _split(first, d)}]
    if len(fitting) == 1:
        return fitting[0]
    names = " and ".join(DELIMITERS[d] for d in fitting or present)
    raise ParseError(
        "--delimiter",
        first.rstrip("\r\n"),
        f"a header with one delimiter, not {names} (choose with --delimiter)",
        file=source,
        line=1,
    )


_COLUMN_OPTIONS: Final = ("service_column", "place_column", "date_column")


def _columns(
    args: argparse.Namespace, header: list[str], delimiter: str, source: str
) -> list[int]:
    """Where each asked-for column is, by name, ignoring case and outer spaces."""
    folded = [_fold(name) for name in header]
    columns = []
    for option in _COLUMN_OPTIONS:
        name = getattr(args, option)
        flag = f"--{option.replace('_', '-')}"
        found = [i for i, n in enumerate(folded) if n == _fold(name)]
        if len(found) != 1:
            shown = ", ".join(repr(n) for n in header)
            how = "a column of the header" if not found else "a column named once"
            raise ParseError(
                flag,
                name,
                f"{how} (found {_plural(len(header), 'column')} split by "
                f"{DELIMITERS.get(delimiter, repr(delimiter))}: {shown})",
                file=source,
                line=1,
            )
        columns.append(found[0])
    _no_answer_column(
        header, "a header", " (rename or drop the input's)", source, line=1
    )
    return columns


class _Codes:
    """
    Codes matched exactly, or ignoring ASCII case when only one code so matches.

    Every service code (``^(?:ILL-)?[1-9][0-9]{0,2}[A-Z]?$``) and ODS code
    (``^[A-Z0-9]{1,9}$``) the model accepts is upper case, so ``qe1`` finds
    ``QE1``; a place code the user chose in mixed case is found the same way,
    unless two codes differ only in case, when only the exact one is.
    """

    def __init__(self, codes: Iterable[str]) -> None:
        exact = set(codes)
        folded: dict[str, str | None] = {}
        for code in exact:
            key = code.upper()
            folded[key] = None if key in folded else code
        self._exact = exact
        self._folded = {k: v for k, v in folded.items() if v is not None}

    def __call__(self, text: str) -> str:
        code = text.strip()
        if code in self._exact or not code.isascii():
            return code
        return self._folded.get(code.upper(), code)


class _ServiceLines:
    """
    With ``--crosswalk``: service-line codes become manual numbers.

    An NCBPS service-line code (any ASCII case) becomes its manual number by the
    user's crosswalk; any other cell is matched as a manual number, as without
    one.
    """

    def __init__(self, mapping: Mapping[str, str], codes: _Codes) -> None:
        self._mapping = mapping
        self._codes = codes

    def __call__(self, text: str) -> str:
        code = text.strip()
        found = self._mapping.get(code.upper() if code.isascii() else code)
        return self._codes(text) if found is None else found


def _ending(line: str) -> str:
    for ending in ("\r\n", "\n", "\r"):
        if line.endswith(ending):
            return ending
    return "\n"


class _Writer:
    """
    csv's writer, quoting a cell with a carriage return even when lines end in LF.

    csv quotes a cell holding a character of the line ending; with LF endings a
    cell's bare CR would go out unquoted, a file this command then refuses.
    """

    def __init__(self, sink: TextIO, delimiter: str, ending: str) -> None:
        self._sink = sink
        self._ending = ending
        self._plain = csv.writer(sink, delimiter=delimiter, lineterminator=ending)
        self._spare = StringIO()
        self._careful = csv.writer(
            self._spare, delimiter=delimiter, lineterminator="\r\n"
        )

    def writerow(self, row: list[str]) -> None:
        """Write one row, each cell quoted where csv needs it."""
        if "\r" in self._ending or "\r" not in "".join(row):
            self._plain.writerow(row)
            return
        self._spare.seek(0)
        self._spare.truncate()
        self._careful.writerow(row)
        self._sink.write(self._spare.getvalue()[:-2] + self._ending)


def _stream(
    args: argparse.Namespace,
    landscape: Landscape,
    binary: BinaryIO,
    sink: TextIO,
) -> int:
    source = args.activity
    lines = _Lines(_Source(binary), source)
    first = next(lines, None)
    if not first:  # nothing, or nothing but a byte-order mark
        raise ParseError("ACTIVITY", "", "a CSV file with a header row", file=source)
    if not first.strip():
        raise ParseError(
            "ACTIVITY", first, "a header row on the first line", file=source, line=1
        )
    delimiter = _sniff(args, first, source)
    reader = csv.reader(
        itertools.chain([first], lines), delimiter=delimiter, strict=True
    )
    header = _next_record(reader, source)
    lines.mark()
    columns = _columns(args, header, delimiter, source)
    ending = _ending(first)
    writer = _Writer(sink, delimiter, ending)
    if lines.bom:
        sink.write("\ufeff")
    writer.writerow([*header, *ANSWER_COLUMNS])
    run = _Run(
        args,
        landscape,
        writer,
        width=len(header),
        delimiter=delimiter,
        date_column=header[columns[2]].strip(),
    )
    run.progress = sys.stderr.isatty()
    batch = None if _small(binary) else _batch(run, columns, ending)
    if batch is None:
        _row_by_row(run, lines, columns, None)
    else:
        _blocks(run, lines, columns, batch, sink)
    if run.progress:
        sys.stderr.write("\n")
    if run.blank:
        sys.stderr.write(f"speccom: {_plural(run.blank, 'blank line')} skipped\n")
    if run.bad:
        sys.stderr.write(
            f"speccom: {run.bad:,} of {run.done:,} rows could not be resolved\n"
        )
    return EXIT_FINDINGS if run.bad else EXIT_OK


#: The batch path reads the input in blocks of this many bytes (the ``arrow``
#: extra); 0 turns it off, so every row takes the row-by-row path. Of 1, 2, 4,
#: 8 and 32 MiB on a 10^7-row file, 2 to 4 MiB took least CPU time: larger
#: blocks cost page faults (32 MiB: 640 MB peak RSS), smaller ones re-read
#: more of the part-chunk each block hands on.
BLOCK_BYTES: Final = 4 * 1024 * 1024


#: A file smaller than this goes row by row: loading the batch path (pyarrow,
#: numpy and the Arrow index, about half a second of CPU) costs more than the
#: row-by-row path takes for a mebibyte (some 35,000 rows).
BATCH_FROM_BYTES: Final = 1024 * 1024


def _small(binary: BinaryIO) -> bool:
    """Whether the input is a regular file under BATCH_FROM_BYTES (a pipe is not)."""
    try:
        status = os.fstat(binary.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return stat.S_ISREG(status.st_mode) and status.st_size < BATCH_FROM_BYTES


def _batch(run: _Run, columns: list[int], ending: str) -> Any:  # noqa: ANN401
    """The batch path for this run, or None: no ``arrow`` extra, or turned off."""
    if BLOCK_BYTES <= 0 or ending not in ("\n", "\r\n") or _cramped():
        return None
    try:
        batch = _arrow_modules()
    except (ImportError, OSError):
        return None
    arrow = importlib.import_module("speccom_model.resolving.arrow")
    index = arrow.ArrowIndex(run.resolver.table)
    service_at, place_at, date_at = columns
    return batch.Batch(
        width=run.width,
        delimiter=run.delimiter,
        ending=ending,
        columns=(service_at, place_at, date_at),
        services=run.services,
        places=run.places,
        date=_row_date,
        index=index,
        max_line=MAX_LINE_BYTES,
        max_field=csv.field_size_limit(),
        judge=None
        if run.strict
        else functools.partial(run.judge, columns=(service_at, place_at, date_at)),
    )


#: Below this much address space (``ulimit -v``), the batch path is not tried:
#: loading pyarrow alone maps about 200 MB.
BATCH_ADDRESS_SPACE: Final = 1024 * 1024 * 1024


def _cramped() -> bool:
    """Whether the process's address space is capped below BATCH_ADDRESS_SPACE."""
    try:
        import resource  # noqa: PLC0415 - not on Windows

        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, ValueError):
        return False
    return soft != resource.RLIM_INFINITY and soft < BATCH_ADDRESS_SPACE


def _blocks(
    run: _Run,
    lines: _Lines,
    columns: list[int],
    batch: Any,  # noqa: ANN401 - the optional module's Batch
    sink: TextIO,
) -> None:
    """
    Blocks through the batch path; what it declines, row by row.

    Every block starts where a chunk of the row-by-row path would, so the
    row-by-row path, taking over anywhere, cuts the same chunks as it would
    alone.
    """
    source = lines.source
    while True:
        try:
            block = source.block(BLOCK_BYTES)
        except OSError as err:
            raise ParseError(
                "ACTIVITY",
                run.source,
                f"a readable CSV file ({err.strerror})",
                line=lines.number + 1,
            ) from None
        if not block:
            return
        taken = batch.take(
            block,
            final=source.ended,
            rows=CHUNK_ROWS,
            size=CHUNK_BYTES,
            cells=CHUNK_CELLS,
        )
        source.give_back(block[taken.size :])
        if taken.rows:
            sink.flush()
            buffer = getattr(sink, "buffer", None)
            if buffer is None:
                sink.write(taken.output.decode("utf-8"))
            else:
                buffer.write(taken.output)
            for row, problem in taken.problems:
                run.report(lines.number + 1 + row, problem)
            lines.number += taken.rows
            lines.bytes += taken.size
            run.done += taken.rows
            run.fast += taken.rows
            if run.progress:
                sys.stderr.write(f"\rspeccom resolve: {run.done:,} rows")
        if taken.hand_on and not _row_by_row(
            run, lines, columns, lines.bytes - taken.size + taken.hand_on
        ):
            return


def _row_by_row(
    run: _Run, lines: _Lines, columns: list[int], until: int | None
) -> bool:
    """
    Rows in chunks, with the line each starts on: memory bounded by input.

    A chunk ends at CHUNK_ROWS rows, CHUNK_BYTES bytes or CHUNK_CELLS cells,
    whichever comes first, so a wide row (100,000 columns) cannot make a chunk
    of 10,000 rows hold gigabytes. With ``until``, stops after the first chunk
    that ends at or past that many bytes of input; False: the input ended.
    """
    source = run.source
    reader = csv.reader(lines, delimiter=run.delimiter, strict=True)
    service_at, place_at, date_at = columns
    chunk: list[list[str]] = []
    numbers: list[int] = []
    mark = lines.mark
    started, cells, last = lines.bytes, 0, lines.number
    try:
        for record in reader:
            mark()
            chunk.append(record)
            numbers.append(last + 1)  # a quoted record may span lines: its first
            last = lines.number
            cells += len(record)
            if (
                len(chunk) == CHUNK_ROWS
                or cells >= CHUNK_CELLS
                or lines.bytes - started >= CHUNK_BYTES
            ):
                run.chunk(chunk, numbers, service_at, place_at, date_at)
                if run.progress:
                    sys.stderr.write(f"\rspeccom resolve: {run.done:,} rows")
                if until is not None and lines.bytes >= until:
                    return True
                chunk, numbers = [], []
                started, cells = lines.bytes, 0
    except csv.Error as err:
        raise _csv_problem(err, source, lines.number) from None
    if chunk:
        run.chunk(chunk, numbers, service_at, place_at, date_at)
        if run.progress:
            sys.stderr.write(f"\rspeccom resolve: {run.done:,} rows")
    return False


class _Run:
    """One resolve run: its lookups, its writer and its counts."""

    def __init__(
        self,
        args: argparse.Namespace,
        landscape: Landscape,
        writer: Any,  # noqa: ANN401 - csv's writer type is private
        *,
        width: int,
        delimiter: str,
        date_column: str,
    ) -> None:
        self.source: str = args.activity
        self.strict: bool = args.strict
        self.resolver = Resolver(landscape)
        codes = _Codes(s.code for s in landscape.catalogue)
        crosswalk = getattr(args, "service_lines", None)
        self.services: Callable[[str], str] = (
            codes if crosswalk is None else _ServiceLines(crosswalk.mapping, codes)
        )
        self.places = _Codes(p.code for p in landscape.places)
        self.writer = writer
        self.width = width
        self.delimiter = delimiter
        self.date_column = date_column
        self.bad = self.done = self.blank = 0
        #: Rows the batch path resolved (the rest went row by row).
        self.fast = 0
        self.progress = False

    def chunk(
        self,
        chunk: list[list[str]],
        numbers: list[int],
        service_at: int,
        place_at: int,
        date_at: int,
    ) -> None:
        """Resolve and write one chunk; blank lines skipped and counted."""
        rows = [
            (record, line)
            for record, line in zip(chunk, numbers, strict=True)
            if any(cell.strip() for cell in record)
        ]
        self.blank += len(chunk) - len(rows)
        judged = self.judge(
            [record for record, _ in rows], (service_at, place_at, date_at)
        )
        for (record, line), (answer, problem) in zip(rows, judged, strict=True):
            # A row whose payer alone is unknown keeps the answers it has.
            cells = _answer_cells(answer)
            if problem is None:
                self.writer.writerow([*record, *cells])
            else:
                self._bad(record, line, problem, cells)
        self.done += len(rows)

    def judge(
        self, records: list[list[str]], columns: tuple[int, int, int]
    ) -> list[tuple[Resolution, str | None]]:
        """
        Each (non-blank) record's answer, and what is wrong with it or None.

        ``columns``: where the service, place and date are. The one judgement
        of a CSV row, the batch path's included.
        """
        width, services, places = self.width, self.services, self.places
        service_at, place_at, date_at = columns
        keys = [
            (
                services(r[service_at]),
                places(r[place_at]),
                _row_date(r[date_at].strip()),
            )
            if len(r) == width
            else ("", "", "")
            for r in records
        ]
        answers = self.resolver.resolve(keys)  # type: ignore[arg-type]
        judged: list[tuple[Resolution, str | None]] = []
        for record, key, answer in zip(records, keys, answers, strict=True):
            problem = answer.problem
            if len(record) != width:
                problem = f"expected {width} fields as in the header, got {len(record)}"
            elif problem is not None and type(key[2]) is str:
                problem = _date_problem(key[2], self.date_column)
            judged.append((answer, problem))
        return judged

    def report(self, line: int, problem: str) -> None:
        """Say on stderr that the row on ``line`` could not be resolved, and count it."""
        self.bad += 1
        sys.stderr.write(_bounded(f"speccom: {self.source}:{line}: {problem}") + "\n")

    def parquet_bad(
        self, row: int, problem: str | None, cells: Iterable[tuple[str, object]]
    ) -> None:
        """
        Report a Parquet row that cannot be resolved (numbered from 1).

        ``cells``: the row's service, place and date, as (column, value), which
        --strict's error shows.
        """
        if self.strict:
            shown = ", ".join(f"{name}={_shown_cell(value)}" for name, value in cells)
            raise ParseError(
                f"row {row:,}",
                shown,
                f"a row that resolves ({problem})",
                file=self.source,
            )
        self.bad += 1
        sys.stderr.write(
            _bounded(f"speccom: {self.source}: row {row:,}: {problem}") + "\n"
        )

    def _bad(
        self, record: list[str], line: int, problem: str, cells: list[str]
    ) -> None:
        if self.strict:
            raise ParseError(
                "row",
                self.delimiter.join(record),
                f"a row that resolves ({problem})",
                file=self.source,
                line=line,
            )
        self.report(line, problem)
        if len(record) <= self.width:
            # Short rows are padded; a long one cannot take the header's shape.
            padding = [""] * (self.width - len(record))
            self.writer.writerow([*record, *padding, *cells])


def _shown_cell(value: object) -> str:
    """A Parquet cell as a message shows it: text quoted, a date in ISO form."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return repr(value)


def _next_record(
    reader: Any,  # noqa: ANN401 - csv's reader type is private
    source: str,
) -> list[str]:
    try:
        record: list[str] = next(reader)
    except csv.Error as err:
        raise _csv_problem(err, source, reader.line_num) from None
    return record


# -- explain, example, schema -------------------------------------------------------------


def _explain(args: argparse.Namespace, out: TextIO) -> int:
    text = explain(args.code)
    if args.policy is not None:
        policy, file = _policy(args.policy)
        text = "\n".join(_policy_lines(policy, file)) + "\n\n" + text
        for change in policy.proposed:
            text += f"\n\nUnder {policy.name}, {change.provision} would {change.effect}"
            text += f" ({change.commencement_note})."
            text += "".join(f"\n  {citation}" for citation in change.source)
    out.write(text + "\n")
    return EXIT_OK


def _example(args: argparse.Namespace, out: TextIO) -> int:
    if args.list:
        for scenario in scenarios.SCENARIOS:
            out.write(f"{scenario.name:36} {scenario.title}\n")
        return EXIT_OK
    if args.name is None:
        raise ParseError("NAME", None, "a scenario name (see speccom example --list)")
    # As for every FILE: an existing path (a scenario file of one's own) wins.
    if os.path.lexists(args.name):
        scenario = scenarios.load(args.name)
    else:
        scenario = scenarios.get(args.name)
    landscape = scenario.build()
    lines = [f"{scenario.name}: {scenario.title}"]
    if args.year is not None:
        # Built before anything is written: a year with no data is one message.
        landscape = landscape.for_year(args.year)
        lines += [
            "",
            (
                f"Restricted to {args.year} (Landscape.for_year): the arrangements "
                "in force in it, its money only, and the bodies and places they need."
            ),
        ]
    lines += ["", *scenario.provenance.splitlines()]
    header = "".join(f"# {line}".rstrip() + "\n" for line in lines)
    out.write(header + "\n" + files.dumps(landscape, format="toml"))
    return EXIT_OK


# -- list ------------------------------------------------------------------------------

LIST_KINDS: Final = ("services", "bodies", "places", "scenarios")
_LIST_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "services": (
        "code",
        "name",
        "programme",
        "planning_population",
        "highly_specialised",
    ),
    "bodies": ("code", "name", "kind", "region", "start", "end"),
    "places": ("code", "name", "population", "commissioner", "commissioner_name"),
    "scenarios": ("name", "title", "year"),
}
_LIST_NUMBERS: Final = {"planning_population", "population"}
_SINGULAR: Final = {
    "services": "service",
    "bodies": "body",
    "places": "place",
    "scenarios": "scenario",
}


def _services_on(landscape: Landscape, on: dt.date) -> list[dict[str, Any]]:
    """The catalogue's services in force on ``on``, named as they were that day."""
    catalogue = landscape.catalogue
    if on < catalogue.effective:
        return []
    later = [a.change for a in catalogue.amendments if a.change.effective > on]
    removed = [c.code for c in later if c.action.value == "remove"]
    if removed:
        # The list keeps no record of a removed service: never guess its row.
        raise ParseError(
            "--on",
            on.isoformat(),
            "a date on or after the removal of "
            + ", ".join(removed)
            + " (the list before a removal is not recorded)",
        )
    added = {c.code for c in later}
    return [
        {
            "code": s.code,
            "name": s.name_on(on),
            "programme": None if s.programme is None else s.programme.value,
            "planning_population": (
                None if s.planning_population is None else s.planning_population.persons
            ),
            "highly_specialised": s.highly_specialised,
        }
        for s in catalogue
        if s.code not in added
    ]


def _list_rows(
    kind: str, landscape: Landscape | None, on: dt.date
) -> list[dict[str, Any]]:
    if landscape is None:
        return [
            {"name": s.name, "title": s.title, "year": str(s.year)}
            for s in scenarios.SCENARIOS
        ]
    if kind == "services":
        return _services_on(landscape, on)
    if kind == "bodies":
        return [
            {
                "code": c.code,
                "name": c.name_on(on),
                "kind": c.kind_on(on).value,
                "region": c.region,
                "start": c.lifetime.start.isoformat(),
                "end": None if c.lifetime.end is None else c.lifetime.end.isoformat(),
            }
            for c in landscape.commissioners
            if c.exists_on(on)
        ]
    if kind == "places":
        rows = []
        for p in landscape.places:
            body = landscape.commissioner_of(p.code, on)
            rows.append(
                {
                    "code": p.code,
                    "name": p.name_on(on),
                    "population": p.population.persons,
                    "commissioner": None if body is None else body.code,
                    "commissioner_name": None if body is None else body.name_on(on),
                }
            )
        return rows
    raise AssertionError(f"unreachable: list {kind}")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _list(args: argparse.Namespace, out: TextIO) -> int:
    # The user's today, by the local clock: the day the reader means by "today".
    on: dt.date = args.on or datetime.date.today()
    kind: str = args.kind
    columns = _LIST_COLUMNS[kind]
    if kind == "scenarios" and args.landscape is not None:
        # The shipped scenarios are no plan's: never ignore the option silently.
        raise ParseError(
            "--landscape",
            args.landscape,
            "no --landscape with 'list scenarios' (it lists the shipped scenarios, "
            "not a plan's contents)",
        )
    landscape = (
        None
        if kind == "scenarios"
        else _landscape(
            args.landscape,
            scenarios.names()[-1],
            max_bytes=getattr(args, "max_plan_bytes", None),
        )
    )
    rows = _list_rows(kind, landscape, on)
    name = None if landscape is None else (landscape.name or args.landscape)
    if args.format == "json":
        data: dict[str, Any] = {"kind": kind, "on": on.isoformat(), "rows": rows}
        if name is not None:
            data["landscape"] = name
        if kind == "scenarios":
            convert = files.converter().unstructure
            for row, scenario in zip(rows, scenarios.SCENARIOS, strict=True):
                row["figures"] = [convert(f) for f in scenario.figures]
        out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(
                [
                    ""
                    if row[c] is None
                    else str(row[c]).lower()
                    if isinstance(row[c], bool)
                    else row[c]
                    for c in columns
                ]
            )
    else:
        where = "" if name is None else f" in {name}"
        count = f"{len(rows)} {kind if len(rows) != 1 else _SINGULAR[kind]}"
        # The shipped scenarios are the same on every day: no date to name.
        when = "" if kind == "scenarios" else f" on {on}"
        lines = [f"speccom list {kind}: {count}{where}{when}"]
        if rows:
            table = [list(columns)] + [[_cell(r[c]) for c in columns] for r in rows]
            right = {i for i, c in enumerate(columns) if c in _LIST_NUMBERS}
            lines += ["", *_table(table, right)]
        out.write("\n".join(lines) + "\n")
    return EXIT_OK


def _why(args: argparse.Namespace, out: TextIO) -> int:
    landscape = _landscape(
        args.file, RESOLVE_SCENARIO, max_bytes=getattr(args, "max_plan_bytes", None)
    )
    policy, file = _policy(args.policy)
    chain = why(landscape, args.service, args.place, args.date, policy)
    name = landscape.name or (args.file or RESOLVE_SCENARIO)
    if args.format == "json":
        data = why_json(chain, name, _policy_json(policy, file))
        out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        out.write("\n".join(why_lines(chain, name, _policy_lines(policy, file))) + "\n")
    return EXIT_OK


def _schema(_: argparse.Namespace, out: TextIO) -> int:
    out.write(json.dumps(files.schema(), indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


# -- table ---------------------------------------------------------------------------

#: The formats ``speccom table`` writes; CSV by default.
TABLE_FORMATS: Final = ("csv", "parquet")
#: The feature named when the arrow extra is missing.
FORMAT_PARQUET: Final = "--format parquet"


def _table_command(args: argparse.Namespace, out: TextIO) -> int:
    """
    Write the responsibility table of a plan, as CSV or Parquet.

    Usage is checked before the plan is built, and Parquet's library before
    anything is written: a refused run leaves no file behind. With no
    --format, the format is --out's extension (``.parquet``; anything else
    is CSV); a --format that contradicts a ``.csv`` or ``.parquet`` extension
    is refused.
    """
    parquet = _table_format(args.format, args.out) == "parquet"
    if parquet and args.out is None:
        raise ParseError(
            "--out",
            None,
            "a file to write Parquet to (--out FILE): Parquet is binary and is "
            "not written to standard output",
        )
    writer = _parquet_writer() if parquet else _table_csv
    table = responsibility_table(
        _landscape(
            args.file,
            RESOLVE_SCENARIO,
            max_bytes=getattr(args, "max_plan_bytes", None),
        )
    )
    if args.out is None:
        with _utf8(out) as sink:
            writer(table, sink)
    else:
        with atomic_writer(args.out, field="--out", newline="") as handle:
            writer(table, handle)
    return EXIT_OK


#: The table's format each extension of --out names.
TABLE_EXTENSIONS: Final = {".csv": "csv", ".parquet": "parquet"}


def _table_format(chosen: str | None, out: str | None) -> str:
    """--format, or the one --out's extension names (CSV by default)."""
    return _format_for(chosen, out, TABLE_EXTENSIONS, "csv")


def _format_for(
    chosen: str | None, out: str | None, extensions: dict[str, str], default: str
) -> str:
    """
    --format, or the one --out's extension names, else ``default``.

    Raises:
        ParseError: --format contradicts an extension in ``extensions``.
    """
    suffix = "" if out is None else os.path.splitext(out)[1].lower()
    named = extensions.get(suffix)
    if chosen is None:
        return named or default
    if named is not None and named != chosen:
        raise ParseError(
            "--format",
            chosen,
            f"the format --out's extension names ({out!r} is {named}); drop "
            f"--format, or name the file with .{chosen}",
        )
    return chosen


def _table_csv(table: Sequence[ResponsibilityInterval], out: TextIO) -> None:
    """
    The table as CSV: a header of the columns, ISO dates, an empty cell for None.

    LF line endings; a cell holding the delimiter, a quote or a line ending is
    quoted (RFC 4180), so any CSV reader reads back what was written.
    """
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TABLE_COLUMNS)
    writer.writerows(
        (
            row.service,
            row.place,
            row.valid_from.isoformat(),
            row.valid_to.isoformat(),
            *("" if cell is None else cell for cell in row[4:]),
        )
        for row in table
    )


def _parquet_writer() -> Callable[[Sequence[ResponsibilityInterval], TextIO], None]:
    """
    What writes the table as Parquet, once the ``arrow`` extra is known to import.

    Raises:
        MissingExtraError: pyarrow or numpy (the ``arrow`` extra) cannot be
            imported; nothing has been written.
    """
    try:
        # The arrow extra: imported only when Parquet is asked for.
        import pyarrow.parquet as pq  # noqa: PLC0415

        from speccom_model.resolving.arrow import table_to_arrow  # noqa: PLC0415
    except MissingExtraError as err:  # numpy, or pyarrow, missing
        raise MissingExtraError(FORMAT_PARQUET, err.value, err.expected) from None
    except ImportError as err:  # pyarrow without its parquet module
        package = (err.name or "pyarrow").partition(".")[0]
        raise MissingExtraError.of(FORMAT_PARQUET, package, "arrow") from None

    def write(table: Sequence[ResponsibilityInterval], out: TextIO) -> None:
        out.flush()
        # Through the text handle's binary buffer: atomic_writer's own file.
        pq.write_table(table_to_arrow(table), out.buffer)

    return write


@contextmanager
def _utf8(out: TextIO) -> Iterator[TextIO]:
    """Standard output (or main's ``out``) as UTF-8 text, whatever the locale."""
    out.flush()
    buffer: BinaryIO | BufferedWriter | None = getattr(out, "buffer", None)
    sink = TextIOWrapper(
        BufferedWriter(_TextSink(out)) if buffer is None else buffer,
        encoding="utf-8",
        newline="",
    )
    try:
        yield sink
    finally:
        try:
            sink.flush()
        finally:
            sink.detach()


# -- report ------------------------------------------------------------------------


def _report(args: argparse.Namespace, out: TextIO) -> int:
    # Its own module: the command's glue, loaded only when it runs.
    from speccom_model._cli_report import run_report  # noqa: PLC0415

    return run_report(args, out)


# -- the parser ----------------------------------------------------------------------------


def _byte_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = -1
    if count < 0:
        raise argparse.ArgumentTypeError(
            f"--max-plan-bytes: expected a whole number of bytes >= 0, got {text!r}"
        )
    return count


def _plan_limit(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--max-plan-bytes",
        type=_byte_count,
        metavar="N",
        help=f"read a plan file of up to N bytes (default {files.DEFAULT_MAX_BYTES:,}"
        "; the limit guards against reading a huge file by mistake)",
    )


def _summary_parser(
    commands: argparse._SubParsersAction[_Parser],
) -> argparse.ArgumentParser:
    """The summary command's arguments: the plan, a year, the format and target."""
    summary_cmd = commands.add_parser(
        "summary", help="budgets by body and year: retained, delegated, variance"
    )
    summary_cmd.add_argument("file", nargs="?", metavar="FILE", help=FILE_HELP)
    summary_cmd.add_argument("--year", type=_year, metavar="YEAR", help="e.g. 2019-20")
    summary_cmd.add_argument(
        "--format",
        type=_word,
        choices=("text", "json", "csv", "xlsx"),
        default=None,
        help="text, json, csv (one table, see --table) or xlsx (every table, one "
        'sheet each; needs --out and the xlsx extra: pip install -e ".[xlsx]"); '
        "default: the one --out's extension names (.csv, .json, .xlsx), else text",
    )
    summary_cmd.add_argument(
        "--table",
        type=_word,
        choices=SUMMARY_TABLES,
        default=None,
        help="with --format csv: which table (default years)",
    )
    summary_cmd.add_argument(
        "--out",
        metavar="FILE",
        help="write here, not to standard output (needed for xlsx)",
    )
    return summary_cmd


#: The help of --policy where a plan is judged (check, report).
_POLICY_HELP: Final = (
    f"a shipped policy ({', '.join(policies())}) or a policy file (TOML/JSON); "
    "the law by default"
)


def _report_parser(
    commands: argparse._SubParsersAction[_Parser],
) -> argparse.ArgumentParser:
    """The ``report`` subcommand and its arguments."""
    report_cmd = commands.add_parser(
        "report",
        help="a plan's findings, money and arrangements as one HTML file",
        description="Write one self-contained HTML file (no network needed to view "
        "it): the findings of check grouped by severity with their sources, the "
        "money of each financial year (retained by NHS England, delegated, pooled) "
        "and each body's budget as charts beside exact tables, and who commissions "
        "what over time, by region. With no FILE, the embedded "
        f"{DEFAULT_SCENARIO} scenario. The same input gives the same bytes. Needs "
        'the report extra (pip install -e ".[report]" from a clone). Exit status: '
        "0 written (whatever the findings), 2 bad input.",
    )
    report_cmd.add_argument("file", nargs="?", metavar="FILE", help=FILE_HELP)
    report_cmd.add_argument(
        "--out", metavar="FILE", help="the HTML file to write (required)"
    )
    report_cmd.add_argument(
        "--on", type=_date, metavar="DATE", help="judge the plan as it stands that day"
    )
    report_cmd.add_argument(
        "--policy",
        metavar="NAME|FILE",
        help=_POLICY_HELP,
    )
    report_cmd.set_defaults(run=_report)
    return report_cmd


def _why_command(
    commands: argparse._SubParsersAction[_Parser],
) -> argparse.ArgumentParser:
    """``speccom why SERVICE PLACE DATE [FILE]``."""
    why_cmd = commands.add_parser(
        "why",
        help="the chain of facts, with their sources, behind who is accountable, "
        "who commissions and who pays for a service in a place on a day",
        description="Explain, step by step with each step's sources, the three "
        "answers for SERVICE in PLACE on DATE: the service on the list, the body "
        "the place belongs to, the successions followed, the arrangement in force "
        "and the law that makes it lawful that day, then who is accountable, who "
        "commissions and who pays (and the budget line, baseline or pool the plan "
        f"records). With no FILE, the embedded {RESOLVE_SCENARIO} scenario.",
    )
    why_cmd.add_argument("service", metavar="SERVICE", help="a manual number, e.g. 7")
    why_cmd.add_argument(
        "place", metavar="PLACE", help="a place's code, e.g. 01A (a sub-ICB location)"
    )
    why_cmd.add_argument(
        "date",
        type=_day,
        metavar="DATE",
        help="the day, as --on reads it: 2024-04-01 or 01/04/2024",
    )
    why_cmd.add_argument("file", nargs="?", metavar="FILE", help=FILE_HELP)
    why_cmd.add_argument(
        "--format", type=_word, choices=("text", "json"), default="text"
    )
    why_cmd.add_argument(
        "--policy",
        metavar="NAME|FILE",
        help=f"judge the arrangement's lawfulness by a shipped policy "
        f"({', '.join(policies())}) or a policy file; the law by default",
    )
    why_cmd.set_defaults(run=_why)
    return why_cmd


def _add_example(commands: Any) -> None:  # noqa: ANN401 - argparse's private type
    """The ``example`` subcommand: a scenario (or one year of it) as TOML."""
    example_cmd = commands.add_parser(
        "example", help="write a named scenario as TOML, to start a plan from"
    )
    example_cmd.add_argument("name", nargs="?", metavar="NAME")
    example_cmd.add_argument("--list", action="store_true", help="list the scenarios")
    example_cmd.add_argument(
        "--year",
        type=_year,
        metavar="YEAR",
        help="only this financial year (e.g. 2025-26): its arrangements and money",
    )
    example_cmd.set_defaults(run=_example)


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
    check_cmd.add_argument("file", nargs="?", metavar="FILE", help=FILE_HELP)
    check_cmd.add_argument(
        "--on", type=_date, metavar="DATE", help="judge the plan as it stands that day"
    )
    check_cmd.add_argument(
        "--format",
        type=_word,
        choices=("text", "json", "csv"),
        default="text",
        help="text, json, or csv (one row per finding)",
    )
    check_cmd.add_argument(
        "--policy",
        metavar="NAME|FILE",
        help=_POLICY_HELP,
    )
    check_cmd.add_argument(
        "--compare",
        metavar="NAME|FILE",
        help="also judge by this policy and list the findings that appear or "
        "disappear (e.g. health_bill_2026)",
    )
    check_cmd.set_defaults(run=_check)

    explain_cmd = commands.add_parser("explain", help="a rule's text and source")
    explain_cmd.add_argument("code", metavar="CODE")
    explain_cmd.add_argument(
        "--policy",
        metavar="NAME|FILE",
        help="say which policy, law or bill, the rule is read under",
    )
    explain_cmd.set_defaults(run=_explain)

    summary_cmd = _summary_parser(commands)
    summary_cmd.set_defaults(run=_summary)

    _add_example(commands)

    resolve_cmd = commands.add_parser(
        "resolve",
        help="add who is accountable, who commissions and who pays to each row "
        "of an activity CSV",
        description="Stream a CSV of activity rows (service, place, date) and write "
        "each row back with four columns appended: accountable (the body accountable "
        "in law), commissioner (the body that exercises the function), payer (the "
        "body that holds the money and pays providers) and arrangement, in constant "
        f"memory. With no --landscape, the embedded {RESOLVE_SCENARIO} scenario. "
        "Rows that cannot be resolved, or whose payer the plan does not name, are "
        "reported with their line number (exit 1) and do not stop the run unless "
        "--strict (exit 2). A UTF-8 CSV, "
        "with or without a byte-order mark; the delimiter (, tab ; |) is read from "
        "the header and kept, as is the line ending; blank lines are skipped.",
    )
    resolve_cmd.add_argument(
        "activity", metavar="ACTIVITY.csv", help="a CSV file, or -"
    )
    resolve_cmd.add_argument("--landscape", metavar="FILE", help=FILE_HELP)
    resolve_cmd.add_argument("--out", metavar="FILE", help="write here, not stdout")
    resolve_cmd.add_argument("--service-column", default="service", metavar="NAME")
    resolve_cmd.add_argument(
        "--crosswalk",
        metavar="FILE.csv",
        help="a CSV (service_line,manual_number) letting the service column hold "
        "NCBPS service-line codes; its codes must be in the shipped NCBPS list and "
        "its manual numbers services of the landscape",
    )
    resolve_cmd.add_argument("--place-column", default="place", metavar="NAME")
    resolve_cmd.add_argument("--date-column", default="date", metavar="NAME")
    resolve_cmd.add_argument(
        "--strict", action="store_true", help="stop at the first bad row"
    )
    resolve_cmd.add_argument(
        "--delimiter",
        type=_delimiter,
        metavar="D",
        help="the field delimiter: , tab ; or | (by default, read from the header)",
    )
    resolve_cmd.set_defaults(run=_resolve)

    newest = scenarios.names()[-1]
    list_cmd = commands.add_parser(
        "list",
        help="reference data as it stood on a day: services, bodies, places, scenarios",
        description="List the services of the catalogue in force on DATE, the "
        "bodies that existed on DATE (an end date is the first day a body no "
        "longer existed), the places with the commissioner each belonged to that "
        "day, or the shipped scenarios. With no --landscape, the newest scenario "
        f"({newest}); with no --on, today.",
    )
    list_cmd.add_argument(
        "kind",
        type=_word,
        choices=LIST_KINDS,
        metavar="KIND",
        help="|".join(LIST_KINDS),
    )
    list_cmd.add_argument(
        "--on", type=_date, metavar="DATE", help="the day to look at (default: today)"
    )
    list_cmd.add_argument(
        "--format", type=_word, choices=("text", "csv", "json"), default="text"
    )
    list_cmd.add_argument(
        "--landscape", metavar="FILE", help=FILE_HELP + f" (default: {newest})"
    )
    list_cmd.set_defaults(run=_list)

    schema_cmd = commands.add_parser("schema", help="the JSON Schema of plan files")
    schema_cmd.set_defaults(run=_schema)

    table_cmd = commands.add_parser(
        "table",
        help="the responsibility table: who answers, decides and pays, by service, "
        "place and interval, for SQL engines to join",
        description="Write one row per (service, place, validity interval) with "
        "accountable, commissioner, payer, arrangement and problem; valid_from and "
        "valid_to are both included, and each pair's rows cover every day from "
        "0001-01-01 to 9999-12-31 without overlap. Join on the codes and "
        f"'{SQL_PREDICATE}'. With no FILE, the embedded {RESOLVE_SCENARIO} "
        "scenario. CSV (UTF-8, LF, ISO dates, an empty cell for none) goes to "
        "standard output unless --out; Parquet needs --out and the arrow extra "
        '(pip install -e ".[arrow]" from a clone). With no --format, --out\'s '
        "extension chooses: .parquet is Parquet, anything else CSV.",
    )
    table_cmd.add_argument("file", nargs="?", metavar="FILE", help=FILE_HELP)
    table_cmd.add_argument(
        "--format",
        type=_word,
        choices=TABLE_FORMATS,
        default=None,
        help="csv or parquet (default: --out's extension; CSV)",
    )
    table_cmd.add_argument(
        "--out", metavar="FILE", help="write here, not stdout (needed for parquet)"
    )
    table_cmd.set_defaults(run=_table_command)
    _cli_diff.add_parser(commands)
    for reads_a_plan in (
        check_cmd,
        summary_cmd,
        resolve_cmd,
        list_cmd,
        table_cmd,
        _report_parser(commands),
        _why_command(commands),
    ):
        _plan_limit(reads_a_plan)
    return parser


#: The field that names standard output in messages.
STDOUT: Final = "standard output"


class _Stdout(RawIOBase):
    """
    Standard output's descriptor, written directly: a failure is an OutputError.

    A descriptor that is closed (``>&-``), read-only, on a full disk or past a
    file-size limit is ``OutputError("standard output", ...)``, exit 2; a reader
    that stopped early (``| head``) stays a BrokenPipeError, a normal end. After
    a failure further writes are dropped, so nothing fails again at exit.
    """

    def __init__(self, fd: int | None) -> None:
        self._fd = fd
        self._failed = False

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer, /) -> int:
        chunk = bytes(data)
        if self._failed:
            return len(chunk)
        if self._fd is None:
            self._failed = True
            raise OutputError(STDOUT, "<closed>", "an open standard output to write to")
        try:
            return os.write(self._fd, chunk)
        except BrokenPipeError:
            self._failed = True
            raise
        except OSError as err:
            self._failed = True
            raise OutputError(
                STDOUT,
                _stdout_name(),
                f"to write it ({err.strerror or type(err).__name__})",
                errno=err.errno,
                strerror=err.strerror,
            ) from None


def _stdout_name() -> str:
    """What standard output is, for a message: the file it is, or ``<stdout>``."""
    try:
        return os.readlink("/proc/self/fd/1")
    except OSError:
        return "<stdout>"


def _open_stdout() -> TextIO:
    """Standard output as a text stream whose failures are OutputErrors."""
    current = sys.stdout
    if current is None:  # started with descriptor 1 closed
        fd: int | None = None
        encoding, errors = "utf-8", "strict"
    else:
        try:
            fd = current.fileno()
        except (OSError, ValueError):  # a stand-in (doctest, capsys): use it as is
            return current
        current.flush()
        encoding, errors = current.encoding, current.errors or "strict"
    return TextIOWrapper(
        BufferedWriter(_Stdout(fd)), encoding=encoding, errors=errors, newline=None
    )


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """
    Run the ``speccom`` command; return its exit status.

    Every failure ends in one ``speccom: error:`` line and exit 2, or 1 for
    findings; a failed write to standard output (closed, read-only, a full disk)
    included, and running out of memory too. Only a bug is exit 3.

    >>> main(["explain", "SPC-LEGAL-002"])  # doctest: +ELLIPSIS
    SPC-LEGAL-002: A wholesale transfer needs ministers to change the prescribed list
    ...
    0
    """
    parser = _parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace, TextIO], int] = args.run
    stream = _open_stdout() if out is None else out
    try:
        status = run(args, stream)
        if stream is not out:
            stream.flush()
    except SpeccomError as err:
        if args.debug:
            raise
        sys.stderr.write(_bounded(f"speccom: error: {err}") + "\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt as err:
        if args.debug:
            raise
        signum = getattr(err, "signum", signal.SIGINT)
        word = "interrupted" if signum == signal.SIGINT else "terminated"
        sys.stderr.write(f"speccom: {word}\n")
        return EXIT_SIGNAL + signum
    except MemoryError:
        if args.debug:
            raise
        sys.stderr.write(
            "speccom: error: out of memory: the input needs more memory than this "
            "system allows (split it, or raise the limit, e.g. ulimit -v)\n"
        )
        return EXIT_BAD_INPUT
    except Exception as err:
        if args.debug:
            raise
        sys.stderr.write(
            _bounded(f"speccom: internal error: {type(err).__name__}: {err}")
            + "\nThis is a bug in speccom_model; run again with --debug for the "
            "traceback.\n"
        )
        return EXIT_BUG
    return status


class _Terminated(KeyboardInterrupt):
    """A signal that asks the command to stop, raised so every cleanup runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, _: object) -> NoReturn:
    # The first signal stops the run; later ones must not interrupt its cleanup.
    for other in _STOPPING:
        signal.signal(other, signal.SIG_IGN)
    raise _Terminated(signum)


def _stopping_signals() -> tuple[int, ...]:
    """
    Every catchable signal whose default is to end the process, bar three.

    SIGINT is Python's KeyboardInterrupt already; SIGPIPE is ignored by Python,
    so a closed reader is a BrokenPipeError (exit 0); SIGXFSZ is ignored by
    Python, so a file-size limit is a failed write (exit 2, naming the file).
    Faults (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS) are left
    alone: Python code cannot run safely after one.
    """
    names = (
        "SIGTERM",
        "SIGHUP",
        "SIGQUIT",
        "SIGUSR1",
        "SIGUSR2",
        "SIGALRM",
        "SIGVTALRM",
        "SIGPROF",
        "SIGXCPU",
        "SIGPOLL",
        "SIGPWR",
        "SIGSTKFLT",
    )
    found = {int(getattr(signal, name)) for name in names if hasattr(signal, name)}
    low, high = getattr(signal, "SIGRTMIN", 0), getattr(signal, "SIGRTMAX", -1)
    found.update(range(int(low), int(high) + 1))
    return tuple(sorted(found))


_STOPPING: Final = _stopping_signals()


def main_exit() -> NoReturn:
    """
    The console script: run :func:`main` and exit with its status.

    Every catchable signal that would end the process (SIGTERM, SIGHUP, SIGQUIT,
    SIGUSR1, SIGUSR2, SIGALRM, SIGXCPU, ...) stops it as Ctrl-C does, through
    every cleanup (no temporary file is left), exiting 128 + the signal's number.
    """
    for signum in _STOPPING:
        try:
            signal.signal(signum, _terminate)
        except (OSError, ValueError):  # pragma: no cover - one the system reserves
            continue
    raise SystemExit(main())
