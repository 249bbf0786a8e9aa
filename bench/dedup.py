"""Benchmark of the duplicate search: Komek's linkage beside vanilla Splink, on generated
people registered again under other spellings, with ground truth.

    .venv/bin/python bench/dedup.py [--people 1000000] [--seed 7] [--threads 2]
    .venv/bin/python bench/dedup.py --reference komek/people/linkage/reference.json

People come from the project's generator (``komek.hotline.generation``: names of the three
origin countries in Cyrillic and passport Latin, namesakes, intake typos, partial dates,
shared family phones). DUPLICATE_SHARE of them are registered again, once or more, each
copy changed at the rates of COPY_RATES: written in Latin (as the passport, or as another
transliteration system), a typo, given name and surname swapped, day and month swapped,
the year alone, a year off, another phone, no document. ``--people`` counts the records,
copies included.

Each system runs in a process of its own, so that its wall time and peak memory
(``resource.getrusage``'s maximum resident set) are its own:
- komek: ``komek.people.linkage`` as ``komek find_duplicates`` runs it (the records folded
  by ``linkage_record``, the model trained, pairs predicted, clusters cut), on rows built
  from the generated people instead of read from the database, whose reading is not
  measured;
- splink: vanilla Splink on the names as written: ``NameComparison`` on given name and
  surname, ``DateOfBirthComparison``, blocking on the names and the date, the same
  training steps, connected components at the same thresholds;
- pairwise_ceiling: not a system but the limit of Komek's comparisons on these records,
  found with the truth (``pairwise_ceiling``): how far any decision on pairs made from
  them could go.

``--reference`` measures nothing: it trains Komek's model on the generated records and
writes it as the reference model, which scores a registry too small to learn from
(``komek.people.linkage.model.reference``).

Scored on pairs: two records are a predicted pair when they share a cluster, a true pair
when they are the same generated person. The largest false cluster is the largest one that
holds more than one true person. Prints one JSON object.
"""

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# People registered more than once, and how many copies (one, two or three).
DUPLICATE_SHARE = 0.2
COPIES = (1, 1, 1, 2, 2, 3)
# How often each change is made to a copy.
COPY_RATES = {
    "latin_as_passport": 0.35,
    "latin_other_system": 0.15,
    "typo": 0.15,
    "names_swapped": 0.05,
    "day_month_swapped": 0.08,
    "year_only": 0.08,
    "year_off_by_one": 0.03,
    "other_phone": 0.4,
    "passport_latin_left_blank": 0.5,
    "document_left_out": 0.5,
}
# The share of originals with a passport number on record.
DOCUMENT_SHARE = 0.3
# The scores from which two records count as linked, for both systems: Komek's default
# "to review" and "probably the same" thresholds, and one between.
THRESHOLDS = (0.8, 0.9, 0.99)
SYSTEMS = ("komek", "splink", "pairwise_ceiling")


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komek.settings")
    import django

    django.setup()


def generate(count: int, seed: int) -> list[dict]:
    """``count`` records with a ``truth`` column: the generated person each stands for."""
    from komek.hotline.generation import generate_people, typo, variant_latin

    rng = random.Random(seed)
    originals = round(count / (1 + DUPLICATE_SHARE * sum(COPIES) / len(COPIES)))
    rows: list[dict] = []
    for person in generate_people(originals, seed=seed, first_id=1):
        year, month, day = person.born
        document = f"FA{rng.randrange(10**7):07d}" if rng.random() < DOCUMENT_SHARE else ""
        original = {
            "truth": person.id,
            "surname": person.surname,
            "given_name": person.given_name,
            "latin_surname": person.latin_surname,
            "latin_given_name": person.latin_given_name,
            "sex": person.sex,
            "born_year": year,
            "born_month": month,
            "born_day": day,
            "citizenship": person.citizenship,
            "phone": person.phone,
            "document": document,
            "changes": [],
        }
        rows.append(original)
        if rng.random() < DUPLICATE_SHARE:
            for _ in range(rng.choice(COPIES)):
                rows.append(_copy(original, rng, typo=typo, variant_latin=variant_latin))
    del rows[count:]
    for index, row in enumerate(rows, start=1):
        row["id"] = index
    return rows


