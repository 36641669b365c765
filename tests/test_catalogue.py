"""PrescribedServices: the ministers' list, amended only with a minister's sign-off."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speccom_model import (
    Amendment,
    CatalogueChange,
    ChangeAction,
    DuplicateCodeError,
    InvalidValueError,
    MinisterialSignOff,
    PrescribedServices,
    ProgrammeOfCare,
    Service,
    Signatory,
    SignOffRequiredError,
    StatutoryFactor,
    UnknownReferenceError,
    persons,
)

EFFECTIVE = dt.date(2024, 4, 1)


def service(code: str, name: str = "A service") -> Service:
    return Service(
        code=code,
        name=name,
        programme=ProgrammeOfCare.CANCER,
        planning_population=persons(1_000_000),
    )


def sign_off(
    role: Signatory = Signatory.MINISTER_OF_STATE,
    signed_on: dt.date = dt.date(2024, 1, 10),
) -> MinisterialSignOff:
    return MinisterialSignOff(
        signed_by="A signatory",
        role=role,
        signed_on=signed_on,
        factors=StatutoryFactor.weighed_on(signed_on),
    )


BASE = PrescribedServices(
    services=(service("10"), service("2"), service("2A")), effective=dt.date(2013, 4, 1)
)


class TestList:
    def test_services_are_kept_in_manual_order(self) -> None:
        """2, 2A, 10 — not the string order 10, 2, 2A."""
        assert [s.code for s in BASE] == ["2", "2A", "10"]

    def test_illustrative_services_follow_the_real_ones(self) -> None:
        """ILL-2 sorts after 10, in manual order among the illustrative."""
        mixed = PrescribedServices(
            services=(service("ILL-10"), service("10"), service("ILL-2"), service("2")),
            effective=EFFECTIVE,
        )

        assert [s.code for s in mixed] == ["2", "10", "ILL-2", "ILL-10"]

    @given(st.lists(st.from_regex(r"(ILL-)?[1-9][0-9]{0,2}[A-Z]?", fullmatch=True)))
    def test_no_illustrative_code_precedes_a_real_one(self, codes: list[str]) -> None:
        catalogue = PrescribedServices(
            services=[service(c) for c in dict.fromkeys(codes)], effective=EFFECTIVE
        )

        flags = [s.illustrative for s in catalogue]

        assert flags == sorted(flags)
        assert set(catalogue.codes) == set(codes)

    def test_lookup(self) -> None:
        """By manual number."""
        assert ("2A" in BASE, BASE.service("2A").code, BASE.get("99"), len(BASE)) == (
            True,
            "2A",
            None,
            3,
        )

    def test_unknown_code_is_an_unknown_reference(self) -> None:
        """service() names the missing code."""
        with pytest.raises(UnknownReferenceError, match="99"):
            BASE.service("99")

    def test_duplicate_codes_are_refused(self) -> None:
        """A manual number appears once."""
        with pytest.raises(DuplicateCodeError, match="2A"):
            PrescribedServices(
                services=(service("2A"), service("2A")), effective=dt.date(2013, 4, 1)
            )

    def test_services_must_be_services(self) -> None:
        """Codes alone are not a list of services."""
        with pytest.raises(InvalidValueError, match=r"^services\[0\]"):
            PrescribedServices(services=("2A",), effective=dt.date(2013, 4, 1))


class TestAmend:
    def test_adding_returns_a_new_version_and_leaves_the_old(self) -> None:
        """Change means a new object; history is kept."""
        change = CatalogueChange(
            action=ChangeAction.ADD, code="3", service=service("3"), effective=EFFECTIVE
        )

        after = BASE.amend(change, sign_off())

        assert ("3" in after, "3" in BASE, after.version, BASE.version) == (
            True,
            False,
            2,
            1,
        )
        assert after.amendments[-1] == Amendment(change=change, sign_off=sign_off())

    def test_removing(self) -> None:
        """A service leaves the list."""
        after = BASE.amend(
            CatalogueChange(action=ChangeAction.REMOVE, code="2", effective=EFFECTIVE),
            sign_off(),
        )

        assert [s.code for s in after] == ["2A", "10"]

    def test_redefining_keeps_the_number_and_changes_the_name(self) -> None:
        """Names change while numbers stay."""
        after = BASE.amend(
            CatalogueChange(
                action=ChangeAction.REDEFINE,
                code="2A",
                service=service("2A", "Renamed"),
                effective=EFFECTIVE,
            ),
            sign_off(),
        )

        assert after.service("2A").name == "Renamed"

    def test_no_sign_off_raises(self) -> None:
        """Ministers decide what is specialised."""
        change = CatalogueChange(
            action=ChangeAction.REMOVE, code="2", effective=EFFECTIVE
        )

        with pytest.raises(SignOffRequiredError, match="2024-04-01"):
            BASE.amend(change, None)

    @pytest.mark.parametrize("role", [Signatory.NHS_ENGLAND, Signatory.OTHER])
    def test_nhs_england_cannot_sign(self, role: Signatory) -> None:
        """NHS England can ask but cannot sign."""
        change = CatalogueChange(
            action=ChangeAction.REMOVE, code="2", effective=EFFECTIVE
        )

        with pytest.raises(SignOffRequiredError, match="minister"):
            BASE.amend(change, sign_off(role=role))

    @pytest.mark.parametrize(
        ("signed_on", "ok"), [(dt.date(2024, 4, 1), True), (dt.date(2024, 4, 2), False)]
    )
    def test_sign_off_on_or_before_the_effective_date(
        self, signed_on: dt.date, ok: bool
    ) -> None:
        """Signed on the day is in time; the day after is not."""
        change = CatalogueChange(
            action=ChangeAction.REMOVE, code="2", effective=EFFECTIVE
        )

        if ok:
            assert "2" not in BASE.amend(change, sign_off(signed_on=signed_on))
        else:
            with pytest.raises(SignOffRequiredError, match="signed_on"):
                BASE.amend(change, sign_off(signed_on=signed_on))

    def test_adding_an_existing_code_is_a_duplicate(self) -> None:
        """Add needs a new number."""
        with pytest.raises(DuplicateCodeError):
            BASE.amend(
                CatalogueChange(
                    action=ChangeAction.ADD,
                    code="2",
                    service=service("2"),
                    effective=EFFECTIVE,
                ),
                sign_off(),
            )

    @pytest.mark.parametrize("action", [ChangeAction.REMOVE, ChangeAction.REDEFINE])
    def test_changing_a_missing_code_is_unknown(self, action: ChangeAction) -> None:
        """Remove and redefine need a number on the list."""
        change = CatalogueChange(
            action=action,
            code="99",
            effective=EFFECTIVE,
            service=None if action is ChangeAction.REMOVE else service("99"),
        )

        with pytest.raises(UnknownReferenceError):
            BASE.amend(change, sign_off())

    def test_a_history_with_an_invalid_sign_off_cannot_be_built(self) -> None:
        """The list cannot be built around the rule either."""
        change = CatalogueChange(
            action=ChangeAction.REMOVE, code="2", effective=EFFECTIVE
        )
        bad = Amendment(change=change, sign_off=sign_off(role=Signatory.NHS_ENGLAND))

        with pytest.raises(
            SignOffRequiredError, match=r"^amendments\[0\]\.sign_off\.role"
        ):
            PrescribedServices(
                services=(), effective=dt.date(2013, 4, 1), amendments=(bad,)
            )


class TestChangesAndSignOffs:
    def test_add_needs_the_new_service(self) -> None:
        """A change to add names the service it adds, with the same code."""
        with pytest.raises(InvalidValueError, match=r"^service"):
            CatalogueChange(
                action=ChangeAction.ADD,
                code="3",
                service=service("4"),
                effective=EFFECTIVE,
            )

    def test_remove_carries_no_service(self) -> None:
        """A removal names only the code."""
        with pytest.raises(InvalidValueError, match=r"^service"):
            CatalogueChange(
                action=ChangeAction.REMOVE,
                code="3",
                service=service("3"),
                effective=EFFECTIVE,
            )

    def test_factors_by_date(self) -> None:
        """Factor (d) is weighed before 1 July 2022 only."""
        before = StatutoryFactor.weighed_on(dt.date(2022, 6, 30))
        after = StatutoryFactor.weighed_on(dt.date(2022, 7, 1))

        assert before - after == {StatutoryFactor.CCG_FINANCIAL_IMPLICATIONS}
        assert StatutoryFactor.CCG_FINANCIAL_IMPLICATIONS.paragraph == "(d)"

    def test_sign_off_factors_must_be_factors(self) -> None:
        """Free text is not a statutory factor."""
        with pytest.raises(InvalidValueError, match=r"^factors"):
            MinisterialSignOff(
                signed_by="x",
                role=Signatory.SECRETARY_OF_STATE,
                signed_on=EFFECTIVE,
                factors={"cost"},
            )


class TestListedFrom:
    """listed_from: the first day a service is on the list."""

    def test_a_service_on_the_list_as_made_is_listed_from_its_effective_day(
        self,
    ) -> None:
        """The list's own day."""
        assert BASE.listed_from("2A") == BASE.effective

    def test_an_added_service_is_listed_from_its_addition(self) -> None:
        """The day the minister's change takes effect."""
        amended = BASE.amend(
            CatalogueChange(
                action=ChangeAction.ADD,
                code="11",
                service=service("11"),
                effective=EFFECTIVE,
            ),
            sign_off(),
        )

        assert amended.listed_from("11") == EFFECTIVE
        assert amended.listed_from("2") == BASE.effective

    def test_an_unknown_code_is_refused(self) -> None:
        """Never a guess."""
        with pytest.raises(UnknownReferenceError):
            BASE.listed_from("99")
