"""
The ICB era's plan fields in files: delegable_from and collaboration.

Source: NHS England Board papers (services suitable and ready for ICB
leadership); NHS Act 2006 s.65Z5 (ICBs commissioning through joint committees).
"""

from __future__ import annotations

import datetime as dt

import pytest

from speccom_model import DelegationArrangement, Service, io
from speccom_model.errors import ParseError

ARRANGEMENT = """
id = "A1"
kind = "icb-delegation"
receiver = "QE1"
services = ["1"]
places = ["QE1"]
period = {start = 2024-04-01}
"""


class TestCollaboration:
    def test_it_is_read_and_written_back(self) -> None:
        """A round trip keeps the joint committee's code."""
        read = io.loads(
            ARRANGEMENT + 'collaboration = "JC1"', type=DelegationArrangement
        )

        again = io.loads(io.dumps(read), type=DelegationArrangement)

        assert (read.collaboration, again) == ("JC1", read)

    def test_it_is_optional(self) -> None:
        """An ICB commissioning alone says nothing."""
        assert io.loads(ARRANGEMENT, type=DelegationArrangement).collaboration is None

    @pytest.mark.parametrize(
        ("written", "expected"),
        [("5", "expected text, got 5"), ('""', "expected non-empty text")],
    )
    def test_hostile_input_is_a_clear_error(self, written: str, expected: str) -> None:
        """The field's path, what was expected and what was found."""
        with pytest.raises(ParseError, match=f"collaboration: {expected}"):
            io.loads(
                ARRANGEMENT + f"collaboration = {written}", type=DelegationArrangement
            )

    def test_on_another_kind_it_is_refused(self) -> None:
        """A joint committee's members already commission together."""
        text = ARRANGEMENT.replace("icb-delegation", "joint-committee")

        with pytest.raises(ParseError, match="collaboration"):
            io.loads(text + 'collaboration = "JC1"', type=DelegationArrangement)


class TestDelegableFrom:
    def test_it_is_read_and_written_back(self) -> None:
        """A date, kept through a round trip."""
        read = io.loads(
            'code = "7"\nname = "x"\ndelegable_from = 2023-04-01', type=Service
        )

        again = io.loads(io.dumps(read), type=Service)

        assert (read.delegable_from, again) == (dt.date(2023, 4, 1), read)

    def test_a_word_is_not_a_date(self) -> None:
        """'soon' names the field and the forms a date takes."""
        with pytest.raises(ParseError, match="delegable_from: expected a date"):
            io.loads('code = "7"\nname = "x"\ndelegable_from = "soon"', type=Service)
