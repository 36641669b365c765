"""why(): the chain of facts, with sources, behind the three answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from speccom_model import (
    ArrangementKind,
    CatalogueChange,
    ChangeAction,
    CommissionerKind,
    FinancialYear,
    InvalidValueError,
    Landscape,
    MinisterialSignOff,
    Period,
    Policy,
    PrescribedServices,
    Signatory,
    StatutoryFactor,
    Succession,
    SuccessionKind,
    UnknownReferenceError,
    Why,
    WhyStep,
    WhyStepKind,
    scenarios,
    why,
)
from speccom_model import _sources as src
from speccom_model.rules.legal import WHOLESALE
from tests.objects import code_of
from tests.rules.builders import (
    adding,
    body,
    clean,
    service,
    succeeding,
    with_arrangement,
)

ENGLAND_2024 = scenarios.england_2024_25()
ENGLAND_2019 = scenarios.england_2019_20()
JOINT_DAY = dt.date(2023, 4, 1)
ICB_DAY = dt.date(2024, 4, 1)


def kinds(chain: Why) -> list[str]:
    return [step.kind.value for step in chain.steps]


def one(chain: Why, kind: WhyStepKind) -> WhyStep:
    (step,) = chain.of_kind(kind)
    return step


def answers(chain: Why) -> tuple[str | None, ...]:
    return (
        code_of(chain.accountable),
        code_of(chain.commissioner),
        code_of(chain.payer),
    )


def same_answers(landscape: Landscape, chain: Why) -> bool:
    found = landscape.responsibility(chain.service, chain.place, chain.on)
    return chain.responsibility == found


class TestJointCommitteeDay:
    """1 April 2023: the North West joint committee commissions service 7."""

    CHAIN = why(ENGLAND_2024, "7", "01A", JOINT_DAY)

    def test_the_steps_come_in_order(self) -> None:
        """Service, place, arrangement, lawful, then the three answers."""
        assert kinds(self.CHAIN) == [
            "service",
            "place",
            "arrangement",
            "lawful",
            "accountable",
            "commissioner",
            "payer",
        ]

    def test_the_arrangement_is_the_joint_committee_with_its_legal_basis(
        self,
    ) -> None:
        """Its id, kind, receiver and period, cited to s.65Z5 and SI 2022/642."""
        arrangement = ENGLAND_2024.responsible_arrangement("7", "01A", JOINT_DAY)
        assert arrangement is not None
        step = one(self.CHAIN, WhyStepKind.ARRANGEMENT)

        assert step.data == {
            "arrangement": arrangement.id,
            "kind": "joint-committee",
            "receiver": arrangement.receiver,
            "start": arrangement.period.start,
            "end": arrangement.period.end,
            "covering": 1,
        }
        assert step.sources == ArrangementKind.JOINT_COMMITTEE.legal_basis

    def test_the_window_of_joint_committees_makes_it_lawful(self) -> None:
        """From 1 July 2022, with the law file's citations for the window."""
        window = Policy().arrangement_windows["joint-committee"]
        step = one(self.CHAIN, WhyStepKind.LAWFUL)

        assert step.data["lawful"] is True
        assert step.data["window_start"] == window.start
        assert step.sources == window.source

    def test_nhs_england_pays_and_stays_accountable(self) -> None:
        """A joint committee commissions; NHS England keeps the money and liability."""
        assert answers(self.CHAIN) == ("X24", "JC-Y62", "X24")
        assert (
            src.NHSE_BOARD_2023_12 in one(self.CHAIN, WhyStepKind.ACCOUNTABLE).sources
        )
        assert one(self.CHAIN, WhyStepKind.PAYER).data["money_holder"] == "nhs-england"

    def test_the_answers_are_responsibilitys(self) -> None:
        """Never recomputed."""
        assert same_answers(ENGLAND_2024, self.CHAIN)


