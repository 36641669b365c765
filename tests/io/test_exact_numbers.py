"""
Files say each thing once and exactly: repeated years, and numbers as written.

Two spellings of one financial year in one table ("2024-25" and "2024/25")
were read as one key, keeping whichever came last; numbers with a point were
read as binary floats, so `98765432109876.54` became ...876.55 before any
check saw it. Both readers now read such numbers as Decimal, exactly as
written, and a year written twice is a problem at its path.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from speccom_model import Landscape, ParseError, gbp, io
from tests.rules.builders import clean

TRANSFER = 'budget_transferred = { 2024-25 = "£12,000,000" }\n'


def _plan_text() -> str:
    text = io.dumps(clean())
    assert TRANSFER in text
    return text


class TestOneKeyPerYear:
    @pytest.mark.parametrize("second", ['"2024/25"', '"FY2024/25"', '"2024-2025"'])
    def test_a_year_written_twice_is_refused_at_its_path(self, second: str) -> None:
        """Whichever comes last, neither amount is silently dropped."""
        text = _plan_text().replace(
            TRANSFER, TRANSFER.replace(" }", f', {second} = "£1" }}')
        )

        with pytest.raises(ParseError) as caught:
            io.loads(text, source="plan.toml")

        (problem,) = caught.value.problems
        assert problem.field == f'arrangements[0].budget_transferred["{second[1:-1]}"]'
        assert problem.expected == "each key once (the same as '2024-25')"

    def test_the_same_in_json(self) -> None:
        """JSON's own duplicate-key check cannot see two spellings of one year."""
        data = json.loads(io.dumps(clean(), format="json"))
        data["arrangements"][0]["budget_transferred"]["2024/25"] = "£1"

        with pytest.raises(ParseError, match="each key once"):
            io.loads(json.dumps(data), format="json")


class TestNumbersAsWritten:
    @pytest.mark.parametrize("format", io.FORMATS)
    @pytest.mark.parametrize(
        ("written", "pounds"),
        [
            ("98765432109876.54", "98765432109876.54"),
            ("1.5", "1.50"),
            ("17700000000.00", "17700000000.00"),
            ("1.7e9", "1700000000.00"),
        ],
    )
    def test_money_written_as_a_number_is_read_exactly(
        self, format: io.Format, written: str, pounds: str
    ) -> None:
        """No binary float stands between the file and the amount."""
        landscape = _with_amount(format, written)

        assert landscape.allocations[0].amount == gbp(Decimal(pounds))

    @pytest.mark.parametrize("format", io.FORMATS)
    @pytest.mark.parametrize(
        "written", ["0.30000000000000001", "1e-400", "1." + "0" * 5000 + "1"]
    )
    def test_part_of_a_penny_is_refused_however_small(
        self, format: io.Format, written: str
    ) -> None:
        """A float would have rounded each of these to whole pence, silently."""
        with pytest.raises(ParseError, match="a whole number of pence"):
            _with_amount(format, written)

    @pytest.mark.parametrize("format", io.FORMATS)
    def test_a_huge_exponent_is_refused_before_it_is_used(
        self, format: io.Format
    ) -> None:
        """1e300 pounds is no amount: refused as a number too long, with its path."""
        with pytest.raises(ParseError) as caught:
            _with_amount(format, "1e300")

        assert caught.value.field == "allocations[0].amount"
        assert "at most 20 digits before the point" in caught.value.expected

    def test_a_population_with_a_fraction_is_refused(self) -> None:
        """2,000,000.0000000001 persons was read as 2,000,000."""
        text = io.dumps(clean(), format="json")
        data = json.loads(text)
        data["places"][0]["population"] = "POP"
        text = json.dumps(data).replace('"POP"', "2000000.0000000001")

        with pytest.raises(ParseError) as caught:
            io.loads(text, format="json")

        assert caught.value.field == "places[0].population"
        assert "a whole number of persons" in caught.value.expected


def _with_amount(format: io.Format, written: str) -> Landscape:
    data = json.loads(io.dumps(clean(), format="json"))
    data["allocations"][0]["amount"] = "AMOUNT"
    if format == "json":
        return io.loads(json.dumps(data).replace('"AMOUNT"', written), format="json")
    text = io.dumps(
        io.loads(json.dumps(data).replace('"AMOUNT"', '"£1"'), format="json")
    )
    return io.loads(text.replace('amount = "£1"', f"amount = {written}", 1))
