"""Bounded reading: regular files only, structural limits, a bounded message."""

from __future__ import annotations

import json
import math
import os
import pickle
import socket
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speccom_model import (
    InvalidValueError,
    ParseError,
    SpeccomError,
    gbp,
    io,
    scenarios,
)
from speccom_model import io as io_module
from speccom_model.errors import MAX_PROBLEMS
from tests.rules.builders import clean
from tests.test_hostile import run_limited

GIB = 1024**3


def _plan_json(**extra: object) -> str:
    """The clean plan as JSON, with top-level fields replaced by ``extra``."""
    data = json.loads(io.dumps(clean(), format="json"))
    data.update(extra)
    return json.dumps(data)


def _speccom(
    args: list[str], tmp_path: Path, *, cpu_seconds: int = 2, memory_bytes: int = 0
) -> tuple[int, str, int]:
    """Run the console script bounded; one error line, no traceback."""
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    status, _, err, rss = run_limited(
        args, cwd=work, cpu_seconds=cpu_seconds, memory_bytes=memory_bytes
    )
    assert "Traceback" not in err
    assert err.count("speccom: error:") == 1, (status, err[-2000:])
    return status, err, rss


class TestRegularFilesOnly:
    def test_a_fifo_is_refused_without_waiting_for_a_writer(
        self, tmp_path: Path
    ) -> None:
        """No writer ever opens it: the open must not block, and nothing is read."""
        fifo = tmp_path / "plan.toml"
        os.mkfifo(fifo)

        status, err, _ = _speccom(["check", str(fifo)], tmp_path)

        assert status == 2
        assert f"{fifo}: file: expected a regular file, not a FIFO" in err

    def test_a_symlink_to_dev_zero_is_refused_unread(self, tmp_path: Path) -> None:
        """The stat says size 0, the bytes never end: refused as a device."""
        link = tmp_path / "plan.json"
        link.symlink_to("/dev/zero")

        status, err, rss = _speccom(["check", str(link)], tmp_path)

        assert status == 2
        assert "expected a regular file, not a character device" in err
        assert rss < 200 * 1024**2

    def test_a_directory_is_refused(self, tmp_path: Path) -> None:
        """Named like a plan, but a folder."""
        folder = tmp_path / "plan.toml"
        folder.mkdir()

        with pytest.raises(ParseError, match="not a directory") as caught:
            io.load(folder)

        assert caught.value.file == str(folder)

    def test_a_socket_is_refused(self, tmp_path: Path) -> None:
        """A Unix socket cannot be opened as a file; it is named as what it is."""
        path = tmp_path / "plan.toml"
        server = socket.socket(socket.AF_UNIX)
        try:
            server.bind(str(path))
            with pytest.raises(ParseError, match="not a socket") as caught:
                io.load(path)
        finally:
            server.close()

        assert caught.value.file == str(path)

    def test_a_symlink_to_a_regular_file_is_read(self, tmp_path: Path) -> None:
        """Links are fine when they lead to a plan."""
        target = tmp_path / "real.toml"
        io.dump(clean(), target)
        (tmp_path / "plan.toml").symlink_to(target)

        assert io.load(tmp_path / "plan.toml") == clean()

    def test_the_size_limit_counts_bytes_read_not_what_stat_says(
        self, tmp_path: Path
    ) -> None:
        """/proc files are regular files of size 0 whose reads return bytes."""
        link = tmp_path / "plan.toml"
        link.symlink_to("/proc/self/status")
        assert link.stat().st_size == 0

        with pytest.raises(ParseError, match="more than 16 bytes") as caught:
            io.load(link, max_bytes=16)

        assert caught.value.expected == "at most 16 bytes"

    @pytest.mark.parametrize("size", [0, 1, 2])
    def test_a_file_of_exactly_max_bytes_is_read(
        self, tmp_path: Path, size: int
    ) -> None:
        """The limit is inclusive: max_bytes bytes are allowed, one more is not."""
        text = io.dumps(clean())
        path = tmp_path / "plan.toml"
        path.write_text(text, encoding="utf-8")
        limit = len(text.encode("utf-8")) - 1 + size

        if size == 0:
            with pytest.raises(ParseError, match="at most"):
                io.load(path, max_bytes=limit)
        else:
            assert io.load(path, max_bytes=limit) == clean()

    @pytest.mark.parametrize("bad", [-1, 1.5, "16", True])
    def test_a_max_bytes_that_is_not_a_count_is_refused(
        self, tmp_path: Path, bad: Any
    ) -> None:
        """A caller's mistake, named as one."""
        with pytest.raises(InvalidValueError, match="max_bytes"):
            io.load(tmp_path / "plan.toml", max_bytes=bad)


