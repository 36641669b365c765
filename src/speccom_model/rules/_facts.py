"""
The facts a finding states: one fixed vocabulary of names, each of one kind.

A :class:`~speccom_model.rules.Finding` carries, beside its message, the
figures and codes the message states as :attr:`Finding.data`: a mapping from
a name of :data:`FACTS` to an exact value of that name's :class:`FactKind`.
One name always has one kind, in every rule, so each name can be a typed
column of a table of findings; :func:`fact_json` writes a value for JSON,
CSV and Arrow alike.

>>> FACTS["amount"].kind
<FactKind.MONEY: 'money'>
>>> from speccom_model.units import gbp
>>> fact_json(FactKind.MONEY, -gbp("£12"))
'-12.00'
>>> check_facts({"amount": 12})
Traceback (most recent call last):
speccom_model.errors.InvalidValueError: data['amount']: expected money (a Money), got 12
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Final, final

import attrs

from speccom_model._frozen import FrozenDict
from speccom_model.errors import InvalidValueError
from speccom_model.periods import FinancialYear
from speccom_model.tabular import ColumnKind, json_cell
from speccom_model.units import Money

__all__ = ["FACTS", "Fact", "FactKind", "check_facts", "fact_json", "to_facts"]


class FactKind(StrEnum):
    """
    The kind of value a fact holds, and so how it is written.

    * ``money``: a :class:`~speccom_model.units.Money`, written "1234.56";
    * ``integer``: an ``int`` (persons, counts, days), a JSON number;
    * ``date``: a ``datetime.date``, written "YYYY-MM-DD";
    * ``year``: a :class:`~speccom_model.periods.FinancialYear`, "2024-25";
    * ``code``: text naming one thing (a service, body, place or arrangement
      code, or an enum's value);
    * ``codes``: a tuple of such texts, a JSON array;
    * ``text``: words quoted into the message (a reason, a source's name).

    >>> FactKind.YEAR.value
    'year'
    """

    MONEY = "money"
    INTEGER = "integer"
    DATE = "date"
    YEAR = "year"
    CODE = "code"
    CODES = "codes"
    TEXT = "text"


@final
@attrs.frozen(kw_only=True)
class Fact:
    """
    One name of the vocabulary: its kind and what it means.

    >>> Fact(kind=FactKind.INTEGER, description="how many").kind.value
    'integer'
    """

    kind: FactKind
    description: str


_M, _I, _D, _Y = FactKind.MONEY, FactKind.INTEGER, FactKind.DATE, FactKind.YEAR
_C, _CS, _T = FactKind.CODE, FactKind.CODES, FactKind.TEXT

#: Every name a finding's data may use, with its kind and meaning, in the order
#: a finding's data lists them.
FACTS: Final[Mapping[str, Fact]] = FrozenDict(
    {
        name: Fact(kind=kind, description=description)
        for name, kind, description in (
            ("arrangement", _C, "the arrangement's id"),
            ("arrangements", _CS, "the arrangements' ids, e.g. two that overlap"),
            ("kind", _C, "the arrangement's kind (its value, 'icb-delegation')"),
            ("body", _C, "the code of the body the finding is about"),
            ("body_kind", _C, "the kind of that body on the day (its value, 'icb')"),
            ("receiver", _C, "the code of the arrangement's receiver"),
            ("receivers", _CS, "the codes of the arrangements' receivers, in order"),
            ("committee", _C, "the code of a joint committee or collaboration"),
            ("members", _CS, "the codes of a joint committee's members"),
            ("board", _C, "the code of a planning board"),
            ("pool", _C, "the code of a pooled budget"),
            ("successor", _C, "the code of the body that succeeds another"),
            ("successors", _CS, "the codes of the bodies a split body becomes"),
            ("succession", _C, "how one body succeeds another (merger, split…)"),
            ("owners", _CS, "the codes of the bodies that own the places named"),
            ("service", _C, "the service's code"),
            ("services", _CS, "the services' codes"),
            ("place", _C, "the place's code"),
            ("places", _CS, "the places' codes"),
            ("held_back", _CS, "the arrangements and boards a gap in data holds back"),
            ("stage", _C, "an approval stage (its value)"),
            ("previous_stage", _C, "the approval stage decided before it"),
            ("skipped", _C, "the stage that had not yet approved"),
            ("stages", _CS, "the stages of the era's approval route, in order"),
            ("pending", _CS, "the stages still to approve, in route order"),
            ("action", _C, "a change to the prescribed list: add, remove…"),
            ("missing", _CS, "the statutory factors not recorded (their values)"),
            ("extra", _CS, "the statutory factors recorded but not asked for"),
            ("policy", _C, "the name of the policy judged by"),
            ("specification", _C, "the specification an arrangement names"),
            ("national_specification", _C, "the service's national specification"),
            ("year", _Y, "the financial year"),
            ("years", _CS, "financial years, each written '2024-25'"),
            ("date", _D, "the day judged, decided or taking effect"),
            ("previous_date", _D, "the day of the decision before it"),
            ("start", _D, "the first day of the arrangement"),
            ("end", _D, "the day the arrangement ends (the first day after it)"),
            ("last_day", _D, "the last day of the arrangement (end less one day)"),
            ("next_start", _D, "the next day a delegation may start or end"),
            ("due", _D, "the day notice fell due"),
            ("notice", _D, "the day notice was given"),
            ("effective", _D, "the day a change to the prescribed list takes effect"),
            ("suitable_from", _D, "the day a service was held suitable for ICBs"),
            ("applies_from", _D, "the first start day an approval route applies to"),
            ("lawful_from", _D, "the first day a kind of arrangement is lawful"),
            (
                "lawful_until",
                _D,
                "the last day a kind of arrangement or receiver is lawful",
            ),
            ("commencement", _D, "the day a proposed change would take effect"),
            ("not_before", _D, "the earliest day a proposed change could take effect"),
            ("amount", _M, "the money in question, exact"),
            ("expected", _M, "the money there should be: a baseline, figure, budget"),
            ("actual", _M, "the money there is: moved, held or spent"),
            ("difference", _M, "actual less expected, signed"),
            ("tolerance", _M, "the gap a rounded figure allows either side"),
            ("precision", _M, "the unit of a rounded figure's last digit"),
            ("retained", _M, "what NHS England retains"),
            ("delegated", _M, "the budgets of other bodies"),
            ("pooled", _M, "NHS England's contributions to pooled budgets"),
            ("population", _I, "the persons the service is planned for"),
            ("footprint", _I, "the persons of the footprint that commissions it"),
            ("limit", _I, "the population limit of the guidance, in persons"),
            ("count", _I, "how many things the message counts"),
            ("lines", _I, "how many budget lines there are"),
            ("lines_with_outturn", _I, "how many budget lines have an outturn"),
            ("factors", _I, "how many statutory factors the law asked for"),
            ("provision", _T, "the provision of a bill that would make a change"),
            ("effect", _T, "what a proposed change would do, in words"),
            ("note", _T, "why a day is not known, in words"),
            ("reason", _T, "why the rule cannot judge, in words"),
            ("problem", _T, "what is wrong with a sign-off, in words"),
            ("held_by", _T, "what holds an arrangement's money, in words"),
            ("day_of_year", _T, "the day delegations start and end on, '1 April'"),
            ("shape", _T, "the documented ODS code shape of a kind of body"),
            ("figure_source", _T, "where a national figure comes from, in words"),
            ("legal_basis", _T, "the statute or regulation the message cites"),
            ("guidance", _T, "the guidance the message cites, and its date"),
        )
    }
)

#: The position of each name in FACTS, so data lists its facts in one order.
_ORDER: Final = {name: index for index, name in enumerate(FACTS)}


def _expected(kind: FactKind) -> str:
    return {
        FactKind.MONEY: "money (a Money)",
        FactKind.INTEGER: "an integer (an int, not a bool)",
        FactKind.DATE: "a datetime.date",
        FactKind.YEAR: "a FinancialYear",
        FactKind.CODE: "a code (non-empty text)",
        FactKind.CODES: "a tuple of codes (non-empty texts)",
        FactKind.TEXT: "non-empty text",
    }[kind]


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value)


def _is_kind(kind: FactKind, value: object) -> bool:
    """Whether ``value`` is a value of ``kind``."""
    if kind is FactKind.MONEY:
        return isinstance(value, Money)
    if kind is FactKind.INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is FactKind.DATE:
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if kind is FactKind.YEAR:
        return isinstance(value, FinancialYear)
    if kind is FactKind.CODES:
        return isinstance(value, tuple) and all(_is_text(v) for v in value)
    return _is_text(value)  # CODE and TEXT


def to_facts(value: Mapping[str, Any] | None) -> FrozenDict[str, Any]:
    """
    Converter: a mapping of facts to a read-only one in the vocabulary's order.

    Anything that is not a mapping is left for :func:`check_facts` to refuse.

    >>> list(to_facts({"year": FinancialYear(2024), "arrangement": "A1"}))
    ['arrangement', 'year']
    """
    given: object = value
    if given is None:
        return FrozenDict()
    if not isinstance(given, Mapping):
        return given  # type: ignore[return-value]
    ordered = sorted(given.items(), key=lambda item: _ORDER.get(item[0], len(_ORDER)))
    return FrozenDict(dict(ordered))


def check_facts(data: object) -> None:
    """
    Check that each key of ``data`` is a fact name and each value of its kind.

    Raises:
        InvalidValueError: naming ``data[<key>]``, the value and what was
            expected, for a name not in :data:`FACTS` or a value of another
            kind.

    >>> check_facts({"count": 3})
    >>> check_facts({"colour": "red"})
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: data['colour']: expected a fact name ...
    """
    if not isinstance(data, Mapping):
        raise InvalidValueError("data", data, "a mapping of fact names to values")
    for key, value in data.items():
        fact = FACTS.get(key) if isinstance(key, str) else None
        if fact is None:
            raise InvalidValueError(
                f"data[{key!r}]", key, "a fact name of speccom_model.rules.FACTS"
            )
        if not _is_kind(fact.kind, value):
            raise InvalidValueError(f"data[{key!r}]", value, _expected(fact.kind))


def fact_json(kind: FactKind, value: Any) -> Any:  # noqa: ANN401 - a JSON value
    """
    A fact's value as JSON (and CSV and Arrow) writes it.

    The spelling of every table cell of the same kind
    (:func:`speccom_model.tabular.json_cell`).

    Money is an exact string of pounds and pence ("1234.56", "-12.00"), an
    integer a number, a date "YYYY-MM-DD", a year "2024-25", a code a string
    and codes a list of strings.

    >>> fact_json(FactKind.YEAR, FinancialYear(2024))
    '2024-25'
    >>> fact_json(FactKind.DATE, dt.date(2024, 4, 1))
    '2024-04-01'
    >>> fact_json(FactKind.CODES, ("A1", "A2"))
    ['A1', 'A2']
    """
    return json_cell(ColumnKind(kind.value), value)
