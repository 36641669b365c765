"""
What changed: responsibility and money between two days of a plan, or two plans.

Two questions, one answer type (:class:`PlanDiff`):

* :func:`diff_dates` — what changes in one plan after one day, up to and
  including another: every change whose day falls in ``(start, end]``, by the
  day it takes effect; or, with ``net=True``, the answers on ``start`` against
  those on ``end``, whatever happened between;
* :func:`diff_plans` — where two plans answer differently: on one day, or over
  every day, grouped by the ranges of days on which they differ so.

**What a change is.** For each pair of a service and a place the plan (or
both plans) knows, the *answer* is the four codes the responsibility table
gives (:func:`speccom_model.resolving.responsibility_table`, itself
:meth:`Landscape.responsibility <speccom_model.Landscape.responsibility>` asked
once per interval): the body **accountable** in law, the **commissioner** (the
body that exercises the function), the **payer** (the body that holds the
money) and the **arrangement** in force. A change is a pair whose answer on one
side differs from its answer on the other: on the day before and the day of a
change (:func:`diff_dates`), on the two days compared (``net``), or in the two
plans on the same day (:func:`diff_plans`). Only the codes count: the wording
of why an answer is missing (a table row's ``problem``) is not compared, so no
answer before 1 April 2013 and no answer after an unfollowed split are alike.

Each change is told under up to three :class:`ChangeAspect` s, grouped into
:class:`ResponsibilityChange` s:

* ``commissioner`` — the commissioner or the arrangement changed; grouped by
  the kind of arrangement and of commissioning body on each side ("joint
  committee → ICB delegation");
* ``payer`` and ``accountable`` — that body changed, and not as the
  commissioner did: a payer (or accountable body) that moves from and to the
  same bodies as the commissioner is told once, under ``commissioner``. So a
  joint committee giving way to ICB delegation also shows the payer moving
  from NHS England to the ICBs, while the accountable body, NHS England under
  both, shows nothing (NHS Act 2006 s.13Z(6); s.65Z5).

Groups are kept apart by the days they concern (:attr:`ResponsibilityChange.start`,
:attr:`~ResponsibilityChange.end`) and the kinds on each side; each lists its
services, its places (sub-ICB locations, or CCGs before July 2022), the bodies
those places belonged to (``areas``: ICBs or CCGs, on the days compared) and
the bodies and arrangements on each side.

**Money.** Per financial year, each body's budget (what it holds, and its
outturn, what it spent) on each side, and the year's national allocation,
retained, delegated and pooled money (:func:`speccom_model.summarise`), exact
to the penny; only bodies whose money differs are listed, and only years in
which something differs. Two plans are compared year by year (the year of
``on``, or every year either records); one plan compares the year of
``start`` with the year of ``end`` (nothing when both fall in one year).

>>> import datetime as dt
>>> from speccom_model import scenarios
>>> england = scenarios.england_2024_25()
>>> found = diff_dates(england, dt.date(2024, 3, 31), dt.date(2024, 4, 1))
>>> [(c.aspect.value, str(c.start)) for c in found.changes]
[('commissioner', '2024-04-01'), ('payer', '2024-04-01')]
>>> delegated, paid = found.changes
>>> delegated.before.arrangement.value, delegated.after.arrangement.value
('joint-committee', 'icb-delegation')
>>> len(delegated.services), len(delegated.places), len(delegated.areas)
(59, 60, 20)
>>> paid.before.bodies, paid.after.kind.value, len(paid.after.bodies)
(('X24',), 'icb', 20)
>>> diff_dates(england, dt.date(2024, 4, 1), dt.date(2023, 4, 1))
Traceback (most recent call last):
speccom_model.errors.InvalidValueError: end: expected a day on or after start (2024-04-01), got '2023-04-01'
"""

from __future__ import annotations

import bisect
import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final, NamedTuple, final

import attrs

from speccom_model._validators import check_date, check_instance, to_tuple
from speccom_model.arrangement import ArrangementKind
from speccom_model.catalogue import manual_number_order
from speccom_model.commissioner import CommissionerKind
from speccom_model.errors import InvalidValueError
from speccom_model.landscape import Landscape
from speccom_model.periods import FinancialYear
from speccom_model.resolving.table import FIRST_DAY, LAST_DAY, responsibility_table
from speccom_model.summary import YearMoney, summarise
from speccom_model.units import Money

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "BodyMoneyChange",
    "ChangeAspect",
    "ChangeSide",
    "MoneyChange",
    "PlanDiff",
    "ResponsibilityChange",
    "YearMoneyChange",
    "diff_dates",
    "diff_plans",
]

