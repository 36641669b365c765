"""Read the CSV and TOML files shipped in ``speccom_model/data/reference/``."""

from __future__ import annotations

import csv
import io
from importlib.resources import files


def text(name: str) -> str:
    """The text of one shipped reference file."""
    return files("speccom_model").joinpath("data", "reference", name).read_text("utf-8")


def rows(name: str) -> list[dict[str, str]]:
    """The rows of one shipped CSV, as dictionaries keyed by its header."""
    return list(csv.DictReader(io.StringIO(text(name))))
