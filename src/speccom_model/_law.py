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

__all__ = [
    "LAW_FILE",
    "LAW_NAME",
    "law_table",
    "law_text",
    "policy_file",
    "policy_names",
    "policy_table",
]

#: The law file's name inside the package's ``data`` folder.
LAW_FILE: Final = "law.toml"
#: The law file's policy name.
LAW_NAME: Final = "law"
#: The folder, inside ``data``, of the named policies other than the law.
POLICIES: Final = "policies"


def _data_text(*parts: str) -> str:
    beside = os.path.join(os.path.dirname(__file__), "data", *parts)
    if os.path.isfile(beside):
        # An ordinary install: read it directly. importlib.resources alone
        # costs about 12 ms to import, a tenth of importing this package.
        with open(beside, encoding="utf-8") as handle:
            return handle.read()
    from importlib import resources  # noqa: PLC0415 - a zipped install

    return (  # pragma: no cover - the tests run from a directory
        resources.files("speccom_model").joinpath("data", *parts).read_text("utf-8")
    )


@functools.cache
def law_text() -> str:
    """The law file's text, as shipped."""
    return _data_text(LAW_FILE)


@functools.cache
def policy_names() -> frozenset[str]:
    """
    The names of the shipped policies other than the law: ``data/policies/*.toml``.

    >>> sorted(policy_names())
    ['health_bill_2026']
    """
    from importlib import resources  # noqa: PLC0415 - read only when asked

    folder = resources.files("speccom_model").joinpath("data", POLICIES)
    return frozenset(
        entry.name.removesuffix(".toml")
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    )


def policy_file(name: str) -> str:
    """The package path of a shipped policy's file, for messages."""
    return f"{POLICIES}/{name}.toml"


def policy_table(name: str) -> dict[str, Any]:
    """
    A shipped policy's file parsed: only the values it changes from the law.

    Raises:
        ParseError: if the shipped file is not valid TOML (after an edit).
    """
    file = policy_file(name)
    try:
        return tomllib.loads(_data_text(POLICIES, f"{name}.toml"))
    except tomllib.TOMLDecodeError as err:
        raise ParseError("policy", file, f"valid TOML ({err})", file=file) from None


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