#: The first and last days a diff can name: those a financial year holds, so
#: each day's money can be found (1 April 1900 to 31 December 9998, as dates
#: are read).
_FIRST_DIFF_DAY: Final = FinancialYear(1900).start
_LAST_DIFF_DAY: Final = dt.date(9998, 12, 31)


class ChangeAspect(StrEnum):
    """
    Which answer a :class:`ResponsibilityChange` is about.

    * ``commissioner`` — the body that exercises the function, or the
      arrangement in force;
    * ``payer`` — the body that holds the money and pays providers;
    * ``accountable`` — the body accountable in law.

    >>> [a.value for a in ChangeAspect]
    ['commissioner', 'payer', 'accountable']
    """

    COMMISSIONER = "commissioner"
    PAYER = "payer"
    ACCOUNTABLE = "accountable"


def _sorted_codes(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(value)))


def _sorted_services(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(value), key=manual_number_order))


def _known(_: object, attribute: attrs.Attribute[bool], value: bool) -> None:
    if not isinstance(value, bool):
        raise InvalidValueError(attribute.name, value, "true or false")


def _optional_date(
    _: object, attribute: attrs.Attribute[Any], value: dt.date | None
) -> None:
    if value is not None:
        check_date(attribute.name, value)


@final
@attrs.frozen(kw_only=True)
class ChangeSide:
    """
    One side of a :class:`ResponsibilityChange`: the kinds, and who they are.

    ``kind`` is the kind of the bodies on this side (for ``commissioner``, the
    commissioning body; for ``payer``, the payer; for ``accountable``, the
    accountable body), ``None`` when there is none: no answer at all (before
    1 April 2013), or a payer the plan does not name. ``arrangement`` is the
    kind of the arrangement in force, for ``commissioner`` only; ``None`` where
    NHS England holds the service with no arrangement, and always for the other
    aspects. ``bodies`` are the bodies' codes, ``arrangements`` the arrangements'
    ids (``commissioner`` only), both sorted.

    >>> side = ChangeSide(kind=CommissionerKind.ICB, bodies=["QE1", "QF7"])
    >>> side.kind.value, side.bodies, side.arrangement
    ('icb', ('QE1', 'QF7'), None)
    """

    arrangement: ArrangementKind | None = None
    kind: CommissionerKind | None = None
    bodies: tuple[str, ...] = attrs.field(default=(), converter=_sorted_codes)
    arrangements: tuple[str, ...] = attrs.field(default=(), converter=_sorted_codes)

    def __attrs_post_init__(self) -> None:
        if self.arrangement is not None:
            check_instance(
                "arrangement", self.arrangement, ArrangementKind, "an ArrangementKind"
            )
        if self.kind is not None:
            check_instance("kind", self.kind, CommissionerKind, "a CommissionerKind")


