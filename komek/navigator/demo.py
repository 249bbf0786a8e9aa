"""Demo advice: what the operator told three callers, saved through the same service as
the status check, against the rules shipped with Komek: a Kyrgyz worker with a contract
who is in order, an Uzbek client whose passport was lost and who never registered, and an
Uzbek woman back after an earlier stay, with the days of the rolling window used."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from komek.accounts.models import User
from komek.navigator import services
from komek.navigator.evaluation import Situation, Stay
from komek.navigator.models import Advice, Document, Purpose
from komek.people.models import Person

# registry number, days since entry, purpose, documents, days registered after entry,
# earlier stays as (days ago entered, days ago left), note
ADVICE = [
    (
        "AST-0004",
        40,
        Purpose.WORK,
        {Document.PASSPORT, Document.MIGRATION_CARD, Document.EMPLOYMENT_CONTRACT},
        20,
        [],
        "Договор с работодателем до конца года; напомнили о 90 днях в 180.",
    ),
    (
        "AST-0001",
        50,
        Purpose.WORK,
        {Document.MIGRATION_CARD},
        None,
        [(300, 260)],
        "Паспорт утерян: направлен в посольство за свидетельством на возвращение.",
    ),
    (
        "AST-0002",
        12,
        Purpose.PRIVATE,
        {Document.PASSPORT, Document.MIGRATION_CARD},
        None,
        [(150, 90)],
        "",
    ),
]


@transaction.atomic
def load() -> int:
    operator = User.objects.get(username="operator")
    today = timezone.localdate()
    saved = 0
    for ref, days, purpose, documents, registered_after, stays, note in ADVICE:
        person = Person.objects.filter(ref=ref).first()
        if person is None or Advice.objects.filter(person=person).exists():
            continue
        entered = today - timedelta(days=days)
        situation = Situation(
            citizenship=person.citizenship,
            entered=entered,
            on=today,
            stays=tuple(
                Stay(entered=today - timedelta(days=start), left=today - timedelta(days=end))
                for start, end in stays
            ),
            purpose=purpose,
            registered=entered + timedelta(days=registered_after)
            if registered_after is not None
            else None,
            documents=frozenset(documents),
        )
        services.advice_save(person=person, situation=situation, by=operator, note=note)
        saved += 1
    return saved
