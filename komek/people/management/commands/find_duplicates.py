import json

from django.core.management.base import BaseCommand, CommandError

from komek.accounts.models import Office
from komek.people.linkage.model import LEARN_FROM
from komek.people.linkage.selectors import run_clusters
from komek.people.linkage.services import duplicates_find


class Command(BaseCommand):
    help = (
        "Find the people registered more than once, over the registry or in one office, "
        "and keep them as review items. Prints one cluster of records per line: its "
        "weakest link's score, 'same' (probably the same person) or 'review', the "
        "registry numbers."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--office", default="", help="an office's code: only its people")
        parser.add_argument(
            "--min-score",
            type=float,
            default=None,
            help="0.0 to 1.0: clusters whose weakest link scores this or more "
            "(default KOMEK_DUPLICATE_REVIEW_SCORE)",
        )
        parser.add_argument(
            "--retrain",
            action="store_true",
            help="train the model again on today's registry (one of fewer than "
            f"{LEARN_FROM} people is scored by the reference model)",
        )
        parser.add_argument("--json", action="store_true", dest="as_json", help="print JSON")

    def handle(
        self, *args, office: str, min_score: float | None, retrain: bool, as_json: bool, **options
    ) -> None:
        if min_score is not None and not 0 <= min_score <= 1:
            raise CommandError(f"--min-score {min_score}: give a score from 0.0 to 1.0.")
        scope = None
        if office:
            scope = Office.objects.filter(code=office).first()
            if scope is None:
                known = ", ".join(Office.objects.order_by("code").values_list("code", flat=True))
                raise CommandError(f"--office {office}: no such office (known: {known}).")
        run = duplicates_find(
            office=scope,
            threshold=min_score,
            retrain=retrain,
            progress=self.stderr.write if options["verbosity"] > 1 else lambda step: None,
        )
        found = run_clusters(run, min_score=run.threshold)
        if as_json:
            rows = [{"refs": cluster.refs, "score": round(cluster.score, 4)} for cluster in found]
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for cluster in found:
            verdict = "same  " if cluster.probably_same else "review"
            self.stdout.write(f"{cluster.score:.4f}  {verdict}  {' '.join(cluster.refs)}")
