"""
Arrangements that move commissioning responsibility, and their approvals.

Each :class:`ArrangementKind` has a legal basis, a set of bodies that may
receive it, a holder of the money and a holder of legal liability. **Liability
never moves by delegation**: under every delegated kind NHS England stays the
accountable commissioner (NHS Act 2006 s.13Z(6), "do not affect the liability
of the Board"); only a wholesale transfer, which needs ministers to change the
prescribed list, moves it to the receiver.

>>> from speccom_model import ArrangementKind, LegalLiability
>>> ArrangementKind.ICB_DELEGATION.legal_liability
<LegalLiability.NHS_ENGLAND: 'nhs-england'>
>>> ArrangementKind.WHOLESALE_TRANSFER.legal_liability
<LegalLiability.RECEIVER: 'receiver'>
>>> from speccom_model.citation import describe_sources
>>> describe_sources(ArrangementKind.ICB_DELEGATION.legal_basis)
'National Health Service Act 2006 s.65Z5; National Health Service Act 2006 s.65Z6; SI 2022/642, ...'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Final, final

import attrs

from speccom_model import _sources as src
from speccom_model._frozen import FrozenDict
from speccom_model._validators import (
    check_code,
    check_code_set,
    check_date,
    check_instance,
    check_text,
    check_tuple_of,
    to_frozenset,
    to_tuple,
)
from speccom_model.commissioner import CommissionerKind
from speccom_model.errors import InvalidValueError
from speccom_model.periods import FinancialYear, Period
from speccom_model.units import Money, _sum_money

if TYPE_CHECKING:
    from speccom_model.citation import Sources

__all__ = [
    "Approval",
    "ApprovalOutcome",
    "ApprovalStage",
    "ArrangementKind",
    "DelegationArrangement",
    "LegalLiability",
    "MoneyHolder",
]


class LegalLiability(StrEnum):
    """
    Who is legally liable for a service under an arrangement.

    >>> ArrangementKind.JOINT_COMMITTEE.legal_liability
    <LegalLiability.NHS_ENGLAND: 'nhs-england'>
    """

    NHS_ENGLAND = "nhs-england"
    RECEIVER = "receiver"


class MoneyHolder(StrEnum):
    """
    Who holds the money under an arrangement.

    >>> ArrangementKind.POOLED_BUDGET.money_holder
    <MoneyHolder.POOL: 'pool'>
    """

    NHS_ENGLAND = "nhs-england"
    RECEIVER = "receiver"
    POOL = "pool"


_K = CommissionerKind


class ArrangementKind(StrEnum):
    """
    The legal forms by which responsibility for a service can move.

    Each kind's :attr:`legal_basis` cites its provisions (NHS Act 2006 s.13V,
    s.13Z, s.13ZA, s.13YB, s.65Z5, s.65Z6; SI 2012/2996 Schedule 4). When each
    is lawful is in the law file, ``data/law.toml``.

    "internal-delegation" is NHS England delegating within itself, to its own
    committees, regional teams and jointly appointed staff; never to a CCG, an
    ICB or a combined authority. "devolved-arrangement" (s.13ZA) goes to a
    combined authority or a local authority. "icb-direction" is NHS England
    directing an ICB to exercise its functions (s.13YB, from 1 July 2022).

    >>> sorted(k.value for k in ArrangementKind.ICB_DELEGATION.receiver_kinds)
    ['icb']
    >>> sorted(k.value for k in ArrangementKind.INTERNAL_DELEGATION.receiver_kinds)
    ['nhs-england', 'nhs-england-region']
    """

    CO_COMMISSIONING = "co-commissioning"
    POOLED_BUDGET = "pooled-budget"
    JOINT_APPOINTMENT = "joint-appointment"
    INTERNAL_DELEGATION = "internal-delegation"
    DEVOLVED_ARRANGEMENT = "devolved-arrangement"
    LEAD_PROVIDER = "lead-provider"
    ALLIANCE_CONTRACT = "alliance-contract"
    ICB_DELEGATION = "icb-delegation"
    JOINT_COMMITTEE = "joint-committee"
    WHOLESALE_TRANSFER = "wholesale-transfer"
    ICB_DIRECTION = "icb-direction"

    @property
    def legal_basis(self) -> Sources:
        """The statutes, regulations or instruments the kind rests on."""
        return _KIND_FACTS[self][0]

    @property
    def money_holder(self) -> MoneyHolder:
        """Who holds the money under this kind."""
        return _KIND_FACTS[self][1]

    @property
    def receiver_kinds(self) -> frozenset[CommissionerKind]:
        """The kinds of body that can receive an arrangement of this kind."""
        return _KIND_FACTS[self][2]

    @property
    def is_delegation(self) -> bool:
        """Every kind but wholesale transfer delegates, keeping liability."""
        return self is not ArrangementKind.WHOLESALE_TRANSFER

    @property
    def legal_liability(self) -> LegalLiability:
        """NHS England for every delegated kind; the receiver for a transfer."""
        return (
            LegalLiability.NHS_ENGLAND
            if self.is_delegation
            else LegalLiability.RECEIVER
        )


_PROVIDERS: Final = frozenset(
    {_K.NHS_TRUST, _K.PROVIDER_COLLABORATIVE, _K.INDEPENDENT_PROVIDER}
)
_KIND_FACTS: Final[
    dict[ArrangementKind, tuple[Sources, MoneyHolder, frozenset[CommissionerKind]]]
] = {
    ArrangementKind.CO_COMMISSIONING: (
        (src.NHS_ACT_13Z,),
        MoneyHolder.NHS_ENGLAND,
        frozenset({_K.CCG}),
    ),
    ArrangementKind.POOLED_BUDGET: (
        (src.NHS_ACT_13V,),
        MoneyHolder.POOL,
        frozenset({_K.CCG, _K.ICB}),
    ),
    ArrangementKind.JOINT_APPOINTMENT: (
        (src.NHS_ACT_13Z,),
        MoneyHolder.NHS_ENGLAND,
        frozenset({_K.CCG, _K.ICB}),
    ),
    ArrangementKind.INTERNAL_DELEGATION: (
        (src.NHS_ACT_13Z, src.HSJ_2019_ANNEX),
        MoneyHolder.NHS_ENGLAND,
        frozenset({_K.NHS_ENGLAND, _K.REGION}),
    ),
    ArrangementKind.DEVOLVED_ARRANGEMENT: (
        (src.NHS_ACT_13ZA, src.CLGDA_2016),
        MoneyHolder.RECEIVER,
        frozenset({_K.COMBINED_AUTHORITY, _K.LOCAL_AUTHORITY}),
    ),
    ArrangementKind.LEAD_PROVIDER: (
        (src.NHSE_PROVIDER_COLLABORATIVES,),
        MoneyHolder.RECEIVER,
        _PROVIDERS,
    ),
    ArrangementKind.ALLIANCE_CONTRACT: (
        (src.HSJ_2019_ANNEX,),
        MoneyHolder.RECEIVER,
        _PROVIDERS,
    ),
    ArrangementKind.ICB_DELEGATION: (
        (src.NHS_ACT_65Z5, src.NHS_ACT_65Z6, src.SI_2022_642),
        MoneyHolder.RECEIVER,
        frozenset({_K.ICB}),
    ),
    ArrangementKind.JOINT_COMMITTEE: (
        (src.NHS_ACT_65Z5, src.NHS_ACT_65Z6, src.SI_2022_642),
        MoneyHolder.NHS_ENGLAND,
        frozenset({_K.JOINT_COMMITTEE}),
    ),
    ArrangementKind.WHOLESALE_TRANSFER: (
        (src.SI_2012_2996, src.NHS_ACT_3B),
        MoneyHolder.RECEIVER,
        frozenset(CommissionerKind),
    ),
    # s.13YB: NHS England directs an ICB to exercise its functions. The
    # section's own text was not read; the ICB is funded to exercise them, as
    # under delegation, and NHS England keeps the s.3B duty (s.3B(2) names
    # directions as one way NHS England arranges provision).
    ArrangementKind.ICB_DIRECTION: (
        (src.NHS_ACT_13YB, src.NHS_ACT_3B, src.HCA_2022_NOTES),
        MoneyHolder.RECEIVER,
        frozenset({_K.ICB}),
    ),
}


class ApprovalStage(StrEnum):
    """
    The stages of both eras' approval routes.

    2019-20: business case, regional team, national panel, board committee.
    2023 on: pre-delegation assessment, national moderation panel, NHS England
    Board. The order of each era's route is in :class:`~speccom_model.Policy`.

    Sources: the routes' citations in the law file (``approval_routes``).

    >>> ApprovalStage("national-panel")
    <ApprovalStage.NATIONAL_PANEL: 'national-panel'>
    """

    BUSINESS_CASE = "business-case"
    REGIONAL_TEAM = "regional-team"
    NATIONAL_PANEL = "national-panel"
    BOARD_COMMITTEE = "board-committee"
    PRE_DELEGATION_ASSESSMENT = "pre-delegation-assessment"
    NATIONAL_MODERATION_PANEL = "national-moderation-panel"
    NHS_ENGLAND_BOARD = "nhs-england-board"


class ApprovalOutcome(StrEnum):
    """
    What a stage decided.

    >>> [o.value for o in ApprovalOutcome]
    ['approved', 'deferred', 'rejected']
    """

    APPROVED = "approved"
    DEFERRED = "deferred"
    REJECTED = "rejected"


@final
@attrs.frozen(kw_only=True)
class Approval:
    """
    One stage's decision on an arrangement.

    >>> Approval(stage=ApprovalStage.NATIONAL_PANEL, decided_on=dt.date(2019, 11, 5))
    Approval(stage=<ApprovalStage.NATIONAL_PANEL: 'national-panel'>, ...)
    """

    stage: ApprovalStage
    decided_on: dt.date
    outcome: ApprovalOutcome = ApprovalOutcome.APPROVED
    by: str = ""

    def __attrs_post_init__(self) -> None:
        check_instance("stage", self.stage, ApprovalStage, "an ApprovalStage")
        check_date("decided_on", self.decided_on)
        check_instance("outcome", self.outcome, ApprovalOutcome, "an ApprovalOutcome")
        if self.by != "":
            check_text("by", self.by)


def _money_by_year(
    value: Mapping[FinancialYear, Money],
) -> FrozenDict[FinancialYear, Money]:
    if not isinstance(value, Mapping):
        raise InvalidValueError(
            "budget_transferred", value, "a mapping of FinancialYear to Money"
        )
    for year, amount in value.items():
        check_instance("budget_transferred", year, FinancialYear, "FinancialYear keys")
        if type(amount) is not Money or amount.pounds < 0:
            raise InvalidValueError(
                f'budget_transferred["{year}"]', amount, "a non-negative amount (Money)"
            )
    return FrozenDict(dict(sorted(value.items())))


def _spec_map(value: Mapping[str, str]) -> FrozenDict[str, str]:
    if not isinstance(value, Mapping):
        raise InvalidValueError("specifications", value, "a mapping of service to spec")
    for service, reference in value.items():
        check_text("specifications", service)
        check_text(f'specifications["{service}"]', reference)
    return FrozenDict(dict(sorted(value.items())))


@final
@attrs.frozen(kw_only=True)
class DelegationArrangement:
    """
    A proposed or agreed arrangement moving responsibility for services in places.

    Args:
        id: The arrangement's identifier.
        kind: Its legal form.
        receiver: The code of the body that takes the responsibility.
        services: Codes of the services it covers.
        places: Codes of the places (the footprint) it covers.
        period: When it runs, ``[start, end)``.
        budget_transferred: The money moving with it, per financial year.
        approvals: The approval decisions so far, in the order taken.
        liability_claimed: Who the plan says is legally liable, if it says.
        specifications: Service code to the specification reference the
            receiver will commission to, where the plan names one.
        notice_given: When notice to end it was given, if it ends.
        pooled_budget: For a pooled budget, the pool's code.
        collaboration: For an ICB delegation whose ICB commissions the services
            together with other ICBs, the code of the joint committee through
            which they do (its ``members``): the footprint rule (SPC-POP-002)
            then weighs the population of all its member ICBs' places. Said
            explicitly by the plan, never inferred; ``None`` when the ICB
            commissions alone.

    >>> a = DelegationArrangement(
    ...     id="ICB-QE1",
    ...     kind=ArrangementKind.ICB_DELEGATION,
    ...     receiver="QE1",
    ...     services={"2A"},
    ...     places={"QE1"},
    ...     period=Period(start=dt.date(2024, 4, 1)),
    ...     budget_transferred={FinancialYear(2024): gbp("£12m")},
    ... )
    >>> a.legal_liability, format_money(a.transferred(FinancialYear(2024)))
    (<LegalLiability.NHS_ENGLAND: 'nhs-england'>, '£12m')
    """

    id: str
    kind: ArrangementKind
    receiver: str
    services: frozenset[str] = attrs.field(converter=to_frozenset)
    places: frozenset[str] = attrs.field(converter=to_frozenset)
    period: Period
    budget_transferred: FrozenDict[FinancialYear, Money] = attrs.field(
        factory=FrozenDict, converter=_money_by_year
    )
    approvals: tuple[Approval, ...] = attrs.field(default=(), converter=to_tuple)
    liability_claimed: LegalLiability | None = None
    specifications: FrozenDict[str, str] = attrs.field(
        factory=FrozenDict, converter=_spec_map
    )
    notice_given: dt.date | None = None
    pooled_budget: str | None = None
    collaboration: str | None = None

    def __attrs_post_init__(self) -> None:
        check_code("id", self.id)
        check_instance("kind", self.kind, ArrangementKind, "an ArrangementKind")
        check_text("receiver", self.receiver)
        check_code_set("services", self.services)
        check_code_set("places", self.places)
        check_tuple_of("approvals", self.approvals, Approval, "Approval")
        check_instance("period", self.period, Period, "a Period")
        if not self.services:
            raise InvalidValueError("services", (), "at least one service")
        if not self.places:
            raise InvalidValueError("places", (), "at least one place")
        if self.liability_claimed is not None:
            check_instance(
                "liability_claimed",
                self.liability_claimed,
                LegalLiability,
                "a LegalLiability or None",
            )
        years = self.period.financial_years()
        for year in self.budget_transferred:
            inside = year in years or (self.period.end is None and year > years[0])
            if not inside:
                raise InvalidValueError(
                    f'budget_transferred["{year}"]',
                    str(year),
                    f"a year the arrangement runs in ({_describe_years(self.period)})",
                )
        unknown = set(self.specifications) - self.services
        if unknown:
            raise InvalidValueError(
                "specifications", sorted(unknown), "services the arrangement covers"
            )
        if self.notice_given is not None:
            check_date("notice_given", self.notice_given)
            if self.period.end is None:
                raise InvalidValueError(
                    "notice_given", self.notice_given, "no notice without an end date"
                )
        if self.pooled_budget is not None:
            check_code("pooled_budget", self.pooled_budget)
        if self.collaboration is not None:
            check_text("collaboration", self.collaboration)
            if self.kind is not ArrangementKind.ICB_DELEGATION:
                raise InvalidValueError(
                    "collaboration",
                    self.collaboration,
                    "no collaboration but for an icb-delegation (a joint "
                    f"committee's own members commission together; got kind "
                    f"{self.kind.value!r})",
                )
        if (self.kind is ArrangementKind.POOLED_BUDGET) != (
            self.pooled_budget is not None
        ):
            raise InvalidValueError(
                "pooled_budget",
                self.pooled_budget,
                "a pool's code exactly when the kind is pooled-budget",
            )

    @property
    def legal_liability(self) -> LegalLiability:
        """Who is liable, derived from the kind (never from what a plan claims)."""
        return self.kind.legal_liability

    def transferred(self, year: FinancialYear) -> Money:
        """The money moving with the arrangement in ``year`` (nothing if none)."""
        return self.budget_transferred.get(year, Money.zero())

    @property
    def total_transferred(self) -> Money:
        """All the money moving with it, over every year."""
        return _sum_money(self.budget_transferred.values())

    def final_approval(self, stages: tuple[str, ...]) -> Approval | None:
        """The approval at the last of ``stages``, if the route has reached it."""
        for approval in reversed(self.approvals):
            if (
                approval.stage == stages[-1]
                and approval.outcome is ApprovalOutcome.APPROVED
            ):
                return approval
        return None


def _describe_years(period: Period) -> str:
    years = period.financial_years()
    if period.end is None:
        return f"{years[0]} onwards"
    return ", ".join(str(y) for y in years)
