"""
ICB-era criteria: ICBs lead only services held suitable and ready for it.

Source: NHS England Board papers of 7 December 2023, 28 March 2024 and
December 2024 (59 services suitable and ready from April 2023, 11 more from
April 2025); board policy, not law, so a finding is a warning.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from speccom_model import ArrangementKind, Period, Service, Severity, check
from speccom_model.rules import rule
from tests.rules.builders import (
    START,
    clean,
    replacing_service,
    service,
    with_arrangement,
)

SUITABLE = [rule("SPC-ICB-001")]


def suitable_from(day: dt.date | None) -> Service:
    """Service 1, held suitable and ready from ``day`` (``None``: not recorded)."""
    return attrs.evolve(service("1"), delegable_from=day)


class TestSuitableAndReady:
    def test_a_service_suitable_before_the_start_passes(self) -> None:
        """The clean plan delegates service 1, suitable from 1 April 2023."""
        assert check(clean(), rules=SUITABLE).findings == ()

    @pytest.mark.parametrize(
        ("since", "fires"),
        [(START, False), (START + dt.timedelta(days=1), True)],
    )
    def test_the_first_suitable_day_is_the_boundary(
        self, since: dt.date, fires: bool
    ) -> None:
        """Suitable from the arrangement's first day passes; from the next, not."""
        landscape = replacing_service(clean(), suitable_from(since))

        found = check(landscape, rules=SUITABLE).findings

        assert [(f.subject, f.severity) for f in found] == (
            [("A1/1", Severity.WARNING)] if fires else []
        )

    def test_the_warning_names_the_arrangement_receiver_service_and_dates(
        self,
    ) -> None:
        """Board policy, not law, with both days."""
        landscape = replacing_service(clean(), suitable_from(dt.date(2025, 4, 1)))

        (found,) = check(landscape, rules=SUITABLE)

        assert found.message == (
            "A1 (icb-delegation) puts QE1 in the lead for service 1 (Service 1) "
            "on 2024-04-01, but NHS England held it suitable and ready for ICB "
            "leadership only from 2025-04-01 (board policy, not law)"
        )
        assert check(landscape).ok

    def test_a_service_with_no_date_cannot_be_judged_once_per_service(self) -> None:
        """The published list is partial: never assumed suitable or not."""
        base = replacing_service(clean(), suitable_from(None))
        (only,) = base.arrangements
        landscape = attrs.evolve(
            base,
            arrangements=[only, attrs.evolve(only, id="A2", places={"QHM"})],
        )

        found = check(landscape, rules=SUITABLE).findings

        assert [(f.subject, f.severity) for f in found] == [("1", Severity.WARNING)]
        assert found[0].message.startswith(
            "cannot judge whether it was suitable and ready for ICB leadership in 2 "
            "arrangement(s) or board(s) (A1, A2)"
        )

    def test_a_highly_specialised_service_is_left_to_spc_pop_003(self) -> None:
        """Never delegated at all: one finding, from the rule that says so."""
        landscape = replacing_service(
            clean(),
            attrs.evolve(service("1", highly_specialised=True), delegable_from=None),
        )

        assert check(landscape, rules=SUITABLE).findings == ()

    def test_arrangements_that_do_not_put_icbs_in_the_lead_are_not_judged(
        self,
    ) -> None:
        """A lead-provider contract is judged by its own rules."""
        landscape = with_arrangement(
            replacing_service(clean(), suitable_from(None)),
            kind=ArrangementKind.LEAD_PROVIDER,
            receiver="RV5",
        )

        assert check(landscape, rules=SUITABLE).findings == ()

    def test_a_check_on_a_later_day_judges_that_day(self) -> None:
        """In force on a day the service is suitable: no warning that day."""
        landscape = replacing_service(clean(), suitable_from(dt.date(2025, 4, 1)))

        report = check(landscape, rules=SUITABLE, on=dt.date(2025, 4, 1))

        assert report.findings == ()

    def test_an_open_ended_arrangement_is_judged_from_its_start(self) -> None:
        """With no date of check, the start's law: 2024, before 2025."""
        landscape = with_arrangement(
            replacing_service(clean(), suitable_from(dt.date(2025, 4, 1))),
            period=Period(start=START),
        )

        assert [f.subject for f in check(landscape, rules=SUITABLE)] == ["A1/1"]


class TestRealScenarios:
    @pytest.mark.parametrize(
        "name", ["england_2023_24", "england_2024_25", "england_2025_26"]
    )
    def test_the_icb_era_scenarios_lead_only_suitable_services(self, name: str) -> None:
        """Every delegated service records its day: no finding at all."""
        from speccom_model import scenarios

        plan = getattr(scenarios, name)()

        assert check(plan, rules=SUITABLE).findings == ()
