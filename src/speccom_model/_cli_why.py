"""
``speccom why``'s output: a :class:`~speccom_model.reasons.Why` as text or as data.

The command (in :mod:`speccom_model.cli`) reads the plan, the date and the
policy; this module only shapes the answer. Text numbers the steps, each with
one ``Source:`` line per citation; JSON is plain data for ``json.dumps``:
dates ISO, amounts exact strings of pounds and pence (``"1234.56"``), sources
as ``{title, section, url, date, note}``.

>>> from speccom_model.reasons import why
>>> chain = why(scenarios.england_2024_25(), "7", "01A", dt.date(2024, 4, 1))
>>> data = why_json(chain, "england_2024_25", {"name": "law"})
>>> data["answer"]["commissioner"], data["steps"][6]["data"]["budget_allocation"]
('QE1', '6142898.43')
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from speccom_model.tabular import ColumnKind, json_cell
from speccom_model.units import Money

if TYPE_CHECKING:
    from speccom_model.reasons import Value, Why

__all__ = ["json_value", "why_json", "why_lines"]


def json_value(value: Value) -> str | int | bool | None:
    """
    One step value as JSON data: a date ISO, an amount ``"1234.56"``.

    >>> json_value(dt.date(2024, 4, 1)), json_value(gbp("£1.5m")), json_value(7)
    ('2024-04-01', '1500000.00', 7)
    """
    if isinstance(value, Money):
        return str(json_cell(ColumnKind.MONEY, value))
    if isinstance(value, dt.date):
        return str(json_cell(ColumnKind.DATE, value))
    return value


def _body(chain: Why, field: str) -> str | None:
    found = getattr(chain, field)
    return None if found is None else str(found.code)


def why_json(chain: Why, name: str, policy: dict[str, Any]) -> dict[str, Any]:
    """The chain as JSON data: the question, the answer and every step."""
    answer = chain.responsibility
    return {
        "landscape": name,
        "policy": policy,
        "service": chain.service,
        "place": chain.place,
        "on": chain.on.isoformat(),
        "answer": None
        if answer is None
        else {
            "accountable": _body(chain, "accountable"),
            "commissioner": _body(chain, "commissioner"),
            "payer": _body(chain, "payer"),
            "arrangement": None
            if answer.arrangement is None
            else answer.arrangement.id,
            "payer_unknown": answer.payer_unknown,
            "retained_by_nhs_england": answer.retained_by_nhs_england,
        },
        "steps": [
            {
                "number": number,
                "kind": step.kind.value,
                "label": step.kind.label,
                "statement": step.statement,
                "sources": [citation.as_dict() for citation in step.sources],
                "data": {key: json_value(value) for key, value in step.data.items()},
            }
            for number, step in enumerate(chain.steps, start=1)
        ],
    }


def why_lines(chain: Why, name: str, policy: list[str]) -> list[str]:
    """The chain as a report: the question, the policy, numbered steps, the answer."""
    lines = [
        f"speccom why: service {chain.service} in {chain.place} on {chain.on} ({name})",
        *policy,
    ]
    for number, step in enumerate(chain.steps, start=1):
        lines += ["", f"{number}. {step}"]
        lines += [f"   Source: {citation}" for citation in step.sources]
    lines.append("")
    if chain.responsibility is None:
        lines.append(f"Answer: none (step {len(chain.steps)} says why)")
    else:
        answers = [
            f"{field} {_body(chain, field) or 'not named'}"
            for field in ("accountable", "commissioner", "payer")
        ]
        lines.append("Answer: " + ", ".join(answers))
    return lines
