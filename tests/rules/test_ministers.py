"""
Ministers' rules.

Source: NHS Act 2006 s.3B: ministers decide what is specialised, weighing the
factors of s.3B(3) (four before 1 July 2022, three after).
"""

from __future__ import annotations

import datetime as dt

import pytest

from speccom_model import (
    Amendment,
    CatalogueChange,
    ChangeAction,
    MinisterialSignOff,
    PrescribedServices,
    ProposedChange,
    Severity,
    Signatory,
    StatutoryFactor,
    check,
)
from tests.rules.builders import adding, clean

EFFECTIVE = dt.date(2025, 4, 1)
REMOVE_4 = CatalogueChange(action=ChangeAction.REMOVE, code="4", effective=EFFECTIVE)


def signed(
    on: dt.date,
    role: Signatory = Signatory.SECRETARY_OF_STATE,
    factors: frozenset[StatutoryFactor] | None = None,
) -> MinisterialSignOff:
    return MinisterialSignOff(
        signed_by="A signatory",
        role=role,
        signed_on=on,
        factors=StatutoryFactor.weighed_on(on) if factors is None else factors,
    )


class TestSignOff:
    def test_a_signed_change_passes(self) -> None:
        """A minister signed before it took effect."""
        proposed = ProposedChange(change=REMOVE_4, sign_off=signed(dt.date(2025, 1, 6)))

        assert check(adding(clean(), proposed_changes=[proposed])).findings == ()

    def test_an_unsigned_change_is_an_error(self) -> None:
        """Ministers decide; NHS England can only ask."""
        report = check(
            adding(clean(), proposed_changes=[ProposedChange(change=REMOVE_4)])
        )

        assert report.codes() == {"SPC-MIN-001"}
        assert (report.findings[0].severity, report.findings[0].subject) == (
            Severity.ERROR,
            "remove:4",
        )
        assert "2025-04-01" in report.findings[0].message

    def test_nhs_england_cannot_sign(self) -> None:
        """Its sign-off is not a minister's."""
        proposed = ProposedChange(
            change=REMOVE_4, sign_off=signed(dt.date(2025, 1, 6), Signatory.NHS_ENGLAND)
        )

        report = check(adding(clean(), proposed_changes=[proposed]))

        assert report.codes() == {"SPC-MIN-001"}
        assert "minister" in report.findings[0].message

    @pytest.mark.parametrize(
        ("day", "fires"), [(EFFECTIVE, False), (EFFECTIVE + dt.timedelta(days=1), True)]
    )
    def test_signed_on_or_before_the_effective_date(
        self, day: dt.date, fires: bool
    ) -> None:
        """On the day is in time; the day after is not."""
        proposed = ProposedChange(change=REMOVE_4, sign_off=signed(day))

        assert (
            "SPC-MIN-001" in check(adding(clean(), proposed_changes=[proposed])).codes()
        ) is fires


class TestFactors:
    @pytest.mark.parametrize(
        ("day", "count"), [(dt.date(2022, 6, 30), 4), (dt.date(2022, 7, 1), 3)]
    )
    def test_the_factors_of_the_date_pass(self, day: dt.date, count: int) -> None:
        """Four on 30 June 2022; three on 1 July 2022."""
        sign_off = signed(day)
        change = CatalogueChange(action=ChangeAction.REMOVE, code="4", effective=day)

        assert len(sign_off.factors) == count
        assert (
            check(
                adding(
                    clean(),
                    proposed_changes=[ProposedChange(change=change, sign_off=sign_off)],
                )
            ).findings
            == ()
        )

    def test_recording_the_repealed_factor_after_july_2022_is_an_error(self) -> None:
        """Factor (d) was repealed by the Health and Care Act 2022."""
        four = frozenset(StatutoryFactor)
        proposed = ProposedChange(
            change=REMOVE_4, sign_off=signed(dt.date(2025, 1, 6), factors=four)
        )

        report = check(adding(clean(), proposed_changes=[proposed]))

        assert report.codes() == {"SPC-MIN-002"}
        assert "(d) ccg-financial-implications" in report.findings[0].message
        assert "3 factors" in report.findings[0].message

    def test_missing_a_factor_before_july_2022_is_an_error(self) -> None:
        """Before the repeal, all four."""
        day = dt.date(2021, 1, 6)
        three = StatutoryFactor.weighed_on(dt.date(2023, 1, 1))
        change = CatalogueChange(
            action=ChangeAction.REMOVE, code="4", effective=dt.date(2021, 4, 1)
        )

        report = check(
            adding(
                clean(),
                proposed_changes=[
                    ProposedChange(change=change, sign_off=signed(day, factors=three))
                ],
            )
        )

        assert report.codes() == {"SPC-MIN-002"}
        assert "missing (d)" in report.findings[0].message

    def test_the_lists_own_history_is_checked_too(self) -> None:
        """An amendment made with the wrong factors is reported."""
        landscape = clean()
        catalogue = landscape.catalogue
        wrong = Amendment(
            change=REMOVE_4,
            sign_off=signed(dt.date(2025, 1, 6), factors=frozenset(StatutoryFactor)),
        )
        amended = PrescribedServices(
            services=catalogue.services,
            effective=catalogue.effective,
            amendments=[wrong],
        )

        import attrs

        report = check(attrs.evolve(landscape, catalogue=amended))

        assert report.codes() == {"SPC-MIN-002"}
        assert report.findings[0].subject == "amendment 1:4"
