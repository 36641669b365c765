"""
Versions of a body, former names of a place, last days, successions that close.

Source: issue #11 item 4: a body is one identity with versions over time (the
STP ``QE1`` became the ICB ``QE1`` on 1 July 2022, Health and Care Act 2022,
https://www.legislation.gov.uk/ukpga/2022/31); a succession whose predecessor's
lifetime does not end on the succession date is refused; inclusive end dates
only where a user says so (``last_day``).
"""

from __future__ import annotations

import datetime as dt
import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from speccom_model import (
    BodyVersion,
    Commissioner,
    CommissionerKind,
    DuplicateCodeError,
    FormerName,
    InvalidValueError,
    Membership,
    Period,
    Place,
    Succession,
    SuccessionKind,
    check,
    persons,
)
from speccom_model import strategies as shipped
from tests.objects import code_of
from tests.rules.builders import adding, clean, succeeding, with_arrangement

STP_UNTIL = dt.date(2022, 7, 1)  # Health and Care Act 2022: ICBs from 1 July 2022


def qe1() -> Commissioner:
    """QE1: the Lancashire and South Cumbria STP, then its ICB, one code."""
    return Commissioner(
        code="QE1",
        name="NHS Lancashire and South Cumbria ICB",
        kind=CommissionerKind.ICB,
        lifetime=Period(start=dt.date(2016, 4, 1)),
        former=[
            BodyVersion(
                name="Healthier Lancashire and South Cumbria",
                kind=CommissionerKind.STP,
                until=STP_UNTIL,
            )
        ],
    )


def version(name: str, kind: CommissionerKind, until: dt.date) -> BodyVersion:
    return BodyVersion(name=name, kind=kind, until=until)


class TestBodyVersions:
    def test_qe1_is_an_stp_to_30_june_2022_and_an_icb_from_1_july(self) -> None:
        """One body, one code: its kind and name by date."""
        body = qe1()

        assert body.kind_on(dt.date(2022, 6, 30)) is CommissionerKind.STP
        assert body.kind_on(dt.date(2022, 7, 1)) is CommissionerKind.ICB
        assert body.name_on(dt.date(2022, 6, 30)) == (
            "Healthier Lancashire and South Cumbria"
        )
        assert body.name_on(dt.date(2022, 7, 1)) == (
            "NHS Lancashire and South Cumbria ICB"
        )

    def test_qe1_can_hold_a_budget_only_from_1_july_2022(self) -> None:
        """An STP never holds a budget; the ICB it became does."""
        body = qe1()

        assert not body.can_hold_budget(dt.date(2022, 6, 30))
        assert body.can_hold_budget(dt.date(2022, 7, 1))

    def test_days_outside_the_lifetime_answer_the_nearest_version(self) -> None:
        """Before the start: the first version; after the end: the last."""
        body = attrs.evolve(
            qe1(), lifetime=Period(start=dt.date(2016, 4, 1), end=dt.date(2026, 4, 1))
        )

        assert body.kind_on(dt.date(2000, 1, 1)) is CommissionerKind.STP
        assert body.kind_on(dt.date(2030, 1, 1)) is CommissionerKind.ICB

    def test_a_list_of_versions_becomes_a_tuple(self) -> None:
        assert type(qe1().former) is tuple

    def test_versions_out_of_order_are_refused(self) -> None:
        with pytest.raises(
            InvalidValueError,
            match=re.escape(
                "former[1].until: expected a day after the previous version's until "
                "(2022-07-01): former versions oldest first, got '2018-04-01'"
            ),
        ):
            attrs.evolve(
                qe1(),
                former=[
                    version("B", CommissionerKind.STP, STP_UNTIL),
                    version("A", CommissionerKind.STP, dt.date(2018, 4, 1)),
                ],
            )

    def test_two_versions_ending_on_one_day_are_refused(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^former\[1\]\.until: expected"):
            attrs.evolve(
                qe1(),
                former=[
                    version("A", CommissionerKind.STP, STP_UNTIL),
                    version("B", CommissionerKind.CCG, STP_UNTIL),
                ],
            )

    def test_a_version_ending_on_or_before_the_start_is_refused(self) -> None:
        with pytest.raises(
            InvalidValueError,
            match=re.escape(
                "former[0].until: expected a day after the lifetime's start "
                "(2016-04-01): a version ends inside the body's lifetime, "
                "got '2016-04-01'"
            ),
        ):
            attrs.evolve(
                qe1(), former=[version("A", CommissionerKind.STP, dt.date(2016, 4, 1))]
            )

    def test_a_version_ending_on_or_after_the_end_is_refused(self) -> None:
        with pytest.raises(
            InvalidValueError,
            match=re.escape(
                "former[0].until: expected a day before the lifetime's end "
                "(2022-07-01): a version ends inside the body's lifetime, "
                "got '2022-07-01'"
            ),
        ):
            attrs.evolve(
                qe1(),
                lifetime=Period(start=dt.date(2016, 4, 1), end=STP_UNTIL),
            )

    def test_a_version_repeating_the_next_is_refused(self) -> None:
        """Same name and kind as the body after it: redundant."""
        with pytest.raises(
            InvalidValueError,
            match=re.escape(
                "former[0]: expected a version that differs from the next in name "
                "or kind (this one repeats it: leave it out), got "
                "'NHS Lancashire and South Cumbria ICB (icb) until 2022-07-01'"
            ),
        ):
            attrs.evolve(
                qe1(),
                former=[
                    version(
                        "NHS Lancashire and South Cumbria ICB",
                        CommissionerKind.ICB,
                        STP_UNTIL,
                    )
                ],
            )

    def test_a_version_repeating_the_next_version_is_refused(self) -> None:
        with pytest.raises(
            InvalidValueError, match=r"^former\[0\]: expected a version"
        ):
            attrs.evolve(
                qe1(),
                former=[
                    version("A", CommissionerKind.STP, dt.date(2018, 4, 1)),
                    version("A", CommissionerKind.STP, STP_UNTIL),
                ],
            )

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("name", "", r"^name: expected non-empty text"),
            ("kind", "stp", r"^kind: expected a CommissionerKind"),
            ("until", dt.datetime(2022, 7, 1), r"^until: expected a datetime.date"),
        ],
    )
    def test_a_version_checks_its_fields(
        self, field: str, value: object, message: str
    ) -> None:
        fields: dict[str, object] = {
            "name": "A",
            "kind": CommissionerKind.STP,
            "until": STP_UNTIL,
            field: value,
        }
        with pytest.raises(InvalidValueError, match=message):
            BodyVersion(**fields)  # type: ignore[arg-type]

    def test_a_former_that_is_not_versions_is_refused(self) -> None:
        with pytest.raises(
            InvalidValueError, match=r"^former\[0\]: expected BodyVersion"
        ):
            attrs.evolve(qe1(), former=["STP"])

    @given(shipped.commissioners())
    def test_name_and_kind_on_agree_with_the_versions(self, body: Commissioner) -> None:
        """Each version answers on its last day; the latest from its first."""
        starts = [body.lifetime.start, *(v.until for v in body.former)]
        for first, held in zip(starts, body.former, strict=False):
            last = held.until - dt.timedelta(days=1)
            for day in (first, last):
                assert body.kind_on(day) is held.kind
                assert body.name_on(day) == held.name
        latest = starts[-1]
        assert (body.kind_on(latest), body.name_on(latest)) == (body.kind, body.name)

    @given(shipped.commissioners(), st.dates())
    def test_can_hold_budget_judges_the_kind_on_the_day(
        self, body: Commissioner, day: dt.date
    ) -> None:
        single = attrs.evolve(body, kind=body.kind_on(day), former=[])

        assert body.can_hold_budget(day) is single.can_hold_budget(day)


