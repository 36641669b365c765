"""
The one reader: spellings people use, missing fields, and bounded gathering.

Principle of issue #10: input is read right or refused, never guessed. Enum
values are read ignoring case, surrounding spaces, and spaces or underscores
for hyphens; manual numbers may be whole numbers, only where a field holds
one; everything else is refused with what was accepted, and at most
``MAX_PROBLEMS`` problems are listed while the rest are counted.
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from typing import Any

import attrs
import pytest

from speccom_model import (
    ArrangementKind,
    CatalogueChange,
    ChangeAction,
    Commissioner,
    CommissionerKind,
    DelegationArrangement,
    Landscape,
    LegalLiability,
    ParseError,
    Period,
    ProgrammeOfCare,
    Service,
    SpeccomError,
    io,
    persons,
    scenarios,
)
from speccom_model.errors import MAX_PROBLEMS
from speccom_model.io._converter import (
    MANUAL_NUMBER_FIELDS,
    converter,
    problems_of,
    structure,
)
from tests.objects import objects_in


def _problems(data: object, cls: type[Any]) -> tuple[SpeccomError, ...]:
    with pytest.raises(ParseError) as caught:
        io.loads(json.dumps(data), format="json", type=cls)
    return caught.value.problems


def _service(**fields: object) -> dict[str, object]:
    return {
        "code": "1",
        "name": "A service",
        "programme": "cancer",
        "planning_population": 1,
        **fields,
    }


class TestEnumSpellings:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("ICB", CommissionerKind.ICB),
            (" icb ", CommissionerKind.ICB),
            ("NHS England", CommissionerKind.NHS_ENGLAND),
            ("nhs_england", CommissionerKind.NHS_ENGLAND),
            ("NHS-England-Region", CommissionerKind.REGION),
            ("Pooled Budget", ArrangementKind.POOLED_BUDGET),
            ("ICB_DELEGATION", ArrangementKind.ICB_DELEGATION),
            ("Women and Children", ProgrammeOfCare.WOMEN_AND_CHILDREN),
            ("nhs-england", LegalLiability.NHS_ENGLAND),
        ],
    )
    def test_a_value_is_read_in_the_spellings_people_use(
        self, text: str, expected: object
    ) -> None:
        """Case, surrounding spaces, and spaces or underscores for hyphens."""
        read = converter().structure(text, type(expected))

        assert expected is read

    def test_a_spelling_in_a_file_reads_the_same_plan(self) -> None:
        """A hand-written kind = "ICB" is the plan with kind = "icb"."""
        landscape = scenarios.england_2024_25()
        text = io.dumps(landscape, format="toml").replace(
            'kind = "icb"', 'kind = "ICB"'
        )

        assert 'kind = "ICB"' in text
        assert io.loads(text, format="toml") == landscape

    def test_a_close_misspelling_is_refused_with_did_you_mean(self) -> None:
        """'NHS England Board' is not a kind; 'nhs-england' is close."""
        problems = _problems(
            {"code": "X24", "name": "x", "kind": "NHS England Board"}, Commissioner
        )
        (problem,) = [p for p in problems if p.field == "kind"]

        assert problem.field == "kind"
        assert problem.value == "NHS England Board"
        assert "(did you mean 'nhs-england'?)" in problem.expected
        assert "'joint-committee'" in problem.expected

    def test_a_value_far_from_all_is_refused_listing_them_without_a_guess(
        self,
    ) -> None:
        """No "did you mean" where nothing is close; the values and spellings read."""
        with pytest.raises(ParseError) as caught:
            structure("Integrated Care Board", CommissionerKind)

        expected = caught.value.problems[0].expected
        assert "did you mean" not in expected
        assert expected.startswith("one of 'nhs-england', 'nhs-england-region'")
        assert "in any case, with hyphens, spaces or underscores" in expected

    @pytest.mark.parametrize("value", [5, True, None, 1.5, ["icb"]])
    def test_a_value_that_is_not_text_is_refused(self, value: object) -> None:
        """An enum is read from text only: never from a number or a flag."""
        with pytest.raises(ParseError) as caught:
            structure(value, CommissionerKind)

        assert caught.value.problems[0].expected.startswith("one of 'nhs-england'")

    @pytest.mark.parametrize("text", ["icb delegation board", "i c b", "icbs"])
    def test_only_the_listed_spellings_are_accepted(self, text: str) -> None:
        """Extra words, letters split apart or a plural are not guessed at."""
        with pytest.raises(ParseError):
            structure(text, CommissionerKind)


def _with_numbers(data: Any, fields: frozenset[str]) -> Any:
    """``data`` with each digits-only manual number in ``fields`` as an int."""
    changed = dict(data)
    for name in fields & set(data):
        value = data[name]
        if isinstance(value, str) and value.isdigit():
            changed[name] = int(value)
        elif isinstance(value, list):
            changed[name] = [int(v) if v.isdigit() else v for v in value]
    return changed


class TestManualNumbers:
    def test_every_manual_number_field_reads_whole_numbers(self) -> None:
        """Numbers for `services`, `code` and `service` read as "1", "2", "29", "5"."""
        change = CatalogueChange(
            action=ChangeAction.ADD,
            code="29",
            effective=dt.date(2024, 4, 1),
            service=Service(
                code="29",
                name="Haematopoietic stem cell transplantation",
                programme=ProgrammeOfCare.BLOOD_AND_INFECTION,
                planning_population=persons(5_000_000),
            ),
        )
        objects = [change, *objects_in(scenarios.england_2019_20())]
        checked: set[type[Any]] = set()
        conv = converter()
        for obj in objects:
            fields = MANUAL_NUMBER_FIELDS.get(type(obj))
            if fields is None:
                continue
            data = _with_numbers(conv.unstructure(obj), fields)
            assert conv.structure(data, type(obj)) == obj
            checked.add(type(obj))

        assert checked == set(MANUAL_NUMBER_FIELDS)

    def test_a_plan_with_numbers_for_services_reads_as_with_text(self) -> None:
        """A whole TOML plan: `services = [29]` is `services = ["29"]`."""
        landscape = scenarios.england_2019_20()
        text = io.dumps(landscape, format="toml")
        numbered = text.replace('    "29", ', "    29, ")

        assert numbered != text
        assert io.loads(numbered, format="toml") == landscape

    @pytest.mark.parametrize("value", [0, -3, 1000, True, False, 1.5, 2.0, None])
    def test_other_numbers_are_refused_where_a_manual_number_belongs(
        self, value: object
    ) -> None:
        """Not zero, negative, past 999, a flag, a float, or nothing."""
        (problem,) = _problems(_service(code=value), Service)

        assert problem.field == "code"
        assert problem.value == value
        assert problem.expected.startswith("a manual number such as '1', '2A'")

    def test_a_list_of_them_names_each_bad_item(self) -> None:
        """A `services = [0, true, 1.5]` gives three problems, each with its index."""
        landscape = scenarios.england_2013_14()
        data = converter().unstructure(landscape)
        data["arrangements"] = [
            {
                "id": "A1",
                "kind": "icb-delegation",
                "receiver": "X24",
                "services": [0, True, 1.5],
                "places": [],
                "period": {"start": "2024-04-01"},
            }
        ]

        fields = [p.field for p in _problems(data, Landscape)]

        assert fields == [f"arrangements[0].services[{i}]" for i in range(3)]

    @pytest.mark.parametrize(
        ("cls", "data", "field"),
        [
            (Service, _service(name=5), "name"),
            (
                Commissioner,
                {
                    "code": 24,
                    "name": "x",
                    "kind": "icb",
                    "lifetime": {"start": "2022-07-01"},
                },
                "code",
            ),
            (
                DelegationArrangement,
                {
                    "id": 1,
                    "kind": "icb-delegation",
                    "receiver": "QE1",
                    "services": ["1"],
                    "places": ["QE1"],
                    "period": {"start": "2024-04-01"},
                },
                "id",
            ),
            (
                DelegationArrangement,
                {
                    "id": "A1",
                    "kind": "icb-delegation",
                    "receiver": "QE1",
                    "services": ["1"],
                    "places": [5],
                    "period": {"start": "2024-04-01"},
                },
                "places[0]",
            ),
        ],
    )
    def test_names_and_codes_of_bodies_never_read_a_number(
        self, cls: type[Any], data: dict[str, object], field: str
    ) -> None:
        """Only manual-number fields take a number: not a name or an ODS code."""
        (problem,) = _problems(data, cls)

        assert (problem.field, problem.expected) == (field, "text")


class TestMissingFields:
    def test_a_missing_required_field_is_named_in_words(self) -> None:
        """`required field 'kind' is missing`, at the field's path."""
        landscape = scenarios.england_2013_14()
        data = converter().unstructure(landscape)
        del data["commissioners"][0]["kind"]

        (problem,) = _problems(data, Landscape)

        assert problem.field == "commissioners[0].kind"
        assert "required field 'kind' is missing" in str(problem)

    def test_a_missing_top_level_field_is_named_too(self) -> None:
        """A file with no catalogue says so."""
        fields = [p.expected for p in _problems({"commissioners": []}, Landscape)]

        assert fields == ["a value (required field 'catalogue' is missing)"]


