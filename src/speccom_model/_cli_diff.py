"""
``speccom diff``: what changed between two days of a plan, or between two plans.

The command's options, checks and output (text and JSON); the answer itself is
:mod:`speccom_model.diff`'s. ``cli`` imports this module to add the command,
so this module reads ``cli``'s helpers (FILE|SCENARIO, dates, words) when it
runs, not when it is imported.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any, Final

from speccom_model.diff import ChangeAspect, diff_dates, diff_plans
from speccom_model.errors import ParseError
from speccom_model.periods import FinancialYear
from speccom_model.resolving.table import LAST_DAY
from speccom_model.tabular import ColumnKind, json_cell
from speccom_model.units import Money, format_money

if TYPE_CHECKING:
    import argparse
    import datetime as dt
    from typing import TextIO

    from speccom_model.commissioner import CommissionerKind
    from speccom_model.diff import (
        ChangeSide,
        MoneyChange,
        PlanDiff,
        ResponsibilityChange,
        YearMoneyChange,
    )

__all__ = ["add_parser", "run"]

#: How many codes a text line lists before "and N more".
SHOWN: Final = 5
#: Words written in capitals in the kinds' names.
_CAPITALS: Final = {"icb": "ICB", "ccg": "CCG", "stp": "STP", "nhs": "NHS"}
_TITLES: Final = {
    ChangeAspect.COMMISSIONER: "Commissioner",
    ChangeAspect.PAYER: "Payer",
    ChangeAspect.ACCOUNTABLE: "Accountable body",
}
_USAGE: Final = (
    "%(prog)s [FILE] --from DATE --to DATE [--net] [--format text|json]\n"
    "       %(prog)s PLAN_A PLAN_B [--on DATE] [--format text|json]"
)


def add_parser(commands: Any) -> None:  # noqa: ANN401 - argparse's private type
    """Add ``diff`` to the command's subcommands."""
    from speccom_model import cli  # noqa: PLC0415 - cli imports this module

    newest = cli.RESOLVE_SCENARIO
    command = commands.add_parser(
        "diff",
        usage=_USAGE,
        help="what changed: who commissions, pays and is accountable, and the "
        "money, between two dates of a plan or between two plans",
        description="With one plan (a FILE or scenario name; with none, the "
        f"newest scenario, {newest}) and --from and --to: every change of "
        "responsibility that takes effect after --from, up to and including "
        "--to, grouped by its day and the kinds of arrangement and body before "
        "and after (--net: the answers on --from against those on --to), and "
        "each body's money in --from's financial year against --to's. With two "
        "plans: where their answers differ, on --on or (without it) on every "
        "day, by ranges of days, and each body's money year by year. Payer and "
        "accountable body are listed where they do not move as the "
        "commissioner does.",
    )
    command.add_argument(
        "plans",
        nargs="*",
        metavar="PLAN",
        help=cli.FILE_HELP + "; one plan with --from/--to, or two to compare",
    )
    command.add_argument(
        "--from",
        dest="start",
        type=functools.partial(cli._date, field="--from"),
        metavar="DATE",
        help="one plan: the day to compare from (its answers are 'before')",
    )
    command.add_argument(
        "--to",
        dest="end",
        type=functools.partial(cli._date, field="--to"),
        metavar="DATE",
        help="one plan: the last day; changes on it are included",
    )
    command.add_argument(
        "--net",
        action="store_true",
        help="one plan: compare the answers on --from with those on --to, "
        "rather than list each change between",
    )
    command.add_argument(
        "--on",
        type=cli._date,
        metavar="DATE",
        help="two plans: compare on this day only (default: every day)",
    )
    command.add_argument(
        "--format",
        type=cli._word,
        choices=("text", "json"),
        default="text",
    )
    cli._plan_limit(command)
    command.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Run ``speccom diff``: check the options, compare, write text or JSON."""
    from speccom_model import cli  # noqa: PLC0415 - cli imports this module

    plans: list[str] = args.plans
    _check_usage(args)
    max_bytes = getattr(args, "max_plan_bytes", None)
    if len(plans) == 2:
        before = cli._landscape(plans[0], max_bytes=max_bytes)
        after = cli._landscape(plans[1], max_bytes=max_bytes)
        # Named as given: two files may hold plans of one name.
        names = (plans[0], plans[1])
        found = diff_plans(before, after, on=args.on)
    else:
        path = plans[0] if plans else None
        plan = cli._landscape(path, cli.RESOLVE_SCENARIO, max_bytes=max_bytes)
        name = path or cli.RESOLVE_SCENARIO
        names = (name, name)
        found = diff_dates(plan, args.start, args.end, net=args.net)
    if args.format == "json":
        out.write(json.dumps(to_json(found, names), indent=2, ensure_ascii=False))
    else:
        out.write("\n".join(text_lines(found, names)))
    out.write("\n")
    return 0


def _check_usage(args: argparse.Namespace) -> None:
    """Refuse options that do not fit the number of plans, before reading any."""
    plans: list[str] = args.plans
    if len(plans) > 2:
        raise ParseError(
            "PLAN",
            plans[2],
            "one plan (with --from DATE --to DATE) or two plans to compare",
        )
    if len(plans) == 2:
        for option, value in (("--from", args.start), ("--to", args.end)):
            if value is not None:
                raise ParseError(
                    option,
                    value.isoformat(),
                    "no --from or --to with two plans (they are compared on "
                    "--on DATE, or on every day)",
                )
        if args.net:
            raise ParseError(
                "--net", "--net", "no --net with two plans (it compares two dates)"
            )
        return
    if args.on is not None:
        raise ParseError(
            "--on",
            args.on.isoformat(),
            "no --on with one plan (compare two of its dates with --from DATE "
            "--to DATE, or give two plans)",
        )
    for option, value in (("--from", args.start), ("--to", args.end)):
        if value is None:
            raise ParseError(
                option,
                None,
                "a date: with one plan, diff compares two dates (--from DATE "
                "--to DATE); or give two plans",
            )
    if args.end < args.start:
        raise ParseError(
            "--to",
            args.end.isoformat(),
            f"a date on or after --from ({args.start.isoformat()})",
        )


# -- words ---------------------------------------------------------------------------


def _words(value: str) -> str:
    """A kind's value in words: 'icb-delegation' is 'ICB delegation'."""
    if value == "co-commissioning":
        return value
    return " ".join(_CAPITALS.get(w, w) for w in value.split("-")).replace(
        "NHS england", "NHS England"
    )


