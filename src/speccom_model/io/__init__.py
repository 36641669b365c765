r"""
Files: lossless TOML and JSON for every public type, with clear errors.

:func:`load` and :func:`loads` read a landscape (or any public type) from TOML
or JSON; :func:`dump` and :func:`dumps` write one. ``load(dump(x)) == x``
exactly, for every landscape. Bad input is one
:class:`~speccom_model.errors.ParseError` naming the file, and, for each
problem, the field path (``arrangements[3].budget_transferred["2019-20"]``),
the value and what was expected; its ``problems`` keep each problem's own error
class and code. Nothing is half-loaded.

>>> from speccom_model import io, scenarios
>>> text = io.dumps(scenarios.england_2013_14(), format="toml")
>>> io.loads(text, format="toml") == scenarios.england_2013_14()
True
>>> io.loads('name = "x"\ncatalog = {}', format="toml")
Traceback (most recent call last):
speccom_model.errors.ParseError: <string>: 3 problems:
  catalogue: expected a value (required field 'catalogue' is missing), got None
  commissioners: expected a value (required field 'commissioners' is missing), got None
  catalog: expected a field of Landscape (did you mean 'catalogue'?), got 'catalog'
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import stat
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar, overload

import attrs

from speccom_model.errors import InvalidValueError, ParseError
from speccom_model.io import _toml
from speccom_model.io._atomic import atomic_writer
from speccom_model.io._converter import converter, structure
from speccom_model.io._crosswalk import load_crosswalk, loads_crosswalk
from speccom_model.io._schema import schema
from speccom_model.landscape import Landscape

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "MAX_DEPTH",
    "MAX_INTEGER_DIGITS",
    "Format",
    "converter",
    "dump",
    "dumps",
    "load",
    "load_crosswalk",
    "loads",
    "loads_crosswalk",
    "schema",
]

T = TypeVar("T")

_orjson: Any
try:  # the `fast` extra: several times quicker to read and write JSON
    import orjson as _orjson
except ImportError:  # pragma: no cover - depends on the environment
    _orjson = None
Format = Literal["toml", "json"]
FORMATS: Final[tuple[Format, ...]] = ("toml", "json")
#: Files larger than this are refused (16 MiB): counted as read, not as stat says.
DEFAULT_MAX_BYTES: Final = 16 * 1024 * 1024
#: The deepest nesting of tables and arrays a file may have; a plan needs about 7.
MAX_DEPTH: Final = 32
#: The most digits an integer in a file may have: populations are at most 2**53 - 1,
#: 16 digits, so this is a limit on text, not a figure of the model.
MAX_INTEGER_DIGITS: Final = 20
_INTEGER_BOUND: Final = 10**MAX_INTEGER_DIGITS
#: Python's own limit on converting digits to an integer (sys.int_info).
_PARSER_DIGITS: Final = 4300
#: NUL and lone surrogates: no file writes them, no terminal or encoder takes them.
_BAD_CHARACTERS: Final = re.compile("[\x00\ud800-\udfff]")
_READ_CHUNK: Final = 1024 * 1024
#: NUL and surrogate escapes: JSON \\u, TOML \\u and \\U.
_SUSPECT_ESCAPE: Final = re.compile(r"\\(?:u|U000)(?:0000|[dD][89a-fA-F])")

_SUFFIXES: Final[dict[str, Format]] = {".toml": "toml", ".json": "json"}


def _json_dumps(data: object) -> str:
    """Two-space indented JSON, UTF-8 as is: byte for byte the same either codec."""
    if _orjson is not None:
        return str(_orjson.dumps(data, option=_orjson.OPT_INDENT_2), "utf-8") + "\n"
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


class _DuplicatedKeys(dict[str, Any]):
    """A JSON object that named some key twice; the check reports where."""

    __slots__ = ("duplicates",)

    def __init__(self, pairs: list[tuple[str, Any]], duplicates: list[str]) -> None:
        super().__init__(pairs)
        self.duplicates = duplicates


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) == len(pairs):
        return found
    seen: set[str] = set()
    duplicates: list[str] = []
    for key, _ in pairs:
        if key in seen:
            duplicates.append(key)
        seen.add(key)
    return _DuplicatedKeys(pairs, duplicates)


# Reading uses the standard library even when orjson is installed: orjson keeps
# the last of two equal keys without a word. On the England 2019-20 plan (224 KB)
# the standard library with this hook parses in 1.3 ms against orjson's 0.4 ms;
# with every limit checked a load takes 5.5 ms where it took 3.8 ms. Writing
# still uses orjson.
# Numbers with a point or an exponent are read as Decimal, exactly as written:
# a float would turn "98765432109876.54" into ...876.55 before anyone looked.
_JSON_DECODER: Final = json.JSONDecoder(
    object_pairs_hook=_json_object, parse_float=Decimal
)


def _json_loads(text: str) -> Any:  # noqa: ANN401 - JSON is any shape
    return _JSON_DECODER.decode(text)


def format_of(path: str | os.PathLike[str]) -> Format:
    """
    The format a file's name says it is in.

    Raises:
        ParseError: for a name that is neither .toml nor .json.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise ParseError(
            "format",
            suffix or str(path),
            "a file ending .toml or .json",
            file=str(path),
        )
    return _SUFFIXES[suffix]