class TestIcbDelegationDay:
    """1 April 2024: QE1 holds service 7 by s.65Z5 delegation, and its money."""

    CHAIN = why(ENGLAND_2024, "7", "01A", ICB_DAY)

    def test_the_icb_commissions_and_pays_nhs_england_accountable(self) -> None:
        """s.13Z(6): delegation does not move liability."""
        assert answers(self.CHAIN) == ("X24", "QE1", "QE1")
        assert one(self.CHAIN, WhyStepKind.ACCOUNTABLE).data["liability"] == (
            "nhs-england"
        )

    def test_the_place_belongs_to_the_icb_as_a_sub_icb_location(self) -> None:
        """Its population is the ICB's; the Data Dictionary names the location."""
        place = ENGLAND_2024.place("01A")
        step = one(self.CHAIN, WhyStepKind.PLACE)

        assert step.data["body"] == "QE1"
        assert step.data["body_kind"] == "icb"
        assert step.data["population"] == place.population.persons
        assert src.DATA_DICTIONARY_SICBL in step.sources

    def test_the_payer_step_says_where_the_money_sits(self) -> None:
        """High-cost drugs stay with NHS England; QE1's budget line for service 7."""
        budget = ENGLAND_2024.budget("QE1", FinancialYear(2024))
        assert budget is not None
        (line,) = [line for line in budget.lines if line.service == "7"]
        step = one(self.CHAIN, WhyStepKind.PAYER)

        assert step.data["retained_by_nhs_england"] is not None
        assert src.WRITTEN_ANSWER_2024_05_HCD in step.sources
        assert step.data["year"] == "2024-25"
        assert step.data["budget_holder"] == "QE1"
        assert step.data["budget_allocation"] == line.allocation
        assert step.data["budget_line_place"] is None
        assert str(line.allocation) in step.statement

    def test_each_step_prints_as_its_label_and_statement(self) -> None:
        """str(step) is the report's line."""
        step = one(self.CHAIN, WhyStepKind.COMMISSIONER)

        assert str(step) == f"Commissioner: {step.statement}"


class TestUndelegated:
    """A service no arrangement covers: NHS England holds it itself."""

    SERVICE = next(
        s.code
        for s in ENGLAND_2024.catalogue
        if not ENGLAND_2024.covering(s.code, "01A")
    )
    CHAIN = why(ENGLAND_2024, SERVICE, "01A", ICB_DAY)

    def test_no_arrangement_and_nhs_englands_own_duty(self) -> None:
        """s.3B(1)(d): the duty, lawful from 1 April 2013."""
        arrangement = one(self.CHAIN, WhyStepKind.ARRANGEMENT)
        lawful = one(self.CHAIN, WhyStepKind.LAWFUL)

        assert arrangement.data["arrangement"] is None
        assert src.NHS_ACT_3B_1D in arrangement.sources
        assert lawful.data["kind"] is None
        assert lawful.data["window_start"] == Policy().commissioning_from
        assert answers(self.CHAIN) == ("X24", "X24", "X24")
        assert self.CHAIN.responsibility is not None
        assert self.CHAIN.responsibility.arrangement is None


def _merged_ccg() -> Landscape:
    """00C co-commissions service 1 from 2015, and merges into QHM on 1 July 2022."""
    return with_arrangement(
        clean(),
        kind=ArrangementKind.CO_COMMISSIONING,
        receiver="00C",
        places={"00C"},
        period=Period(start=dt.date(2015, 4, 1)),
        budget_transferred={},
    )


class TestMergedCcg:
    """A succession is followed from the body the plan names to the one of the day."""

    LANDSCAPE = _merged_ccg()
    CHAIN = why(LANDSCAPE, "1", "00C", dt.date(2022, 7, 1))

    def test_the_place_and_the_receiver_follow_the_merger(self) -> None:
        """Once from the place's membership, once from the receiver."""
        successions = self.CHAIN.of_kind(WhyStepKind.SUCCESSION)

        assert [s.data["of"] for s in successions] == ["place", "receiver"]
        for step in successions:
            assert step.data["predecessor"] == "00C"
            assert step.data["successor"] == "QHM"
            assert step.data["effective"] == dt.date(2022, 7, 1)
            assert step.data["succession"] == "merger"
            # CCGs were abolished and succeeded by ICBs under the 2022 Act.
            assert step.sources == (src.HCA_2022_S19,)

    def test_successions_come_after_the_fact_they_follow(self) -> None:
        """The place's after the place step, the receiver's after the arrangement."""
        assert kinds(self.CHAIN)[:5] == [
            "service",
            "place",
            "succession",
            "arrangement",
            "succession",
        ]

    def test_the_successor_commissions_and_nhs_england_still_pays(self) -> None:
        """Co-commissioning: NHS England holds the money whoever succeeds."""
        assert answers(self.CHAIN) == ("X24", "QHM", "X24")
        assert one(self.CHAIN, WhyStepKind.COMMISSIONER).data["receiver"] == "00C"
        assert same_answers(self.LANDSCAPE, self.CHAIN)

    def test_the_day_before_no_succession_is_followed(self) -> None:
        """On 30 June 2022 00C itself commissions."""
        chain = why(self.LANDSCAPE, "1", "00C", dt.date(2022, 6, 30))

        assert chain.of_kind(WhyStepKind.SUCCESSION) == ()
        assert code_of(chain.commissioner) == "00C"