@final
@attrs.frozen(kw_only=True)
class ResponsibilityChange:
    """
    One group of changes: the same kinds on each side, from the same days.

    ``start`` and ``end`` say which days the group is about:

    * between two days of one plan (:func:`diff_dates`), ``start`` is the day
      the change takes effect (the first day of the new answer) and ``end`` is
      ``None``;
    * two plans over every day (:func:`diff_plans` with no ``on``), the plans
      differ so from ``start`` to ``end``, both included; an ``end`` of
      9999-12-31 is open-ended (as in the responsibility table);
    * a net view or two plans on one day: both ``None`` (the days are the
      :class:`PlanDiff`'s).

    ``before`` is the side of the earlier day (or of the first plan),
    ``after`` the other. ``services`` (in manual order) and ``places`` are
    those of every pair in the group; ``areas`` the bodies the places belonged
    to on the days compared (ICBs, or CCGs before July 2022), and
    ``area_kinds`` their kinds.

    Raises:
        InvalidValueError: for an ``end`` before ``start``, or a field of the
            wrong type.

    Source: the answers of :meth:`Landscape.responsibility
    <speccom_model.Landscape.responsibility>` (NHS Act 2006 s.13Z(6): delegation
    leaves NHS England liable; s.65Z5 delegation and joint committees; the
    kinds' money holders).

    >>> change = ResponsibilityChange(
    ...     aspect=ChangeAspect.PAYER,
    ...     start=dt.date(2024, 4, 1),
    ...     before=ChangeSide(kind=CommissionerKind.NHS_ENGLAND, bodies=["X24"]),
    ...     after=ChangeSide(kind=CommissionerKind.ICB, bodies=["QE1"]),
    ...     services=["7", "2A"],
    ...     places=["01A"],
    ... )
    >>> change.services, change.reversed().after.bodies
    (('2A', '7'), ('X24',))
    """

    aspect: ChangeAspect
    start: dt.date | None = attrs.field(default=None, validator=_optional_date)
    end: dt.date | None = attrs.field(default=None, validator=_optional_date)
    before: ChangeSide
    after: ChangeSide
    services: tuple[str, ...] = attrs.field(converter=_sorted_services)
    places: tuple[str, ...] = attrs.field(converter=_sorted_codes)
    areas: tuple[str, ...] = attrs.field(default=(), converter=_sorted_codes)
    area_kinds: tuple[CommissionerKind, ...] = attrs.field(
        default=(), converter=to_tuple
    )

    def __attrs_post_init__(self) -> None:
        check_instance("aspect", self.aspect, ChangeAspect, "a ChangeAspect")
        check_instance("before", self.before, ChangeSide, "a ChangeSide")
        check_instance("after", self.after, ChangeSide, "a ChangeSide")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise InvalidValueError(
                "end", self.end, f"a day on or after start ({self.start})"
            )

    def reversed(self) -> ResponsibilityChange:
        """The same change seen from the other side: ``before`` and ``after`` swapped."""
        return attrs.evolve(self, before=self.after, after=self.before)


