"""
Who answers, who decides, who pays: three answers for one service, place and day.

The law splits responsibility for a specialised service three ways, and a
:class:`Responsibility` gives each answer with the sources behind it:

* **accountable** — the body accountable in law. NHS England under every
  delegated kind of arrangement: arrangements "do not affect the liability of
  the Board" (NHS Act 2006 s.13Z(6)), and under s.65Z5 delegation and joint
  committees "NHS England will remain the accountable commissioner" (NHS
  England Board, 7 December 2023). Only a wholesale transfer, which needs
  ministers to change the prescribed list, makes the receiver accountable.
* **commissioner** — the body that exercises the commissioning function: the
  receiver of the arrangement in force (or the body that succeeded it), else
  NHS England; exactly :meth:`Landscape.responsible_commissioner`.
* **payer** — the body that holds the money and pays providers, by the kind's
  :attr:`~speccom_model.ArrangementKind.money_holder`: NHS England under
  co-commissioning, joint committees, joint appointments and internal
  delegation; the receiver (followed through successions) under ICB
  delegation, an s.13YB direction, a devolved arrangement, a lead-provider or
  alliance contract and a wholesale transfer (for a provider collaborative,
  which holds no budget of its own, its lead provider); the host of the pool
  under a s.13V pooled budget. Under ICB delegation NHS England still pays for
  high-cost drugs and devices: the 2024-25 delegated figure "excludes
  high-cost drugs and devices spend" (written answer, May 2024), and
  :attr:`Responsibility.retained_by_nhs_england` says so with its source.

A pooled budget is for one financial year. On a day outside the year of the
arrangement's pool the plan does not say who holds the money: the payer is
``None`` and :attr:`Responsibility.payer_unknown` says why (never a guess).

>>> import datetime as dt
>>> from speccom_model import scenarios
>>> england = scenarios.england_2024_25()
>>> joint = england.responsibility("7", "01A", dt.date(2023, 4, 1))
>>> joint.accountable.code, joint.commissioner.code, joint.payer.code
('X24', 'JC-Y62', 'X24')
>>> icb = england.responsibility("7", "01A", dt.date(2024, 4, 1))
>>> icb.accountable.code, icb.commissioner.code, icb.payer.code
('X24', 'QE1', 'QE1')
>>> icb.retained_by_nhs_england
'high-cost drugs and devices: NHS England keeps paying for them under ICB delegation'
>>> england.responsibility("7", "01A", dt.date(2013, 3, 31)) is None
True
"""

from __future__ import annotations

from typing import Final, final

import attrs

from speccom_model import _sources as src
from speccom_model._validators import check_instance, check_text
from speccom_model.arrangement import (
    ArrangementKind,
    DelegationArrangement,
    LegalLiability,
    MoneyHolder,
)
from speccom_model.citation import Sources, check_sources, to_sources
from speccom_model.commissioner import Commissioner
from speccom_model.errors import InvalidValueError

__all__ = ["Responsibility"]

#: What NHS England keeps paying for under ICB delegation, and why.
HIGH_COST_DRUGS_AND_DEVICES: Final = (
    "high-cost drugs and devices: NHS England keeps paying for them under ICB "
    "delegation"
)

#: NHS England's own duty for the prescribed services, where nothing moves it.
_UNDELEGATED: Final[Sources] = (src.NHS_ACT_3B_1D, src.SI_2012_2996)
#: Kinds made under s.65Z5, after which NHS England stays the accountable
#: commissioner "regardless of delegation status" (Board, 7 December 2023).
_S65Z5_KINDS: Final = frozenset(
    {ArrangementKind.ICB_DELEGATION, ArrangementKind.JOINT_COMMITTEE}
)


def _optional_text(field: str, value: object) -> None:
    if value is not None:
        check_text(field, value)


