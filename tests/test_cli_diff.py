"""speccom diff: what changed, as text and as JSON."""

from __future__ import annotations

import datetime as dt
import io as text_io
import json
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
import pytest

from speccom_model import (
    ArrangementKind,
    CommissionerKind,
    DelegationArrangement,
    FinancialYear,
    Landscape,
    format_money,
    gbp,
    io,
    scenarios,
)
from speccom_model._cli_diff import SHOWN, _kind_words, _words
from speccom_model.catalogue import manual_number_order
from speccom_model.cli import main

if TYPE_CHECKING:
    from pathlib import Path

NEWEST = scenarios.names()[-1]
APRIL_2024 = dt.date(2024, 4, 1)
#: Exact pounds and pence, as JSON gives money.
AMOUNT = re.compile(r"-?[0-9]+\.[0-9]{2}")


@pytest.fixture(scope="module")
def england() -> Landscape:
    return scenarios.england_2024_25()


@pytest.fixture(scope="module")
def april_2024_text() -> str:
    status, text = run(
        "diff", "england_2024_25", "--from", "2024-03-31", "--to", "2024-04-01"
    )
    assert status == 0
    return text


@pytest.fixture(scope="module")
def april_2024_json() -> dict[str, Any]:
    return diff_json("england_2024_25", "--from", "2024-03-31", "--to", "2024-04-01")


def run(*args: str) -> tuple[int, str]:
    out = text_io.StringIO()
    status = main(list(args), out=out)
    return status, out.getvalue()


def diff_json(*args: str) -> dict[str, Any]:
    status, text = run("diff", *args, "--format", "json")
    assert status == 0
    data = json.loads(text)
    assert isinstance(data, dict)
    return data


def _delegations(landscape: Landscape) -> list[DelegationArrangement]:
    """The ICB delegations that begin on 1 April 2024."""
    return [
        a
        for a in landscape.arrangements
        if a.kind is ArrangementKind.ICB_DELEGATION and a.period.start == APRIL_2024
    ]


def _shown(codes: list[str]) -> str:
    rest = len(codes) - SHOWN
    return ", ".join(codes[:SHOWN]) + (f" and {rest} more" if rest > 0 else "")


class TestTwoDatesAsText:
    def test_each_group_reads_day_counts_and_kinds(
        self, england: Landscape, april_2024_text: str
    ) -> None:
        """From its day: services, places and ICBs, then the kinds before and after."""
        delegations = _delegations(england)
        services = {s for a in delegations for s in a.services}
        places = {p for a in delegations for p in a.places}
        icbs = {a.receiver for a in delegations}
        lines = april_2024_text.splitlines()

        assert lines[0] == (
            "speccom diff: england_2024_25, changes after 2024-03-31, up to and "
            "including 2024-04-01"
        )
        assert (
            f"  from 2024-04-01, {len(services)} services in {len(places)} places "
            f"of {len(icbs)} ICBs: joint committee → ICB delegation"
        ) in lines
        assert (
            f"  from 2024-04-01, {len(services)} services in {len(places)} places "
            f"of {len(icbs)} ICBs: NHS England → ICB"
        ) in lines
        assert (
            "Accountable body (where it does not move as the commissioner does): "
            "no change"
        ) in lines

    def test_a_few_codes_are_shown_then_how_many_more(
        self, england: Landscape, april_2024_text: str
    ) -> None:
        """Services in the manual's order, bodies by code, five of each at most."""
        delegations = _delegations(england)
        services = sorted(
            {s for a in delegations for s in a.services}, key=manual_number_order
        )
        icbs = sorted({a.receiver for a in delegations})
        lines = april_2024_text.splitlines()

        assert f"    services: {_shown(services)}" in lines
        assert f"    after: {len(icbs)} ICBs: {_shown(icbs)}" in lines
        assert f"and {len(services) - SHOWN} more" in _shown(services)

    def test_money_compares_the_two_days_years_exactly(
        self, england: Landscape, april_2024_text: str
    ) -> None:
        """2023-24 records no money, 2024-25 the ICBs': unknown, then to the penny."""
        budgets = england.budget_by_commissioner(FinancialYear(2024))
        lines = april_2024_text.splitlines()

        assert "Money, 2023-24 against 2024-25:" in lines
        for code, amount in budgets.items():
            (row,) = [line for line in lines if line.startswith(f"  {code} ")]
            exact = format_money(amount, exact=True)
            assert row.split()[-3:] == ["unknown", exact, "-"]
        delegated = format_money(sum(budgets.values(), gbp("£0")), exact=True)
        assert f"  Delegated to other bodies  unknown  {delegated}       -" in lines

    def test_money_of_two_recorded_years_is_differenced_to_the_penny(self) -> None:
        """England 2019-20 records 2019-20 and 2020-21: each change is exact."""
        england = scenarios.england_2019_20()
        was = england.budget_by_commissioner(FinancialYear(2019))
        status, text = run(
            "diff", "england_2019_20", "--from", "2019-06-01", "--to", "2020-06-01"
        )
        lines = text.splitlines()

        assert status == 0
        for code, amount in was.items():
            (row,) = [line for line in lines if line.startswith(f"  {code} ")]
            exact = format_money(amount, exact=True)
            assert row.split()[-3:] == [exact, "-", "-" + exact]