class TestMergedIcb:
    """April 2026: QUE merged into S1Y5D, which holds QUE's delegation."""

    LANDSCAPE = scenarios.england_2026_27()

    def test_the_receiver_is_followed_to_the_new_icb(self) -> None:
        """ODS's ICB reconfiguration is the source of an ICB's succession."""
        day = dt.date(2026, 4, 1)
        arrangement = self.LANDSCAPE.responsible_arrangement("7", "06H", day)
        assert arrangement is not None
        chain = why(self.LANDSCAPE, "7", "06H", day)
        (step,) = chain.of_kind(WhyStepKind.SUCCESSION)
        (succession,) = self.LANDSCAPE.successions_of(arrangement.receiver)

        assert step.data["predecessor"] == arrangement.receiver
        assert step.data["successor"] == succession.successor
        assert step.data["of"] == "receiver"
        assert step.sources == (src.ODS_ICB_RECONFIGURATION,)
        assert code_of(chain.commissioner) == succession.successor


class TestPooledBudget:
    """West Yorkshire's pool (s.13V), for 2020-21 only."""

    def test_the_host_pays_and_the_pool_is_named(self) -> None:
        """The payer step carries the pool's code, year and total."""
        chain = why(ENGLAND_2019, "ILL-15", "02W", dt.date(2020, 4, 1))
        pool = ENGLAND_2019.pooled_budget("WY-POOL-2020")
        step = one(chain, WhyStepKind.PAYER)

        assert code_of(chain.payer) == pool.host
        assert step.data["money_holder"] == "pool"
        assert step.data["pool"] == pool.code
        assert step.data["pool_year"] == str(pool.year)
        assert step.data["pool_total"] == pool.total
        assert step.sources == (src.NHS_ACT_13V,)

    def test_after_the_pools_year_the_payer_is_not_named(self) -> None:
        """The reason responsibility gives is the step's."""
        chain = why(ENGLAND_2019, "ILL-15", "02W", dt.date(2021, 4, 1))
        assert chain.responsibility is not None
        step = one(chain, WhyStepKind.PAYER)

        assert chain.payer is None
        assert step.data["payer"] is None
        assert step.data["payer_unknown"] == chain.responsibility.payer_unknown
        assert str(chain.responsibility.payer_unknown) in step.statement


class TestLeadProvider:
    def test_a_collaboratives_lead_holds_its_money(self) -> None:
        """South London's collaborative holds no budget: RV5, its lead, pays."""
        chain = why(ENGLAND_2019, "ILL-3", "07N", dt.date(2019, 4, 1))
        assert chain.commissioner is not None
        step = one(chain, WhyStepKind.PAYER)

        assert code_of(chain.payer) == chain.commissioner.lead
        assert "lead provider" in step.statement
        assert step.data["baseline"] == ENGLAND_2019.baseline(
            "ILL-3", "07N", FinancialYear(2019)
        )


