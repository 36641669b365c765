"""
Joint committees and ICB delegations: members, places and money.

Sources: NHS Act 2006 s.65Z5 (delegation to, and joint exercise with, ICBs);
SI 2022/642; NHS England, 'Arrangements for delegation and joint exercise of
statutory functions' (NHS England keeps the money under a joint committee).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speccom_model import (
    ArrangementKind,
    CommissionerKind,
    Landscape,
    Membership,
    Period,
    Place,
    check,
    gbp,
    persons,
)
from speccom_model.rules import rule
from tests.rules.builders import START, YEAR, adding, body, clean, with_arrangement

MEMBERS = [rule("SPC-BODY-005")]
MONEY = [rule("SPC-BODY-006")]
PLACES = [rule("SPC-COV-003")]
MOVE = dt.date(2025, 4, 1)


def moving_place() -> Place:
    """Place P1 belongs to QE1 until 31 March 2025, to QHM from 1 April 2025."""
    return Place(
        code="P1",
        name="Place P1",
        population=persons(300_000),
        memberships=[
            Membership(commissioner="QE1", period=Period(START, MOVE)),
            Membership(commissioner="QHM", period=Period(start=MOVE)),
        ],
    )


def to_committee(
    members: set[str],
    *,
    places: set[str] | frozenset[str] = frozenset({"QE1"}),
    money: str | None = None,
    start: dt.date = START,
) -> Landscape:
    """The clean plan, its one arrangement given to joint committee JC1."""
    committee = body(
        "JC1",
        CommissionerKind.JOINT_COMMITTEE,
        Period(start=dt.date(2022, 4, 1)),
        members=members,
    )
    landscape = adding(clean(), commissioners=[committee], places=[moving_place()])
    return with_arrangement(
        landscape,
        kind=ArrangementKind.JOINT_COMMITTEE,
        receiver="JC1",
        places=places,
        period=Period(start=start),
        budget_transferred={} if money is None else {YEAR: gbp(money)},
    )


class TestMembers:
    def test_nhs_england_and_an_icb_pass(self) -> None:
        """The lawful shape: NHS England with one ICB."""
        assert check(to_committee({"X24", "QE1"}), rules=MEMBERS).findings == ()

    @pytest.mark.parametrize(
        ("members", "missing"),
        [
            ({"QE1", "QHM"}, "do not include NHS England"),
            ({"X24", "RV5"}, "include no ICB"),
            ({"Y62", "RV5"}, "include neither NHS England nor an ICB"),
        ],
    )
    def test_a_committee_missing_a_party_is_an_error(
        self, members: set[str], missing: str
    ) -> None:
        """Both NHS England and an ICB are needed; the message lists the members."""
        (finding,) = check(to_committee(members), rules=MEMBERS)

        assert finding.code == "SPC-BODY-005"
        assert finding.subject == "A1"
        assert missing in finding.message
        assert ", ".join(sorted(members)) in finding.message
        assert str(START) in finding.message

    @pytest.mark.parametrize(
        ("start", "fires"),
        [(dt.date(2022, 6, 30), True), (dt.date(2022, 7, 1), False)],
    )
    def test_members_are_judged_on_the_arrangements_date(
        self, start: dt.date, fires: bool
    ) -> None:
        """CCG 00C merged into ICB QHM on 1 July 2022: an ICB member from then."""
        landscape = to_committee({"X24", "00C"}, start=start)

        findings = check(landscape, rules=MEMBERS).findings

        assert bool(findings) is fires
        if fires:
            assert "include no ICB" in findings[0].message

    def test_an_icb_delegation_is_not_judged(self) -> None:
        """Only arrangements received by a joint committee."""
        assert check(clean(), rules=MEMBERS).findings == ()


class TestMoney:
    def test_no_money_passes(self) -> None:
        """NHS England keeps the budget: nothing is transferred."""
        assert check(to_committee({"X24", "QE1"}), rules=MONEY).findings == ()

    def test_money_into_a_committee_is_an_error(self) -> None:
        """The amount and year are in the message."""
        (finding,) = check(to_committee({"X24", "QE1"}, money="£12m"), rules=MONEY)

        assert finding.code == "SPC-BODY-006"
        assert finding.subject == "A1"
        assert "£12m in 2024-25" in finding.message
        assert "JC1" in finding.message

    def test_a_zero_transfer_passes(self) -> None:
        """The boundary: £0 moves no money."""
        assert (
            check(to_committee({"X24", "QE1"}, money="£0"), rules=MONEY).findings == ()
        )

    def test_an_icb_delegation_may_move_money(self) -> None:
        """The ICB holds the money under s.65Z5 delegation."""
        assert check(clean(), rules=MONEY).findings == ()


class TestOwnPlaces:
    def test_an_icb_delegation_over_its_own_place_passes(self) -> None:
        assert check(clean(), rules=PLACES).findings == ()

    def test_an_icb_delegation_over_another_icbs_place_is_an_error(self) -> None:
        """QHM is not QE1's: the place and its owner are named."""
        landscape = with_arrangement(clean(), places={"QE1", "QHM"})

        (finding,) = check(landscape, rules=PLACES)

        assert finding.code == "SPC-COV-003"
        assert finding.subject == "A1"
        assert "covers 1 place(s) that do not belong to QE1" in finding.message
        assert "QHM (QHM)" in finding.message

    def test_a_place_of_nobody_is_an_error(self) -> None:
        """P1 belongs to no body before 1 April 2024."""
        landscape = with_arrangement(
            adding(clean(), places=[moving_place()]),
            places={"QE1", "P1"},
            period=Period(start=START - dt.timedelta(days=1)),
        )

        (finding,) = check(landscape, rules=PLACES)

        assert "P1 (nobody)" in finding.message

    def test_a_receiver_of_the_wrong_kind_is_left_to_spc_legal_003(self) -> None:
        """A trust receiving an icb-delegation is SPC-LEGAL-003's finding."""
        landscape = with_arrangement(clean(), receiver="RV5", places={"QHM"})

        assert check(landscape, rules=PLACES).findings == ()
        assert check(landscape).codes() >= {"SPC-LEGAL-003"}

    def test_a_committee_covers_its_member_icbs_places(self) -> None:
        landscape = to_committee({"X24", "QE1", "QHM"}, places={"QE1", "QHM"})

        assert check(landscape, rules=PLACES).findings == ()

    def test_a_committee_over_a_non_members_place_is_an_error(self) -> None:
        landscape = to_committee({"X24", "QE1"}, places={"QE1", "QHM"})

        (finding,) = check(landscape, rules=PLACES)

        assert "joint committee JC1's member ICBs (QE1)" in finding.message
        assert "QHM (QHM)" in finding.message

    @pytest.mark.parametrize(
        ("start", "fires"), [(MOVE - dt.timedelta(days=1), False), (MOVE, True)]
    )
    def test_the_day_a_place_moves(self, start: dt.date, fires: bool) -> None:
        """P1 is QE1's until 31 March 2025 and QHM's from 1 April 2025."""
        landscape = adding(clean(), places=[moving_place()])
        landscape = with_arrangement(
            landscape, places={"P1"}, period=Period(start), budget_transferred={}
        )

        findings = check(landscape, rules=PLACES).findings

        assert bool(findings) is fires
        if fires:
            assert "P1 (QHM)" in findings[0].message
            assert str(MOVE) in findings[0].message

    @pytest.mark.parametrize(
        ("on", "fires"), [(MOVE - dt.timedelta(days=1), False), (MOVE, True)]
    )
    def test_judged_on_a_day_after_the_move(self, on: dt.date, fires: bool) -> None:
        """Judged as the plan stands on ``on``: P1 has left QE1 by 1 April 2025."""
        landscape = adding(clean(), places=[moving_place()])
        landscape = with_arrangement(landscape, places={"P1"})

        assert bool(check(landscape, rules=PLACES, on=on).findings) is fires

    def test_many_places_are_listed_as_a_few_and_more(self) -> None:
        """Seven foreign places: five named, 'and 2 more'."""
        extra = [
            Place(
                code=f"Q{i}",
                name=f"Place Q{i}",
                population=persons(1000),
                memberships=[Membership(commissioner="QHM", period=Period(START))],
            )
            for i in range(7)
        ]
        landscape = with_arrangement(
            adding(clean(), places=extra), places={"QE1", *(p.code for p in extra)}
        )

        (finding,) = check(landscape, rules=PLACES)

        assert "covers 7 place(s)" in finding.message
        assert finding.message.endswith("and 2 more")


@given(st.sets(st.sampled_from(["QE1", "QHM", "P1"]), min_size=1))
def test_a_finding_names_exactly_the_foreign_places(places: set[str]) -> None:
    """An ICB delegation to QE1 in 2024-25 errs iff it covers a place not QE1's."""
    landscape = with_arrangement(
        adding(clean(), places=[moving_place()]), places=places
    )
    foreign = sorted(places - {"QE1", "P1"})

    findings = check(landscape, rules=PLACES).findings

    assert len(findings) == (1 if foreign else 0)
    for code in foreign:
        assert f"{code} ({code})" in findings[0].message