class TestNesting:
    @pytest.mark.parametrize(
        ("fmt", "text"),
        [
            ("toml", "a = " + "{b = " * 400 + "1" + "}" * 400),
            ("toml", "a = " + "[" * 400 + "]" * 400),
            ("json", "[" * 2000 + "]" * 2000),
            ("json", '{"a": ' * 2000 + "1" + "}" * 2000),
        ],
        ids=["toml-tables", "toml-arrays", "json-arrays", "json-objects"],
    )
    def test_deep_nesting_is_a_parse_error_not_a_recursion_error(
        self, fmt: io.Format, text: str
    ) -> None:
        """Whether the parser gives out or the check finds it, one ParseError."""
        with pytest.raises(ParseError) as caught:
            io.loads(text, format=fmt, source="plan")

        assert caught.value.expected == f"at most {io.MAX_DEPTH} levels of nesting"
        assert caught.value.file == "plan"

    @pytest.mark.parametrize("fmt", ["toml", "json"])
    def test_nesting_just_over_the_limit_names_its_path(self, fmt: io.Format) -> None:
        """The check runs on parsed data, iteratively, and says where."""
        arrays = "[" * io.MAX_DEPTH + "]" * io.MAX_DEPTH
        text = f"name = {arrays}" if fmt == "toml" else f'{{"name": {arrays}}}'

        with pytest.raises(ParseError) as caught:
            io.loads(text, format=fmt)

        expected = "name" + "[0]" * (io.MAX_DEPTH - 1)
        assert caught.value.field == expected

    @pytest.mark.parametrize("fmt", ["toml", "json"])
    def test_nesting_at_the_limit_is_left_to_the_model(self, fmt: io.Format) -> None:
        """MAX_DEPTH levels pass the check; the model then says what is wrong."""
        arrays = "[" * (io.MAX_DEPTH - 1) + "]" * (io.MAX_DEPTH - 1)
        text = f"name = {arrays}" if fmt == "toml" else f'{{"name": {arrays}}}'

        with pytest.raises(ParseError) as caught:
            io.loads(text, format=fmt)

        assert "nesting" not in str(caught.value)

    def test_the_limit_is_comfortably_above_the_deepest_plan(self) -> None:
        """Every scenario, written as JSON, is far shallower than MAX_DEPTH."""

        def depth(node: object) -> int:
            if isinstance(node, dict):
                return 1 + max(map(depth, node.values()), default=0)
            if isinstance(node, list):
                return 1 + max(map(depth, node), default=0)
            return 0

        deepest = max(
            depth(json.loads(io.dumps(s.build(), format="json")))
            for s in scenarios.SCENARIOS
        )

        assert deepest * 3 <= io.MAX_DEPTH


