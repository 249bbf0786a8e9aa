import json

from django.core.management.base import BaseCommand, CommandError

from komek.accounts import arguments as accounts_arguments
from komek.aid import services
from komek.aid.management import arguments
from komek.aid.models import BudgetLine
from komek.core.roles import Capability


class Command(BaseCommand):
    help = "Receive units of an aid kind into an office's stock; prints the ledger row as JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--office", required=True, help="Code of the office receiving.")
        parser.add_argument("--kind", required=True, help="Code of the aid kind.")
        parser.add_argument("--quantity", required=True, type=int)
        parser.add_argument("--by", required=True, help="Username of who records it.")
        parser.add_argument("--project", help="Code of the project paying: its line for the kind.")
        parser.add_argument("--batch", default="", help="Code of the batch (on its label).")
        parser.add_argument(
            "--expires", type=arguments.day, help="Expiry date of the batch, YYYY-MM-DD."
        )

    def handle(self, *args, office, kind, quantity, by, project, batch, expires, **options):
        where = arguments.office(office)
        what = arguments.kind(kind)
        if what.tracks_expiry and expires is None:
            raise CommandError(f"--expires: {kind} has an expiry date; give the batch's.")
        count = arguments.quantity(quantity)
        user = accounts_arguments.user(by, Capability.AID_MANAGE)
        line = None
        if project:
            line = BudgetLine.objects.filter(project__code=project, kinds=what).first()
            if line is None:
                raise CommandError(f"--project: project {project!r} has no line paying for {kind}.")
        try:
            movement = services.receive(
                office=where,
                kind=what,
                quantity=count,
                by=user,
                budget_line=line,
                batch=batch,
                expires=expires,
            )
        except services.AidRefused as refusal:
            raise arguments.refused(refusal) from None
        self.stdout.write(json.dumps({"movement": movement.pk, "batch": movement.batch_id}))
