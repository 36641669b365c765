"""
Engines that resolve activity at national scale on the responsibility table.

Each engine is its own module behind its own extra, built on
:func:`speccom_model.resolving.responsibility_table`: import the module you
need (``speccom_model.engines.duckdb``); this package imports none of them.
"""

from __future__ import annotations

__all__: list[str] = []