class TestIntegers:
    @pytest.mark.parametrize(
        "text",
        ['{"name": ' + "9" * 5000 + "}", "name = " + "9" * 5000],
        ids=["json", "toml"],
    )
    def test_an_integer_beyond_the_parser_is_a_parse_error(self, text: str) -> None:
        """Python's 4,300-digit ValueError never reaches the caller."""
        fmt: io.Format = "json" if text.startswith("{") else "toml"

        with pytest.raises(ParseError) as caught:
            io.loads(text, format=fmt)

        assert caught.value.expected == "integers of at most 20 digits"
        assert caught.value.value == "an integer of more than 4,300 digits"

    @pytest.mark.parametrize("fmt", ["toml", "json"])
    def test_an_integer_over_the_limit_names_its_path(self, fmt: io.Format) -> None:
        """21 digits: refused where it is, before the model sees it."""
        big = -(10**io.MAX_INTEGER_DIGITS)
        text = (
            f"[[places]]\npopulation = {big}"
            if fmt == "toml"
            else json.dumps({"places": [{"population": big}]})
        )

        with pytest.raises(ParseError) as caught:
            io.loads(text, format=fmt)

        assert caught.value.field == "places[0].population"
        assert caught.value.value == "an integer of 21 digits"

    def test_an_integer_at_the_limit_is_left_to_the_model(self) -> None:
        """20 digits pass the check; the population bound is the model's."""
        text = _plan_json(places=[{"code": "P", "name": "P", "population": 10**20 - 1}])

        with pytest.raises(ParseError) as caught:
            io.loads(text, format="json")

        assert "digits" not in caught.value.expected

    @pytest.mark.parametrize("fmt", io.FORMATS)
    def test_a_number_too_long_before_the_point_is_refused(
        self, fmt: io.Format
    ) -> None:
        """Read exactly (a Decimal), 1e999 is no infinity: it is 1,000 digits long."""
        text = '{"name": 1e999}' if fmt == "json" else "name = 1e999"
        with pytest.raises(ParseError) as caught:
            io.loads(text, format=fmt)

        assert (caught.value.field, caught.value.expected) == (
            "name",
            "a number of at most 20 digits before the point",
        )

    @pytest.mark.parametrize(
        ("fmt", "text"),
        [
            ("json", '{"name": NaN}'),
            ("json", '{"name": -Infinity}'),
            ("toml", "name = nan"),
            ("toml", "name = +inf"),
        ],
    )
    def test_a_number_that_is_not_finite_is_refused(
        self, fmt: io.Format, text: str
    ) -> None:
        """No field of a plan holds NaN or infinity; JSON has no such literal."""
        with pytest.raises(ParseError) as caught:
            io.loads(text, format=fmt)

        assert (caught.value.field, caught.value.expected) == (
            "name",
            "a finite number",
        )


class TestCharacters:
    @pytest.mark.parametrize(
        ("fmt", "text", "path"),
        [
            ("json", '{"name": "A\\ud800"}', "name"),
            ("json", '{"places": [{"name": "\\udfff"}]}', "places[0].name"),
            ("json", '{"name": "a\\u0000b"}', "name"),
            ("toml", 'name = "a\\u0000b"', "name"),
            ("toml", 'description = "\ud800"', "description"),
            ("json", '{"places": {"\\ud800": 1}}', 'places["\\ud800"]'),
            ("toml", '[places]\n"a\\u0000" = 1', 'places["a\\u0000"]'),
        ],
    )
    def test_nul_and_lone_surrogates_are_refused_with_their_path(
        self, fmt: io.Format, text: str, path: str
    ) -> None:
        """In any string or key: nothing downstream could print or write them."""
        with pytest.raises(ParseError) as caught:
            io.loads(text, format=fmt, source="plan")

        assert caught.value.field == path
        assert "without NUL or lone surrogates" in caught.value.expected
        assert str(caught.value).encode("utf-8")  # printable as it stands

    def test_a_surrogate_pair_is_one_character_and_fine(self) -> None:
        """A surrogate pair escaped in JSON is one emoji, not two halves."""
        text = _plan_json(description="EMOJI").replace("EMOJI", "\\ud83d\\ude00")

        assert io.loads(text, format="json").description == "\U0001f600"


