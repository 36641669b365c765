"""Run the speccom command: python -m speccom_model."""

from __future__ import annotations

from speccom_model.cli import main_exit

main_exit()