@final
@attrs.frozen(kw_only=True)
class Responsibility:
    """
    Who is accountable, who commissions and who pays, with the arrangement.

    Args:
        accountable: The body accountable in law: NHS England, or the receiver
            of a wholesale transfer.
        commissioner: The body that exercises the function (the receiver of
            the arrangement in force, followed through successions, or NHS
            England).
        payer: The body that holds the money and pays providers, or ``None``
            where the plan does not say (then ``payer_unknown`` says why).
        arrangement: The arrangement in force, or ``None`` where NHS England
            holds the service undelegated.
        accountable_sources: The law behind ``accountable``.
        commissioner_sources: The law behind ``commissioner``.
        payer_sources: The law or guidance behind ``payer`` (or behind the
            rule that leaves it unknown).
        payer_unknown: Why there is no payer; ``None`` when there is one.
        retained_by_nhs_england: What NHS England keeps paying for although
            ``payer`` holds the rest (high-cost drugs and devices under ICB
            delegation); ``None`` when nothing is kept.
        retained_sources: The source of ``retained_by_nhs_england``; empty
            exactly when it is ``None``.

    Raises:
        InvalidValueError: for a field of the wrong type; a payer together
            with a reason it is unknown, or neither; a retained share without
            its source, or a source without it.

    Source: NHS Act 2006 s.13Z(6), s.65Z5, s.13V; the kinds' legal bases.

    >>> from speccom_model import Commissioner, CommissionerKind, Period
    >>> nhse = Commissioner(
    ...     code="X24",
    ...     name="NHS England",
    ...     kind=CommissionerKind.NHS_ENGLAND,
    ...     lifetime=Period(start=dt.date(2012, 10, 1)),
    ... )
    >>> Responsibility(
    ...     accountable=nhse,
    ...     commissioner=nhse,
    ...     payer=None,
    ...     arrangement=None,
    ...     accountable_sources=(src.NHS_ACT_3B_1D,),
    ...     commissioner_sources=(src.NHS_ACT_3B_1D,),
    ...     payer_sources=(src.NHS_ACT_3B_1D,),
    ... )
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: payer_unknown: expected a reason when there is no payer, got None
    """

    accountable: Commissioner
    commissioner: Commissioner
    payer: Commissioner | None
    arrangement: DelegationArrangement | None
    accountable_sources: Sources = attrs.field(converter=to_sources)
    commissioner_sources: Sources = attrs.field(converter=to_sources)
    payer_sources: Sources = attrs.field(converter=to_sources)
    payer_unknown: str | None = None
    retained_by_nhs_england: str | None = None
    retained_sources: Sources = attrs.field(default=(), converter=to_sources)

    def __attrs_post_init__(self) -> None:
        check_instance("accountable", self.accountable, Commissioner, "a Commissioner")
        check_instance(
            "commissioner", self.commissioner, Commissioner, "a Commissioner"
        )
        if self.payer is not None:
            check_instance("payer", self.payer, Commissioner, "a Commissioner or None")
        if self.arrangement is not None:
            check_instance(
                "arrangement",
                self.arrangement,
                DelegationArrangement,
                "a DelegationArrangement or None",
            )
        check_sources("accountable_sources", self.accountable_sources)
        check_sources("commissioner_sources", self.commissioner_sources)
        check_sources("payer_sources", self.payer_sources)
        _optional_text("payer_unknown", self.payer_unknown)
        _optional_text("retained_by_nhs_england", self.retained_by_nhs_england)
        if self.payer is None and self.payer_unknown is None:
            raise InvalidValueError(
                "payer_unknown", None, "a reason when there is no payer"
            )
        if self.payer is not None and self.payer_unknown is not None:
            raise InvalidValueError(
                "payer_unknown", self.payer_unknown, "no reason when there is a payer"
            )
        if self.retained_by_nhs_england is None:
            if self.retained_sources != ():
                raise InvalidValueError(
                    "retained_sources",
                    self.retained_sources,
                    "no sources when nothing is retained",
                )
        else:
            check_sources("retained_sources", self.retained_sources)


def _accountable_sources(arrangement: DelegationArrangement | None) -> Sources:
    """
    The law that names the accountable body under ``arrangement``.

    NHS England's own duty where nothing is delegated; s.13Z(6) for every
    delegated kind, with s.65Z5 and the Board's statement for the kinds made
    under it; the kind's legal basis for a wholesale transfer.
    """
    if arrangement is None:
        return _UNDELEGATED
    kind = arrangement.kind
    if kind.legal_liability is LegalLiability.RECEIVER:
        return kind.legal_basis
    if kind in _S65Z5_KINDS:
        return (src.NHS_ACT_13Z_6, src.NHS_ACT_65Z5, src.NHSE_BOARD_2023_12)
    return (src.NHS_ACT_13Z_6, *kind.legal_basis)


def _commissioner_sources(arrangement: DelegationArrangement | None) -> Sources:
    """The law that names the commissioner: NHS England's duty, or the kind's basis."""
    return _UNDELEGATED if arrangement is None else arrangement.kind.legal_basis


def _payer_sources(arrangement: DelegationArrangement | None) -> Sources:
    """The law behind the payer: NHS England's duty, the kind's basis, or s.13V."""
    if arrangement is None:
        return _UNDELEGATED
    if arrangement.kind.money_holder is MoneyHolder.POOL:
        return (src.NHS_ACT_13V,)
    return arrangement.kind.legal_basis


def _retained(arrangement: DelegationArrangement | None) -> tuple[str | None, Sources]:
    """What NHS England keeps paying for under ``arrangement``, and its source."""
    if arrangement is not None and arrangement.kind is ArrangementKind.ICB_DELEGATION:
        return HIGH_COST_DRUGS_AND_DEVICES, (src.WRITTEN_ANSWER_2024_05_HCD,)
    return None, ()
