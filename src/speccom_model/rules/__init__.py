"""
The rules of specialised commissioning, and the check that applies them.

A :class:`Rule` has a stable code (``SPC-POP-001``), a title, the source that
makes it a rule (a statute, regulation or policy document) and a pure check. A
check yields :class:`Finding` s; :func:`check` runs rules over a
:class:`~speccom_model.Landscape` and returns a :class:`Report`. Rules never
raise on a bad plan: they report. A rule that cannot apply says nothing.

One module per family: population, ministers, money, legal, accountability,
bodies, approvals, timing, specifications, coverage, conservation, readiness.

>>> from speccom_model import check, explain, scenarios
>>> report = check(scenarios.ccg_cocommissioning_2014(funded=False))
>>> report.ok, report.counts_by_code()
(False, {'SPC-LEGAL-002': 8, 'SPC-MONEY-001': 4})
>>> print(explain("SPC-LEGAL-002").splitlines()[0])
SPC-LEGAL-002: A wholesale transfer needs ministers to change the prescribed list
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from speccom_model.errors import UnknownReferenceError
from speccom_model.policy import DEFAULT_POLICY, Policy
from speccom_model.rules import (
    accountability,
    approvals,
    bodies,
    conservation,
    coverage,
    legal,
    ministers,
    money,
    population,
    readiness,
    specifications,
    timing,
)
from speccom_model.rules._engine import Context, Finding, Report, Rule, Severity, run
from speccom_model.rules._facts import FACTS, Fact, FactKind, fact_json

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from speccom_model.landscape import Landscape

__all__ = [
    "DEFAULT_RULES",
    "FACTS",
    "Context",
    "Fact",
    "FactKind",
    "Finding",
    "Report",
    "Rule",
    "Severity",
    "check",
    "explain",
    "fact_json",
    "rule",
]

#: Every rule, family by family, in the order a report lists their findings.
DEFAULT_RULES: Final[tuple[Rule, ...]] = (
    *population.RULES,
    *ministers.RULES,
    *money.RULES,
    *legal.RULES,
    *accountability.RULES,
    *bodies.RULES,
    *approvals.RULES,
    *timing.RULES,
    *specifications.RULES,
    *coverage.RULES,
    *conservation.RULES,
    *readiness.RULES,
)

_BY_CODE: Final = {r.code: r for r in DEFAULT_RULES}


def check(
    landscape: Landscape,
    *,
    rules: Sequence[Rule] | None = None,
    policy: Policy | None = None,
    on: dt.date | None = None,
) -> Report:
    """
    Check a landscape against the rules and return the report.

    Args:
        landscape: The plan to check.
        rules: The rules to apply; :data:`DEFAULT_RULES` by default.
        policy: The thresholds and dated parameters; :data:`DEFAULT_POLICY` by
            default.
        on: Judge the landscape as it stands on this day, by that day's law.
            ``None`` judges every arrangement by the law of its own start date.

    Raises:
        InvalidValueError: if ``landscape`` is not a Landscape, or ``policy``
            names an arrangement or body kind that does not exist.

    >>> report = check(scenarios.england_2013_14())
    >>> [(f.code, f.severity.value, f.message) for f in report]
    [('SPC-CONS-002', 'warning', 'X24 overspent by £377m in 2013-14 (2.9% of £13bn)')]
    """
    return run(
        landscape,
        DEFAULT_RULES if rules is None else tuple(rules),
        DEFAULT_POLICY if policy is None else policy,
        on,
    )


def rule(code: str) -> Rule:
    """
    The default rule with this code.

    Raises:
        UnknownReferenceError: for a code no rule has.

    >>> rule("SPC-POP-001").family
    'population'
    """
    found = _BY_CODE.get(code.strip().upper()) if isinstance(code, str) else None
    if found is None:
        raise UnknownReferenceError(
            "code", code, f"a rule code such as {', '.join(list(_BY_CODE)[:3])}"
        )
    return found


def explain(code: str) -> str:
    """
    The rule's full text: code, title, explanation and sources with their URLs.

    Raises:
        UnknownReferenceError: for a code no rule has.

    >>> print(explain("SPC-POP-001"))
    SPC-POP-001: Guidance: services planned for populations under the limit are the most suitable for joint planning or delegation
    <BLANKLINE>
    This is guidance, not law. ...
    <BLANKLINE>
    Family: population
    Sources:
      HSJ, 'Regulator invites areas ... — https://www.hsj.co.uk/...
    """
    found = rule(code)
    cited = "".join(f"\n  {citation}" for citation in found.source)
    return (
        f"{found.code}: {found.title}\n\n{found.explanation}\n\n"
        f"Family: {found.family}\nSources:{cited}"
    )