class TestWholesaleTransfer:
    def test_never_lawful_and_the_receiver_is_accountable(self) -> None:
        """SPC-LEGAL-002's sources; the answers are still the plan's."""
        landscape = scenarios.get("ccg_cocommissioning_2014_unfunded").build()
        day = dt.date(2015, 4, 1)
        chain = why(landscape, "ILL-1", "SYN-CC1", day)
        lawful = one(chain, WhyStepKind.LAWFUL)
        payer = one(chain, WhyStepKind.PAYER)
        budget = landscape.budget("SYN-CC1", FinancialYear(2015))
        assert budget is not None
        (line,) = budget.lines

        assert lawful.data["lawful"] is False
        assert lawful.data["window_start"] is None
        assert lawful.sources == WHOLESALE.source
        assert "SPC-LEGAL-002" in lawful.statement
        assert answers(chain) == ("SYN-CC1", "SYN-CC1", "SYN-CC1")
        assert payer.data["budget_line_place"] == "SYN-CC1"
        assert payer.data["budget_allocation"] == line.allocation
        assert payer.data["baseline"] == landscape.baseline(
            "ILL-1", "SYN-CC1", FinancialYear(2015)
        )


class TestPolicy:
    def test_a_later_window_makes_the_day_unlawful_not_the_answer_different(
        self,
    ) -> None:
        """The policy judges the arrangement; the answers are the landscape's."""
        late = Policy(icb_delegation_from=dt.date(2025, 4, 1))
        chain = why(ENGLAND_2024, "7", "01A", ICB_DAY, late)
        lawful = one(chain, WhyStepKind.LAWFUL)

        assert lawful.data["lawful"] is False
        assert lawful.data["window_start"] == dt.date(2025, 4, 1)
        assert "SPC-LEGAL-001" in lawful.statement
        assert (
            chain.responsibility
            == why(ENGLAND_2024, "7", "01A", ICB_DAY).responsibility
        )

    def test_the_policy_is_named(self) -> None:
        """A bill is named as such in the step's data."""
        bill = Policy.named("health_bill_2026")
        chain = why(ENGLAND_2024, "7", "01A", ICB_DAY, bill)

        assert one(chain, WhyStepKind.LAWFUL).data["policy"] == bill.name


class TestNoAnswer:
    def test_before_nhs_england_commissioned_nobody_is_responsible(self) -> None:
        """31 March 2013: responsibility() is None, and the last step says why."""
        day = dt.date(2013, 3, 31)
        chain = why(ENGLAND_2019, "ILL-1", "07L", day)
        last = chain.steps[-1]

        assert ENGLAND_2019.responsibility("ILL-1", "07L", day) is None
        assert chain.responsibility is None
        assert answers(chain) == (None, None, None)
        assert kinds(chain) == ["service", "place", "no-answer"]
        assert last.data["reason"] == "before-commissioning"
        assert last.data["commissioning_from"] == Policy().commissioning_from
        assert last.sources == Policy().commissioning_source

    def test_a_split_no_membership_follows_leaves_no_answer(self) -> None:
        """QE1 splits; nothing says who took its place: nobody, not NHS England."""
        split_day = dt.date(2025, 4, 1)
        landscape = succeeding(
            adding(
                clean(),
                commissioners=[
                    body("QA1", CommissionerKind.ICB, Period(start=split_day)),
                    body("QA2", CommissionerKind.ICB, Period(start=split_day)),
                ],
            ),
            *[
                Succession(
                    predecessor="QE1",
                    successor=code,
                    effective=split_day,
                    kind=SuccessionKind.SPLIT,
                )
                for code in ("QA1", "QA2")
            ],
        )
        chain = why(landscape, "1", "QE1", split_day)
        successions = chain.of_kind(WhyStepKind.SUCCESSION)

        assert chain.responsibility is None
        assert chain.steps[-1].data["reason"] == "unfollowed-split"
        assert chain.steps[-1].data["predecessor"] == "QE1"
        assert [s.data["of"] for s in successions] == ["place", "receiver"]
        assert all(s.data["successor"] is None for s in successions)
        assert all("no membership of QE1" in s.statement for s in successions)


