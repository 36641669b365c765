"""
speccom_model: the reference domain model of NHS England specialised commissioning.

Which services are specialised, who commissions them for which population, with
what money, under which legal arrangement, and whether a proposed arrangement is
allowed. One import gives the whole public API:

>>> from speccom_model import gbp, FinancialYear, format_money
>>> format_money(gbp("£1.7bn") + gbp("£15bn"))
'£16.7bn'
>>> str(FinancialYear.parse("2019/20"))
'2019-20'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from speccom_model._version import __version__
from speccom_model.arrangement import (
    Approval,
    ApprovalOutcome,
    ApprovalStage,
    ArrangementKind,
    DelegationArrangement,
    LegalLiability,
    MoneyHolder,
)
from speccom_model.budget import (
    Allocation,
    AllocationKind,
    Baseline,
    Budget,
    BudgetLine,
    Contribution,
    PooledBudget,
)
from speccom_model.catalogue import (
    Amendment,
    CatalogueChange,
    ChangeAction,
    MinisterialSignOff,
    PrescribedServices,
    Signatory,
    StatutoryFactor,
)
from speccom_model.commissioner import (
    SYNTHETIC_CODE,
    BodyVersion,
    Commissioner,
    CommissionerKind,
    PlanningBoard,
)
from speccom_model.errors import (
    DuplicateCodeError,
    InvalidValueError,
    MissingExtraError,
    OutputError,
    ParseError,
    SignOffRequiredError,
    SpeccomError,
    UnitError,
    UnknownReferenceError,
)
from speccom_model.landscape import (
    Landscape,
    Membership,
    Place,
    ProposedChange,
    Succession,
    SuccessionKind,
)
from speccom_model.periods import FinancialYear, Period, add_months, parse_date
from speccom_model.policy import (
    DEFAULT_POLICY,
    ApprovalRoute,
    LegalWindow,
    MonthDay,
    Policy,
)
from speccom_model.resolving import Resolution, Resolver
from speccom_model.responsibility import Responsibility
from speccom_model.service import FormerName, ProgrammeOfCare, Service, Specification
from speccom_model.units import (
    Money,
    Population,
    Rate,
    format_money,
    gbp,
    persons,
    registry,
)

if TYPE_CHECKING:
    from speccom_model import io, reference, scenarios
    from speccom_model import strategies as strategies
    from speccom_model.diff import (
        BodyMoneyChange,
        ChangeAspect,
        ChangeSide,
        MoneyChange,
        PlanDiff,
        ResponsibilityChange,
        YearMoneyChange,
        diff_dates,
        diff_plans,
    )
    from speccom_model.reasons import Why, WhyStep, WhyStepKind, why
    from speccom_model.rules import (
        DEFAULT_RULES,
        Finding,
        Report,
        Rule,
        Severity,
        check,
        explain,
    )
    from speccom_model.summary import (
        BodyMoney,
        MovedMoney,
        RetainedBasis,
        YearMoney,
        summarise,
    )

__all__ = [
    "DEFAULT_POLICY",
    "DEFAULT_RULES",
    "SYNTHETIC_CODE",
    "Allocation",
    "AllocationKind",
    "Amendment",
    "Approval",
    "ApprovalOutcome",
    "ApprovalRoute",
    "ApprovalStage",
    "ArrangementKind",
    "Baseline",
    "BodyMoney",
    "BodyMoneyChange",
    "BodyVersion",
    "Budget",
    "BudgetLine",
    "CatalogueChange",
    "ChangeAction",
    "ChangeAspect",
    "ChangeSide",
    "Commissioner",
    "CommissionerKind",
    "Contribution",
    "DelegationArrangement",
    "DuplicateCodeError",
    "FinancialYear",
    "Finding",
    "FormerName",
    "InvalidValueError",
    "Landscape",
    "LegalLiability",
    "LegalWindow",
    "Membership",
    "MinisterialSignOff",
    "MissingExtraError",
    "Money",
    "MoneyChange",
    "MoneyHolder",
    "MonthDay",
    "MovedMoney",
    "OutputError",
    "ParseError",
    "Period",
    "Place",
    "PlanDiff",
    "PlanningBoard",
    "Policy",
    "PooledBudget",
    "Population",
    "PrescribedServices",
    "ProgrammeOfCare",
    "ProposedChange",
    "Rate",
    "Report",
    "Resolution",
    "Resolver",
    "Responsibility",
    "ResponsibilityChange",
    "RetainedBasis",
    "Rule",
    "Service",
    "Severity",
    "SignOffRequiredError",
    "Signatory",
    "SpeccomError",
    "Specification",
    "StatutoryFactor",
    "Succession",
    "SuccessionKind",
    "UnitError",
    "UnknownReferenceError",
    "Why",
    "WhyStep",
    "WhyStepKind",
    "YearMoney",
    "YearMoneyChange",
    "__version__",
    "add_months",
    "check",
    "diff_dates",
    "diff_plans",
    "explain",
    "format_money",
    "gbp",
    "io",
    "parse_date",
    "persons",
    "reference",
    "registry",
    "scenarios",
    "summarise",
    "why",
]


_LAZY_MODULES = frozenset({"io", "reference", "scenarios", "strategies"})
#: Names whose modules load on first use: a tool that only builds the types
#: never pays for the rules engine.
_LAZY_NAMES = {
    **dict.fromkeys(
        ("DEFAULT_RULES", "Finding", "Report", "Rule", "Severity", "check", "explain"),
        "speccom_model.rules",
    ),
    **dict.fromkeys(
        ("BodyMoney", "MovedMoney", "RetainedBasis", "YearMoney", "summarise"),
        "speccom_model.summary",
    ),
    **dict.fromkeys(
        (
            "BodyMoneyChange",
            "ChangeAspect",
            "ChangeSide",
            "MoneyChange",
            "PlanDiff",
            "ResponsibilityChange",
            "YearMoneyChange",
            "diff_dates",
            "diff_plans",
        ),
        "speccom_model.diff",
    ),
    **dict.fromkeys(("Why", "WhyStep", "WhyStepKind", "why"), "speccom_model.reasons"),
}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - module attribute hook
    # The scenarios and reference tables read package data, io needs cattrs and
    # strategies the hypothesis extra: load each on first use. strategies is
    # not in __all__, so `import *` works without the extra.
    if name in _LAZY_MODULES:
        return importlib.import_module(f"speccom_model.{name}")
    if name in _LAZY_NAMES:
        value = getattr(importlib.import_module(_LAZY_NAMES[name]), name)
        globals()[name] = value  # the next use is a plain lookup
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
