"""
Reads the law file shipped with the package, ``data/law.toml``, as plain data.

This is the one module the domain core may import that touches a file: it
reads one package resource, read-only, and parses it with :mod:`tomllib`.
:mod:`speccom_model.policy` turns the tables into :class:`Policy` values.

>>> sorted(law_table())[:3]
['approval_routes', 'arrangement_windows', 'budget_windows']
"""

from __future__ import annotations

import functools
import os
import tomllib
from typing import Any, Final

from speccom_model.errors import ParseError

__all__ = ["LAW_FILE", "law_table", "law_text"]

#: The law file's name inside the package's ``data`` folder.
LAW_FILE: Final = "law.toml"


@functools.cache
def law_text() -> str:
    """The law file's text, as shipped."""
    beside = os.path.join(os.path.dirname(__file__), "data", LAW_FILE)
    if os.path.isfile(beside):
        # An ordinary install: read it directly. importlib.resources alone
        # costs about 12 ms to import, a tenth of importing this package.
        with open(beside, encoding="utf-8") as handle:
            return handle.read()
    from importlib import resources  # noqa: PLC0415 - a zipped install

    return (  # pragma: no cover - the tests run from a directory
        resources.files("speccom_model").joinpath("data", LAW_FILE).read_text("utf-8")
    )


def law_table() -> dict[str, Any]:
    """
    The law file parsed: a fresh dictionary each call.

    Raises:
        ParseError: if the shipped file is not valid TOML (after an edit).
    """
    try:
        return tomllib.loads(law_text())
    except tomllib.TOMLDecodeError as err:
        raise ParseError(
            "law", LAW_FILE, f"valid TOML ({err})", file=LAW_FILE
        ) from None
