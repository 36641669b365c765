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
from speccom_model.commissioner import Commissioner, CommissionerKind, PlanningBoard
from speccom_model.errors import (
    DuplicateCodeError,
    InvalidValueError,
    ParseError,
    SignOffRequiredError,
    SpeccomError,
    UnitError,
    UnknownReferenceError,
)
from speccom_model.periods import FinancialYear, Period, add_months, parse_date
from speccom_model.policy import (
    DEFAULT_POLICY,
    ApprovalRoute,
    LegalWindow,
    MonthDay,
    Policy,
)
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

__all__ = [
    "DEFAULT_POLICY",
    "Allocation",
    "Amendment",
    "Approval",
    "ApprovalOutcome",
    "ApprovalRoute",
    "ApprovalStage",
    "ArrangementKind",
    "Baseline",
    "Budget",
    "BudgetLine",
    "CatalogueChange",
    "ChangeAction",
    "Commissioner",
    "CommissionerKind",
    "Contribution",
    "DelegationArrangement",
    "DuplicateCodeError",
    "FinancialYear",
    "FormerName",
    "InvalidValueError",
    "LegalLiability",
    "LegalWindow",
    "MinisterialSignOff",
    "Money",
    "MoneyHolder",
    "MonthDay",
    "ParseError",
    "Period",
    "PlanningBoard",
    "Policy",
    "PooledBudget",
    "Population",
    "PrescribedServices",
    "ProgrammeOfCare",
    "Rate",
    "Service",
    "SignOffRequiredError",
    "Signatory",
    "SpeccomError",
    "Specification",
    "StatutoryFactor",
    "UnitError",
    "UnknownReferenceError",
    "__version__",
    "add_months",
    "format_money",
    "gbp",
    "parse_date",
    "persons",
    "registry",
]