class TestDates:
    @pytest.mark.parametrize("text", ["2024-W01-1", "2024-001", "2024-13-01"])
    def test_dates_are_read_by_parse_dates_grammar_only(self, text: str) -> None:
        """ISO week and ordinal dates are not dates a plan holds: refused."""
        (problem,) = _problems({"start": text}, Period)

        assert (problem.field, problem.value) == ("start", text)

    @pytest.mark.parametrize(
        "text", ["1 April 2019", "01/04/2019", "20190401", "2019-04-01T09:00"]
    )
    def test_other_dates_are_read_as_parse_date_reads_them(self, text: str) -> None:
        """The reader has no date grammar of its own."""
        read = converter().structure({"start": text}, Period)

        assert read.start == dt.date(2019, 4, 1)


def _bad_services(count: int) -> dict[str, Any]:
    data: dict[str, Any] = converter().unstructure(scenarios.england_2013_14())
    data["catalogue"]["services"] = [{"code": 0}] * count
    return data


class TestBoundedGathering:
    def test_a_list_of_bad_items_lists_fifty_and_counts_the_rest(self) -> None:
        """
        Each {"code": 0} has 2 problems: 2,000 of them are 4,000 problems.

        The bad code and the missing name; a programme and planning population
        may be absent (not published).
        """
        with pytest.raises(ParseError) as caught:
            structure(_bad_services(2000), Landscape)

        error = caught.value
        assert len(error.problems) == MAX_PROBLEMS
        assert error.problems_not_listed == 4000 - MAX_PROBLEMS
        assert error.problems[0].field == "catalogue.services[0].code"

    def test_io_loads_lists_at_most_fifty(self) -> None:
        """Through io.loads too, one ParseError, bounded."""
        problems = _problems(_bad_services(1000), Landscape)

        assert len(problems) == MAX_PROBLEMS

    def test_a_table_of_many_unknown_keys_is_bounded(self) -> None:
        """10,000 unknown fields in one table: fifty listed, the rest counted."""
        data = {f"field{i}": i for i in range(10_000)}
        with pytest.raises(ParseError) as caught:
            structure({"start": "2019-04-01", **data}, Period)

        assert len(caught.value.problems) == MAX_PROBLEMS
        assert caught.value.problems_not_listed == 10_000 - MAX_PROBLEMS

    def test_a_mapping_of_many_bad_entries_is_bounded(self) -> None:
        """budget_transferred with 3,000 bad years: fifty listed, the rest counted."""
        arrangement = next(iter(scenarios.england_2019_20().arrangements))
        data = converter().unstructure(arrangement)
        data["budget_transferred"] = {f"year {i}": "£1m" for i in range(3000)}
        with pytest.raises(ParseError) as caught:
            structure(data, DelegationArrangement)

        assert len(caught.value.problems) == MAX_PROBLEMS
        assert caught.value.problems_not_listed == 3000 - MAX_PROBLEMS

    def test_problems_across_fields_are_bounded_together(self) -> None:
        """Thirty bad commissioners and thirty bad places: fifty listed, ten counted."""
        data = converter().unstructure(scenarios.england_2013_14())
        data["commissioners"] = [{"code": "X", "name": "x", "kind": "nope"}] * 30
        data["places"] = [{"code": "P", "name": "p", "population": -1}] * 30
        with pytest.raises(ParseError) as caught:
            structure(data, Landscape)

        # Each bad commissioner also lacks its lifetime: two problems each.
        assert len(caught.value.problems) == MAX_PROBLEMS
        assert caught.value.problems_not_listed == 60 + 30 - MAX_PROBLEMS

    def test_a_few_problems_are_all_listed_and_none_counted(self) -> None:
        """Under the limit nothing is left out."""
        with pytest.raises(ParseError) as caught:
            structure(_bad_services(3), Landscape)

        assert len(caught.value.problems) == 6
        assert caught.value.problems_not_listed == 0

    def test_problems_of_stops_at_its_limit(self) -> None:
        """problems_of builds at most `limit` problems from any error tree."""
        try:
            converter().structure(_bad_services(100), Landscape)
        except Exception as err:
            tree = err
        else:  # pragma: no cover - the data is bad
            pytest.fail("bad services were read")

        assert len(problems_of(tree, limit=7)) == 7


class TestNoCattrsErrorEscapes:
    @pytest.mark.parametrize(
        "data",
        [
            None,
            [],
            "text",
            5,
            {"catalogue": None, "commissioners": None},
            {"catalogue": {"services": "1", "effective": 5}, "commissioners": [1]},
        ],
    )
    def test_any_shape_is_one_parse_error(self, data: object) -> None:
        """Whatever the shape, the error is ours."""
        problems = _problems(data, Landscape)

        assert problems
        assert all(isinstance(p, SpeccomError) for p in problems)


def test_the_manual_number_fields_are_text_fields_of_their_classes() -> None:
    """Each marked field exists and holds text or a set of text."""
    for cls, names in MANUAL_NUMBER_FIELDS.items():
        hints = typing.get_type_hints(cls)
        for name in names:
            assert name in attrs.fields_dict(cls), (cls, name)
            assert hints[name] in (str, frozenset[str]), (cls, name)