class TestDuplicateKeys:
    def test_a_duplicate_top_level_key_is_refused(self) -> None:
        """JSON parsers disagree on which one wins; so we take neither."""
        text = _plan_json(name="first")[:-1] + ', "name": "again"}'

        with pytest.raises(ParseError) as caught:
            io.loads(text, format="json")

        assert (caught.value.field, caught.value.value) == ("name", "name")
        assert caught.value.expected == "each key once in an object"

    def test_a_duplicate_nested_key_names_its_path(self) -> None:
        """Deep inside the plan, the path says where."""
        text = _plan_json().replace(
            '"code": "X24",', '"code": "X24", "code": "X25",', 1
        )

        with pytest.raises(ParseError) as caught:
            io.loads(text, format="json", source="plan.json")

        assert caught.value.field == "commissioners[0].code"
        assert str(caught.value).startswith("plan.json: commissioners[0].code: ")

    def test_duplicates_are_refused_whichever_json_codec_is_installed(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Orjson would keep the last silently; reading never goes through it."""
        import speccom_model.io as io_module

        text = '{"name": "a", "name": "b"}'
        for codec in (io_module._orjson, None):
            monkeypatch.setattr(io_module, "_orjson", codec)
            with pytest.raises(ParseError, match="each key once"):
                io.loads(text, format="json")

    def test_toml_refuses_duplicates_too(self) -> None:
        """The TOML parser already does; the error is a ParseError with the line."""
        with pytest.raises(ParseError) as caught:
            io.loads('name = "a"\nname = "b"\n')

        assert caught.value.line == 2


_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(st.characters(codec=None, blacklist_categories=())),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=20,
)


class TestAnyInput:
    @given(data=_JSON_VALUES)
    def test_any_json_value_loads_or_is_a_parse_error(self, data: object) -> None:
        """Whatever the shape: a landscape or one ParseError, nothing else."""
        _loads_or_parse_error(json.dumps(data), "json")

    @given(text=st.text(max_size=200))
    def test_any_toml_text_loads_or_is_a_parse_error(self, text: str) -> None:
        """Including NUL, lone surrogates and half-written tables."""
        _loads_or_parse_error(text, "toml")


def _reference_problem(node: object, depth: int = 0) -> bool:  # noqa: PLR0911 - one return per kind of value
    """The limits, written the plain recursive way, to check the fast pass by."""
    if isinstance(node, dict | list):
        if depth >= io.MAX_DEPTH:
            return True
        items = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        return any(
            (isinstance(k, str) and ("\x00" in k or _has_surrogate(k)))
            or _reference_problem(v, depth + 1)
            for k, v in items
        )
    if isinstance(node, str):
        return "\x00" in node or _has_surrogate(node)
    if isinstance(node, bool):
        return False
    if isinstance(node, int):
        return len(str(abs(node))) > io.MAX_INTEGER_DIGITS
    if isinstance(node, float):
        return not math.isfinite(node)
    return False


def _has_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in text)


_TRICKY_TEXT = st.text(
    st.sampled_from(["a", "£", "\x00", "\ud800", "\udfff", "\U0001f600", "\\", "u"]),
    max_size=6,
)
_TRICKY_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**22), max_value=10**22)
    | st.sampled_from([10**20 - 1, 10**20, -(10**20), 1e308, -1e308])
    | st.floats()
    | _TRICKY_TEXT,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(_TRICKY_TEXT, inner, max_size=3)
    ),
    max_leaves=12,
)


class TestTheFastCheck:
    """
    The quick pass without paths must refuse exactly what the plain check does.

    It skips searching strings when the text has no NUL or surrogate escape or
    character, so it is checked on text written both escaped and raw.
    """

    @given(data=_TRICKY_VALUES, ascii_only=st.booleans())
    def test_it_refuses_exactly_what_the_plain_check_refuses(
        self, data: object, ascii_only: bool
    ) -> None:
        """A limit broken anywhere is a ParseError; none broken, none raised."""
        text = json.dumps(data, ensure_ascii=ascii_only)
        parsed = json.loads(text)
        refused = False
        try:
            io_module._check_shape(
                parsed, "x", strings=io_module._suspect_strings(text)
            )
        except ParseError:
            refused = True

        assert refused == _reference_problem(parsed)

    @given(depth=st.integers(min_value=1, max_value=3 * io.MAX_DEPTH))
    def test_it_finds_nesting_at_any_depth(self, depth: int) -> None:
        """Arrays and objects, alternating, just under and over the limit."""
        node: object = 1
        for level in range(depth):
            node = [node] if level % 2 else {"k": node}

        refused = False
        try:
            io_module._check_shape(node, "x", strings=False)
        except ParseError:
            refused = True

        assert refused == (depth > io.MAX_DEPTH)


class TestProblemCount:
    """ParseError: at most MAX_PROBLEMS kept, the rest counted, never lost."""

    @given(
        listed=st.integers(min_value=1, max_value=3 * MAX_PROBLEMS),
        not_listed=st.integers(min_value=0, max_value=10**7),
    )
    def test_every_problem_is_listed_or_counted(
        self, listed: int, not_listed: int
    ) -> None:
        """Kept + counted = found; the message stays MAX_PROBLEMS + 2 lines."""
        problems = tuple(
            InvalidValueError(f"p{i}", i, "a value") for i in range(listed)
        )

        err = ParseError.gathered(problems, problems_not_listed=not_listed)
        copy = pickle.loads(pickle.dumps(err))

        assert len(err.problems) + err.problems_not_listed == listed + not_listed
        assert len(err.problems) == min(listed, MAX_PROBLEMS)
        assert len(str(err).splitlines()) <= MAX_PROBLEMS + 2
        assert (str(copy), copy.problems_not_listed) == (
            str(err),
            err.problems_not_listed,
        )


def _loads_or_parse_error(text: str, fmt: io.Format) -> None:
    """Loads, or fails with a ParseError that lists problems and can be printed."""
    error: ParseError | None = None
    try:
        io.loads(text, format=fmt)
    except ParseError as err:
        error = err
    if error is not None:
        assert error.problems
        assert str(error).encode("utf-8")


def _bad_places(count: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(io.dumps(clean(), format="json"))
    data["places"] = [
        {"code": f"P{i}", "name": f"Place {i}", "population": -1} for i in range(count)
    ]
    return data


class TestProblemLimit:
    def test_at_most_max_problems_are_kept_and_the_rest_counted(self) -> None:
        """The list stops at MAX_PROBLEMS; the message says how many more."""
        problems = tuple(
            InvalidValueError(f"places[{i}].population", -1, "persons >= 0")
            for i in range(MAX_PROBLEMS + 7)
        )

        err = ParseError.gathered(problems, file="plan.json")

        assert len(err.problems) == MAX_PROBLEMS
        assert err.problems_not_listed == 7
        assert str(err).startswith(f"plan.json: {MAX_PROBLEMS + 7} problems:\n")
        assert str(err).endswith("\n  … and 7 more")

    def test_a_count_from_the_reader_is_added(self) -> None:
        """A reader that stopped gathering passes on how many it did not keep."""
        problems = (InvalidValueError("places[0].population", -1, "persons >= 0"),)

        err = ParseError.gathered(problems, problems_not_listed=999_999)

        assert err.problems == problems
        assert str(err).splitlines()[0] == "1,000,000 problems:"
        assert str(err).endswith("… and 999,999 more")

    @pytest.mark.parametrize("count", [1, MAX_PROBLEMS, MAX_PROBLEMS + 1])
    def test_the_boundary(self, count: int) -> None:
        """50 are all listed; the 51st is counted."""
        problems = tuple(InvalidValueError(f"p{i}", i, "a value") for i in range(count))

        err = ParseError.gathered(problems)

        assert len(err.problems) == min(count, MAX_PROBLEMS)
        assert err.problems_not_listed == max(0, count - MAX_PROBLEMS)
        assert ("more" in str(err)) == (count > MAX_PROBLEMS)

    def test_the_count_survives_pickling(self) -> None:
        """A report sent to another process keeps the number."""
        problems = tuple(InvalidValueError(f"p{i}", i, "a value") for i in range(60))
        err = ParseError.gathered(problems, file="plan.toml", problems_not_listed=5)

        copy = pickle.loads(pickle.dumps(err))

        assert (copy.problems_not_listed, str(copy)) == (15, str(err))
        assert [p.field for p in copy.problems] == [p.field for p in err.problems]

    def test_nothing_gathered_is_a_mistake(self) -> None:
        """An error of no problems cannot exist."""
        with pytest.raises(InvalidValueError, match="at least one problem"):
            ParseError.gathered(())

    def test_a_huge_value_is_cut_short_in_the_message(self) -> None:
        """One line per problem, never megabytes."""
        err = ParseError.gathered(
            (
                ParseError("name", "x" * 10**6, "a name"),
                ParseError("kind", "y" * 10**6, "a kind"),
            )
        )

        assert len(str(err)) < 1200
        assert "characters)" in str(err)
        assert err.problems[0].value == "x" * 10**6

    def test_loads_keeps_the_readers_count(self) -> None:
        """2,000 bad places: fifty listed, the rest counted, a short message."""
        text = json.dumps(_bad_places(2_000))

        with pytest.raises(ParseError) as caught:
            io.loads(text, format="json", source="plan.json")

        message = str(caught.value)
        assert len(caught.value.problems) == MAX_PROBLEMS
        assert caught.value.problems_not_listed == 2_000 - MAX_PROBLEMS
        assert len(message.encode("utf-8")) < 10_000
        assert message.startswith("plan.json: 2,000 problems:")
        assert message.endswith(f"… and {2_000 - MAX_PROBLEMS:,} more")

    def test_200000_bad_places_print_a_bounded_message(self, tmp_path: Path) -> None:
        """Through the console script: one error block, under 10 KB."""
        path = tmp_path / "plan.json"
        path.write_text(json.dumps(_bad_places(200_000)), encoding="utf-8")

        status, err, _ = _speccom(
            ["check", str(path)], tmp_path, cpu_seconds=20, memory_bytes=2 * GIB
        )

        assert status == 2
        assert len(err.encode("utf-8")) < 10_000
        assert f"… and {200_000 - MAX_PROBLEMS:,} more" in err

    def test_a_million_bad_services_fail_fast_in_bounded_memory(
        self, tmp_path: Path
    ) -> None:
        """15 MB of JSON, 10**6 bad services: seconds and under 1.5 GB, not 5.9 GB."""
        data = json.loads(io.dumps(clean(), format="json"))
        data["catalogue"]["services"] = [{"code": "0"}] * 1_000_000
        path = tmp_path / "plan.json"
        path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        assert path.stat().st_size < io.DEFAULT_MAX_BYTES

        status, err, rss = _speccom(
            ["check", str(path)], tmp_path, cpu_seconds=30, memory_bytes=3 * GIB
        )

        assert status == 2
        assert "more" in err.splitlines()[-1]
        assert len(err.encode("utf-8")) < 10_000
        assert rss < 1.5 * GIB


class TestNeverTheRoot:
    @pytest.mark.parametrize("fmt", ["toml", "json"])
    def test_dumps_of_a_non_record_is_an_invalid_value(self, fmt: io.Format) -> None:
        """Money is not a file; an object() is not ours: never a bare SpeccomError."""
        for value in ([gbp("£5m")] if fmt == "toml" else []) + [object(), {1j: 2}]:
            with pytest.raises(InvalidValueError) as caught:
                io.dumps(value, format=fmt)
            assert type(caught.value) is not SpeccomError

    def test_dumps_of_money_as_toml_names_what_is_expected(self) -> None:
        """The example from the issue."""
        with pytest.raises(InvalidValueError) as caught:
            io.dumps(gbp("£5m"), format="toml")

        assert str(caught.value) == (
            "obj: expected a record (such as a Landscape) to write as TOML, got 'Money'"
        )

    def test_no_module_raises_the_root_itself(self) -> None:
        """docs/errors.md: the root is never raised; every raise names a subclass."""
        import ast

        import speccom_model

        root = Path(speccom_model.__file__).parent
        offenders = []
        for path in sorted(root.rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                    name = node.exc.func
                    if isinstance(name, ast.Name) and name.id == "SpeccomError":
                        offenders.append(f"{path.name}:{node.lineno}")

        assert offenders == []

    @pytest.mark.parametrize(
        "call",
        [
            lambda: io.loads("x = ", format="toml"),
            lambda: io.loads("[", format="json"),
            lambda: io.loads("x", format="yaml"),  # type: ignore[call-overload]
            lambda: io.dumps(clean(), format="yaml"),  # type: ignore[arg-type]
            lambda: io.load("plan.yaml"),
            lambda: io.load("/nonexistent/plan.toml"),
            lambda: gbp("£5zillion"),
            lambda: ParseError.gathered(()),
        ],
    )
    def test_public_calls_raise_a_subclass(self, call: Any) -> None:
        """Each failure is a named subclass a caller can catch precisely."""
        with pytest.raises(SpeccomError) as caught:
            call()

        assert type(caught.value) is not SpeccomError