@final
@attrs.frozen(kw_only=True)
class MoneyChange:
    """
    One amount on each side; ``None`` where it is not known.

    >>> from speccom_model import gbp
    >>> change = MoneyChange(before=gbp("£5.3bn"), after=gbp("£5.5bn"))
    >>> change.difference, change.changed
    (Money('200000000.00'), True)
    >>> MoneyChange(before=None, after=gbp("£1m")).difference is None
    True
    """

    before: Money | None
    after: Money | None

    @property
    def difference(self) -> Money | None:
        """After less before; ``None`` unless both are known."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def changed(self) -> bool:
        """Whether the two sides differ (a known amount and an unknown one do)."""
        return self.before != self.after

    def reversed(self) -> MoneyChange:
        """The sides swapped."""
        return MoneyChange(before=self.after, after=self.before)


@final
@attrs.frozen(kw_only=True)
class BodyMoneyChange:
    """
    One body's budget on each side: what it holds (allocation) and spent (outturn).

    ``before`` and ``after`` are the body's budget allocation, ``None`` where it
    holds no budget on that side (it then holds nothing: :attr:`difference`
    counts it as £0); the outturns are ``None`` where no line of the budget has
    one (not known: :attr:`outturn_difference` is then ``None``). ``name`` is
    the body's name on each side's year end, both written (``A / B``) when the
    sides name it differently. ``before_known`` and ``after_known`` are false
    for a side whose plan records no money for the year at all (no
    allocation, budget, pool, baseline or transfer: the year is not among
    :meth:`Landscape.years() <speccom_model.Landscape.years>`): that side's
    money is unknown, not £0, and no difference is computed.

    >>> from speccom_model import gbp
    >>> body = BodyMoneyChange(
    ...     code="QE1",
    ...     name="NHS Lancashire and South Cumbria ICB",
    ...     before=None,
    ...     after=gbp("£405.9m"),
    ... )
    >>> body.difference, body.outturn_difference
    (Money('405900000.00'), None)
    >>> attrs.evolve(body, before_known=False).difference is None
    True
    """

    code: str
    name: str
    before: Money | None
    after: Money | None
    before_outturn: Money | None = None
    after_outturn: Money | None = None
    before_known: bool = attrs.field(default=True, validator=_known)
    after_known: bool = attrs.field(default=True, validator=_known)

    def __attrs_post_init__(self) -> None:
        for side in ("before", "after"):
            if not getattr(self, f"{side}_known") and (
                getattr(self, side) is not None
                or getattr(self, f"{side}_outturn") is not None
            ):
                raise InvalidValueError(
                    side, getattr(self, side), "no money on a side that is not known"
                )

    @property
    def difference(self) -> Money | None:
        """
        After less before, a side with no budget holding £0.

        ``None`` when either side's plan records no money for the year.
        """
        if not (self.before_known and self.after_known):
            return None
        return (self.after or Money.zero()) - (self.before or Money.zero())

    @property
    def outturn_difference(self) -> Money | None:
        """After's outturn less before's; ``None`` unless both are known."""
        return MoneyChange(
            before=self.before_outturn, after=self.after_outturn
        ).difference

    def reversed(self) -> BodyMoneyChange:
        """The sides swapped."""
        return attrs.evolve(
            self,
            before=self.after,
            after=self.before,
            before_outturn=self.after_outturn,
            after_outturn=self.before_outturn,
            before_known=self.after_known,
            after_known=self.before_known,
        )


@final
@attrs.frozen(kw_only=True)
class YearMoneyChange:
    """
    A year's money on each side, as :func:`speccom_model.summarise` finds it.

    ``before_year`` and ``after_year`` are the same year for two plans, the
    years of the two days for one plan. ``bodies`` are the bodies whose budget
    or outturn differs, by code; ``allocation`` (the national figure of kind
    allocation), ``retained``, ``delegated`` and ``pooled`` are the year's
    totals (:class:`~speccom_model.YearMoney`), given whether or not they
    differ.

    Source: :func:`speccom_model.summarise` of each side's plan.

    >>> from speccom_model import gbp
    >>> same = MoneyChange(before=gbp("£0"), after=gbp("£0"))
    >>> year = YearMoneyChange(
    ...     before_year=FinancialYear(2024),
    ...     after_year=FinancialYear(2025),
    ...     allocation=MoneyChange(before=None, after=None),
    ...     retained=same,
    ...     delegated=MoneyChange(before=gbp("£5.3bn"), after=gbp("£13.3bn")),
    ...     pooled=same,
    ... )
    >>> year.changed, year.delegated.difference
    (True, Money('8000000000.00'))
    """

    before_year: FinancialYear
    after_year: FinancialYear
    bodies: tuple[BodyMoneyChange, ...] = attrs.field(default=(), converter=to_tuple)
    allocation: MoneyChange
    retained: MoneyChange
    delegated: MoneyChange
    pooled: MoneyChange

    @property
    def totals(self) -> dict[str, MoneyChange]:
        """The four totals by name, in the order a summary gives them."""
        return {
            "allocation": self.allocation,
            "retained": self.retained,
            "delegated": self.delegated,
            "pooled": self.pooled,
        }

    @property
    def changed(self) -> bool:
        """Whether any body's money or any total differs."""
        return bool(self.bodies) or any(t.changed for t in self.totals.values())

    def reversed(self) -> YearMoneyChange:
        """The sides swapped."""
        return YearMoneyChange(
            before_year=self.after_year,
            after_year=self.before_year,
            bodies=tuple(b.reversed() for b in self.bodies),
            allocation=self.allocation.reversed(),
            retained=self.retained.reversed(),
            delegated=self.delegated.reversed(),
            pooled=self.pooled.reversed(),
        )


@final
@attrs.frozen(kw_only=True)
class PlanDiff:
    """
    What changed: responsibility groups, money by year, pairs only one side has.

    Between two days of one plan, ``start`` and ``end`` are the days (``net``
    says whether the changes are those in between, or the answers of the two
    days against each other) and ``on`` is ``None``. For two plans ``start``
    and ``end`` are ``None`` and ``on`` is the day compared (``None``: every
    day). ``changes`` are in aspect order (commissioner, payer, accountable),
    then by day; ``money`` by year. The ``*_only_*`` fields are the services
    and places one plan has and the other lacks: their pairs are not compared.

    >>> from speccom_model import scenarios
    >>> england = scenarios.england_2024_25()
    >>> diff_plans(england, england).empty
    True
    """

    start: dt.date | None = None
    end: dt.date | None = None
    on: dt.date | None = None
    net: bool = False
    changes: tuple[ResponsibilityChange, ...] = attrs.field(
        default=(), converter=to_tuple
    )
    money: tuple[YearMoneyChange, ...] = attrs.field(default=(), converter=to_tuple)
    services_only_before: tuple[str, ...] = attrs.field(
        default=(), converter=_sorted_services
    )
    services_only_after: tuple[str, ...] = attrs.field(
        default=(), converter=_sorted_services
    )
    places_only_before: tuple[str, ...] = attrs.field(
        default=(), converter=_sorted_codes
    )
    places_only_after: tuple[str, ...] = attrs.field(
        default=(), converter=_sorted_codes
    )

    @property
    def empty(self) -> bool:
        """Whether nothing differs: no change, no money, no unmatched code."""
        return not (
            self.changes
            or self.money
            or self.services_only_before
            or self.services_only_after
            or self.places_only_before
            or self.places_only_after
        )


