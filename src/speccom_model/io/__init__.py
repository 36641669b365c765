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

import json
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar, overload

import attrs

from speccom_model.errors import ParseError, SpeccomError
from speccom_model.io._atomic import atomic_writer
from speccom_model.io._converter import converter, structure
from speccom_model.io._schema import schema
from speccom_model.landscape import Landscape

if TYPE_CHECKING:
    import os

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "Format",
    "converter",
    "dump",
    "dumps",
    "load",
    "loads",
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
#: Files larger than this are refused before they are read (16 MiB).
DEFAULT_MAX_BYTES: Final = 16 * 1024 * 1024

_SUFFIXES: Final[dict[str, Format]] = {".toml": "toml", ".json": "json"}


def _json_dumps(data: object) -> str:
    """Two-space indented JSON, UTF-8 as is: byte for byte the same either codec."""
    if _orjson is not None:
        return str(_orjson.dumps(data, option=_orjson.OPT_INDENT_2), "utf-8") + "\n"
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _json_loads(text: str) -> Any:  # noqa: ANN401 - JSON is any shape
    if _orjson is not None:
        try:
            return _orjson.loads(text)
        except _orjson.JSONDecodeError:
            pass  # the standard library says where, with its line
    return json.loads(text)


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
        if format == "toml":
            return tomllib.loads(text)
        return _json_loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ParseError(
            "file", str(err), "valid TOML", file=source, line=_toml_line(err)
        ) from None
    except json.JSONDecodeError as err:
        raise ParseError(
            "file", err.msg, "valid JSON", file=source, line=err.lineno
        ) from None


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
        raise ParseError.gathered(err.problems, file=source) from None


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

    Raises:
        ParseError: for a file that is missing, too large, not UTF-8, empty,
            malformed, or whose content is not a valid landscape (naming the
            file and every problem).
    """
    source = str(path)
    format = format_of(path)
    try:
        size = Path(path).stat().st_size
        if size > max_bytes:
            raise ParseError(
                "file", f"{size:,} bytes", f"at most {max_bytes:,} bytes", file=source
            )
        raw = Path(path).read_bytes()
    except OSError as err:
        raise ParseError("file", source, f"a readable file ({err.strerror})") from None
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

    >>> from speccom_model import gbp
    >>> print(dumps(scenarios.england_2013_14().allocations[0], format="json"))
    {
      "year": "2013-14",
      "amount": "£13,000,000,000",
      "source": "NAO, Specialised services (2016): £13bn in 2013-14; HSJ (2014, seed 000) wrote '£14bn', approximate"
    }
    """
    if format not in FORMATS:
        raise ParseError("format", format, "'toml' or 'json'")
    data = converter().unstructure(obj)
    if format == "json":
        return _json_dumps(data)
    import tomli_w  # noqa: PLC0415 - only writing TOML needs it

    if not isinstance(data, dict):
        raise SpeccomError("obj", type(obj).__name__, "a record to write as TOML")
    return tomli_w.dumps(data)


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
        OutputError: for a path that is a symbolic link, a directory, a FIFO or
            a device (never followed nor replaced), in a folder that does not
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