class TestUnknownInput:
    @pytest.mark.parametrize(
        ("service", "place", "field"),
        [("151", "01A", "service"), ("7", "Q99", "place"), (["7"], "01A", "service")],
    )
    def test_unknown_codes_are_unknown_references_naming_the_field(
        self, service: Any, place: str, field: str
    ) -> None:
        """As responsibility() refuses them."""
        with pytest.raises(UnknownReferenceError) as caught:
            why(ENGLAND_2024, service, place, ICB_DAY)

        assert caught.value.field == field

    @pytest.mark.parametrize(
        "day", [None, "2024-04-01", dt.datetime(2024, 4, 1, tzinfo=dt.UTC)]
    )
    def test_a_day_that_is_not_a_date_is_an_invalid_value(self, day: Any) -> None:
        """Never read as text: that is the command's job."""
        with pytest.raises(InvalidValueError):
            why(ENGLAND_2024, "7", "01A", day)

    def test_a_wrong_landscape_or_policy_is_an_invalid_value(self) -> None:
        """Named by field."""
        with pytest.raises(InvalidValueError, match="landscape"):
            why("england_2024_25", "7", "01A", ICB_DAY)  # type: ignore[arg-type]
        with pytest.raises(InvalidValueError, match="policy"):
            why(ENGLAND_2024, "7", "01A", ICB_DAY, "law")  # type: ignore[arg-type]


class TestServiceOnTheList:
    def test_before_the_plans_list_takes_effect_it_is_not_known(self) -> None:
        """The 2024-25 plan's list is April 2023's: earlier, it does not say."""
        chain = why(ENGLAND_2024, "7", "01A", dt.date(2022, 7, 1))
        step = one(chain, WhyStepKind.SERVICE)

        assert step.data["on_list"] is None
        assert step.data["listed_from"] == ENGLAND_2024.catalogue.effective

    def test_a_service_added_later_is_not_on_the_list_before(self) -> None:
        """An addition signed by a minister takes effect on its day."""
        landscape = clean()
        added = dt.date(2025, 4, 1)
        amended = attrs.evolve(
            landscape,
            catalogue=_with_service_added(landscape, added),
        )

        before = one(
            why(amended, "9", "QE1", dt.date(2025, 3, 31)), WhyStepKind.SERVICE
        )
        after = one(why(amended, "9", "QE1", added), WhyStepKind.SERVICE)

        assert (before.data["on_list"], after.data["on_list"]) == (False, True)
        assert before.data["listed_from"] == added


def _with_service_added(landscape: Landscape, effective: dt.date) -> PrescribedServices:
    """The landscape's list with service 9 added from ``effective``, signed."""
    signed = dt.date(2025, 1, 10)
    return landscape.catalogue.amend(
        CatalogueChange(
            action=ChangeAction.ADD, code="9", service=service("9"), effective=effective
        ),
        MinisterialSignOff(
            signed_by="A minister",
            role=Signatory.MINISTER_OF_STATE,
            signed_on=signed,
            factors=StatutoryFactor.weighed_on(signed),
        ),
    )


class TestValues:
    STEP = one(why(ENGLAND_2024, "7", "01A", ICB_DAY), WhyStepKind.SERVICE)

    @pytest.mark.parametrize(
        "value",
        [
            1.5,
            dt.datetime(2024, 4, 1, tzinfo=dt.UTC),
            ["a"],
            ("a",),
            {"a": 1},
            object(),
        ],
    )
    def test_a_value_of_another_type_is_refused(self, value: Any) -> None:
        """Exact values only: no floats, no times, no containers."""
        with pytest.raises(InvalidValueError, match="data"):
            attrs.evolve(self.STEP, data={"x": value})

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("statement", "two\nlines"),
            ("statement", " spaced"),
            ("sources", ()),
            ("sources", "NHS Act 2006"),
            ("kind", "service"),
            ("data", None),
            ("data", {1: "x"}),
        ],
    )
    def test_a_bad_field_is_an_invalid_value(self, field: str, value: Any) -> None:
        """Every field is checked, naming it."""
        with pytest.raises(InvalidValueError):
            attrs.evolve(self.STEP, **{field: value})

    def test_data_is_a_read_only_copy(self) -> None:
        """A caller's mapping changed later cannot reach inside."""
        given = {"service": "7"}
        step = attrs.evolve(self.STEP, data=given)
        given["service"] = "8"

        assert step.data["service"] == "7"
        with pytest.raises(TypeError):
            step.data["service"] = "9"  # type: ignore[index]


