"""Benchmark of the duplicate search on Splink's Spark backend: Komek's model as it is
(``komek.people.linkage.model.settings``), trained and run on Spark, beside the same
model on DuckDB, on the same generated records as bench/dedup.py.

    .venv/bin/python bench/dedup_spark.py [--people 100000] [--seed 7] [--threads 2]
        [--driver-memory 2g] [--partitions 8]

Needs the ``spark`` extra (pyspark) and Java 17; ``make bench-dedup-spark`` installs the
extra and runs it. Spark runs in local mode (``local[THREADS]``) with a bounded driver
memory and its scratch files in a temporary folder: one machine standing in for a
cluster, so that the figures say what Spark costs on the same cores, and that the model
finds the same people on both backends.

Each backend runs in a process of its own. Its wall time runs from loading the records
(for Spark, from starting the session) to the clusters cut; its peak memory is the
Python process's maximum resident set, plus, on Spark, the JVM's (read from ``/proc``
before the session stops: the JVM is not a child Python waits for). Scored as
bench/dedup.py scores (pairwise F1, precision and recall at its thresholds); the
agreement is the share of the pairs either backend predicts that both predict.
"""

import argparse
import json
import resource
import subprocess
import tempfile
import time
from itertools import combinations
from pathlib import Path

from dedup import (
    THRESHOLDS,
    generated,
    komek_clusters,
    komek_load,
    measured_apart,
    report,
    score,
    setup_django,
)

BACKENDS = ("spark", "duckdb")


def session(folder: Path, *, threads: int, driver_memory: str, partitions: int):
    """A local Spark session with Splink's jar (its ``jaro_winkler``), writing nothing
    outside ``folder``."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    spark = (
        SparkSession.builder.master(f"local[{threads}]")
        .appName("komek-bench-dedup-spark")
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.memory", driver_memory)
        .config("spark.local.dir", str(folder / "local"))
        .config("spark.sql.warehouse.dir", str(folder / "warehouse"))
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.default.parallelism", str(partitions))
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    # Splink breaks the lineage of its intermediate tables by writing them here.
    spark.sparkContext.setCheckpointDir(str(folder / "checkpoints"))
    return spark


def jvm_peak_kb(spark) -> int:
    """The JVM's maximum resident set (``VmHWM``), in kilobytes, with that of any process
    it started."""
    pending = [spark.sparkContext._gateway.proc.pid]
    total = 0
    while pending:
        pid = pending.pop()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            for task in Path(f"/proc/{pid}/task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
        except FileNotFoundError:  # a helper process that ended meanwhile
            continue
        # A process that has ended but not been waited for has no memory left to report.
        total += sum(
            int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")
        )
    return total


def spark_clusters(rows: list[dict], folder: Path, options) -> tuple[dict, dict]:
    """Komek's model trained and run on Spark; the clusters at each threshold, and what
    Spark itself took (the session's start, the JVM's memory)."""
    from splink.backends.spark import SparkAPI

    from komek.people.linkage import model
    from komek.people.linkage.clusters import clusters
    from komek.people.linkage.records import TABLE

    started = time.monotonic()
    spark = session(
        folder,
        threads=options.threads,
        driver_memory=options.driver_memory,
        partitions=options.partitions,
    )
    session_seconds = time.monotonic() - started
    # The records are folded and their rare spellings read as the common ones on one
    # machine (DuckDB, a few columns of a registry), then written where Spark reads them:
    # shared storage for a registry beyond one machine, a Parquet file here.
    data = folder / "records.parquet"
    con = model.connect(str(folder))
    komek_load(rows, con)
    con.execute(f"COPY {TABLE} TO '{data}' (FORMAT parquet)")
    con.close()
    spark.read.parquet(str(data)).createOrReplaceTempView(TABLE)
    api = SparkAPI(spark_session=spark)
    trained = model.train_on(api)
    edges = list(model.predict_on(api, trained, threshold=min(THRESHOLDS)))
    found = {
        threshold: [cluster.people for cluster in clusters(edges, threshold=threshold)]
        for threshold in THRESHOLDS
    }
    jvm_kb = jvm_peak_kb(spark)
    spark.stop()
    return found, {
        "session_seconds": round(session_seconds, 1),
        "edges": len(edges),
        "prior": trained["probability_two_random_records_match"],
        "jvm_peak_memory_mb": jvm_kb // 1024,
    }


def duckdb_clusters(rows: list[dict], folder: Path, options) -> tuple[dict, dict]:
    """Komek's model on DuckDB, as bench/dedup.py runs it."""
    from komek.people.linkage import model

    con = model.connect(str(folder), threads=options.threads)
    return komek_clusters(rows, con), {}


