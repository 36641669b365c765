"""The error hierarchy: codes, builtin mixins, messages, pickling."""

from __future__ import annotations

import pickle

import pytest

from speccom_model import errors
from speccom_model.errors import (
    DuplicateCodeError,
    InvalidValueError,
    OutputError,
    ParseError,
    SignOffRequiredError,
    SpeccomError,
    UnitError,
    UnknownReferenceError,
)

ALL_ERRORS = [
    getattr(errors, name)
    for name in errors.__all__
    if isinstance(getattr(errors, name), type)
]


class TestHierarchy:
    def test_every_error_derives_from_the_root(self) -> None:
        """One except clause catches everything the library raises."""
        assert all(issubclass(cls, SpeccomError) for cls in ALL_ERRORS)

    @pytest.mark.parametrize(
        ("cls", "builtin"),
        [
            (InvalidValueError, ValueError),
            (ParseError, ValueError),
            (UnitError, TypeError),
            (SignOffRequiredError, ValueError),
            (UnknownReferenceError, ValueError),
            (DuplicateCodeError, ValueError),
            (OutputError, OSError),
        ],
    )
    def test_each_error_is_also_the_builtin_it_refines(
        self, cls: type[SpeccomError], builtin: type[Exception]
    ) -> None:
        """Callers catching ValueError or TypeError keep working."""
        assert issubclass(cls, builtin)

    def test_codes_are_stable_unique_and_namespaced(self) -> None:
        """Codes are SPC-ERR-<NAME>, one per class, pinned here."""
        codes = {cls.__name__: cls.code for cls in ALL_ERRORS}

        assert codes == {
            "DuplicateCodeError": "SPC-ERR-DUPLICATE-CODE",
            "InvalidValueError": "SPC-ERR-INVALID-VALUE",
            "OutputError": "SPC-ERR-OUTPUT",
            "MissingExtraError": "SPC-ERR-MISSING-EXTRA",
            "ParseError": "SPC-ERR-PARSE",
            "SignOffRequiredError": "SPC-ERR-SIGN-OFF-REQUIRED",
            "SpeccomError": "SPC-ERR-GENERIC",
            "UnitError": "SPC-ERR-UNIT",
            "UnknownReferenceError": "SPC-ERR-UNKNOWN-REFERENCE",
        }

    def test_every_code_is_documented(self) -> None:
        """docs/errors.md lists every code."""
        from pathlib import Path

        text = (Path(__file__).parents[1] / "docs" / "errors.md").read_text("utf-8")

        assert [c.code for c in ALL_ERRORS if c.code not in text] == []


class TestMessages:
    def test_message_names_field_expectation_and_value(self) -> None:
        """str() reads 'field: expected ..., got ...'."""
        err = InvalidValueError("allocation", "-£5m", "a non-negative amount in GBP")

        assert (
            str(err) == "allocation: expected a non-negative amount in GBP, got '-£5m'"
        )

    def test_parse_error_names_the_file_and_line(self) -> None:
        """A parse error from a file says where."""
        err = ParseError(
            "year", "2019-21", "a financial year", file="plan.toml", line=3
        )

        assert str(err) == "plan.toml:3: year: expected a financial year, got '2019-21'"

    @pytest.mark.parametrize("cls", ALL_ERRORS)
    def test_errors_pickle_with_their_fields(self, cls: type[SpeccomError]) -> None:
        """Errors cross process boundaries intact."""
        err = cls("field", "value", "something")

        copy = pickle.loads(pickle.dumps(err))

        assert (type(copy), str(copy)) == (cls, str(err))

    def test_parse_error_pickles_with_file_and_line(self) -> None:
        """The extra fields of ParseError survive pickling."""
        err = ParseError("f", "v", "e", file="a.toml", line=9)

        copy = pickle.loads(pickle.dumps(err))

        assert (copy.file, copy.line, str(copy)) == ("a.toml", 9, str(err))


def test_a_single_problem_is_its_own_problem_list() -> None:
    """A syntax error lists itself, so reports can always iterate problems."""
    from speccom_model import io

    with pytest.raises(ParseError) as caught:
        io.loads("{", format="json")
    assert caught.value.problems == (caught.value,)
    assert caught.value.problems[0].line == 1