# -- answers --------------------------------------------------------------------------


#: A pair's answer: the codes compared, as the table's columns ``accountable``,
#: ``commissioner``, ``payer`` and ``arrangement`` (``None``: no answer).
_Answer = tuple[str | None, ...]
#: A pair's answers over time: the first day of each answer, and the answers.
_History = tuple[list[dt.date], list[_Answer]]


def _histories(landscape: Landscape) -> dict[tuple[str, str], _History]:
    """Each pair's answers, neighbours with the same codes merged."""
    found: dict[tuple[str, str], _History] = {}
    starts: list[dt.date] = []
    answers: list[_Answer] = []
    # The table's rows come pair by pair, each pair's from its first day.
    for row in responsibility_table(landscape):
        answer = row[4:8]  # accountable, commissioner, payer, arrangement
        if row.valid_from == FIRST_DAY:
            starts, answers = [FIRST_DAY], [answer]
            found[(row.service, row.place)] = (starts, answers)
        elif answers[-1] != answer:
            starts.append(row.valid_from)
            answers.append(answer)
    return found


def _at(history: _History, day: dt.date) -> _Answer:
    starts, answers = history
    return answers[bisect.bisect_right(starts, day) - 1]


class _View:
    """One side of a comparison: a plan, with memoised look-ups by day."""

    def __init__(self, landscape: Landscape) -> None:
        self.landscape = landscape
        self._kinds: dict[tuple[str, dt.date], CommissionerKind] = {}
        self._areas: dict[tuple[str, dt.date], str | None] = {}

    def kind(self, code: str | None, day: dt.date) -> CommissionerKind | None:
        if code is None:
            return None
        key = (code, day)
        found = self._kinds.get(key)
        if found is None:
            found = self._kinds[key] = self.landscape.commissioner(code).kind_on(day)
        return found

    def arrangement_kind(self, arrangement: str | None) -> ArrangementKind | None:
        return (
            None
            if arrangement is None
            else self.landscape.arrangement(arrangement).kind
        )

    def area(self, place: str, day: dt.date) -> str | None:
        key = (place, day)
        if key not in self._areas:
            body = self.landscape.commissioner_of(place, day)
            self._areas[key] = None if body is None else body.code
        return self._areas[key]


class _PairChange(NamedTuple):
    """One pair whose answers differ, with the days and sides to read them on."""

    service: str
    place: str
    start: dt.date | None
    end: dt.date | None
    before: _Answer
    after: _Answer
    before_day: dt.date
    after_day: dt.date


_ASPECT_ORDER: Final = {aspect: i for i, aspect in enumerate(ChangeAspect)}


class _Group:
    """The pairs of one group, gathered before the group is built."""

    def __init__(self) -> None:
        self.services: set[str] = set()
        self.places: set[str] = set()
        self.areas: set[str] = set()
        self.area_kinds: set[CommissionerKind] = set()
        self.before_bodies: set[str] = set()
        self.after_bodies: set[str] = set()
        self.before_arrangements: set[str] = set()
        self.after_arrangements: set[str] = set()


_GroupKey = tuple[
    ChangeAspect,
    dt.date | None,
    dt.date | None,
    ArrangementKind | None,
    CommissionerKind | None,
    ArrangementKind | None,
    CommissionerKind | None,
]