class TestPlaceFormerNames:
    def place(self, *former: FormerName) -> Place:
        return Place(
            code="00T",
            name="NHS Greater Manchester ICB - 00T",
            population=persons(1),
            memberships=[
                Membership(commissioner="QOP", period=Period(start=STP_UNTIL))
            ],
            former_names=former,
        )

    def test_a_renamed_place_keeps_its_code(self) -> None:
        """Sub-ICB locations kept the CCG codes under new names."""
        place = self.place(FormerName(name="NHS Bolton CCG", until=STP_UNTIL))

        assert place.name_on(dt.date(2022, 6, 30)) == "NHS Bolton CCG"
        assert place.name_on(STP_UNTIL) == "NHS Greater Manchester ICB - 00T"
        assert place.code == "00T"

    def test_former_names_out_of_order_are_refused(self) -> None:
        with pytest.raises(
            InvalidValueError,
            match=re.escape(
                "former_names: expected former names oldest first, got "
                "'2022-07-01, 2020-04-01'"
            ),
        ):
            self.place(
                FormerName(name="B", until=STP_UNTIL),
                FormerName(name="A", until=dt.date(2020, 4, 1)),
            )

    def test_former_names_must_be_former_names(self) -> None:
        with pytest.raises(
            InvalidValueError, match=r"^former_names\[0\]: expected FormerName"
        ):
            self.place("Bolton")  # type: ignore[arg-type]


