"""
Fuzzing ``io.loads`` with mutated plans: the right value or our own error.

Each example takes a generated, valid plan and damages it, either as data (a
value replaced by something a hand-edited or machine-written file might hold,
a key removed or added) or as text (characters inserted, deleted or
repeated). Whatever comes out must be one of two things: a
:class:`~speccom_model.SpeccomError`, or a landscape that survives a round
trip through both formats exactly and that ``check`` can judge without
raising. Nothing else may escape: no RecursionError, no UnicodeEncodeError,
no decimal exception, no exception group.

The number of examples is larger under the CI profile (``HYPOTHESIS_PROFILE=ci``)
and can be set with ``SPECCOM_FUZZ_EXAMPLES``.
"""

from __future__ import annotations

import datetime as dt
import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speccom_model import Landscape, SpeccomError, check, io
from tests.strategies import any_landscapes, damaged_plans

#: Examples per test: 3,000 under CI, 300 otherwise, or SPECCOM_FUZZ_EXAMPLES.
EXAMPLES = int(
    os.environ.get(
        "SPECCOM_FUZZ_EXAMPLES",
        "3000" if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else "300",
    )
)

#: Values real files have held where something else belonged, and worse.
HOSTILE_TEXT = [
    "",
    " ",
    "\x00",
    "\ud800",
    "X24\n",
    " qe1 ",
    "\uff12\uff10\uff12\uff14-04-01",
    "\u0663",
    "2024-04-01T00:00:00",
    "2024-04-01 00:00:00",
    "20240401",
    "2024/04/01",
    "2024-4-1",
    "04/13/2024",
    "31/02/2024",
    "2024-W01-1",
    "1 April 2019",
    "FY25/26",
    "25/26",
    "2019-21",
    "£1.2b",
    "-£-5m",
    "5 GBP; 3",
    "GBP",
    "5 bn bn GBP",
    "1e309 GBP",
    "1/0 GBP",
    "(5 GBP",
    "£\uff15m",
    "1" + " " * 300 + "x",
    "A" * 1000,
    "9" * 40,
    "£" + "9" * 30,
    "NaN",
    "ICB",
    "NHS England",
    "Clinical Commissioning Group",
]
HOSTILE_VALUES = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=20),
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([2**53, 2**64, -(2**63), 10**30, 0, -1]),
    st.floats(),
    st.lists(st.sampled_from(["1", "2A", 5, None, "\ud800"]), max_size=3),
    st.dictionaries(st.sampled_from(["code", "start", "x"]), st.integers(), max_size=2),
    st.builds(lambda: [[[[[]]]]]),  # a fresh one each time: examples mutate it
)


@st.composite
def damaged_data(draw: st.DrawFn) -> str:
    """A plan as JSON with one to three values replaced, removed or added."""
    data = draw(
        damaged_plans(
            HOSTILE_VALUES,
            steps=st.integers(1, 3),
            extra_keys=("extra", "Code", "name "),
        )
    )
    return json.dumps(data, indent=1)


@st.composite
def damaged_text(draw: st.DrawFn) -> tuple[str, io.Format]:
    """A plan as TOML or JSON text with a few characters changed."""
    format: io.Format = draw(st.sampled_from(io.FORMATS))
    text = io.dumps(draw(any_landscapes()), format=format)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "repeat"]))
        if action == "insert":
            text = text[:at] + draw(st.text(max_size=4)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
        else:
            text = text[:at] + text[at : at + 40] * draw(st.integers(2, 50)) + text[at:]
    return text, format


def _accepted_or_refused(text: str, format: io.Format) -> None:
    try:
        landscape = io.loads(text, format=format)
    except SpeccomError:
        return
    assert isinstance(landscape, Landscape)
    for other in io.FORMATS:
        written = io.dumps(landscape, format=other)
        written.encode("utf-8")  # no lone surrogate got through
        assert io.loads(written, format=other) == landscape
    report = check(landscape)
    for finding in report:
        finding.message.encode("utf-8")
        finding.subject.encode("utf-8")


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=dt.timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


@FUZZ
@given(damaged_data())
def test_damaged_values_give_a_landscape_or_our_error(text: str) -> None:
    _accepted_or_refused(text, "json")


@FUZZ
@given(damaged_text())
def test_damaged_text_gives_a_landscape_or_our_error(
    damaged: tuple[str, io.Format],
) -> None:
    _accepted_or_refused(*damaged)
