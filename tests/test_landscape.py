"""Landscape: references checked at construction, successions, queries."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from speccom_model import (
    Allocation,
    Baseline,
    Budget,
    BudgetLine,
    CatalogueChange,
    ChangeAction,
    CommissionerKind,
    Contribution,
    DuplicateCodeError,
    FinancialYear,
    InvalidValueError,
    Membership,
    Period,
    Place,
    PlanningBoard,
    PooledBudget,
    ProposedChange,
    Succession,
    SuccessionKind,
    UnknownReferenceError,
    gbp,
    persons,
)
from tests.objects import code_of
from tests.rules.builders import (
    DELEGATION,
    YEAR,
    adding,
    body,
    clean,
    place,
    succeeding,
    with_arrangement,
)


def _pool(
    host: str = "QE1",
    contributor: str = "QE1",
    services: frozenset[str] = frozenset({"1"}),
) -> PooledBudget:
    """A 2024-25 pool of service 1, hosted and funded by QE1 unless told."""
    return PooledBudget(
        code="P1",
        year=YEAR,
        host=host,
        contributions=[Contribution(contributor=contributor, amount=gbp("£1"))],
        services=services,
    )


class TestReferences:
    @pytest.mark.parametrize(
        ("changes", "path", "code"),
        [
            ({"receiver": "QXX"}, r"arrangements\[0\]\.receiver", "QXX"),
            ({"services": {"1", "99"}}, r"arrangements\[0\]\.services", "99"),
            ({"places": {"Q99"}}, r"arrangements\[0\]\.places", "Q99"),
        ],
    )
    def test_an_arrangement_naming_the_unknown_is_refused_naming_it(
        self, changes: dict[str, object], path: str, code: str
    ) -> None:
        """The error names the field path and the code."""
        with pytest.raises(UnknownReferenceError, match=f"^{path}: .*'{code}'"):
            with_arrangement(clean(), **changes)

    @pytest.mark.parametrize(
        ("field", "item", "path"),
        [
            (
                "budgets",
                Budget(holder="Q99", year=YEAR, lines=[]),
                r"budgets\[2\]\.holder",
            ),
            (
                "budgets",
                Budget(
                    holder="X24",
                    year=FinancialYear(2030),
                    lines=[BudgetLine(service="99", allocation=gbp("£1"))],
                ),
                r"budgets\[2\]\.lines\[0\]\.service",
            ),
            (
                "budgets",
                Budget(
                    holder="X24",
                    year=FinancialYear(2030),
                    lines=[BudgetLine(service="1", allocation=gbp("£1"), place="Q99")],
                ),
                r"budgets\[2\]\.lines\[0\]\.place",
            ),
            (
                "baselines",
                Baseline(service="1", place="Q99", year=YEAR, amount=gbp("£1")),
                r"baselines\[1\]\.place",
            ),
            (
                "baselines",
                Baseline(service="99", place="QE1", year=YEAR, amount=gbp("£1")),
                r"baselines\[1\]\.service",
            ),
            (
                "places",
                Place(
                    code="P9",
                    name="P",
                    population=persons(1),
                    memberships=[
                        Membership(
                            commissioner="Q99", period=Period(start=dt.date(2022, 7, 1))
                        )
                    ],
                ),
                r"places\[3\]\.memberships\[0\]\.commissioner",
            ),
            (
                "planning_boards",
                PlanningBoard(
                    code="PB",
                    name="B",
                    led_by="Q99",
                    period=Period(start=dt.date(2019, 4, 1)),
                ),
                r"planning_boards\[0\]\.led_by",
            ),
            (
                "planning_boards",
                PlanningBoard(
                    code="PB",
                    name="B",
                    led_by="Y62",
                    advisers={"Q99"},
                    period=Period(start=dt.date(2019, 4, 1)),
                ),
                r"planning_boards\[0\]\.advisers",
            ),
            (
                "successions",
                Succession(
                    predecessor="Q99",
                    successor="QE1",
                    effective=dt.date(2023, 1, 1),
                    kind=SuccessionKind.MERGER,
                ),
                r"successions\[1\]\.predecessor",
            ),
            (
                "proposed_changes",
                ProposedChange(
                    change=CatalogueChange(
                        action=ChangeAction.REMOVE,
                        code="99",
                        effective=dt.date(2025, 4, 1),
                    )
                ),
                r"proposed_changes\[0\]\.change\.code",
            ),
            (
                "commissioners",
                body("QZZ", CommissionerKind.ICB, region="Y99"),
                r"commissioners\[8\]\.region",
            ),
            (
                "commissioners",
                body("SLP", CommissionerKind.PROVIDER_COLLABORATIVE, lead="R99"),
                r"commissioners\[8\]\.lead",
            ),
            (
                "commissioners",
                body("JC1", CommissionerKind.JOINT_COMMITTEE, members={"QE1", "Q99"}),
                r"commissioners\[8\]\.members",
            ),
            (
                "planning_boards",
                PlanningBoard(
                    code="PB",
                    name="B",
                    led_by="Y62",
                    decision_makers={"Q99"},
                    period=Period(start=dt.date(2019, 4, 1)),
                ),
                r"planning_boards\[0\]\.decision_makers",
            ),
            (
                "planning_boards",
                PlanningBoard(
                    code="PB",
                    name="B",
                    led_by="Y62",
                    services={"1", "99"},
                    period=Period(start=dt.date(2019, 4, 1)),
                ),
                r"planning_boards\[0\]\.services",
            ),
            (
                "pooled_budgets",
                _pool(host="Q99"),
                r"pooled_budgets\[0\]\.host",
            ),
            (
                "pooled_budgets",
                _pool(contributor="Q99"),
                r"pooled_budgets\[0\]\.contributions\[0\]\.contributor",
            ),
            (
                "pooled_budgets",
                _pool(services=frozenset({"99"})),
                r"pooled_budgets\[0\]\.services",
            ),
        ],
    )
    def test_every_reference_is_checked(
        self, field: str, item: object, path: str
    ) -> None:
        """Nothing in a landscape may name what is not there."""
        with pytest.raises(UnknownReferenceError, match=f"^{path}: "):
            adding(clean(), **{field: [item]})

    def test_of_several_unknown_codes_the_first_in_order_is_named(self) -> None:
        """The same code is named whatever order a set iterates in."""
        with pytest.raises(UnknownReferenceError, match="got '97'"):
            with_arrangement(clean(), services={"1", "99", "98", "97"})

    def test_a_pooled_budget_arrangement_names_a_known_pool(self) -> None:
        """The pool must exist."""
        from speccom_model import ArrangementKind

        with pytest.raises(UnknownReferenceError, match="pooled_budget"):
            with_arrangement(
                clean(), kind=ArrangementKind.POOLED_BUDGET, pooled_budget="P9"
            )


class TestUniqueness:
    @pytest.mark.parametrize(
        ("field", "item", "path"),
        [
            (
                "commissioners",
                body("QE1", CommissionerKind.ICB),
                r"commissioners\[8\]\.code",
            ),
            ("places", place("QE1", 1, "QE1"), r"places\[3\]\.code"),
            ("arrangements", DELEGATION, r"arrangements\[1\]\.id"),
            (
                "allocations",
                Allocation(year=YEAR, amount=gbp("£1"), source="x"),
                r"allocations\[1\]\.kind",
            ),
            ("budgets", Budget(holder="QE1", year=YEAR, lines=[]), r"budgets\[2\]"),
            (
                "baselines",
                Baseline(service="1", place="QE1", year=YEAR, amount=gbp("£1")),
                r"baselines\[1\]",
            ),
            (
                "proposed_changes",
                ProposedChange(
                    change=CatalogueChange(
                        action=ChangeAction.ADD,
                        code="1",
                        effective=dt.date(2025, 4, 1),
                        service=clean().service("1"),
                    )
                ),
                r"proposed_changes\[0\]",
            ),
        ],
    )
    def test_duplicates_are_refused(self, field: str, item: object, path: str) -> None:
        """Codes tell things apart."""
        with pytest.raises(DuplicateCodeError, match=f"^{path}"):
            adding(clean(), **{field: [item]})

    def test_exactly_one_nhs_england(self) -> None:
        """Every landscape has one NHS England: none or two is refused."""
        landscape = clean()
        without = [b for b in landscape.commissioners if b.code != "X24"]

        with pytest.raises(InvalidValueError, match="exactly one NHS England"):
            attrs.evolve(
                landscape,
                commissioners=without,
                arrangements=(),
                budgets=(),
                baselines=(),
            )
        with pytest.raises(InvalidValueError, match="exactly one NHS England"):
            adding(landscape, commissioners=[body("X25", CommissionerKind.NHS_ENGLAND)])

    def test_succession_loops_cannot_be_built(self) -> None:
        """00C -> QHM -> 00C: the body it loops back to closed before."""
        loop = Succession(
            predecessor="QHM",
            successor="00C",
            effective=dt.date(2023, 1, 1),
            kind=SuccessionKind.RENAME,
        )

        with pytest.raises(
            InvalidValueError,
            match=r"^successions\[1\]\.successor: expected a successor that exists on "
            r"2023-01-01, .* got '00C \(exists from 2013-04-01 to 2022-07-01\)'",
        ):
            succeeding(clean(), loop)

    def test_items_must_be_of_their_type(self) -> None:
        """A string in the commissioners is refused with its index."""
        with pytest.raises(InvalidValueError, match=r"^commissioners\[8\]"):
            adding(clean(), commissioners=["QE1"])


class TestQueries:
    def test_responsible_commissioner(self) -> None:
        """The receiver in force; NHS England otherwise."""
        landscape = clean()

        assert (
            code_of(landscape.responsible_commissioner("1", "QE1", dt.date(2024, 4, 1)))
            == "QE1"
        )
        assert (
            code_of(
                landscape.responsible_commissioner("1", "QE1", dt.date(2024, 3, 31))
            )
            == "X24"
        )
        assert (
            code_of(landscape.responsible_commissioner("2", "QE1", dt.date(2024, 4, 1)))
            == "X24"
        )

    @pytest.mark.parametrize(("service", "where"), [("99", "QE1"), ("1", "Q99")])
    def test_unknown_codes_are_unknown_references(
        self, service: str, where: str
    ) -> None:
        """Queries name what they do not know."""
        with pytest.raises(UnknownReferenceError):
            clean().responsible_commissioner(service, where, dt.date(2024, 4, 1))

    def test_a_ccg_arrangement_passes_to_its_successor(self) -> None:
        """00C's co-commissioning is QHM's from 1 July 2022."""
        from speccom_model import ArrangementKind

        landscape = with_arrangement(
            clean(),
            kind=ArrangementKind.CO_COMMISSIONING,
            receiver="00C",
            services={"2"},
            places={"00C"},
            period=Period(start=dt.date(2015, 4, 1)),
            budget_transferred={},
            approvals=(),
        )

        assert (
            code_of(
                landscape.responsible_commissioner("2", "00C", dt.date(2022, 6, 30))
            )
            == "00C"
        )
        assert (
            code_of(landscape.responsible_commissioner("2", "00C", dt.date(2022, 7, 1)))
            == "QHM"
        )
        assert landscape.commissioner_of("00C", dt.date(2022, 7, 1)).code == "QHM"  # type: ignore[union-attr]

    def test_a_chain_of_successions_is_followed(self) -> None:
        """00C -> QHM (2022) -> QE1 (2025)."""
        later = Succession(
            predecessor="QHM",
            successor="QE1",
            effective=dt.date(2025, 4, 1),
            kind=SuccessionKind.MERGER,
        )
        landscape = succeeding(clean(), later)

        assert landscape.body_on("00C", dt.date(2025, 4, 1)).code == "QE1"  # type: ignore[union-attr]
        assert landscape.body_on("00C", dt.date(2024, 4, 1)).code == "QHM"  # type: ignore[union-attr]
        assert landscape.body_on("00C", dt.date(2010, 4, 1)) is None

    def test_a_split_needs_a_place_to_choose(self) -> None:
        """A split body's successor depends on where: the place's membership says."""
        split = [
            Succession(
                predecessor="00C",
                successor=to,
                effective=dt.date(2022, 7, 1),
                kind=SuccessionKind.SPLIT,
            )
            for to in ("QE1", "QHM")
        ]
        moved = Place(
            code="00C",
            name="Place 00C",
            population=persons(107_000),
            memberships=[
                Membership(
                    commissioner="00C",
                    period=Period(start=dt.date(2013, 4, 1), end=dt.date(2022, 7, 1)),
                ),
                Membership(
                    commissioner="QHM", period=Period(start=dt.date(2022, 7, 1))
                ),
            ],
        )
        landscape = clean()
        landscape = attrs.evolve(
            landscape,
            successions=split,
            places=[moved if p.code == "00C" else p for p in landscape.places],
        )

        assert landscape.body_on("00C", dt.date(2023, 1, 1)) is None
        assert landscape.body_on("00C", dt.date(2023, 1, 1), place="00C").code == "QHM"  # type: ignore[union-attr]

    def test_a_closure_leaves_no_successor(self) -> None:
        """Closed without successor: responsibility returns to NHS England."""
        closure = Succession(
            predecessor="QE1",
            successor=None,
            effective=dt.date(2025, 4, 1),
            kind=SuccessionKind.CLOSURE,
        )
        landscape = succeeding(clean(), closure)

        assert (
            code_of(landscape.responsible_commissioner("1", "QE1", dt.date(2025, 4, 1)))
            == "X24"
        )

    def test_arrangements_on(self) -> None:
        """In force on the day, in id order."""
        assert [a.id for a in clean().arrangements_on(dt.date(2024, 4, 1))] == ["A1"]
        assert clean().arrangements_on(dt.date(2024, 3, 31)) == ()

    def test_budget_by_commissioner(self) -> None:
        """Totals per holder for a year."""
        assert clean().budget_by_commissioner(YEAR) == {
            "QE1": gbp("£12m"),
            "X24": gbp("£88m"),
        }
        assert clean().budget_by_commissioner(FinancialYear(2030)) == {}

    def test_joint_planning_candidates(self) -> None:
        """Under 10 million and not highly specialised."""
        assert [s.code for s in clean().joint_planning_candidates()] == ["1", "2"]

    def test_the_index_is_not_part_of_equality(self) -> None:
        """Two equal landscapes are equal and hash equal."""
        assert clean() == clean()
        assert hash(clean()) == hash(clean())

    def test_lookups(self) -> None:
        """By code, or an UnknownReferenceError."""
        landscape = clean()

        assert (
            landscape.nhs_england.code,
            landscape.place("QE1").code,
            landscape.arrangement("A1").id,
        ) == ("X24", "QE1", "A1")
        assert landscape.baseline("1", "QE1", YEAR) == gbp("£12m")
        assert landscape.allocation(YEAR) is not None
        assert landscape.budget("QE1", YEAR) is not None
        with pytest.raises(UnknownReferenceError):
            landscape.arrangement("A9")
        with pytest.raises(UnknownReferenceError):
            landscape.pooled_budget("P9")

    def test_places_refuse_overlapping_memberships(self) -> None:
        """A place belongs to one body at a time."""
        with pytest.raises(InvalidValueError, match="memberships"):
            Place(
                code="P",
                name="P",
                population=persons(1),
                memberships=[
                    Membership(
                        commissioner="A", period=Period(start=dt.date(2020, 1, 1))
                    ),
                    Membership(
                        commissioner="B", period=Period(start=dt.date(2021, 1, 1))
                    ),
                ],
            )


class TestSuccession:
    def test_closure_has_no_successor_and_others_need_one(self) -> None:
        """The kinds decide."""
        with pytest.raises(InvalidValueError):
            Succession(
                predecessor="A",
                successor="B",
                effective=dt.date(2022, 7, 1),
                kind=SuccessionKind.CLOSURE,
            )
        with pytest.raises(InvalidValueError):
            Succession(
                predecessor="A",
                successor="A",
                effective=dt.date(2022, 7, 1),
                kind=SuccessionKind.RENAME,
            )


class TestSuccessionsFollowed:
    """successions_followed: the records body_on passes through, in order."""

    def test_none_while_the_body_exists(self) -> None:
        """QE1 itself holds its functions."""
        assert clean().successions_followed("QE1", dt.date(2024, 4, 1)) == ()

    def test_a_merger_is_followed_to_its_successor(self) -> None:
        """00C became part of QHM on 1 July 2022."""
        landscape = clean()
        (merger,) = landscape.successions_of("00C")

        assert landscape.successions_followed("00C", dt.date(2022, 6, 30)) == ()
        assert landscape.successions_followed("00C", dt.date(2022, 7, 1)) == (merger,)

    def test_a_chain_is_followed_in_order(self) -> None:
        """00C to QHM, then QHM to QN1: two records, the last reaching body_on."""
        day = dt.date(2026, 4, 1)
        landscape = succeeding(
            adding(
                clean(),
                commissioners=[body("QN1", CommissionerKind.ICB, Period(start=day))],
            ),
            Succession(
                predecessor="QHM",
                successor="QN1",
                effective=day,
                kind=SuccessionKind.RENAME,
            ),
        )

        chain = landscape.successions_followed("00C", day)

        assert [(s.predecessor, s.successor) for s in chain] == [
            ("00C", "QHM"),
            ("QHM", "QN1"),
        ]
        assert code_of(landscape.body_on("00C", day)) == "QN1"

    def test_a_closure_ends_the_chain_with_its_record(self) -> None:
        """body_on is None; the closure says why."""
        day = dt.date(2025, 4, 1)
        closure = Succession(
            predecessor="QE1", effective=day, kind=SuccessionKind.CLOSURE
        )
        landscape = succeeding(clean(), closure)

        assert landscape.body_on("QE1", day) is None
        assert landscape.successions_followed("QE1", day) == (closure,)

    def test_a_split_is_followed_by_the_places_membership(self) -> None:
        """The successor the place belongs to; with no place, the split unfollowed."""
        day = dt.date(2025, 4, 1)
        splits = [
            Succession(
                predecessor="QE1",
                successor=code,
                effective=day,
                kind=SuccessionKind.SPLIT,
            )
            for code in ("QA1", "QA2")
        ]
        landscape = succeeding(
            adding(
                clean(),
                commissioners=[
                    body(code, CommissionerKind.ICB, Period(start=day))
                    for code in ("QA1", "QA2")
                ],
                places=[place("PA2", 1_000, "QA2", Period(start=day))],
            ),
            *splits,
        )

        assert landscape.successions_followed("QE1", day, place="PA2") == (splits[1],)
        assert landscape.successions_followed("QE1", day) == (
            landscape.unfollowed_split("QE1", day),
        )

    def test_an_unknown_code_or_a_wrong_day_is_refused(self) -> None:
        """As body_on refuses them."""
        with pytest.raises(UnknownReferenceError):
            clean().successions_followed("Q99", dt.date(2024, 4, 1))
        with pytest.raises(InvalidValueError):
            clean().successions_followed("QE1", "2024-04-01")  # type: ignore[arg-type]


class TestMembershipOn:
    """membership_on: the membership commissioner_of starts from."""

    def test_the_latest_begun_on_or_before_the_day(self) -> None:
        """00C's own membership, even after it ended: successions take over."""
        landscape = clean()
        (membership,) = landscape.place("00C").memberships

        assert landscape.membership_on("00C", dt.date(2013, 3, 31)) is None
        assert landscape.membership_on("00C", dt.date(2013, 4, 1)) == membership
        assert landscape.membership_on("00C", dt.date(2024, 4, 1)) == membership
        assert code_of(landscape.commissioner_of("00C", dt.date(2024, 4, 1))) == "QHM"

    def test_an_unknown_place_is_refused(self) -> None:
        """Named as a place."""
        with pytest.raises(UnknownReferenceError, match="place"):
            clean().membership_on("Q99", dt.date(2024, 4, 1))