def _group(
    pairs: Iterable[_PairChange], before: _View, after: _View
) -> tuple[ResponsibilityChange, ...]:
    """Group pair changes by aspect, days and kinds on each side."""
    groups: dict[_GroupKey, _Group] = {}

    def add(
        key: _GroupKey,
        pair: _PairChange,
        bodies: tuple[str | None, str | None],
        arrangements: tuple[str | None, str | None] = (None, None),
    ) -> None:
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group()
        group.services.add(pair.service)
        group.places.add(pair.place)
        for view, day in ((before, pair.before_day), (after, pair.after_day)):
            area = view.area(pair.place, day)
            if area is not None:
                group.areas.add(area)
                kind = view.kind(area, day)
                assert kind is not None  # a code always has a kind
                group.area_kinds.add(kind)
        if bodies[0] is not None:
            group.before_bodies.add(bodies[0])
        if bodies[1] is not None:
            group.after_bodies.add(bodies[1])
        if arrangements[0] is not None:
            group.before_arrangements.add(arrangements[0])
        if arrangements[1] is not None:
            group.after_arrangements.add(arrangements[1])

    for pair in pairs:
        was_accountable, was_commissioner, was_payer, was_arrangement = pair.before
        now_accountable, now_commissioner, now_payer, now_arrangement = pair.after
        moved = (was_commissioner, now_commissioner)
        if moved[0] != moved[1] or was_arrangement != now_arrangement:
            add(
                (
                    ChangeAspect.COMMISSIONER,
                    pair.start,
                    pair.end,
                    before.arrangement_kind(was_arrangement),
                    before.kind(was_commissioner, pair.before_day),
                    after.arrangement_kind(now_arrangement),
                    after.kind(now_commissioner, pair.after_day),
                ),
                pair,
                moved,
                (was_arrangement, now_arrangement),
            )
        for aspect, codes in (
            (ChangeAspect.PAYER, (was_payer, now_payer)),
            (ChangeAspect.ACCOUNTABLE, (was_accountable, now_accountable)),
        ):
            # A body that moves as the commissioner moved is told there, once.
            if codes[0] != codes[1] and codes != moved:
                add(
                    (
                        aspect,
                        pair.start,
                        pair.end,
                        None,
                        before.kind(codes[0], pair.before_day),
                        None,
                        after.kind(codes[1], pair.after_day),
                    ),
                    pair,
                    codes,
                )

    changes = [
        ResponsibilityChange(
            aspect=key[0],
            start=key[1],
            end=key[2],
            before=ChangeSide(
                arrangement=key[3],
                kind=key[4],
                bodies=group.before_bodies,
                arrangements=group.before_arrangements,
            ),
            after=ChangeSide(
                arrangement=key[5],
                kind=key[6],
                bodies=group.after_bodies,
                arrangements=group.after_arrangements,
            ),
            services=group.services,
            places=group.places,
            areas=group.areas,
            area_kinds=sorted(group.area_kinds, key=lambda k: k.value),
        )
        for key, group in groups.items()
    ]
    return tuple(sorted(changes, key=_change_order))


def _change_order(change: ResponsibilityChange) -> tuple[object, ...]:
    """Aspect, then day, then the larger group first, then the kinds' values."""
    return (
        _ASPECT_ORDER[change.aspect],
        change.start or dt.date.min,
        change.end or dt.date.max,
        -len(change.services) * len(change.places),
        _kind_values(change.before),
        _kind_values(change.after),
    )


def _kind_values(side: ChangeSide) -> tuple[str, str]:
    return (
        "" if side.arrangement is None else side.arrangement.value,
        "" if side.kind is None else side.kind.value,
    )


# -- money ----------------------------------------------------------------------------


def _body_name(landscape: Landscape, code: str, year: FinancialYear) -> str:
    return landscape.commissioner(code).name_on(year.end)


def _year_money(
    before: Landscape,
    before_year: FinancialYear,
    after: Landscape,
    after_year: FinancialYear,
) -> YearMoneyChange | None:
    """
    One year's money on each side, or ``None`` when nothing differs.

    A side whose plan records no money for its year is unknown: its totals are
    ``None`` and its bodies are marked not known, so no difference is computed.
    """
    was = _summary(before, before_year)
    now = _summary(after, after_year)
    was_bodies = {} if was is None else {b.code: b for b in was.bodies}
    now_bodies = {} if now is None else {b.code: b for b in now.bodies}
    bodies = []
    for code in sorted(set(was_bodies) | set(now_bodies)):
        old, new = was_bodies.get(code), now_bodies.get(code)
        names = set()
        if old is not None:
            names.add(_body_name(before, code, before_year))
        if new is not None:
            names.add(_body_name(after, code, after_year))
        body = BodyMoneyChange(
            code=code,
            name=" / ".join(sorted(names)),
            before=None if old is None else old.allocation,
            after=None if new is None else new.allocation,
            before_outturn=None if old is None else old.outturn,
            after_outturn=None if new is None else new.outturn,
            before_known=was is not None,
            after_known=now is not None,
        )
        if (
            body.before != body.after
            or body.before_outturn != body.after_outturn
            or body.before_known != body.after_known
        ):
            bodies.append(body)
    change = YearMoneyChange(
        before_year=before_year,
        after_year=after_year,
        bodies=bodies,
        allocation=_total(was, now, "allocation"),
        retained=_total(was, now, "retained"),
        delegated=_total(was, now, "delegated"),
        pooled=_total(was, now, "pooled"),
    )
    return change if change.changed else None