def _all_defaults(cls: type) -> bool:
    return attrs.has(cls) and all(
        f.default is not attrs.NOTHING for f in attrs.fields(cls) if f.init
    )


def _decode(text: str, format: Format, source: str, cls: type) -> Any:  # noqa: ANN401
    if not text.strip():
        if _all_defaults(cls):
            return {}  # every field has a default: an empty file means all of them
        raise ParseError(
            "file", "", f"a {cls.__name__}, not an empty file", file=source
        )
    try:
        data = (
            tomllib.loads(text, parse_float=Decimal)
            if format == "toml"
            else _json_loads(text)
        )
    except tomllib.TOMLDecodeError as err:
        raise ParseError(
            "file", str(err), "valid TOML", file=source, line=_toml_line(err)
        ) from None
    except json.JSONDecodeError as err:
        raise ParseError(
            "file", err.msg, "valid JSON", file=source, line=err.lineno
        ) from None
    except RecursionError:
        # The parsers recurse once per level: TOML gives out near 333, JSON near 1,000.
        raise ParseError(
            "file",
            "nesting deeper than the parser can follow",
            f"at most {MAX_DEPTH} levels of nesting",
            file=source,
        ) from None
    except ValueError as err:
        # Python refuses to convert more than 4,300 digits (CVE-2020-10735).
        if "digits" not in str(err):  # pragma: no cover - no other ValueError known
            raise ParseError(
                "file", str(err), f"valid {format.upper()}", file=source
            ) from None
        raise ParseError(
            "file",
            f"an integer of more than {_PARSER_DIGITS:,} digits",
            f"integers of at most {MAX_INTEGER_DIGITS} digits",
            file=source,
        ) from None
    _check_shape(data, source, strings=_suspect_strings(text))
    return data


def _suspect_strings(text: str) -> bool:
    """
    Whether the text could hold a NUL or a lone surrogate in some string.

    Without an escape for one or the character itself, no parsed string can;
    this is one scan of the text instead of a search of every string.
    """
    if "\x00" in text or _SUSPECT_ESCAPE.search(text):
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True  # a surrogate in the text itself (only loads() can get one)
    return False


def _key_path(parent: str, key: object) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    text = str(key)
    if text.isidentifier() and text.isascii():
        return f"{parent}.{text}" if parent else text
    return f"{parent}[{json.dumps(text)}]"


