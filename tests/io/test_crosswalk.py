"""Reading a user's NCBPS service-line crosswalk from CSV."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speccom_model import (
    DuplicateCodeError,
    InvalidValueError,
    ParseError,
    PrescribedServices,
    Service,
    io,
)
from speccom_model.reference import ncbps_service_lines, prescribed_services

if TYPE_CHECKING:
    from pathlib import Path

    from speccom_model.io import Format

HEADER = "service_line,manual_number\n"
CODES = sorted(r.code for r in ncbps_service_lines())


def write(tmp_path: Path, text: str, name: str = "crosswalk.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


class TestLoadCrosswalk:
    def test_a_good_file_reads(self, tmp_path: Path) -> None:
        path = write(tmp_path, HEADER + "NCBPS32A,30\r\n\nNCBPS27Z , 9\n")

        crosswalk = io.load_crosswalk(path)

        assert dict(crosswalk.mapping) == {"NCBPS32A": "30", "NCBPS27Z": "9"}

    def test_a_byte_order_mark_is_allowed(self, tmp_path: Path) -> None:
        path = write(tmp_path, "\ufeff" + HEADER + "NCBPS32A,30\n")

        assert io.load_crosswalk(path).manual_number("NCBPS32A") == "30"

    @pytest.mark.parametrize(
        "header", ["", "manual_number,service_line\n", "NCBPS32A,30\n", "a,b,c\n"]
    )
    def test_the_header_is_required(self, tmp_path: Path, header: str) -> None:
        path = write(tmp_path, header + "NCBPS32A,30\n")

        with pytest.raises(ParseError) as caught:
            io.load_crosswalk(path)

        assert str(caught.value).startswith(f"{path}:1: header (line 1): expected ")

    def test_an_unknown_code_names_file_line_field_and_value(
        self, tmp_path: Path
    ) -> None:
        path = write(tmp_path, HEADER + "NCBPS32A,30\nNCBPS99X,7\n")

        with pytest.raises(ParseError) as caught:
            io.load_crosswalk(path)

        err = caught.value
        assert (err.file, err.line, err.field, err.value) == (
            str(path),
            3,
            "service_line (line 3)",
            "NCBPS99X",
        )
        assert type(err.problems[0]) is InvalidValueError

    def test_a_duplicated_line_is_refused_naming_both_lines(
        self, tmp_path: Path
    ) -> None:
        path = write(tmp_path, HEADER + "NCBPS32A,30\nNCBPS32A,30\n")

        with pytest.raises(ParseError) as caught:
            io.load_crosswalk(path)

        assert "(first on line 2)" in str(caught.value)
        assert caught.value.line == 3
        assert type(caught.value.problems[0]) is DuplicateCodeError

    def test_every_problem_is_listed(self, tmp_path: Path) -> None:
        path = write(tmp_path, HEADER + "NCBPS99X,7\nNCBPS32A,07\nNCBPS32A\n")

        with pytest.raises(ParseError) as caught:
            io.load_crosswalk(path)

        lines = str(caught.value).splitlines()
        assert lines[0] == f"{path}: 3 problems:"
        assert lines[1].startswith("  service_line (line 2): expected an NCBPS")
        assert lines[2].startswith("  manual_number (line 3): expected a manual")
        assert lines[3].startswith("  row (line 4): expected 2 fields")

    def test_a_missing_file_is_a_parse_error(self, tmp_path: Path) -> None:
        with pytest.raises(ParseError, match="readable CSV file"):
            io.load_crosswalk(tmp_path / "absent.csv")

    def test_latin_1_is_refused(self, tmp_path: Path) -> None:
        path = tmp_path / "latin.csv"
        path.write_bytes((HEADER + "NCBPS32A,30 caf\xe9\n").encode("latin-1"))

        with pytest.raises(ParseError, match="UTF-8"):
            io.load_crosswalk(path)

    @given(
        st.dictionaries(
            st.sampled_from(CODES),
            st.from_regex(r"(ILL-)?[1-9][0-9]{0,2}[A-Z]?", fullmatch=True),
            max_size=20,
        )
    )
    def test_what_is_written_is_what_is_read(self, mapping: dict[str, str]) -> None:
        text = HEADER + "".join(f"{k},{v}\n" for k, v in mapping.items())

        assert dict(io.loads_crosswalk(text).mapping) == mapping

    @given(st.sampled_from(CODES), st.sampled_from(CODES))
    def test_any_repeated_line_is_refused(self, first: str, other: str) -> None:
        text = HEADER + f"{first},1\n{other},2\n{first},3\n"

        with pytest.raises(ParseError, match="each service line once") as caught:
            io.loads_crosswalk(text)

        problems = caught.value.problems
        assert [p.field for p in problems] == [
            *(["service_line (line 3)"] if first == other else []),
            "service_line (line 4)",
        ]
        assert all(isinstance(p, DuplicateCodeError) for p in problems)


class TestRealServicesInFiles:
    """A real service with no programme or population round-trips unchanged."""

    @pytest.mark.parametrize("fmt", ["toml", "json"])
    def test_the_april_2023_list_round_trips(self, fmt: Format) -> None:
        catalogue = prescribed_services(on=dt.date(2024, 4, 1))

        text = io.dumps(catalogue, format=fmt)

        assert "programme" not in text
        assert io.loads(text, format=fmt, type=PrescribedServices) == catalogue

    def test_an_illustrative_service_reads_from_a_plan_file(self) -> None:
        text = 'code = "ILL-9"\nname = "Illustrative service 9"\n'

        service = io.loads(text, format="toml", type=Service)

        assert (service.code, service.illustrative) == ("ILL-9", True)
        assert io.dumps(service, format="toml") == text