def _copy(original: dict, rng: random.Random, *, typo, variant_latin) -> dict:
    """The same person registered again by another operator."""
    copy = dict(original)
    changes = copy["changes"] = []
    rates = COPY_RATES
    dice = rng.random()
    if dice < rates["latin_as_passport"]:
        changes.append("latin_as_passport")
        copy["surname"] = original["latin_surname"].title()
        copy["given_name"] = original["latin_given_name"].title()
    elif dice < rates["latin_as_passport"] + rates["latin_other_system"]:
        changes.append("latin_other_system")
        copy["surname"] = variant_latin(original["latin_surname"].title(), rng)
        copy["given_name"] = variant_latin(original["latin_given_name"].title(), rng)
    if rng.random() < rates["typo"]:
        changes.append("typo")
        field = rng.choice(["surname", "given_name"])
        copy[field] = typo(copy[field], rng)
    if rng.random() < rates["names_swapped"]:
        changes.append("names_swapped")
        copy["surname"], copy["given_name"] = copy["given_name"], copy["surname"]
    if rng.random() < rates["passport_latin_left_blank"]:
        changes.append("passport_latin_left_blank")
        copy["latin_surname"] = copy["latin_given_name"] = ""
    year, month, day = original["born_year"], original["born_month"], original["born_day"]
    dice = rng.random()
    if year and month and day and day <= 12 and dice < rates["day_month_swapped"]:
        changes.append("day_month_swapped")
        copy["born_month"], copy["born_day"] = day, month
    elif year and dice < rates["day_month_swapped"] + rates["year_only"]:
        changes.append("year_only")
        copy["born_month"] = copy["born_day"] = None
    elif year and dice < sum(
        rates[key] for key in ("day_month_swapped", "year_only", "year_off_by_one")
    ):
        changes.append("year_off_by_one")
        copy["born_year"] = year + rng.choice((-1, 1))
    if rng.random() < rates["other_phone"]:
        changes.append("other_phone")
        copy["phone"] = "+7707" + "".join(str(rng.randrange(10)) for _ in range(7))
    if rng.random() < rates["document_left_out"] and original["document"]:
        changes.append("document_left_out")
        copy["document"] = ""
    return copy


def komek_load(rows: list[dict], con) -> None:
    """The records into ``con`` as ``komek find_duplicates`` reads the registry."""
    from komek.people.linkage.records import linkage_record, load

    def chunks():
        for start in range(0, len(rows), 10_000):
            yield [
                linkage_record(
                    {
                        "pk": row["id"],
                        "ref": str(row["id"]),
                        "office_id": 1,
                        "patronymic": "",
                        **row,
                    },
                    phones=[row["phone"]],
                    documents=[row["document"]] if row["document"] else [],
                )
                for row in rows[start : start + 10_000]
            ]

    load(con, chunks())


def komek_clusters(rows: list[dict], con) -> dict[float, list[list[int]]]:
    from komek.people.linkage import model
    from komek.people.linkage.clusters import clusters

    komek_load(rows, con)
    trained = model.train(con)
    edges = list(model.predict(con, trained, threshold=min(THRESHOLDS)))
    return {
        threshold: [cluster.people for cluster in clusters(edges, threshold=threshold)]
        for threshold in THRESHOLDS
    }


def splink_clusters(rows: list[dict], con) -> dict[float, list[list[int]]]:
    import pyarrow as pa
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    def date(row: dict) -> str | None:
        if not (row["born_year"] and row["born_month"] and row["born_day"]):
            return None
        return f"{row['born_year']:04d}-{row['born_month']:02d}-{row['born_day']:02d}"

    table = pa.Table.from_pylist(
        [
            {
                "unique_id": row["id"],
                "first_name": row["given_name"] or None,
                "surname": row["surname"] or None,
                "dob": date(row),
            }
            for row in rows
        ]
    )
    con.register("vanilla_input", table)
    con.execute("CREATE TABLE vanilla AS SELECT * FROM vanilla_input")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("surname", "dob"),
            block_on("first_name", "dob"),
        ],
    )
    linker = Linker(DuckDBAPI(con).register("vanilla"), settings, log_level=30)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2_000_000, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    predictions = linker.inference.predict(threshold_match_probability=min(THRESHOLDS))
    found = {}
    for threshold in THRESHOLDS:
        clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold
        )
        members = defaultdict(list)
        table = clustered.physical_name
        cursor = con.execute(f"SELECT cluster_id, unique_id FROM {table}")  # noqa: S608
        while batch := cursor.fetchmany(100_000):
            for cluster, person in batch:
                members[cluster].append(person)
        found[threshold] = [people for people in members.values() if len(people) > 1]
    return found