def _kind_words(kind: CommissionerKind, count: int) -> str:
    """'ICB' or 'ICBs', as ``count`` needs; NHS England is one body."""
    words = _words(kind.value)
    if count == 1 or words == "NHS England":
        return words
    if words.endswith("y"):
        return words[:-1] + "ies"
    return words + "s"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _codes(codes: tuple[str, ...]) -> str:
    """Up to :data:`SHOWN` codes, then 'and N more'."""
    shown = ", ".join(codes[:SHOWN])
    rest = len(codes) - SHOWN
    return shown + (f" and {rest:,} more" if rest > 0 else "")


def _side_words(aspect: ChangeAspect, side: ChangeSide) -> str:
    if side.kind is None:
        return {
            ChangeAspect.COMMISSIONER: "no commissioner",
            ChangeAspect.PAYER: "no payer named",
            ChangeAspect.ACCOUNTABLE: "no accountable body",
        }[aspect]
    if aspect is not ChangeAspect.COMMISSIONER:
        return _words(side.kind.value)
    if side.arrangement is None:
        return f"{_words(side.kind.value)} (no arrangement)"
    return _words(side.arrangement.value)


def _what(change: ResponsibilityChange) -> str:
    """'joint committee → ICB delegation', saying what moved when kinds do not."""
    was = _side_words(change.aspect, change.before)
    now = _side_words(change.aspect, change.after)
    if was != now:
        return f"{was} → {now}"
    other = "bodies" if change.before.bodies != change.after.bodies else "arrangements"
    return f"{was} → {now} (other {other})"


def _when(change: ResponsibilityChange) -> str:
    if change.start is None:
        return ""
    if change.end is None:
        return f"from {change.start}, "
    if change.end == LAST_DAY:
        return f"from {change.start} on, "
    return f"{change.start} to {change.end}, "


