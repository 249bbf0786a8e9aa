import json

from django.core.management.base import BaseCommand, CommandError

from komek.accounts import arguments as accounts_arguments
from komek.aid import services
from komek.aid.management import arguments
from komek.cases.models import Case
from komek.core.roles import Capability


class Command(BaseCommand):
    help = (
        "Hand out units of an aid kind to a person now, with every rule applied; prints "
        '{"distribution": ID}. Refused: exits 3 naming the rule, having written nothing.'
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--office", required=True, help="Code of the office handing out.")
        parser.add_argument("--kind", required=True, help="Code of the aid kind.")
        parser.add_argument("--person", required=True, help="Registry number, or id.")
        parser.add_argument("--quantity", required=True, type=int)
        parser.add_argument("--by", required=True, help="Username of who hands it out.")
        parser.add_argument("--case", type=int, help="Number of the person's case.")

    def handle(self, *args, office, kind, person, quantity, by, case, **options):
        where = arguments.office(office)
        what = arguments.kind(kind)
        whom = arguments.person(person)
        count = arguments.quantity(quantity)
        user = accounts_arguments.user(by, Capability.AID_DISTRIBUTE)
        linked = None
        if case is not None:
            linked = Case.objects.filter(pk=case).first()
            if linked is None:
                raise CommandError(f"--case: no case №{case}.")
        try:
            distribution = services.distribute(
                person=whom, office=where, items=[(what, count)], by=user, case=linked
            )
        except services.AidRefused as refusal:
            raise arguments.refused(refusal) from None
        self.stdout.write(json.dumps({"distribution": distribution.pk}))