class TestSuccessionsCloseTheirPredecessor:
    def test_a_predecessor_that_never_closed_is_refused(self) -> None:
        """Merged CCGs left open: openprescribing's recurring fault."""
        merger = Succession(
            predecessor="QE1",
            successor="QHM",
            effective=dt.date(2025, 4, 1),
            kind=SuccessionKind.MERGER,
        )

        with pytest.raises(
            InvalidValueError,
            match=re.escape(
                "successions[1].effective: expected QE1's lifetime to end on "
                "2025-04-01, the succession's effective day (a lifetime's end is "
                "the first day the body no longer exists; an ODS close date is the "
                "last day it exists: give that as last_day), got "
                '"QE1 -> QHM on 2025-04-01, but QE1\'s lifetime never ends"'
            ),
        ):
            adding(clean(), successions=[merger])

    def test_an_ods_close_date_read_as_the_end_is_refused(self) -> None:
        """The last day given as the end is a day short: refused, not guessed."""
        landscape = succeeding(
            clean(),
            Succession(
                predecessor="QE1",
                successor="QHM",
                effective=dt.date(2025, 4, 1),
                kind=SuccessionKind.MERGER,
            ),
        )
        short = [
            attrs.evolve(
                b, lifetime=Period(start=b.lifetime.start, end=dt.date(2025, 3, 31))
            )
            if b.code == "QE1"
            else b
            for b in landscape.commissioners
        ]

        with pytest.raises(
            InvalidValueError,
            match=re.escape(
                'got "QE1 -> QHM on 2025-04-01, but QE1\'s lifetime ends on 2025-03-31"'
            ),
        ):
            attrs.evolve(landscape, commissioners=short)

    def test_the_close_date_as_a_last_day_is_accepted(self) -> None:
        landscape = succeeding(
            clean(),
            Succession(
                predecessor="QE1",
                successor="QHM",
                effective=dt.date(2025, 4, 1),
                kind=SuccessionKind.MERGER,
            ),
        )
        closed = [
            attrs.evolve(
                b, lifetime=Period.through(b.lifetime.start, dt.date(2025, 3, 31))
            )
            if b.code == "QE1"
            else b
            for b in landscape.commissioners
        ]

        rebuilt = attrs.evolve(landscape, commissioners=closed)

        assert rebuilt == landscape
        assert rebuilt.body_on("QE1", dt.date(2025, 4, 1)).code == "QHM"  # type: ignore[union-attr]

    def test_a_successor_that_does_not_exist_on_the_day_is_refused(self) -> None:
        late = Commissioner(
            code="QZZ",
            name="Later ICB",
            kind=CommissionerKind.ICB,
            lifetime=Period(start=dt.date(2026, 4, 1)),
        )
        merger = Succession(
            predecessor="QE1",
            successor="QZZ",
            effective=dt.date(2025, 4, 1),
            kind=SuccessionKind.MERGER,
        )

        with pytest.raises(
            InvalidValueError,
            match=re.escape(
                "successions[1].successor: expected a successor that exists on "
                "2025-04-01, the day QE1's functions pass to it, got "
                "'QZZ (exists from 2026-04-01)'"
            ),
        ):
            succeeding(adding(clean(), commissioners=[late]), merger)

    def test_the_successions_of_one_body_share_one_day(self) -> None:
        split = [
            Succession(
                predecessor="QE1",
                successor="QHM",
                effective=dt.date(2025, 4, 1),
                kind=SuccessionKind.SPLIT,
            ),
            Succession(
                predecessor="QE1",
                successor="X24",
                effective=dt.date(2025, 5, 1),
                kind=SuccessionKind.SPLIT,
            ),
        ]

        with pytest.raises(
            InvalidValueError,
            match=re.escape(
                "successions[2].effective: expected one effective day for every "
                "succession of QE1, got 'QE1 on 2025-05-01 and on 2025-04-01'"
            ),
        ):
            adding(succeeding(clean(), split[0]), successions=[split[1]])

    def test_a_body_that_changed_kind_is_one_body_not_two(self) -> None:
        """Two bodies with one code: the error points to `former`."""
        stp = Commissioner(
            code="QE1",
            name="Healthier Lancashire and South Cumbria",
            kind=CommissionerKind.STP,
            lifetime=Period(start=dt.date(2016, 4, 1), end=STP_UNTIL),
        )

        with pytest.raises(
            DuplicateCodeError,
            match=re.escape(
                "commissioners[8].code: expected each code once: a body that kept "
                "its code across a change of name or kind is one Commissioner, with "
                "what it was before in `former`, got 'QE1'"
            ),
        ):
            adding(clean(), commissioners=[stp])

    def test_a_body_with_versions_is_judged_by_its_kind_on_the_day(self) -> None:
        """QE1 an STP until 1 July 2022: its 2024-25 budget and delegation stand."""
        landscape = clean()
        versioned = attrs.evolve(qe1(), region="Y62")
        landscape = attrs.evolve(
            landscape,
            commissioners=[
                versioned if b.code == "QE1" else b for b in landscape.commissioners
            ],
        )

        assert check(landscape).codes() == check(clean()).codes()
        assert (
            code_of(landscape.responsible_commissioner("1", "QE1", dt.date(2024, 4, 1)))
            == "QE1"
        )

    def test_a_delegation_to_it_while_an_stp_is_refused(self) -> None:
        """The same body, judged on a day it was an STP: it cannot hold money."""
        landscape = clean()
        versioned = attrs.evolve(qe1(), region="Y62")
        landscape = attrs.evolve(
            landscape,
            commissioners=[
                versioned if b.code == "QE1" else b for b in landscape.commissioners
            ],
        )
        early = with_arrangement(landscape, period=Period(start=dt.date(2022, 4, 1)))

        report = check(early, on=dt.date(2022, 6, 30))

        assert "SPC-BODY-001" in report.codes()
