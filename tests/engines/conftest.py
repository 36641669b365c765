"""
One local Spark session for every Spark test, or a skip where no Java runs.

Spark's driver is a Java program: pyspark (a dev dependency) starts it. The
tests skip, printing why, only where no Java runtime can be found; anything
else that stops the session starting is an error. Under pytest-xdist each
worker that runs a Spark test starts its own session (its own Java process).
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pyspark.sql import SparkSession


def _java() -> str | None:
    """The Java runtime Spark would start, or None where there is none."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


@pytest.fixture(scope="package")
def spark() -> Iterator[SparkSession]:
    """
    A local Spark session on one thread, bound to the loopback interface.

    One shuffle partition (the test frames are small), no web UI, no console
    progress bar; dates in UTC. One for every test of this package, then
    ended entirely, the Java process and py4j's threads too: a thread left
    running would take the signals that tests/io blocks in the main thread
    (blocking holds a signal back only where no other thread can take it).
    """
    if _java() is None:
        pytest.skip(
            "no Java runtime (neither JAVA_HOME/bin/java nor java on PATH): "
            "Spark cannot start; install one, e.g. openjdk-17-jre-headless"
        )
    from pyspark.sql import SparkSession

    threads = set(threading.enumerate())
    # The driver talks to itself only: no hostname lookup, no outside address.
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master("local[1]")
        .appName("speccom-model-tests")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.default.parallelism", "1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    _end_gateway()
    for thread in set(threading.enumerate()) - threads:
        thread.join(timeout=10)


def _end_gateway() -> None:
    """Close py4j's gateway (its threads end) and let the Java process exit."""
    from pyspark import SparkContext

    # pyspark keeps its gateway for a next session; nothing public ends it.
    gateway = SparkContext._gateway
    if gateway is None:
        return
    process = getattr(gateway, "proc", None)
    gateway.shutdown()
    SparkContext._gateway = None
    SparkContext._jvm = None
    if process is not None and process.stdin is not None:
        process.stdin.close()  # the gateway server exits when its input ends
        process.wait(timeout=60)
