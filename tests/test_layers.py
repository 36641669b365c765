"""
The domain core does no I/O: modules under rules/ and below import none of it.

One exception, by name: ``_law`` reads the law file shipped inside the package
(``data/law.toml``), read-only, so that ``Policy()`` is the law as the file
states it. The core may import ``_law`` and nothing else that touches a file;
``_law`` itself may import only the standard library's resource and TOML
readers and the library's errors.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).parents[1] / "src" / "speccom_model"
EDGE = {
    "io",
    "cli",
    "strategies",
    "scenarios",
    "reference",
    "__main__",
    "_hypothesis_hook",
    "engines",  # adapters to DuckDB and Spark: they read activity files
    "frames",  # adapters to Arrow, pandas and Polars: optional imports
    "_cli_diff",  # the diff command's options and output, beside cli
}
#: Modules that read a package resource and nothing else: the core may use them.
RESOURCE_READERS = {"_law"}
RESOURCE_READER_IMPORTS = {
    "__future__",
    "functools",
    "importlib",
    "os",  # the file beside the module, read without importlib.resources' cost
    "tomllib",
    "typing",
    "speccom_model.errors",
}
FORBIDDEN = {
    "cattrs",
    "json",
    "tomllib",
    "sys",
    "pathlib",
    "argparse",
    "csv",
    "hypothesis",
    "importlib",
    "os",
    "io",
    "tomli_w",
}


def core_modules() -> list[Path]:
    paths = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[0] in EDGE or parts[0] in RESOURCE_READERS or parts[0] == "__init__":
            continue
        if parts[0].startswith("_cli_"):  # a subcommand's glue: part of the CLI
            continue
        paths.append(path)
    return paths


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: p.name)
def test_core_modules_import_no_io(path: Path) -> None:
    """Rules and below never import I/O, serialisation or our edge modules."""
    bad = set()
    for name in imported(path):
        top = name.split(".")[0]
        if top in FORBIDDEN:
            bad.add(name)
        if (
            top == "speccom_model"
            and name.split(".")[1:2]
            and name.split(".")[1] in EDGE
        ):
            bad.add(name)

    assert bad == set()


@pytest.mark.parametrize("name", sorted(RESOURCE_READERS))
def test_resource_readers_import_only_what_reading_a_resource_needs(name: str) -> None:
    """The exception stays small: no paths, no OS, no other edge module."""
    found = {
        n if n.startswith("speccom_model") else n.split(".")[0]
        for n in imported(SRC / f"{name}.py")
    }

    assert found <= RESOURCE_READER_IMPORTS