class TestTwoDatesAsJson:
    def test_groups_carry_codes_as_lists_and_counts_as_numbers(
        self, england: Landscape, april_2024_json: dict[str, Any]
    ) -> None:
        """Dates ISO, codes in lists, counts as ints matching the lists."""
        delegations = _delegations(england)

        assert april_2024_json["mode"] == "dates"
        assert (april_2024_json["from"], april_2024_json["to"]) == (
            "2024-03-31",
            "2024-04-01",
        )
        assert april_2024_json["on"] is None
        assert april_2024_json["net"] is False
        first = april_2024_json["changes"][0]
        assert first["aspect"] == "commissioner"
        assert (first["start"], first["end"]) == ("2024-04-01", None)
        assert first["before"]["arrangement"] == "joint-committee"
        assert first["after"]["arrangement"] == "icb-delegation"
        assert first["after"]["kind"] == "icb"
        assert set(first["after"]["bodies"]) == {a.receiver for a in delegations}
        assert set(first["after"]["arrangements"]) == {a.id for a in delegations}
        for change in april_2024_json["changes"]:
            counts = change["counts"]
            assert counts == {
                "services": len(change["services"]),
                "places": len(change["places"]),
                "areas": len(change["areas"]),
                "before_bodies": len(change["before"]["bodies"]),
                "after_bodies": len(change["after"]["bodies"]),
            }
            assert all(isinstance(n, int) for n in counts.values())

    def test_money_is_exact_pounds_and_pence_as_text(
        self, april_2024_json: dict[str, Any]
    ) -> None:
        """Each amount a string such as '1234.56'; a year with none recorded null."""
        (year,) = april_2024_json["money"]

        assert (year["before_year"], year["after_year"]) == ("2023-24", "2024-25")
        assert year["bodies"]
        for body in year["bodies"]:
            assert body["before"] is None
            assert (body["before_known"], body["after_known"]) == (False, True)
            assert AMOUNT.fullmatch(body["after"])
            assert body["difference"] is None
        delegated = year["totals"]["delegated"]
        assert (delegated["before"], delegated["difference"]) == (None, None)
        assert Decimal(delegated["after"]) == sum(
            Decimal(b["after"]) for b in year["bodies"]
        )

    def test_each_difference_is_after_less_before(self) -> None:
        """Two recorded years: every difference exact, after less before."""
        found = diff_json(
            "england_2019_20", "--from", "2019-06-01", "--to", "2020-06-01"
        )
        (year,) = found["money"]

        for body in year["bodies"]:
            assert body["before_known"]
            assert body["after_known"]
            assert Decimal(body["difference"]) == Decimal(
                body["after"] or "0"
            ) - Decimal(body["before"] or "0")
        for total in year["totals"].values():
            assert AMOUNT.fullmatch(total["difference"])
            assert Decimal(total["difference"]) == Decimal(total["after"]) - Decimal(
                total["before"]
            )

    def test_a_plan_with_no_money_is_null_not_zero(self, tmp_path: Path) -> None:
        """Every amount taken out of a plan: its side is null, with no difference."""
        england = scenarios.england_2019_20()
        path = tmp_path / "nomoney.toml"
        io.dump(
            attrs.evolve(
                england,
                allocations=(),
                budgets=(),
                baselines=(),
                pooled_budgets=(),
                arrangements=tuple(
                    attrs.evolve(a, budget_transferred={})
                    for a in england.arrangements
                    if a.pooled_budget is None
                ),
            ),
            path,
        )

        found = diff_json("england_2019_20", str(path))
        status, text = run("diff", "england_2019_20", str(path))

        assert [y["before_year"] for y in found["money"]] == ["2019-20", "2020-21"]
        for year in found["money"]:
            for total in year["totals"].values():
                assert (total["after"], total["difference"]) == (None, None)
            for body in year["bodies"]:
                assert (body["after"], body["difference"]) == (None, None)
                assert body["after_known"] is False
        totals = [
            line
            for line in text.splitlines()
            if line.startswith(("  National", "  Retained", "  Delegated", "  Pooled"))
        ]
        assert status == 0
        assert len(totals) == 4 * 2
        assert all(line.split()[-2:] == ["unknown", "-"] for line in totals)

    def test_net_compares_the_two_days_answers(self) -> None:
        """--net: no day per group, and net is true."""
        data = diff_json(
            "england_2024_25", "--from", "2023-03-31", "--to", "2025-04-01", "--net"
        )

        assert data["net"] is True
        assert [c["start"] for c in data["changes"]] == [None]
        assert data["changes"][0]["after"]["arrangement"] == "icb-delegation"

    def test_with_no_plan_the_newest_scenario_is_read(self) -> None:
        """As for table and resolve."""
        data = diff_json("--from", "2025-03-31", "--to", "2025-04-01")

        assert data["before"] == data["after"] == NEWEST