def _where(change: ResponsibilityChange) -> str:
    places = _plural(len(change.places), "place")
    if not change.areas:
        return places
    if len(change.area_kinds) == 1:
        areas = _kind_words(change.area_kinds[0], len(change.areas))
    else:
        areas = "bodies" if len(change.areas) != 1 else "body"
    return f"{places} of {len(change.areas):,} {areas}"


def _side_line(label: str, side: ChangeSide) -> str:
    if side.kind is None or not side.bodies:
        return f"    {label}: none"
    what = _kind_words(side.kind, len(side.bodies))
    count = "" if len(side.bodies) == 1 else f"{len(side.bodies):,} "
    return f"    {label}: {count}{what}: {_codes(side.bodies)}"


def _change_lines(change: ResponsibilityChange, labels: tuple[str, str]) -> list[str]:
    return [
        (
            f"  {_when(change)}{_plural(len(change.services), 'service')} in "
            f"{_where(change)}: {_what(change)}"
        ),
        f"    services: {_codes(change.services)}",
        f"    places: {_codes(change.places)}",
        _side_line(labels[0], change.before),
        _side_line(labels[1], change.after),
    ]


def _heading(found: PlanDiff, names: tuple[str, str]) -> list[str]:
    if found.start is not None:
        if found.net:
            what = f"net: the answers on {found.start} against those on {found.end}"
        else:
            what = f"changes after {found.start}, up to and including {found.end}"
        return [f"speccom diff: {names[0]}, {what}"]
    when = "every day" if found.on is None else f"on {found.on}"
    lines = [f"speccom diff: {names[0]} → {names[1]}, {when}"]
    for name, services, places in (
        (names[0], found.services_only_before, found.places_only_before),
        (names[1], found.services_only_after, found.places_only_after),
    ):
        if services:
            lines.append(
                f"Only in {name}: {_plural(len(services), 'service')} "
                f"({_codes(services)}), not compared"
            )
        if places:
            lines.append(
                f"Only in {name}: {_plural(len(places), 'place')} "
                f"({_codes(places)}), not compared"
            )
    return lines


def text_lines(found: PlanDiff, names: tuple[str, str]) -> list[str]:
    """The diff as the command prints it, line by line."""
    lines = _heading(found, names)
    labels = ("before", "after") if found.start is not None else names
    for aspect in ChangeAspect:
        title = _TITLES[aspect]
        if aspect is not ChangeAspect.COMMISSIONER:
            title += " (where it does not move as the commissioner does)"
        changes = [c for c in found.changes if c.aspect is aspect]
        count = _plural(len(changes), "group") if changes else "no change"
        lines += ["", f"{title}: {count}"]
        for change in changes:
            lines += _change_lines(change, labels)
    lines += ["", *_money_heading(found)]
    for year in found.money:
        lines += _year_lines(year, labels)
    return lines


# -- money ---------------------------------------------------------------------------


def _money_heading(found: PlanDiff) -> list[str]:
    if found.start is not None and found.end is not None:
        first = FinancialYear.containing(found.start)
        last = FinancialYear.containing(found.end)
        if first == last:
            return [
                f"Money: no change ({found.start} and {found.end} are both in {first})"
            ]
        what = f"Money, {first} against {last}"
    else:
        what = "Money by year"
    return [f"{what}: no change" if not found.money else f"{what}:"]


def _exact(money: Money | None, *, missing: str = "-") -> str:
    return missing if money is None else format_money(money, exact=True)


def _signed(money: Money | None) -> str:
    if money is None:
        return "-"
    text = format_money(money, exact=True)
    return "+" + text if money.pounds > 0 else text