def _total(was: YearMoney | None, now: YearMoney | None, total: str) -> MoneyChange:
    """One of the year's totals on each side, ``None`` on a side not known."""
    return MoneyChange(
        before=None if was is None else getattr(was, total),
        after=None if now is None else getattr(now, total),
    )


def _summary(landscape: Landscape, year: FinancialYear) -> YearMoney | None:
    """The year's money as a summary finds it; ``None`` where none is recorded."""
    if year not in landscape.years():
        return None
    (found,) = summarise(landscape, year)
    return found


def _money(
    before: Landscape,
    after: Landscape,
    years: Iterable[tuple[FinancialYear, FinancialYear]],
) -> tuple[YearMoneyChange, ...]:
    found = (_year_money(before, a, after, b) for a, b in years)
    return tuple(change for change in found if change is not None)


# -- the two questions ----------------------------------------------------------------


def _day(field: str, value: object) -> dt.date:
    day = check_date(field, value)
    if not _FIRST_DIFF_DAY <= day <= _LAST_DIFF_DAY:
        raise InvalidValueError(
            field, day, f"a day from {_FIRST_DIFF_DAY} to {_LAST_DIFF_DAY}"
        )
    return day


def diff_dates(
    landscape: Landscape, start: dt.date, end: dt.date, *, net: bool = False
) -> PlanDiff:
    """
    What changes in one plan after ``start``, up to and including ``end``.

    Without ``net``: every change whose day falls in ``(start, end]``, each
    group's ``start`` the day it takes effect, in order; a change on ``start``
    itself is not in it (it is already in force that day). With ``net``: the
    answers on ``start`` against those on ``end``, whatever changed and changed
    back in between (groups carry no day). Money: the year of ``start`` against
    the year of ``end``, when they differ.

    Args:
        landscape: The plan.
        start: The first day (its answers are the ``before`` side).
        end: The last day, on or after ``start``.
        net: Compare the two days' answers rather than list each change.

    Returns:
        A :class:`PlanDiff` with ``start``, ``end`` and ``net`` set; empty when
        ``start`` is ``end``.

    Raises:
        InvalidValueError: for an ``end`` before ``start``, a day outside
            1 April 1900 to 31 December 9998, or an argument of the wrong type.

    >>> from speccom_model import scenarios
    >>> plan = scenarios.england_2025_26()
    >>> found = diff_dates(plan, dt.date(2025, 3, 31), dt.date(2025, 4, 1))
    >>> for c in found.changes:
    ...     print(
    ...         c.aspect.value,
    ...         c.before.kind.value,
    ...         "->",
    ...         c.after.kind.value,
    ...         len(c.services),
    ...         "services,",
    ...         len(c.areas),
    ...         "ICBs",
    ...     )
    commissioner joint-committee -> icb 59 services, 22 ICBs
    commissioner nhs-england -> icb 11 services, 42 ICBs
    payer nhs-england -> icb 59 services, 22 ICBs
    """
    check_instance("landscape", landscape, Landscape, "a Landscape")
    start = _day("start", start)
    end = _day("end", end)
    check_instance("net", net, bool, "True or False")
    if end < start:
        raise InvalidValueError("end", end, f"a day on or after start ({start})")
    view = _View(landscape)
    histories = _histories(landscape)
    pairs: list[_PairChange] = []
    if net:
        for (service, place), history in histories.items():
            was, now = _at(history, start), _at(history, end)
            if was != now:
                pairs.append(
                    _PairChange(service, place, None, None, was, now, start, end)
                )
    else:
        for (service, place), (starts, answers) in histories.items():
            first = bisect.bisect_right(starts, start)
            last = bisect.bisect_right(starts, end)
            for i in range(max(first, 1), last):
                day = starts[i]
                pairs.append(
                    _PairChange(
                        service,
                        place,
                        day,
                        None,
                        answers[i - 1],
                        answers[i],
                        day - dt.timedelta(days=1),
                        day,
                    )
                )
    years = FinancialYear.containing(start), FinancialYear.containing(end)
    return PlanDiff(
        start=start,
        end=end,
        net=net,
        changes=_group(pairs, view, view),
        money=_money(landscape, landscape, [years] if years[0] != years[1] else []),
    )


