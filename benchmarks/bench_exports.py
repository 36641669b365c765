"""
What the analysts' exports cost, against the tool an analyst would otherwise pick.

Interleaved in one run, best and median of ``--rounds``, each round on fresh
objects (a landscape, a check, a summary built anew and not timed), counting
every conversion the user's way needs:

* TOML: ``speccom_model.io.dumps(plan, format="toml")``, the compact layout,
  against ``tomli_w.dumps`` of the same unstructured plan (one item per line;
  the unstructuring counted on both sides), on england_2024_25;
* CSV: the summary's bodies table and the findings table (typed tables, exact
  cells, ``csv.writer``) against pandas building a frame from the same
  records and writing it with ``DataFrame.to_csv``;
* data frames: ``frames.to_pandas`` (through Arrow, money as Decimal) against
  ``pandas.DataFrame.from_records`` of the same records (money left as Money
  objects, which pandas cannot sum);
* Excel: ``speccom summary``'s workbook (openpyxl, every table a sheet)
  against pandas ``to_excel`` with the openpyxl engine, sheet for sheet.

Needs the dev extra (pandas, pyarrow, openpyxl). Run:
python benchmarks/bench_exports.py [--rounds N]
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import time
from collections.abc import Callable
from typing import Any

import pandas as pd
import tomli_w

from speccom_model import check, scenarios, summarise
from speccom_model import io as files
from speccom_model.frames import to_pandas
from speccom_model.io._xlsx import write_xlsx
from speccom_model.tabular import Table, report_table, summary_tables, text_cell


def _csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in table.columns])
    kinds = [c.kind for c in table.columns]
    writer.writerows(
        [text_cell(k, v) for k, v in zip(kinds, row, strict=True)] for row in table.rows
    )
    return out.getvalue()


def _pandas_csv(records: list[dict[str, Any]]) -> str:
    return str(pd.DataFrame.from_records(records).to_csv(index=False))


def _timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def _round(record: Callable[[str, Callable[[], object]], None]) -> None:
    """One round on fresh objects, each tool timed on the same input."""
    plan = scenarios.england_2024_25()
    bodies = summary_tables(summarise(plan))["bodies"]
    findings = report_table(check(plan))
    tables = list(summary_tables(summarise(plan)).values())
    body_records = list(bodies.records())
    finding_records = list(findings.records())

    record("toml: speccom compact", lambda: files.dumps(plan, format="toml"))
    record(
        "toml: tomli-w alone",
        lambda: tomli_w.dumps(files.converter().unstructure(plan)),
    )
    record("csv bodies: speccom", lambda: _csv(bodies))
    record("csv bodies: pandas to_csv", lambda: _pandas_csv(body_records))
    record("csv findings: speccom", lambda: _csv(findings))
    record("csv findings: pandas to_csv", lambda: _pandas_csv(finding_records))
    record("frame bodies: frames.to_pandas", lambda: to_pandas(bodies))
    record(
        "frame bodies: DataFrame.from_records",
        lambda: pd.DataFrame.from_records(body_records),
    )
    record(
        "xlsx summary: speccom",
        lambda: write_xlsx(tables, io.BytesIO(), feature="bench"),
    )

    def pandas_xlsx() -> None:
        with pd.ExcelWriter(io.BytesIO(), engine="openpyxl") as writer:
            for table in tables:
                pd.DataFrame.from_records(list(table.records())).to_excel(
                    writer, sheet_name=table.name, index=False
                )

    record("xlsx summary: pandas to_excel", pandas_xlsx)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    times: dict[str, list[float]] = {}

    def record(name: str, call: Callable[[], object]) -> None:
        times.setdefault(name, []).append(_timed(call))

    for _ in range(rounds):
        _round(record)

    print(
        f"{rounds} rounds, interleaved; seconds best (median); ratio to the other tool"
    )
    pairs = [
        ("toml: speccom compact", "toml: tomli-w alone"),
        ("csv bodies: speccom", "csv bodies: pandas to_csv"),
        ("csv findings: speccom", "csv findings: pandas to_csv"),
        ("frame bodies: frames.to_pandas", "frame bodies: DataFrame.from_records"),
        ("xlsx summary: speccom", "xlsx summary: pandas to_excel"),
    ]
    for ours, theirs in pairs:
        a, b = times[ours], times[theirs]
        print(
            f"{ours:40} {min(a):.4f} ({statistics.median(a):.4f})  "
            f"{min(a) / min(b):.2f}x best, "
            f"{statistics.median(a) / statistics.median(b):.2f}x median"
        )
        print(f"{theirs:40} {min(b):.4f} ({statistics.median(b):.4f})")


if __name__ == "__main__":
    main()
