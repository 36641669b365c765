"""
Specifications.

Source: Specialised Healthcare Alliance (HSJ, 2014): without national
specifications, "a patchwork quilt of provision".
"""

from __future__ import annotations

from speccom_model import ProgrammeOfCare, Service, Severity, check, persons
from tests.rules.builders import (
    SUITABLE_FROM,
    clean,
    replacing_service,
    with_arrangement,
)


class TestNational:
    def test_naming_the_national_specification_passes(self) -> None:
        """Commissioned to B1/S/a, its national specification."""
        assert (
            check(with_arrangement(clean(), specifications={"1": "B1/S/a"})).findings
            == ()
        )

    def test_a_local_specification_is_an_error(self) -> None:
        """A patchwork quilt."""
        report = check(with_arrangement(clean(), specifications={"1": "LOCAL-7"}))

        assert report.codes() == {"SPC-SPEC-001"}
        assert (
            "'LOCAL-7' instead of its national specification 'B1/S/a'"
            in report.findings[0].message
        )

    def test_no_national_specification_recorded_is_a_warning(self) -> None:
        """The plan cannot show it keeps to one."""
        bare = Service(
            code="1",
            name="Service 1",
            programme=ProgrammeOfCare.CANCER,
            planning_population=persons(500_000),
            delegable_from=SUITABLE_FROM,
        )

        report = check(replacing_service(clean(), bare))

        assert [(f.code, f.severity) for f in report] == [
            ("SPC-SPEC-001", Severity.WARNING)
        ]
