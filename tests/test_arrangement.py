"""Arrangement kinds, arrangements and approvals."""

from __future__ import annotations

import datetime as dt

import pytest

from speccom_model import (
    DEFAULT_POLICY,
    Approval,
    ApprovalOutcome,
    ApprovalStage,
    ArrangementKind,
    CommissionerKind,
    DelegationArrangement,
    FinancialYear,
    InvalidValueError,
    LegalLiability,
    MoneyHolder,
    Period,
    gbp,
)

APRIL_2024 = Period(start=dt.date(2024, 4, 1))


def make(**changes: object) -> DelegationArrangement:
    fields: dict[str, object] = {
        "id": "A1",
        "kind": ArrangementKind.ICB_DELEGATION,
        "receiver": "QE1",
        "services": {"2A"},
        "places": {"QE1"},
        "period": APRIL_2024,
    }
    fields.update(changes)
    return DelegationArrangement(**fields)  # type: ignore[arg-type]


class TestKinds:
    def test_values_are_pinned(self) -> None:
        """Values serialise and must never change."""
        assert [k.value for k in ArrangementKind] == [
            "co-commissioning",
            "pooled-budget",
            "joint-appointment",
            "internal-delegation",
            "devolved-arrangement",
            "lead-provider",
            "alliance-contract",
            "icb-delegation",
            "joint-committee",
            "wholesale-transfer",
            "icb-direction",
        ]

    @pytest.mark.parametrize("kind", [k for k in ArrangementKind if k.is_delegation])
    def test_liability_stays_with_nhs_england_under_every_delegated_kind(
        self, kind: ArrangementKind
    ) -> None:
        """s.13Z(6): arrangements do not affect the liability of the Board."""
        assert kind.legal_liability is LegalLiability.NHS_ENGLAND

    def test_only_a_wholesale_transfer_moves_liability(self) -> None:
        """The receiver is liable only when ministers have moved the service."""
        assert (
            ArrangementKind.WHOLESALE_TRANSFER.legal_liability
            is LegalLiability.RECEIVER
        )

    @pytest.mark.parametrize(
        ("kind", "holder"),
        [
            ("icb-delegation", MoneyHolder.RECEIVER),
            ("joint-committee", MoneyHolder.NHS_ENGLAND),
            ("pooled-budget", MoneyHolder.POOL),
            ("internal-delegation", MoneyHolder.NHS_ENGLAND),
            ("lead-provider", MoneyHolder.RECEIVER),
        ],
    )
    def test_who_holds_the_money(self, kind: str, holder: MoneyHolder) -> None:
        """DOMAIN.md §4's money column."""
        assert ArrangementKind(kind).money_holder is holder

    def test_every_kind_has_a_legal_basis_and_receivers(self) -> None:
        """No kind without its law."""
        assert all(k.legal_basis and k.receiver_kinds for k in ArrangementKind)

    def test_icb_delegation_is_to_icbs(self) -> None:
        """s.65Z5 delegates to ICBs."""
        assert ArrangementKind.ICB_DELEGATION.receiver_kinds == {CommissionerKind.ICB}

    def test_stages_are_pinned_and_every_route_names_real_stages(self) -> None:
        """Policy's routes name ApprovalStage values."""
        values = {s.value for s in ApprovalStage}

        assert len(values) == 7
        assert all(set(r.stages) <= values for r in DEFAULT_POLICY.approval_routes)


class TestArrangement:
    def test_liability_is_derived_from_the_kind(self) -> None:
        """Whatever the plan claims."""
        claimed = make(liability_claimed=LegalLiability.RECEIVER)

        assert claimed.legal_liability is LegalLiability.NHS_ENGLAND

    def test_sets_and_mappings_are_normalised_and_hashable(self) -> None:
        """Lists become frozensets, dicts read-only mappings."""
        arrangement = make(
            services=["2A", "2B"], budget_transferred={FinancialYear(2024): gbp("£5m")}
        )

        assert arrangement.services == frozenset({"2A", "2B"})
        assert hash(arrangement) == hash(
            make(
                services=["2B", "2A"],
                budget_transferred={FinancialYear(2024): gbp("£5m")},
            )
        )
        with pytest.raises(TypeError):
            arrangement.budget_transferred[FinancialYear(2025)] = gbp("£1")  # type: ignore[index]

    def test_transferred(self) -> None:
        """Money per year, nothing for a year with none."""
        arrangement = make(
            budget_transferred={
                FinancialYear(2024): gbp("£5m"),
                FinancialYear(2025): gbp("£6m"),
            }
        )

        assert (
            arrangement.transferred(FinancialYear(2025)),
            arrangement.transferred(FinancialYear(2030)),
            arrangement.total_transferred,
        ) == (gbp("£6m"), gbp("£0"), gbp("£11m"))

    @pytest.mark.parametrize(
        ("field", "value", "match"),
        [
            ("id", "has space", "^id"),
            ("kind", "icb-delegation", "^kind"),
            ("receiver", "", "^receiver"),
            ("services", set(), "^services"),
            ("services", "2A", "^services"),
            ("places", set(), "^places"),
            ("period", "2024-04-01/", "^period"),
            (
                "budget_transferred",
                {FinancialYear(2023): gbp("£1")},
                r'^budget_transferred\["2023-24"\]',
            ),
            (
                "budget_transferred",
                {FinancialYear(2024): gbp("-£1")},
                r'^budget_transferred\["2024-25"\]',
            ),
            ("budget_transferred", {"2024-25": gbp("£1")}, "^budget_transferred"),
            ("specifications", {"9Z": "A06/S/a"}, "^specifications"),
            ("notice_given", dt.date(2024, 9, 1), "^notice_given"),
            ("pooled_budget", "P1", "^pooled_budget"),
            ("approvals", ["approved"], r"^approvals\[0\]"),
            ("liability_claimed", "receiver", "^liability_claimed"),
        ],
    )
    def test_impossible_arrangements_cannot_be_built(
        self, field: str, value: object, match: str
    ) -> None:
        """Each error names the field (and the year, for money)."""
        with pytest.raises(InvalidValueError, match=match):
            make(**{field: value})

    def test_a_pooled_budget_names_its_pool(self) -> None:
        """A pooled-budget arrangement without a pool is impossible."""
        with pytest.raises(InvalidValueError, match="pooled_budget"):
            make(kind=ArrangementKind.POOLED_BUDGET)
        assert (
            make(kind=ArrangementKind.POOLED_BUDGET, pooled_budget="P1").pooled_budget
            == "P1"
        )

    def test_final_approval(self) -> None:
        """The last stage of the route, approved."""
        stages = ("a", "nhs-england-board")
        approved = make(
            approvals=[
                Approval(
                    stage=ApprovalStage.NHS_ENGLAND_BOARD,
                    decided_on=dt.date(2024, 1, 1),
                    outcome=ApprovalOutcome.DEFERRED,
                ),
                Approval(
                    stage=ApprovalStage.NHS_ENGLAND_BOARD,
                    decided_on=dt.date(2024, 2, 1),
                ),
            ]
        )

        assert approved.final_approval(stages) == approved.approvals[1]
        assert make().final_approval(stages) is None