def diff_plans(
    before: Landscape, after: Landscape, *, on: dt.date | None = None
) -> PlanDiff:
    """
    Where two plans answer differently: on ``on``, or over every day.

    Only the pairs of a service and a place both plans know are compared; the
    services and places one plan lacks are listed in the result instead. With
    ``on``, each pair's answers on that day; without, every day from
    0001-01-01 to 9999-12-31, each group's ``start`` and ``end`` the days (both
    included) over which the plans differ so. Money: the year of ``on``, or
    every year either plan records, body by body.

    Swapping the plans swaps each group's and each amount's sides
    (:meth:`ResponsibilityChange.reversed`, :meth:`YearMoneyChange.reversed`),
    and nothing else.

    Args:
        before: The first plan (the ``before`` side).
        after: The second plan (the ``after`` side).
        on: The day to compare; ``None`` for every day.

    Returns:
        A :class:`PlanDiff` with ``on`` set (or ``None``).

    Raises:
        InvalidValueError: for an ``on`` outside 1 April 1900 to 31 December
            9998, or an argument of the wrong type.

    >>> from speccom_model import scenarios
    >>> found = diff_plans(scenarios.england_2024_25(), scenarios.england_2025_26())
    >>> [(str(c.start), str(c.end), len(c.after.bodies)) for c in found.changes]
    [('2025-04-01', '2026-03-31', 6), ('2025-04-01', '9999-12-31', 16), ('2026-04-01', '9999-12-31', 3), ('2026-04-01', '9999-12-31', 0)]
    >>> len(found.services_only_after), found.services_only_after[0]
    (11, 'ILL-201')
    """
    check_instance("before", before, Landscape, "a Landscape")
    check_instance("after", after, Landscape, "a Landscape")
    if on is not None:
        on = _day("on", on)
    was_view, now_view = _View(before), _View(after)
    was_histories = _histories(before)
    now_histories = was_histories if after is before else _histories(after)
    pairs: list[_PairChange] = []
    for key, was_history in was_histories.items():
        now_history = now_histories.get(key)
        if now_history is None:
            continue
        service, place = key
        if on is not None:
            was, now = _at(was_history, on), _at(now_history, on)
            if was != now:
                pairs.append(_PairChange(service, place, None, None, was, now, on, on))
            continue
        pairs.extend(_ranges(service, place, was_history, now_history))
    was_services = {s.code for s in before.catalogue}
    now_services = {s.code for s in after.catalogue}
    was_places = {p.code for p in before.places}
    now_places = {p.code for p in after.places}
    if on is None:
        years = sorted(set(before.years()) | set(after.years()))
    else:
        years = [FinancialYear.containing(on)]
    return PlanDiff(
        on=on,
        changes=_group(pairs, was_view, now_view),
        money=_money(before, after, [(year, year) for year in years]),
        services_only_before=was_services - now_services,
        services_only_after=now_services - was_services,
        places_only_before=was_places - now_places,
        places_only_after=now_places - was_places,
    )


def _ranges(
    service: str, place: str, was: _History, now: _History
) -> list[_PairChange]:
    """The ranges of days on which two histories of one pair differ."""
    if was == now:
        return []
    days = sorted(set(was[0]) | set(now[0]))
    found: list[_PairChange] = []
    # At each day one side's answer changes (each history merges its equal
    # neighbours), so no two ranges in a row hold the same pair of answers.
    for i, day in enumerate(days):
        a, b = _at(was, day), _at(now, day)
        if a == b:
            continue
        last = LAST_DAY if i + 1 == len(days) else days[i + 1] - dt.timedelta(days=1)
        found.append(_PairChange(service, place, day, last, a, b, day, day))
    return found