class TestTwoPlans:
    def test_text_names_both_plans_and_what_only_one_has(self) -> None:
        """Services the first plan lacks are listed, not compared."""
        before = {s.code for s in scenarios.england_2024_25().catalogue}
        after = sorted(
            {s.code for s in scenarios.england_2025_26().catalogue} - before,
            key=manual_number_order,
        )

        status, text = run("diff", "england_2024_25", "england_2025_26")

        lines = text.splitlines()
        assert status == 0
        assert lines[0] == "speccom diff: england_2024_25 → england_2025_26, every day"
        assert lines[1] == (
            f"Only in england_2025_26: {len(after)} services ({_shown(after)}), "
            "not compared"
        )
        assert any(line.startswith("  from 2025-04-01 on, ") for line in lines)

    def test_json_on_a_day(self) -> None:
        """--on: the day compared, groups without days, lists of unmatched codes."""
        before = {s.code for s in scenarios.england_2024_25().catalogue}
        after = {s.code for s in scenarios.england_2025_26().catalogue}

        data = diff_json("england_2024_25", "england_2025_26", "--on", "1/4/2025")

        assert (data["mode"], data["on"], data["from"]) == ("plans", "2025-04-01", None)
        assert set(data["only_in_after"]["services"]) == after - before
        assert data["only_in_before"] == {"services": [], "places": []}
        assert {(c["start"], c["end"]) for c in data["changes"]} == {(None, None)}
        assert [m["before_year"] for m in data["money"]] == ["2025-26"]

    def test_a_plan_file_against_its_scenario_is_no_change(
        self, tmp_path: Path
    ) -> None:
        """A path is read as a file; written from the scenario, it is the scenario."""
        path = tmp_path / "plan.toml"
        path.write_text(io.dumps(scenarios.england_2024_25()), encoding="utf-8")

        data = diff_json(str(path), "england_2024_25")
        status, text = run("diff", str(path), "england_2024_25")

        assert (data["changes"], data["money"]) == ([], [])
        assert status == 0
        assert "Commissioner: no change" in text.splitlines()
        assert "Money by year: no change" in text.splitlines()


