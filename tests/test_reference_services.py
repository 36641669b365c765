"""
The real services tables: the April 2023 list, delegation status, NCBPS codes.

Expected values are read from the shipped CSVs themselves (so a test checks the
loader against its table, not against a number typed here), or from what the
cited sources state: the NHS England Board paper of 7 December 2023 (59
services to nine joint committees from April 2023; full delegation from April
2024 in the East of England, Midlands and North West) and the December 2024
paper (the other four regions from April 2025).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from importlib.resources import files

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speccom_model import (
    InvalidValueError,
    PrescribedServices,
    Service,
    UnknownReferenceError,
)
from speccom_model.reference import (
    DelegationStatus,
    ServiceLineCrosswalk,
    delegable_services,
    delegation_of,
    delegation_status,
    icb_delegation_waves,
    icb_successions_2026,
    icbs_2022,
    known_manual_numbers,
    ncbps_service_lines,
    prescribed_services,
    schedule_4_paragraphs,
    tables,
)

_FOLDER = files("speccom_model").joinpath("data", "reference")
#: Regions delegated in full from April 2024 (Board paper, 7 December 2023):
#: East of England Y61, Midlands Y60, North West Y62.
_DELEGATED_2024 = {"Y60", "Y61", "Y62"}


def _csv(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_FOLDER.joinpath(name).read_text("utf-8"))))


def _known_delegated() -> list[str]:
    return sorted(
        {
            r["manual_number"]
            for r in _csv("delegable_services.csv")
            if r["manual_number"]
        }
    )


def _not_known_delegated() -> list[str]:
    return sorted(known_manual_numbers() - set(_known_delegated()))


class TestPrescribedServices:
    def test_it_is_the_shipped_list_number_for_number_and_name_for_name(self) -> None:
        rows = _csv("prescribed_services_2023-04.csv")

        catalogue = prescribed_services(on=dt.date(2023, 4, 1))

        assert isinstance(catalogue, PrescribedServices)
        assert {s.code: s.name for s in catalogue} == {
            r["manual_number"]: r["name"] for r in rows
        }
        assert catalogue.effective == dt.date(2023, 4, 1)

    def test_it_says_it_is_partial(self) -> None:
        catalogue = prescribed_services(on=dt.date(2025, 4, 1))

        assert "partial" in catalogue.edition
        assert "1 to 33" in catalogue.edition
        registered = {t.file: t for t in tables()}["prescribed_services_2023-04.csv"]
        assert registered.complete is False

    def test_nothing_is_invented_no_number_10_none_past_33(self) -> None:
        codes = known_manual_numbers()

        assert "10" not in codes
        assert {"2A", "19A", "21A"} <= codes
        assert max(int(re.sub("[A-Z]", "", c)) for c in codes) == 33

    def test_unpublished_fields_are_unknown_not_guessed(self) -> None:
        for service in prescribed_services(on=dt.date(2024, 1, 1)):
            assert service.programme is None
            assert service.planning_population is None
            assert service.specification is None
            assert service.illustrative is False

    @pytest.mark.parametrize(
        "day", [dt.date(2013, 4, 1), dt.date(2019, 4, 1), dt.date(2023, 3, 31)]
    )
    def test_a_day_before_the_list_is_refused(self, day: dt.date) -> None:
        with pytest.raises(InvalidValueError, match=r"^on: expected a day from 2023"):
            prescribed_services(on=day)

    def test_a_datetime_is_not_a_day(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^on: expected a date"):
            prescribed_services(on=dt.datetime(2024, 4, 1))


class TestOtherTables:
    def test_schedule_4_paragraphs_are_the_table(self) -> None:
        rows = _csv("si2012_2996_schedule4_paragraphs_1-30.csv")

        paragraphs = schedule_4_paragraphs()

        assert [(p.paragraph, p.text) for p in paragraphs] == [
            (int(r["paragraph"]), r["text"]) for r in rows
        ]

    def test_delegable_services_keep_blank_numbers_blank(self) -> None:
        rows = _csv("delegable_services.csv")

        records = delegable_services()

        assert [(r.name, r.manual_number) for r in records] == [
            (r["service_name"], r["manual_number"] or None) for r in rows
        ]
        assert {r.wave for r in records} == {59}

    def test_ncbps_codes_are_unique_and_well_formed(self) -> None:
        codes = [r.code for r in ncbps_service_lines()]

        assert len(codes) == len(set(codes)) == len(_csv("ncbps_service_lines.csv"))
        assert all(re.fullmatch(r"NCBPS(?:[0-9]{2}[A-Z]|[A-Z]{3})", c) for c in codes)

    def test_every_icb_of_july_2022_has_a_wave(self) -> None:
        waves = icb_delegation_waves()

        assert set(waves) == {icb.code for icb in icbs_2022()}

    def test_twenty_icbs_were_delegated_in_2024_the_rest_in_2025(self) -> None:
        """Twenty ICBs in three regions in 2024 (East of England, Midlands, North West)."""
        waves = icb_delegation_waves().values()

        in_2024 = {
            w.icb for w in waves if w.full_delegation_from == dt.date(2024, 4, 1)
        }

        assert len(in_2024) == 20
        assert in_2024 == {w.icb for w in waves if w.region in _DELEGATED_2024}
        assert all(
            w.full_delegation_from == dt.date(2025, 4, 1)
            and w.full_delegation_services == 70
            and w.additional_from is None
            for w in waves
            if w.icb not in in_2024
        )
        assert all(
            w.additional_from == dt.date(2025, 4, 1) for w in waves if w.icb in in_2024
        )

    def test_every_icb_had_a_joint_committee_for_59_from_april_2023(self) -> None:
        assert {
            (w.joint_committee_from, w.joint_committee_services)
            for w in icb_delegation_waves().values()
        } == {(dt.date(2023, 4, 1), 59)}


class TestDelegationStatus:
    @pytest.mark.parametrize(
        ("icb", "day", "status"),
        [
            ("QE1", dt.date(2023, 3, 31), DelegationStatus.RETAINED),
            ("QE1", dt.date(2023, 4, 1), DelegationStatus.JOINT_COMMITTEE),
            ("QE1", dt.date(2024, 3, 31), DelegationStatus.JOINT_COMMITTEE),
            ("QE1", dt.date(2024, 4, 1), DelegationStatus.DELEGATED),
            ("QKK", dt.date(2024, 4, 1), DelegationStatus.JOINT_COMMITTEE),
            ("QKK", dt.date(2025, 3, 31), DelegationStatus.JOINT_COMMITTEE),
            ("QKK", dt.date(2025, 4, 1), DelegationStatus.DELEGATED),
            ("QKK", dt.date(2026, 3, 31), DelegationStatus.DELEGATED),
            ("QKK", dt.date(2026, 4, 1), DelegationStatus.DELEGATED),
            ("QM7", dt.date(2026, 4, 1), DelegationStatus.DELEGATED),
        ],
    )
    def test_adult_specialist_cardiac_services_over_the_waves(
        self, icb: str, day: dt.date, status: DelegationStatus
    ) -> None:
        """Manual number 7 is among the 59 (Lancashire and South Cumbria ICB page)."""
        assert delegation_status("7", icb, day) is status

    def test_a_service_the_partial_list_lacks_is_unknown_and_says_why(self) -> None:
        answer = delegation_of("6", "QE1", dt.date(2024, 4, 1))

        assert answer.status is DelegationStatus.UNKNOWN
        assert "Adult secure mental health services" in answer.reason
        assert "partial" in answer.reason
        assert "none of the 11" in answer.reason
        assert all(c.url.startswith("https://") for c in answer.sources)

    def test_a_number_past_the_shipped_list_is_unknown_not_refused(self) -> None:
        answer = delegation_of("120", "QKK", dt.date(2025, 4, 1))

        assert answer.status is DelegationStatus.UNKNOWN
        assert "beyond the shipped part of the list" in answer.reason

    @given(
        number=st.sampled_from(_known_delegated()),
        icb=st.sampled_from(sorted(icb_delegation_waves())),
        day=st.dates(dt.date(2023, 4, 1), dt.date(2026, 3, 31)),
    )
    def test_a_known_delegated_service_follows_its_icbs_wave(
        self, number: str, icb: str, day: dt.date
    ) -> None:
        wave = icb_delegation_waves()[icb]

        status = delegation_status(number, icb, day)

        expected = (
            DelegationStatus.DELEGATED
            if day >= wave.full_delegation_from
            else DelegationStatus.JOINT_COMMITTEE
        )
        assert status is expected

    @given(
        number=st.sampled_from(_not_known_delegated()),
        icb=st.sampled_from(sorted(icb_delegation_waves())),
        day=st.dates(dt.date(2023, 4, 1), dt.date(2030, 1, 1)),
    )
    def test_any_other_service_is_unknown_after_april_2023(
        self, number: str, icb: str, day: dt.date
    ) -> None:
        assert delegation_status(number, icb, day) is DelegationStatus.UNKNOWN

    @given(
        number=st.sampled_from(sorted(known_manual_numbers())),
        icb=st.sampled_from(sorted(icb_delegation_waves())),
        day=st.dates(dt.date(2022, 7, 1), dt.date(2023, 3, 31)),
    )
    def test_before_the_joint_committees_every_service_was_retained(
        self, number: str, icb: str, day: dt.date
    ) -> None:
        assert delegation_status(number, icb, day) is DelegationStatus.RETAINED

    @pytest.mark.parametrize(
        ("args", "error", "message"),
        [
            (("7", "Q99", dt.date(2024, 4, 1)), UnknownReferenceError, "^icb_code: "),
            (
                ("7", "QE1", dt.date(2022, 6, 30)),
                InvalidValueError,
                "^on: .*2022-07-01",
            ),
            (("ILL-7", "QE1", dt.date(2024, 4, 1)), InvalidValueError, "real manual"),
            (("07", "QE1", dt.date(2024, 4, 1)), InvalidValueError, "^manual_number"),
            ((7, "QE1", dt.date(2024, 4, 1)), InvalidValueError, "^manual_number"),
            (("7", "QE1", "2024-04-01"), InvalidValueError, "^on: expected a date"),
        ],
    )
    def test_bad_questions_are_refused(
        self, args: tuple[object, ...], error: type[Exception], message: str
    ) -> None:
        with pytest.raises(error, match=message):
            delegation_of(*args)  # type: ignore[arg-type]

    def test_the_status_values_are_pinned(self) -> None:
        assert [s.value for s in DelegationStatus] == [
            "retained",
            "joint-committee",
            "delegated",
            "unknown",
        ]


class TestServiceLineCrosswalk:
    def test_codes_of_the_shipped_list_map_to_manual_numbers(self) -> None:
        crosswalk = ServiceLineCrosswalk(mapping={"NCBPS32A": "30", "NCBPS27Z": "9"})

        assert crosswalk.manual_number("NCBPS27Z") == "9"
        assert (len(crosswalk), "NCBPS32A" in crosswalk) == (2, True)
        assert crosswalk.get("NCBPS01C") is None

    def test_an_unknown_code_is_refused_with_the_lists_provenance(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            ServiceLineCrosswalk(mapping={"NCBPS99X": "30"})

        assert caught.value.field == 'mapping["NCBPS99X"]'
        assert "ncbps_service_lines.csv" in str(caught.value)
        assert "Commissioner Assignment Method" in str(caught.value)

    @pytest.mark.parametrize("number", ["", "07", "2a", "ILL-", 7])
    def test_a_malformed_manual_number_is_refused(self, number: object) -> None:
        with pytest.raises(InvalidValueError, match=r'^mapping\["NCBPS32A"\]'):
            ServiceLineCrosswalk(mapping={"NCBPS32A": number})

    def test_a_lookup_of_an_unmapped_line_is_refused(self) -> None:
        with pytest.raises(UnknownReferenceError, match=r"^service_line: "):
            ServiceLineCrosswalk(mapping={}).manual_number("NCBPS32A")

    def test_applied_it_needs_every_manual_number_in_the_catalogue(self) -> None:
        catalogue = prescribed_services(on=dt.date(2024, 4, 1))
        ServiceLineCrosswalk(mapping={"NCBPS32A": "30"}).check_against(catalogue)

        with pytest.raises(UnknownReferenceError, match=r"NCBPS01C.*got \'34\'"):
            ServiceLineCrosswalk(
                mapping={"NCBPS32A": "30", "NCBPS01C": "34"}
            ).check_against(catalogue)

    def test_an_illustrative_service_can_be_a_target(self) -> None:
        services = [Service(code="ILL-1", name="Illustrative service 1")]

        ServiceLineCrosswalk(mapping={"NCBPS01C": "ILL-1"}).check_against(services)


class TestNumbersTheListDoesNotHave:
    """A number is never said to be retained unless the list says it exists."""

    def test_one_the_list_skips_is_refused(self) -> None:
        with pytest.raises(UnknownReferenceError, match="which has no 10"):
            delegation_of("10", "QE1", dt.date(2023, 1, 1))

    @pytest.mark.parametrize(
        "day", [dt.date(2022, 7, 1), dt.date(2023, 6, 1), dt.date(2025, 6, 1)]
    )
    def test_one_beyond_the_shipped_part_is_unknown_on_every_day(
        self, day: dt.date
    ) -> None:
        answer = delegation_of("999", "QE1", day)

        assert answer.status is DelegationStatus.UNKNOWN
        assert "beyond the shipped part of the list" in answer.reason


def test_an_icb_changed_in_2026_passes_its_delegation_to_its_successors() -> None:
    """The successions shipped for 1 April 2026 are named, not called unknown."""
    answer = delegation_of("7", "QM7", dt.date(2026, 4, 1))
    successors = sorted(
        s.successor for s in icb_successions_2026() if s.predecessor == "QM7"
    )

    assert answer.status is DelegationStatus.DELEGATED
    assert " and ".join(successors) in answer.reason
    assert "D7T5G" in successors