class TestWhyChecks:
    CHAIN = why(ENGLAND_2024, "7", "01A", ICB_DAY)
    NONE = why(ENGLAND_2024, "7", "01A", dt.date(2013, 3, 31))

    def test_an_answer_beside_a_no_answer_step_is_refused(self) -> None:
        """The answer is None exactly when the last step is a no-answer step."""
        with pytest.raises(InvalidValueError, match="responsibility"):
            attrs.evolve(self.NONE, responsibility=self.CHAIN.responsibility)
        with pytest.raises(InvalidValueError, match="responsibility"):
            attrs.evolve(self.CHAIN, responsibility=None)

    def test_a_no_answer_step_only_last(self) -> None:
        """Nothing follows the reason there is no answer."""
        with pytest.raises(InvalidValueError, match="steps"):
            attrs.evolve(self.NONE, steps=(*self.NONE.steps, self.NONE.steps[0]))

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("steps", ()),
            ("steps", ("a",)),
            ("service", ""),
            ("place", 7),
            ("on", "2024-04-01"),
            ("responsibility", "X24"),
        ],
    )
    def test_a_bad_field_is_an_invalid_value(self, field: str, value: Any) -> None:
        """Named by field."""
        with pytest.raises(InvalidValueError):
            attrs.evolve(self.CHAIN, **{field: value})


class TestReceiverWithoutBody:
    """No body holds the receiver's functions: NHS England holds the service."""

    def test_a_closed_receiver_returns_the_service_to_nhs_england(self) -> None:
        """A closure is followed, and the commissioner step says where it ended."""
        closed = dt.date(2025, 4, 1)
        landscape = succeeding(
            clean(),
            Succession(
                predecessor="QE1", effective=closed, kind=SuccessionKind.CLOSURE
            ),
        )
        chain = why(landscape, "1", "QE1", closed)
        successions = chain.of_kind(WhyStepKind.SUCCESSION)

        assert same_answers(landscape, chain)
        assert code_of(chain.commissioner) == "X24"
        assert [s.data["succession"] for s in successions] == ["closure", "closure"]
        assert all(s.data["successor"] is None for s in successions)
        assert (
            "QE1 closed on 2025-04-01" in one(chain, WhyStepKind.COMMISSIONER).statement
        )

    def test_a_receiver_not_yet_begun_is_named_with_its_first_day(self) -> None:
        """The plan names a body that does not exist yet: NHS England holds it."""
        begins = dt.date(2025, 4, 1)
        landscape = with_arrangement(
            adding(
                clean(),
                commissioners=[body("QN1", CommissionerKind.ICB, Period(start=begins))],
            ),
            receiver="QN1",
        )
        chain = why(landscape, "1", "QE1", dt.date(2024, 6, 1))

        assert same_answers(landscape, chain)
        assert code_of(chain.commissioner) == "X24"
        assert chain.of_kind(WhyStepKind.SUCCESSION) == ()
        assert (
            f"QN1 does not exist until {begins}"
            in one(chain, WhyStepKind.COMMISSIONER).statement
        )


class TestEdgesOfTime:
    def test_past_the_last_financial_year_no_money_is_looked_up(self) -> None:
        """9999-12-31 is in no financial year the model names: the year is None."""
        day = dt.date(9999, 12, 31)
        chain = why(ENGLAND_2024, "7", "01A", day)
        step = one(chain, WhyStepKind.PAYER)

        assert same_answers(ENGLAND_2024, chain)
        assert step.data["year"] is None
        assert step.data["budget_allocation"] is None
        assert step.data["transferred"] is None

    def test_nhs_englands_duty_before_a_policys_first_day_is_not_lawful(
        self,
    ) -> None:
        """A policy that dates NHS England's functions later says so."""
        later = Policy(commissioning_from=dt.date(2014, 4, 1))
        service = TestUndelegated.SERVICE
        chain = why(ENGLAND_2024, service, "01A", dt.date(2013, 4, 1), later)
        lawful = one(chain, WhyStepKind.LAWFUL)

        assert lawful.data["lawful"] is False
        assert lawful.statement.endswith("not yet on 2013-04-01")
        # The answers are the landscape's, by the law's first day.
        assert same_answers(ENGLAND_2024, chain)