def score(rows: list[dict], found: list[list[int]]) -> dict:
    """Pairwise precision, recall and F1, and the largest cluster of several people."""
    truth = {row["id"]: row["truth"] for row in rows}
    sizes = Counter(truth.values())
    true_pairs = sum(size * (size - 1) // 2 for size in sizes.values())
    predicted = correct = 0
    largest_false = 0
    for people in found:
        predicted += len(people) * (len(people) - 1) // 2
        within = Counter(truth[person] for person in people)
        correct += sum(size * (size - 1) // 2 for size in within.values())
        if len(within) > 1:
            largest_false = max(largest_false, len(people))
    precision = correct / predicted if predicted else 0.0
    recall = correct / true_pairs if true_pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "f1": round(f1, 4),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "true_pairs": true_pairs,
        "predicted_pairs": predicted,
        "clusters": len(found),
        "largest_cluster": max((len(people) for people in found), default=0),
        "largest_false_cluster": largest_false,
    }


def pairwise_ceiling(rows: list[dict], con) -> dict:
    """The best pairwise F1 that any decision made from Komek's comparisons could reach on
    these records, knowing the truth: every candidate pair the blocking rules make is put
    in the bucket of its comparison levels (name, date, phone... each at one level), and
    buckets are linked from the truest down while F1 grows. Pairs of one bucket look alike
    to the model, so no threshold, training or weighting of these comparisons does better
    (clusters can still add a pair through a third record, which this does not count)."""
    import pyarrow as pa
    from splink import DuckDBAPI, Linker

    from komek.people.linkage import model
    from komek.people.linkage.records import TABLE

    komek_load(rows, con)
    trained = model.train(con)
    linker = Linker(DuckDBAPI(con).register(TABLE), trained, log_level=model.LOG_LEVEL)
    table = linker.inference.predict(threshold_match_probability=0).physical_name
    con.register(
        "truth_input",
        pa.Table.from_pylist([{"unique_id": row["id"], "truth": row["truth"]} for row in rows]),
    )
    gammas = ", ".join(
        f"gamma_{comparison['output_column_name']}" for comparison in trained["comparisons"]
    )
    buckets = con.execute(
        f"SELECT count(*) FILTER (WHERE l.truth = r.truth), count(*) FROM {table} "  # noqa: S608
        "JOIN truth_input AS l ON l.unique_id = unique_id_l "
        f"JOIN truth_input AS r ON r.unique_id = unique_id_r GROUP BY {gammas}"
    ).fetchall()
    sizes = Counter(row["truth"] for row in rows)
    true_pairs = sum(size * (size - 1) // 2 for size in sizes.values())
    best = {"f1": 0.0, "precision": 0.0, "recall": 0.0}
    linked = correct = 0
    for same, pairs in sorted(buckets, key=lambda bucket: -bucket[0] / bucket[1]):
        linked += pairs
        correct += same
        precision, recall = correct / linked, correct / true_pairs
        f1 = 2 * precision * recall / (precision + recall) if correct else 0.0
        if f1 > best["f1"]:
            best = {"f1": f1, "precision": precision, "recall": recall}
    blocked = sum(same for same, _pairs in buckets)
    return {
        **{measure: round(value, 4) for measure, value in best.items()},
        "buckets": len(buckets),
        "candidate_pairs": sum(pairs for _same, pairs in buckets),
        "true_pairs_blocked": round(blocked / true_pairs, 4),
    }


def found_by_change(rows: list[dict], found: list[list[int]]) -> dict:
    """For each kind of change, how many copies were made with it and the share of them
    found in their original's cluster: where a system's recall is lost."""
    cluster_of = {person: index for index, people in enumerate(found) for person in people}
    original = {}
    made: Counter = Counter()
    kept: Counter = Counter()
    for row in rows:
        first = original.setdefault(row["truth"], row["id"])
        if first == row["id"]:
            continue
        together = cluster_of.get(row["id"], -1) == cluster_of.get(first, -2)
        for change in row["changes"] or ["none"]:
            made[change] += 1
            kept[change] += together
    return {
        change: {"copies": made[change], "found": round(kept[change] / made[change], 4)}
        for change in sorted(made)
    }


def measure(system: str, data: Path, threads: int) -> dict:
    """One system's run over the records in ``data`` (the child process's work)."""
    import pyarrow.parquet as pq

    setup_django()
    from komek.people.linkage import model

    rows = pq.read_table(data).to_pylist()
    with tempfile.TemporaryDirectory(prefix="komek-bench-dedup-") as spill:
        con = model.connect(spill, threads=threads)
        if system == "pairwise_ceiling":
            return pairwise_ceiling(rows, con)
        started = time.monotonic()
        found = (komek_clusters if system == "komek" else splink_clusters)(rows, con)
        seconds = time.monotonic() - started
    # Linux reports the maximum resident set in kilobytes.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "wall_seconds": round(seconds, 1),
        "peak_memory_mb": peak // 1024,
        **{f"at_{threshold}": score(rows, found[threshold]) for threshold in THRESHOLDS},
        "found_by_change": found_by_change(rows, found[min(THRESHOLDS)]),
    }


def calibration() -> dict:
    """A fixed pure-Python load, best of five, to compare figures between machines."""

    def best() -> float:
        elapsed = []
        for _ in range(5):
            started = time.perf_counter()
            total = 0
            for number in range(2_000_000):
                total += number * number % 7
            elapsed.append((time.perf_counter() - started) * 1000)
        return round(min(elapsed), 1)

    return {"python_loop_ms": best()}


def git_commit() -> str:
    found = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return found.stdout.strip() or "unknown"


def measured_apart(
    script: str, names: tuple[str, ...], option: str, rows: list[dict], folder: Path, *extra: str
) -> dict:
    """Each of ``names`` measured by ``script`` (run again with ``option NAME``) in a
    process of its own over ``rows``, written to Parquet in ``folder``: what each child
    prints last, by name. A child that fails stops the benchmark with its error."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = folder / "people.parquet"
    pq.write_table(pa.Table.from_pylist(rows), data)
    results = {}
    for name in names:
        child = subprocess.run(  # noqa: S603
            [sys.executable, script, option, name, "--data", str(data), *extra],
            capture_output=True,
            text=True,
        )
        if child.returncode:
            sys.exit(f"{name} failed:\n{child.stderr[-3000:]}")
        results[name] = json.loads(child.stdout.splitlines()[-1])
    return results


def report(benchmark: str, rows: list[dict], generate_seconds: float, **measures) -> str:
    """The benchmark's JSON: the commit, the machine, the data generated, ``measures``."""
    people = len({row["truth"] for row in rows})
    return json.dumps(
        {
            "benchmark": benchmark,
            "commit": git_commit(),
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                **measures.pop("versions", {}),
                "calibration": calibration(),
            },
            "data": {
                "records": len(rows),
                "people": people,
                "copies": len(rows) - people,
                "duplicate_share": DUPLICATE_SHARE,
                "copy_rates": COPY_RATES,
                "thresholds": THRESHOLDS,
                "generate_seconds": generate_seconds,
            },
            **measures,
        },
        indent=2,
    )