def _year_lines(year: YearMoneyChange, labels: tuple[str, str]) -> list[str]:
    from speccom_model import cli  # noqa: PLC0415 - cli imports this module

    if year.before_year == year.after_year:
        # Two plans, year by year: the plans' names head the columns.
        lines = ["", f"  {year.before_year}"]
    else:
        # Two days of one plan: one year against another, named in the heading.
        labels = (str(year.before_year), str(year.after_year))
        lines = [""]
    outturns = any(
        b.before_outturn is not None or b.after_outturn is not None for b in year.bodies
    )
    if year.bodies:
        rows = [["Body", "Name", labels[0], labels[1], "Change"]]
        if outturns:
            rows[0] += [f"Outturn {labels[0]}", f"Outturn {labels[1]}", "Change"]
        for b in year.bodies:
            # A side whose plan records no money for the year is unknown, not "-".
            was = "-" if b.before_known else "unknown"
            now = "-" if b.after_known else "unknown"
            row = [
                b.code,
                b.name,
                _exact(b.before, missing=was),
                _exact(b.after, missing=now),
                _signed(b.difference),
            ]
            if outturns:
                row += [
                    _exact(b.before_outturn, missing=was),
                    _exact(b.after_outturn, missing=now),
                    _signed(b.outturn_difference),
                ]
            rows.append(row)
        lines += cli._table(rows, right=set(range(2, len(rows[0]))))
        lines.append("")
    totals = [["Total", labels[0], labels[1], "Change"]]
    words = {
        "allocation": "National allocation",
        "retained": "Retained by NHS England",
        "delegated": "Delegated to other bodies",
        "pooled": "Pooled by NHS England",
    }
    for name, change in year.totals.items():
        totals.append(
            [
                words[name],
                _exact(change.before, missing="unknown"),
                _exact(change.after, missing="unknown"),
                _signed(change.difference),
            ]
        )
    lines += cli._table(totals, right={1, 2, 3})
    return lines


# -- JSON ----------------------------------------------------------------------------


def _amount(money: Money | None) -> str | None:
    """Exact pounds and pence, as text: '1234.56' (``None`` stays null)."""
    return None if money is None else str(json_cell(ColumnKind.MONEY, money))


def _day(day: dt.date | None) -> str | None:
    return None if day is None else str(json_cell(ColumnKind.DATE, day))


def _side_json(side: ChangeSide) -> dict[str, Any]:
    return {
        "arrangement": None if side.arrangement is None else side.arrangement.value,
        "kind": None if side.kind is None else side.kind.value,
        "bodies": list(side.bodies),
        "arrangements": list(side.arrangements),
    }


def _change_json(change: ResponsibilityChange) -> dict[str, Any]:
    return {
        "aspect": change.aspect.value,
        "start": _day(change.start),
        "end": _day(change.end),
        "before": _side_json(change.before),
        "after": _side_json(change.after),
        "services": list(change.services),
        "places": list(change.places),
        "areas": list(change.areas),
        "area_kinds": [k.value for k in change.area_kinds],
        "counts": {
            "services": len(change.services),
            "places": len(change.places),
            "areas": len(change.areas),
            "before_bodies": len(change.before.bodies),
            "after_bodies": len(change.after.bodies),
        },
    }


def _money_json(change: MoneyChange) -> dict[str, Any]:
    return {
        "before": _amount(change.before),
        "after": _amount(change.after),
        "difference": _amount(change.difference),
    }


def _year_json(year: YearMoneyChange) -> dict[str, Any]:
    return {
        "before_year": str(year.before_year),
        "after_year": str(year.after_year),
        "bodies": [
            {
                "code": b.code,
                "name": b.name,
                "before": _amount(b.before),
                "after": _amount(b.after),
                "difference": _amount(b.difference),
                "before_outturn": _amount(b.before_outturn),
                "after_outturn": _amount(b.after_outturn),
                "outturn_difference": _amount(b.outturn_difference),
                "before_known": b.before_known,
                "after_known": b.after_known,
            }
            for b in year.bodies
        ],
        "totals": {name: _money_json(t) for name, t in year.totals.items()},
    }


def to_json(found: PlanDiff, names: tuple[str, str]) -> dict[str, Any]:
    """The diff as ``--format json`` writes it."""
    return {
        "mode": "dates" if found.start is not None else "plans",
        "before": names[0],
        "after": names[1],
        "from": _day(found.start),
        "to": _day(found.end),
        "net": found.net,
        "on": _day(found.on),
        "only_in_before": {
            "services": list(found.services_only_before),
            "places": list(found.places_only_before),
        },
        "only_in_after": {
            "services": list(found.services_only_after),
            "places": list(found.places_only_after),
        },
        "changes": [_change_json(c) for c in found.changes],
        "money": [_year_json(y) for y in found.money],
    }
