"""Service, ProgrammeOfCare, Specification."""

from __future__ import annotations

import datetime as dt

import pytest

from speccom_model import (
    FormerName,
    InvalidValueError,
    ProgrammeOfCare,
    Service,
    Specification,
    persons,
)


def make(**changes: object) -> Service:
    fields: dict[str, object] = {
        "code": "2A",
        "name": "Renal dialysis",
        "programme": ProgrammeOfCare.INTERNAL_MEDICINE,
        "planning_population": persons(2_000_000),
    }
    fields.update(changes)
    return Service(**fields)  # type: ignore[arg-type]


class TestProgrammeOfCare:
    def test_six_lettered_programmes(self) -> None:
        """A to F, in order."""
        assert [p.letter for p in ProgrammeOfCare] == list("ABCDEF")

    def test_values_are_pinned(self) -> None:
        """Values serialise and must never change."""
        assert [p.value for p in ProgrammeOfCare] == [
            "internal-medicine",
            "cancer",
            "mental-health",
            "trauma",
            "women-and-children",
            "blood-and-infection",
        ]

    @pytest.mark.parametrize("bad", ["G", "", "AB", 1])
    def test_from_letter_refuses_other_letters(self, bad: object) -> None:
        """Only A to F."""
        with pytest.raises(InvalidValueError):
            ProgrammeOfCare.from_letter(bad)  # type: ignore[arg-type]

    def test_title(self) -> None:
        """Programmes have names."""
        assert ProgrammeOfCare.WOMEN_AND_CHILDREN.title == "Women and children"


class TestService:
    @pytest.mark.parametrize("code", ["1", "2A", "19A", "29", "131", "150B"])
    def test_manual_numbers_are_string_keys(self, code: str) -> None:
        """Integers with an optional letter."""
        assert make(code=code).code == code

    @pytest.mark.parametrize("code", ["ILL-1", "ILL-2A", "ILL-999Z"])
    def test_illustrative_codes_are_accepted_and_labelled(self, code: str) -> None:
        """A service the real list lacks takes a code no manual number can be."""
        service = make(code=code)
        assert (service.code, service.illustrative) == (code, True)

    @pytest.mark.parametrize("code", ["1", "2A", "150B"])
    def test_real_manual_numbers_are_not_illustrative(self, code: str) -> None:
        assert make(code=code).illustrative is False

    @pytest.mark.parametrize(
        "code", ["ILL-", "ILL-0", "ill-9", "ILL9", "ILL-9a", "ILL-1234", "X-9"]
    )
    def test_malformed_illustrative_codes_are_refused(self, code: str) -> None:
        with pytest.raises(InvalidValueError, match=r"^code: .*'ILL-9'"):
            make(code=code)

    def test_programme_and_planning_population_may_be_unknown(self) -> None:
        """The April 2023 list gives neither: None is 'not published'."""
        service = Service(code="7", name="Adult specialist cardiac services")
        assert (service.programme, service.planning_population) == (None, None)
        assert service.specification is None

    @pytest.mark.parametrize("code", ["0", "2a", "A2", "", "1234", 29, "02"])
    def test_other_codes_are_refused(self, code: object) -> None:
        """Not a manual number."""
        with pytest.raises(InvalidValueError, match=r"^code: "):
            make(code=code)

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("name", ""),
            ("name", " padded "),
            ("programme", "cancer"),
            ("programme", "C"),
            ("planning_population", 2_000_000),
            ("highly_specialised", "yes"),
            ("specification", "A06/S/a"),
            ("former_names", "old name"),
            ("former_names", ("old name",)),
        ],
    )
    def test_each_field_is_checked(self, field: str, value: object) -> None:
        """An invalid service cannot exist; the error names the field."""
        with pytest.raises(InvalidValueError, match=rf"^{field}"):
            make(**{field: value})

    @pytest.mark.parametrize("field", ["code", "name"])
    def test_text_of_a_str_subclass_is_accepted_as_elsewhere(self, field: str) -> None:
        """Off the one-pass path, a str subclass passes as check_text lets it."""

        class Text(str):
            __slots__ = ()

        service = make(**{field: Text(getattr(make(), field))})
        assert getattr(service, field) == getattr(make(), field)

    def test_name_history(self) -> None:
        """Service 29 was renamed in 2023 and kept its number."""
        service = make(
            code="29",
            name="Haematopoietic stem cell transplantation",
            former_names=[
                FormerName(
                    name="Blood and marrow transplantation", until=dt.date(2023, 4, 1)
                )
            ],
        )

        assert service.former_names[0].name == "Blood and marrow transplantation"
        assert (
            service.name_on(dt.date(2013, 4, 1)) == "Blood and marrow transplantation"
        )
        assert service.name_on(dt.date(2023, 4, 1)) == service.name

    def test_former_names_must_be_oldest_first(self) -> None:
        """History is in order."""
        with pytest.raises(InvalidValueError, match="oldest first"):
            make(
                former_names=(
                    FormerName(name="B", until=dt.date(2020, 1, 1)),
                    FormerName(name="A", until=dt.date(2019, 1, 1)),
                )
            )

    def test_specification(self) -> None:
        """A service keeps its national specification."""
        spec = Specification(reference="A06/S/a", title="Satellite haemodialysis")

        assert make(specification=spec).specification == spec

    def test_specification_needs_text(self) -> None:
        """An empty reference is refused."""
        with pytest.raises(InvalidValueError):
            Specification(reference="", title="x")


class TestDelegableFrom:
    """When NHS England held a service suitable and ready for ICB leadership."""

    def test_it_is_not_recorded_unless_given(self) -> None:
        """The published list is partial: never assumed."""
        assert (
            Service(code="7", name="Adult specialist cardiac services").delegable_from
            is None
        )

    @pytest.mark.parametrize("value", ["2023-04-01", dt.datetime(2023, 4, 1), 2023])
    def test_anything_but_a_date_is_refused_naming_the_field(
        self, value: object
    ) -> None:
        """A string, a datetime or a year is not a day."""
        with pytest.raises(InvalidValueError, match="delegable_from"):
            Service(code="7", name="x", delegable_from=value)  # type: ignore[arg-type]