def write_reference(rows: list[dict], path: Path, threads: int) -> None:
    """Komek's model trained on ``rows``, with the count of records it learned from and
    the frequencies of their most common names and dates."""
    from komek.people.linkage import model

    with tempfile.TemporaryDirectory(prefix="komek-bench-dedup-") as spill:
        con = model.connect(spill, threads=threads)
        komek_load(rows, con)
        trained = model.train(con)
        most_common = model.most_common_frequencies(con, trained)
    reference = {
        "people_count": len(rows),
        "commit": git_commit(),
        "settings": trained,
        "most_common_frequencies": most_common,
    }
    path.write_text(json.dumps(reference, indent=1, ensure_ascii=False) + "\n")


def generated(count: int, seed: int) -> tuple[list[dict], float]:
    """The records and the seconds their generation took."""
    setup_django()
    started = time.monotonic()
    rows = generate(count, seed)
    return rows, round(time.monotonic() - started, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1_000_000, help="records, copies included")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=2, help="DuckDB's threads")
    parser.add_argument("--system", choices=SYSTEMS, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--reference", type=Path, help="write Komek's model trained on the records to this file"
    )
    options = parser.parse_args()
    if options.system:
        print(json.dumps(measure(options.system, options.data, options.threads)))
        return

    rows, generate_seconds = generated(options.people, options.seed)
    if options.reference:
        write_reference(rows, options.reference, options.threads)
        return
    with tempfile.TemporaryDirectory(prefix="komek-bench-dedup-") as folder:
        results = measured_apart(
            __file__, SYSTEMS, "--system", rows, Path(folder), "--threads", str(options.threads)
        )
    print(report("dedup", rows, generate_seconds, **results))


if __name__ == "__main__":
    main()
