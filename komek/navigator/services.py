"""Advice: what a person was told about their legal status, saved to their record."""

from django.conf import settings
from django.db import transaction
from django.utils import translation

from komek.audit.models import Action
from komek.audit.services import record
from komek.navigator.evaluation import Situation, evaluate
from komek.navigator.models import Advice
from komek.people.models import Person


def titles_in_every_language(situation: Situation) -> dict[str, dict[str, list[str]]]:
    """The answer's lines as they read in each staff language, so that kept advice reads
    in its reader's language, word for word as it was given."""
    titles = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            answer = evaluate(situation).as_json()
        titles[language] = {
            part: [line["title"] for line in answer[part]] for part in ("obligations", "sanctions")
        }
    return titles


@transaction.atomic
def advice_save(*, person: Person, situation: Situation, by, note: str = "") -> Advice:
    """Evaluate ``situation`` again here, whatever the page showed, and keep the answer as
    given with the rule versions it came from. The person's earlier advice that relied on
    a version since replaced is followed up by this one."""
    evaluation = evaluate(situation)
    advice = Advice(
        person=person,
        office=person.office,
        situation=situation.as_json(),
        answer={**evaluation.as_json(), "titles": titles_in_every_language(situation)},
        status=evaluation.status,
        note=note.strip(),
        given_by=by,
    )
    advice.full_clean()
    advice.save()
    advice.rules.set(evaluation.rules)
    outdated = Advice.objects.filter(
        person=person, followed_up_by__isnull=True, rules__replaced_by__isnull=False
    ).exclude(pk=advice.pk)
    followed = sorted(set(outdated.values_list("pk", flat=True)))
    Advice.objects.filter(pk__in=followed).update(followed_up_by=advice)
    record(
        actor=by,
        action=Action.CREATE,
        obj=advice,
        changes={"status": [None, advice.status]},
        detail=f"follows up advice {', '.join(map(str, followed))}" if followed else "",
        people=[person.pk],
    )
    return advice
