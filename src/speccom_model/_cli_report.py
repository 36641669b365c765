"""
``speccom report``: a plan's findings, money and arrangements as one HTML file.

The command's glue: it reads the plan as every command does, checks that the
``report`` extra imports before anything is built or written, gathers the
report's data (:func:`~speccom_model.report_data.report_data`), renders it
(``speccom_model.io._report``) and writes it whole or not at all
(``atomic_writer``), printing nothing. It exits 0 when the file is written,
whatever the findings (``speccom check`` is the command whose status says whether a plan
has errors), and 2 for bad input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from speccom_model.cli import DEFAULT_SCENARIO, EXIT_OK, _landscape, _policy
from speccom_model.errors import ParseError
from speccom_model.io._atomic import atomic_writer
from speccom_model.io._report import render_report, require_extra
from speccom_model.report_data import report_data

if TYPE_CHECKING:
    import argparse
    from typing import TextIO

__all__ = ["run_report"]


def run_report(args: argparse.Namespace, out: TextIO) -> int:
    """
    Write the HTML report of ``args.file`` to ``args.out``.

    Nothing goes to standard output (``out``), as for ``speccom table --out``:
    a closed or full standard output cannot fail a run that wrote its file.

    Raises:
        ParseError: no ``--out``, or a plan or policy that cannot be read.
        MissingExtraError: the ``report`` extra is not installed (checked
            before the plan is read; nothing is written).
        OutputError: ``--out`` cannot be written (the target is untouched).
    """
    if args.out is None:
        raise ParseError(
            "--out",
            None,
            "a file to write the report to (--out report.html): the report is "
            "one HTML file, never written to standard output",
        )
    require_extra()
    landscape = _landscape(args.file, max_bytes=getattr(args, "max_plan_bytes", None))
    policy, _ = _policy(args.policy)
    name = landscape.name or (args.file or DEFAULT_SCENARIO)
    data = report_data(landscape, policy=policy, on=args.on, name=name)
    page = render_report(data)
    with atomic_writer(args.out, field="--out") as handle:
        handle.write(page)
    return EXIT_OK
