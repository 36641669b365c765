"""The domain core does no I/O: modules under rules/ and below import none of it."""

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
        if parts[0] in EDGE or parts[0] == "__init__":
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
