"""Rules, findings, reports, and the check that runs rules over a landscape."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from enum import StrEnum
from typing import Any, Final, final

import attrs

from speccom_model._frozen import FrozenDict
from speccom_model._validators import check_date, to_tuple
from speccom_model.arrangement import (
    ApprovalStage,
    ArrangementKind,
    DelegationArrangement,
)
from speccom_model.citation import Citation, Sources, check_sources, to_sources
from speccom_model.commissioner import CommissionerKind
from speccom_model.errors import InvalidValueError
from speccom_model.landscape import Landscape
from speccom_model.periods import FinancialYear
from speccom_model.policy import DEFAULT_POLICY, Policy
from speccom_model.rules._facts import check_facts, to_facts

__all__ = ["Context", "Finding", "Report", "Rule", "Severity", "run"]


class Severity(StrEnum):
    """
    How much a finding matters: an error makes a plan unlawful or unfundable.

    >>> sorted([Severity.INFO, Severity.ERROR, Severity.WARNING], key=lambda s: s.rank)
    [<Severity.ERROR: 'error'>, <Severity.WARNING: 'warning'>, <Severity.INFO: 'info'>]
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for information."""
        return list(Severity).index(self)


@final
@attrs.frozen(kw_only=True)
class Finding:
    """
    One thing a rule found, with the source that makes it a rule.

    Args:
        code: The rule's stable code, e.g. ``SPC-POP-001``.
        severity: Error, warning or information.
        subject: What it is about: an arrangement id, a body's code, a year.
        message: What is wrong, with the numbers.
        source: The citations (statute, regulation or policy) that make it
            a rule: one :class:`~speccom_model.citation.Citation` or several.
        data: The figures and codes the message states, exact: a mapping
            from names of :data:`~speccom_model.rules.FACTS` to values of
            each name's :class:`~speccom_model.rules.FactKind` (money as
            :class:`~speccom_model.units.Money`, populations and counts as
            ``int``, days as ``date``, years as
            :class:`~speccom_model.periods.FinancialYear`, codes as ``str``).
            Kept read-only, in the vocabulary's order.

    Raises:
        InvalidValueError: for a data key that is not a fact name, or a value
            not of its kind, naming ``data[<key>]``.

    >>> from speccom_model.citation import Citation
    >>> f = Finding(
    ...     code="SPC-POP-001",
    ...     severity=Severity.ERROR,
    ...     subject="A1/2A",
    ...     message="too big",
    ...     source=Citation(title="Guidance", url="https://www.england.nhs.uk"),
    ...     data={"service": "2A", "arrangement": "A1"},
    ... )
    >>> f.severity, [c.url for c in f.source], dict(f.data)
    (<Severity.ERROR: 'error'>, ['https://www.england.nhs.uk'], {'arrangement': 'A1', 'service': '2A'})
    >>> attrs.evolve(f, data={"population": "10 million"})
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: data['population']: expected an integer ...
    """

    code: str
    severity: Severity
    subject: str
    message: str
    source: Sources = attrs.field(converter=to_sources)
    data: Mapping[str, Any] = attrs.field(factory=FrozenDict, converter=to_facts)

    def __attrs_post_init__(self) -> None:
        check_sources("source", self.source)
        check_facts(self.data)


@final
@attrs.frozen(kw_only=True)
class Context:
    """
    What a rule sees: the landscape, the policy, and the date of the check.

    With ``on=None`` every arrangement is judged by the law of its own start
    date. With a date, the landscape is judged as it stands that day: ended
    arrangements are left out, those in force are judged by that day's law, and
    those still to come by the law of their start.

    >>> ctx = Context(
    ...     landscape=scenarios.england_2024_25(),
    ...     policy=DEFAULT_POLICY,
    ...     on=dt.date(2024, 4, 1),
    ... )
    >>> len(ctx.arrangements())
    24
    """

    landscape: Landscape
    policy: Policy
    on: dt.date | None = None

    def arrangements(self) -> tuple[DelegationArrangement, ...]:
        """The arrangements to judge, in id order."""
        on = self.on
        chosen = (
            a
            for a in self.landscape.arrangements
            if on is None or a.period.end is None or a.period.end > on
        )
        return tuple(sorted(chosen, key=lambda a: a.id))

    def when(self, arrangement: DelegationArrangement) -> dt.date:
        """The date whose law applies to ``arrangement``."""
        start = arrangement.period.start
        return start if self.on is None or self.on < start else self.on

    def years(self) -> tuple[FinancialYear, ...]:
        """The financial years to judge money in."""
        if self.on is not None:
            return (FinancialYear.containing(self.on),)
        return self.landscape.years()

    def service_label(self, code: str) -> str:
        """``2A (Renal dialysis)``."""
        return f"{code} ({self.landscape.service(code).name})"


Check = Callable[[Context], Iterable[Finding]]


@final
@attrs.frozen(kw_only=True)
class Rule:
    """
    A rule of specialised commissioning, with the source that makes it one.

    Args:
        code: A stable code, ``SPC-<FAMILY>-<NNN>``, never reused.
        title: A one-line statement of the rule.
        source: The citations (statute, regulation or policy document) it comes
            from: one :class:`~speccom_model.citation.Citation` or several.
        explanation: What the rule checks and why, in full.
        family: The rule family (population, ministers, money, ...).
        check: A pure function from a :class:`Context` to findings. It never
            raises on a bad plan and says nothing when it cannot apply.

    >>> from speccom_model.rules import DEFAULT_RULES
    >>> DEFAULT_RULES[0].code
    'SPC-POP-001'
    """

    code: str
    title: str
    source: Sources = attrs.field(converter=to_sources)
    explanation: str
    family: str
    check: Check = attrs.field(eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        check_sources("source", self.source)

    def finding(
        self,
        subject: str,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
        source: Citation | Sources | None = None,
        data: Mapping[str, Any] | None = None,
    ) -> Finding:
        """A finding of this rule, with the facts its message states as ``data``."""
        return Finding(
            code=self.code,
            severity=severity,
            subject=subject,
            message=message,
            source=self.source if source is None else source,
            data=data,
        )


#: How many subjects a grouped finding names before "and N more".
_NAMED_SUBJECTS: Final = 5


def unjudged(
    rule: Rule,
    service: str,
    label: str,
    subjects: Iterable[str],
    what: str,
    why: str,
    *,
    data: Mapping[str, Any] | None = None,
) -> Finding:
    """
    One warning that ``rule`` cannot judge ``service`` wherever the plan uses it.

    A gap in the published data (no planning population, no specification) is
    the same gap in every arrangement that names the service, so it is said
    once per service, naming the arrangements or boards it holds back. Its
    data gives the service, every arrangement or board held back, their count
    and the reason, with ``data``'s facts (figures ``what`` states).

    >>> from speccom_model.rules import rule
    >>> finding = unjudged(
    ...     rule("SPC-SPEC-001"),
    ...     "11",
    ...     "11 (Neuro)",
    ...     ["A2", "A1"],
    ...     "whether it keeps to one",
    ...     "no specification",
    ... )
    >>> print(finding.message)
    cannot judge whether it keeps to one in 2 arrangement(s) or board(s) (A1, A2): service 11 (Neuro) has no specification
    >>> finding.data["held_back"], finding.data["count"]
    (('A1', 'A2'), 2)
    """
    named = sorted(set(subjects))
    shown = ", ".join(named[:_NAMED_SUBJECTS])
    if len(named) > _NAMED_SUBJECTS:
        shown += f" and {len(named) - _NAMED_SUBJECTS} more"
    return rule.finding(
        service,
        f"cannot judge {what} in {len(named)} arrangement(s) or board(s) ({shown}): "
        f"service {label} has {why}",
        severity=Severity.WARNING,
        data={
            "service": service,
            "held_back": tuple(named),
            "count": len(named),
            "reason": why,
            **(data or {}),
        },
    )


@final
@attrs.frozen(kw_only=True)
class Report:
    """
    The findings of a check, in a deterministic order, as data.

    ``ok`` is true when there are no errors. Rendering (text, JSON) belongs to
    the command line, not here.

    >>> report = check(scenarios.england_2019_20())
    >>> report.ok, report.counts_by_code()
    (True, {'SPC-APPR-003': 1, 'SPC-MONEY-003': 1})
    """

    findings: tuple[Finding, ...] = attrs.field(converter=to_tuple)
    on: dt.date | None = None

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    @property
    def ok(self) -> bool:
        """No errors (warnings and information allowed)."""
        return not self.errors

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The error findings."""
        return self.of_severity(Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The warning findings."""
        return self.of_severity(Severity.WARNING)

    @property
    def infos(self) -> tuple[Finding, ...]:
        """The informational findings."""
        return self.of_severity(Severity.INFO)

    def of_severity(self, severity: Severity) -> tuple[Finding, ...]:
        """The findings of one severity, in report order."""
        return tuple(f for f in self.findings if f.severity is severity)

    def counts_by_code(self) -> dict[str, int]:
        """How many findings of each rule code, by code."""
        return dict(sorted(Counter(f.code for f in self.findings).items()))

    def codes(self) -> frozenset[str]:
        """The rule codes that fired."""
        return frozenset(f.code for f in self.findings)


def _check_policy(policy: Policy) -> None:
    kinds = {k.value for k in ArrangementKind}
    bodies = {k.value for k in CommissionerKind}
    for key in policy.arrangement_windows:
        if key not in kinds:
            raise InvalidValueError(
                f"policy.arrangement_windows[{key!r}]", key, "an ArrangementKind value"
            )
    for key in policy.budget_windows:
        if key not in bodies:
            raise InvalidValueError(
                f"policy.budget_windows[{key!r}]", key, "a CommissionerKind value"
            )
    stages = {s.value for s in ApprovalStage}
    for index, route in enumerate(policy.approval_routes):
        for place, stage in enumerate(route.stages):
            if stage not in stages:
                raise InvalidValueError(
                    f"policy.approval_routes[{index}].stages[{place}]",
                    stage,
                    "an ApprovalStage value",
                )


def run(
    landscape: Landscape,
    rules: Sequence[Rule],
    policy: Policy = DEFAULT_POLICY,
    on: dt.date | None = None,
) -> Report:
    """Run ``rules`` in order; each rule's findings come in its own order."""
    if not isinstance(landscape, Landscape):
        raise InvalidValueError("landscape", landscape, "a Landscape")
    if not isinstance(policy, Policy):
        raise InvalidValueError("policy", policy, "a Policy")
    if on is not None:
        check_date("on", on)
    _check_policy(policy)
    context = Context(landscape=landscape, policy=policy, on=on)
    findings: list[Finding] = []
    for rule in rules:
        findings.extend(rule.check(context))
    return Report(findings=findings, on=on)


#: Arrangement kinds let by contract or made by ministers: outside the
#: delegation agreement's timing and the approval routes.
CONTRACTS_AND_TRANSFERS: Final = frozenset(
    {
        ArrangementKind.LEAD_PROVIDER,
        ArrangementKind.ALLIANCE_CONTRACT,
        ArrangementKind.WHOLESALE_TRANSFER,
    }
)