def measure(backend: str, data: Path, options) -> dict:
    """One backend's run over the records in ``data`` (the child process's work); its
    clusters are written beside ``data`` for the agreement."""
    import pyarrow.parquet as pq

    setup_django()
    rows = pq.read_table(data).to_pylist()
    run = spark_clusters if backend == "spark" else duckdb_clusters
    with tempfile.TemporaryDirectory(prefix=f"komek-bench-dedup-{backend}-") as folder:
        started = time.monotonic()
        found, extra = run(rows, Path(folder), options)
        seconds = time.monotonic() - started
    # Linux reports the maximum resident set in kilobytes.
    python_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    (data.parent / f"{backend}.json").write_text(json.dumps(found))
    return {
        "wall_seconds": round(seconds, 1),
        "peak_memory_mb": python_mb + extra.get("jvm_peak_memory_mb", 0),
        **({"python_peak_memory_mb": python_mb} if extra else {}),
        **extra,
        **{f"at_{threshold}": score(rows, found[threshold]) for threshold in THRESHOLDS},
    }


def pairs(found: list[list[int]]) -> set[tuple[int, int]]:
    return {pair for people in found for pair in combinations(sorted(people), 2)}


def agreement(folder: Path) -> dict:
    """At each threshold, the pairs both backends predict, of those either does."""
    found = {backend: json.loads((folder / f"{backend}.json").read_text()) for backend in BACKENDS}
    shares = {}
    for threshold in THRESHOLDS:
        spark, duckdb = (pairs(found[backend][str(threshold)]) for backend in BACKENDS)
        either = spark | duckdb
        shares[f"at_{threshold}"] = {
            "pairs_in_both": len(spark & duckdb),
            "spark_only": len(spark - duckdb),
            "duckdb_only": len(duckdb - spark),
            "share": round(len(spark & duckdb) / len(either), 4) if either else 1.0,
        }
    return shares


def versions() -> dict:
    import pyspark
    import splink

    java = subprocess.run(["java", "-version"], capture_output=True, text=True)  # noqa: S607
    return {
        "pyspark": pyspark.__version__,
        "splink": splink.__version__,
        "java": (java.stderr.splitlines() or ["unknown"])[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000, help="records, copies included")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=2, help="Spark's and DuckDB's threads")
    parser.add_argument("--driver-memory", default="2g", help="Spark's driver memory")
    parser.add_argument("--partitions", type=int, default=8, help="Spark's shuffle partitions")
    parser.add_argument("--backend", choices=BACKENDS, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.backend:
        print(json.dumps(measure(options.backend, options.data, options)))
        return

    rows, generate_seconds = generated(options.people, options.seed)
    with tempfile.TemporaryDirectory(prefix="komek-bench-dedup-spark-") as folder:
        results = measured_apart(
            __file__,
            BACKENDS,
            "--backend",
            rows,
            Path(folder),
            *("--threads", str(options.threads)),
            *("--driver-memory", options.driver_memory),
            *("--partitions", str(options.partitions)),
        )
        agreed = agreement(Path(folder))
    spark_settings = {
        "master": f"local[{options.threads}]",
        "driver_memory": options.driver_memory,
        "shuffle_partitions": options.partitions,
    }
    print(
        report(
            "dedup-spark",
            rows,
            generate_seconds,
            versions=versions(),
            spark_settings=spark_settings,
            **results,
            agreement=agreed,
        )
    )


if __name__ == "__main__":
    main()
