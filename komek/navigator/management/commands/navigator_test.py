from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from komek.navigator import scenarios
from komek.navigator.evaluation import evaluate


class Command(BaseCommand):
    help = (
        "Run a scenario table (CSV or XLSX; columns in komek/navigator/scenarios/) over the "
        "current rule versions; prints each scenario that disagrees, expected against got, "
        "and how many passed. Exits 1 if any disagrees."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="The scenario table.")

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"file: {file} does not exist.")
        table = scenarios.read(file)
        failed = 0
        for scenario in table:
            found = scenarios.disagreements(scenario, evaluate(scenario.situation))
            if found:
                failed += 1
                self.stdout.write(f"row {scenario.row} ({scenario.name}):")
                self.stdout.write("\n".join(f"  {line}" for line in found))
        self.stdout.write(f"{len(table) - failed} of {len(table)} scenarios passed.")
        if failed:
            raise CommandError(f"{failed} of {len(table)} scenarios disagree.")