class TestErrors:
    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (
                ["england_2024_25", "--from", "2025-04-01", "--to", "2024-04-01"],
                (
                    "speccom: error: --to: expected a date on or after --from "
                    "(2025-04-01), got '2024-04-01'"
                ),
            ),
            (
                ["england_2099", "--from", "2024-04-01", "--to", "2025-04-01"],
                (
                    "speccom: error: file: expected a readable file (No such file "
                    "or directory) or a scenario name ("
                ),
            ),
            (["a", "b", "c"], "speccom: error: PLAN: expected one plan"),
            (
                ["england_2024_25"],
                "speccom: error: --from: expected a date: with one plan",
            ),
            (
                ["england_2024_25", "--from", "2024-04-01"],
                "speccom: error: --to: expected a date: with one plan",
            ),
            (
                ["england_2024_25", "england_2025_26", "--to", "2025-04-01"],
                "speccom: error: --to: expected no --from or --to with two plans",
            ),
            (
                ["england_2024_25", "england_2025_26", "--net"],
                "speccom: error: --net: expected no --net with two plans",
            ),
            (
                ["england_2024_25", "--on", "2024-04-01"],
                "speccom: error: --on: expected no --on with one plan",
            ),
        ],
    )
    def test_bad_usage_is_one_line_and_exit_2(
        self, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Nothing on standard output; the last line of standard error says why."""
        status, text = run("diff", *args)

        assert status == 2
        assert text == ""
        assert capsys.readouterr().err.splitlines()[-1].startswith(message)

    @pytest.mark.parametrize("option", ["--from", "--to"])
    def test_a_bad_date_is_a_usage_error_naming_its_option(
        self, option: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Read by the command's one date grammar, named by the option."""
        dates = {"--from": "2024-03-31", "--to": "2024-04-01", option: "2024-13-01"}
        with pytest.raises(SystemExit) as stopped:
            run("diff", "england_2024_25", *[x for kv in dates.items() for x in kv])

        assert stopped.value.code == 2
        assert (
            capsys.readouterr()
            .err.splitlines()[-1]
            .startswith(
                f"speccom: error: argument {option}: {option}: expected a date written as"
            )
        )


class TestMoreText:
    def test_a_receiver_of_the_same_kind_reads_as_other_bodies(
        self, england: Landscape, tmp_path: Path
    ) -> None:
        """ICB delegation on both sides: the line says the bodies differ."""
        arrangement = england.arrangement("DEL-QE1")
        other = next(
            c.code
            for c in england.commissioners
            if c.kind is CommissionerKind.ICB
            and c.code != arrangement.receiver
            and c.exists_on(APRIL_2024)
        )
        edited = attrs.evolve(
            england,
            arrangements=[
                attrs.evolve(a, receiver=other) if a.id == arrangement.id else a
                for a in england.arrangements
            ],
        )
        path = tmp_path / "edited.toml"
        path.write_text(io.dumps(edited), encoding="utf-8")

        status, text = run("diff", "england_2024_25", str(path), "--on", "2024-04-01")

        lines = text.splitlines()
        assert status == 0
        assert (
            f"  {len(arrangement.services)} services in {len(arrangement.places)} "
            f"places of 1 ICB: ICB delegation → ICB delegation (other bodies)"
        ) in lines
        assert f"    england_2024_25: ICB: {arrangement.receiver}" in lines
        assert f"    {path}: ICB: {other}" in lines

    def test_net_text_says_which_days_it_compares(self) -> None:
        """No day per group: the heading names the two days."""
        status, text = run(
            "diff",
            "england_2024_25",
            "--from",
            "2023-03-31",
            "--to",
            "2025-04-01",
            "--net",
        )

        lines = text.splitlines()
        assert status == 0
        assert lines[0] == (
            "speccom diff: england_2024_25, net: the answers on 2023-03-31 against "
            "those on 2025-04-01"
        )
        assert lines[3].startswith("  59 services in ")

    def test_two_days_of_one_year_have_no_money_to_compare(self) -> None:
        """The money of a year is compared with another year's only."""
        status, text = run(
            "diff", "england_2024_25", "--from", "2024-04-01", "--to", "2024-10-01"
        )

        assert status == 0
        assert text.splitlines()[-1] == (
            "Money: no change (2024-04-01 and 2024-10-01 are both in 2024-25)"
        )

    def test_places_one_plan_lacks_and_outturns_are_shown(self) -> None:
        """2013-14 has no places and an outturn; 2019-20 has CCGs and no outturn."""
        first = scenarios.england_2013_14()
        second = scenarios.england_2019_20()
        places = sorted(p.code for p in second.places)
        (budget,) = first.budgets

        status, text = run("diff", "england_2013_14", "england_2019_20")

        lines = text.splitlines()
        assert status == 0
        assert (
            f"Only in england_2019_20: {len(places)} places ({_shown(places)}), "
            "not compared"
        ) in lines
        headers = [line for line in lines if line.lstrip().startswith("Body ")]
        assert any("Outturn england_2013_14" in header for header in headers)
        assert budget.outturn is not None
        rows = [line for line in lines if line.startswith(f"  {budget.holder} ")]
        assert any(format_money(budget.outturn, exact=True) in row for row in rows)


class TestWords:
    @pytest.mark.parametrize(
        ("value", "words"),
        [
            ("icb-delegation", "ICB delegation"),
            ("joint-committee", "joint committee"),
            ("co-commissioning", "co-commissioning"),
            ("nhs-england-region", "NHS England region"),
            ("nhs-trust", "NHS trust"),
            ("ccg", "CCG"),
        ],
    )
    def test_kinds_read_as_the_field_writes_them(self, value: str, words: str) -> None:
        """Acronyms in capitals, the rest in lower case."""
        assert _words(value) == words

    @pytest.mark.parametrize(
        ("kind", "count", "words"),
        [
            (CommissionerKind.ICB, 2, "ICBs"),
            (CommissionerKind.ICB, 1, "ICB"),
            (CommissionerKind.LOCAL_AUTHORITY, 3, "local authorities"),
            (CommissionerKind.NHS_ENGLAND, 2, "NHS England"),
        ],
    )
    def test_plurals(self, kind: CommissionerKind, count: int, words: str) -> None:
        """One body, or several; NHS England is one body whatever the count."""
        assert _kind_words(kind, count) == words

    def test_every_kind_has_words(self) -> None:
        """No kind is left as its value with hyphens."""
        values = [k.value for k in (*ArrangementKind, *CommissionerKind)]

        assert all("-" not in _words(v) or v == "co-commissioning" for v in values)