def _children(node: dict[Any, Any] | list[Any], path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield _key_path(path, key), value
    else:
        for index, value in enumerate(node):
            yield _key_path(path, index), value


def _scalar_problem(node: object) -> tuple[object, str] | None:
    """What is wrong with one string or number (its value and expectation), if any."""
    if isinstance(node, str):
        if _BAD_CHARACTERS.search(node):
            return node, "text without NUL or lone surrogates"
    elif isinstance(node, int) and not isinstance(node, bool):
        if not -_INTEGER_BOUND < node < _INTEGER_BOUND:
            return (
                f"an integer of {len(str(abs(node)))} digits",
                f"an integer of at most {MAX_INTEGER_DIGITS} digits",
            )
    elif isinstance(node, float) and not math.isfinite(node):
        return node, "a finite number"
    elif isinstance(node, Decimal):
        if not node.is_finite():
            return str(node), "a finite number"
        if node.adjusted() >= MAX_INTEGER_DIGITS:
            return (
                f"a number of {node.adjusted() + 1:,} digits before the point",
                f"a number of at most {MAX_INTEGER_DIGITS} digits before the point",
            )
    return None


def _container_problem(
    node: dict[Any, Any] | list[Any], path: str, depth: int
) -> tuple[str, object, str] | None:
    """What is wrong with one table or array itself (path, value, expectation)."""
    if depth >= MAX_DEPTH:
        return path, "deeper nesting", f"at most {MAX_DEPTH} levels of nesting"
    if isinstance(node, _DuplicatedKeys):
        key = node.duplicates[0]
        return _key_path(path, key), key, "each key once in an object"
    if isinstance(node, dict):
        for key in node:
            if _BAD_CHARACTERS.search(key):
                return _key_path(path, key), key, "a key without NUL or lone surrogates"
    return None


def _check_shape(data: object, source: str, *, strings: bool = True) -> None:
    """
    Refuse what no plan holds and later steps cannot take, before structuring.

    Nesting over MAX_DEPTH, integers over MAX_INTEGER_DIGITS digits, non-finite
    numbers, NUL or lone surrogates in any key or string, and a key named twice
    in one JSON object. Iterative, so depth cannot exhaust the stack. A quick
    pass that keeps no paths runs first (searching strings and keys only if
    ``strings``: the text had a suspect escape or character), and only data it
    doubts is walked again to say where.

    Raises:
        ParseError: for the first such problem, with its path.
    """
    if _looks_sound(data, strings=strings):
        return
    stack: list[tuple[object, str, int]] = [(data, "", 0)]
    while stack:
        node, path, depth = stack.pop()
        if isinstance(node, dict | list):
            found = _container_problem(node, path, depth)
            if found is not None:
                where, value, expected = found
                raise ParseError(where or "file", value, expected, file=source)
            stack.extend(
                (value, child, depth + 1)
                for child, value in reversed(list(_children(node, path)))
            )
        else:
            problem = _scalar_problem(node)
            if problem is not None:
                raise ParseError(path or "file", *problem, file=source)


def _looks_sound(  # noqa: PLR0911, PLR0912 - one loop, no call per value
    data: object, *, strings: bool
) -> bool:
    """
    True when nothing in ``data`` breaks a limit: the fast pass, without paths.

    A million-item file has some three million values; this visits them level
    by level, each once, with no path, tuple, generator or call per value
    (hence one long loop).
    """
    if not isinstance(data, dict | list):
        return _scalar_problem(data) is None
    search = _BAD_CHARACTERS.search
    bound = _INTEGER_BOUND
    level: list[Any] = [data]
    for _ in range(MAX_DEPTH):
        below: list[Any] = []
        add = below.append
        for node in level:
            if type(node) is list:
                values = node
            elif type(node) is _DuplicatedKeys:
                return False
            else:
                if strings and search("".join(node)):
                    return False
                values = node.values()
            for value in values:
                kind = type(value)
                if kind is str:
                    if strings and search(value):
                        return False
                elif kind is int:
                    if not -bound < value < bound:
                        return False
                elif kind is float:
                    if value - value != 0:  # NaN and the infinities
                        return False
                elif kind is Decimal:
                    if not value.is_finite() or value.adjusted() >= MAX_INTEGER_DIGITS:
                        return False
                elif kind is dict or kind is list or kind is _DuplicatedKeys:
                    add(value)
        if not below:
            return True
        level = below
    return False


def _toml_line(err: tomllib.TOMLDecodeError) -> int | None:
    line = getattr(err, "lineno", None)
    if isinstance(line, int):
        return line
    text = str(err)
    marker = "(at line "
    if marker in text:
        digits = text.split(marker, 1)[1].split(",", 1)[0].rstrip(")")
        if digits.isdigit():
            return int(digits)
    return None


_KINDS: Final = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _not_regular(source: str, mode: int) -> ParseError:
    return ParseError("file", source, f"a regular file, not {_kind(mode)}", file=source)


def _read(path: str | os.PathLike[str], max_bytes: int, source: str) -> bytes:
    """
    The bytes of a regular file, at most ``max_bytes``; anything else is refused.

    The open does not block (O_NONBLOCK: a FIFO with no writer would wait
    forever), the kind of file is read from the open descriptor (so nothing can
    swap it between a check and the read), and the limit counts bytes read:
    /proc files and devices say size 0.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as err:
        if err.errno == errno.ENXIO:  # a socket, or a FIFO's other end: never read
            try:
                raise _not_regular(source, os.stat(path).st_mode) from None
            except OSError:  # pragma: no cover - gone between open and stat
                pass
        raise ParseError("file", source, f"a readable file ({err.strerror})") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(source, mode)
        size = os.fstat(descriptor).st_size
        if size > max_bytes:
            raise _too_large(f"{size:,} bytes", max_bytes, source)
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, _READ_CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise _too_large(f"more than {max_bytes:,} bytes", max_bytes, source)
        return b"".join(chunks)
    except OSError as err:
        raise ParseError("file", source, f"a readable file ({err.strerror})") from None
    finally:
        os.close(descriptor)


def _too_large(size: str, max_bytes: int, source: str) -> ParseError:
    return ParseError("file", size, f"at most {max_bytes:,} bytes", file=source)


@overload
def loads(
    text: str, *, format: Format = "toml", source: str = "<string>"
) -> Landscape: ...
@overload
def loads(
    text: str, *, format: Format = "toml", source: str = "<string>", type: type[T]
) -> T: ...
def loads(
    text: str,
    *,
    format: Format = "toml",
    source: str = "<string>",
    type: type[Any] = Landscape,
) -> Any:
    """
    Read a landscape (or ``type``) from TOML or JSON text.

    Args:
        text: The text.
        format: ``"toml"`` or ``"json"``.
        source: A name for the text in error messages.
        type: What to build; a :class:`~speccom_model.Landscape` by default.

    Raises:
        ParseError: naming every problem, with its path, value and expectation.
    """
    if format not in FORMATS:
        raise ParseError("format", format, "'toml' or 'json'")
    if not isinstance(text, str):
        raise ParseError("text", type, "text (str)", file=source)
    data = _decode(text, format, source, type)
    try:
        return structure(data, type)
    except ParseError as err:
        raise ParseError.gathered(
            err.problems, file=source, problems_not_listed=err.problems_not_listed
        ) from None


@overload
def load(path: str | os.PathLike[str], *, max_bytes: int = ...) -> Landscape: ...
@overload
def load(path: str | os.PathLike[str], *, max_bytes: int = ..., type: type[T]) -> T: ...
def load(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    type: type[Any] = Landscape,
) -> Any:
    """
    Read a landscape (or ``type``) from a .toml or .json file.

    Only a regular file is read (a symbolic link to one is fine); a FIFO, a
    device, a directory or a socket is refused without waiting on it. At most
    ``max_bytes + 1`` bytes are read, whatever the file claims its size is.

    Raises:
        ParseError: for a path holding a NUL character; a file that is
            missing, not a regular file, over
            ``max_bytes``, not UTF-8, empty, malformed, nested over
            :data:`MAX_DEPTH`, holding an integer over :data:`MAX_INTEGER_DIGITS`
            digits, a NUL, a lone surrogate or a repeated JSON key, or whose
            content is not a valid landscape (naming the file and every problem).
        InvalidValueError: for a ``max_bytes`` that is not a whole number >= 0.

    >>> load("/dev/null.toml")
    Traceback (most recent call last):
    speccom_model.errors.ParseError: file: expected a readable file (No such ...
    """
    source = str(path)
    if "\x00" in source:  # no system call takes one: say so, not ValueError
        raise ParseError("file", source, "a path without a NUL character")
    format = format_of(path)
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 0:
        raise InvalidValueError("max_bytes", max_bytes, "a whole number of bytes >= 0")
    raw = _read(path, max_bytes, source)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ParseError(
            "file", f"byte {raw[err.start]:#04x}", "UTF-8 text", file=source, line=line
        ) from None
    return loads(text.removeprefix("\ufeff"), format=format, source=source, type=type)


def dumps(obj: object, *, format: Format = "toml") -> str:
    """
    Write any public value as TOML or JSON text, exactly.

    TOML is laid out for a person to edit (``speccom_model.io._toml``): a list
    on one line when it fits in 100 characters, small tables inline, a row
    (one inline table a line) or a ``[[arrangements]]`` section per record. A landscape's ``name`` comes first
    in either format, then ``description`` and its collections in a fixed
    order (``LANDSCAPE_KEYS`` in ``speccom_model.io._converter``).

    >>> dumps(scenarios.england_2013_14()).splitlines()[0]
    'name = "england_2013_14"'
    >>> from speccom_model import gbp
    >>> print(dumps(scenarios.england_2013_14().allocations[0], format="json"))
    {
      "year": "2013-14",
      "amount": "£13,000,000,000",
      "source": "NAO press release, The commissioning of specialised services in the NHS: £13bn in 2013-14 (https://nao.org.uk/press-releases/the-commissioning-of-specialised-services-in-the-nhs)"
    }
    >>> dumps(gbp("£5m"), format="toml")
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: obj: expected a record ...

    Raises:
        ParseError: for a format that is neither ``"toml"`` nor ``"json"``.
        InvalidValueError: for a value that is not one of the library's, or (as
            TOML) not a record.
    """
    if format not in FORMATS:
        raise ParseError("format", format, "'toml' or 'json'")
    data = converter().unstructure(obj)
    if format == "json":
        try:
            return _json_dumps(data)
        except (TypeError, ValueError):  # orjson's JSONEncodeError is a TypeError
            raise InvalidValueError(
                "obj", type(obj).__name__, "a public value of speccom_model"
            ) from None
    if not isinstance(data, dict):
        raise InvalidValueError(
            "obj", type(obj).__name__, "a record (such as a Landscape) to write as TOML"
        )
    try:
        return _toml.dumps(data)
    except (TypeError, ValueError):
        raise InvalidValueError(
            "obj", type(obj).__name__, "a public value of speccom_model"
        ) from None


def dump(
    obj: object, path: str | os.PathLike[str], *, format: Format | None = None
) -> None:
    """
    Write any public value to a file, in the format its name says (or ``format``).

    The file is written whole or not at all: a temporary file with a random
    name, created exclusively beside it, is flushed to disk and renamed into
    place, so a reader (or a concurrent ``dump``) sees the old file or a whole
    new one, never a part. The file keeps its permissions.

    Raises:
        ParseError: for a name that is neither .toml nor .json.
        OutputError: for a path holding a NUL character, or that is a
            symbolic link, a directory, a FIFO or a device (never followed nor replaced), in a folder that does not
            exist or cannot be written, or a write that fails; the path is
            left as it was and no temporary file remains.

    >>> import os, tempfile
    >>> scratch = tempfile.TemporaryDirectory()
    >>> folder = scratch.name
    >>> dump(scenarios.england_2013_14(), os.path.join(folder, "plan.toml"))
    >>> os.listdir(folder)
    ['plan.toml']
    >>> dump(scenarios.england_2013_14(), folder + "/missing/plan.toml")
    Traceback (most recent call last):
    speccom_model.errors.OutputError: path: expected a file in a folder that exists ...
    >>> scratch.cleanup()
    """
    chosen = format_of(path) if format is None else format
    text = dumps(obj, format=chosen)
    with atomic_writer(path, field="path", newline="") as handle:
        handle.write(text)
