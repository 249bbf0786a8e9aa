"""Timeline events written before events kept codes: a referral's event held a sentence in
its writer's language («Посольство РУз: консульская помощь · готовится»), a case edit held
the category's name. Each becomes the codes the timeline now words in its reader's
language; an event whose sentence cannot be read back keeps its text as it was."""

from django.db import migrations
from django.utils import translation

REFERRAL_CHOICES = ("request", "status", "outcome")


def _labels(Referral) -> dict[str, tuple[str, str]]:
    """Every label of a referral's request, status and outcome, in each language the
    sentences may have been written in, with its field and code. The migration state keeps
    the labels' English source text, which the message catalogue translates."""
    labels = {}
    for language in ("ru", "kk", "en"):
        with translation.override(language):
            for name in REFERRAL_CHOICES:
                for code, label in Referral._meta.get_field(name).choices:
                    labels.setdefault(translation.gettext(str(label)), (name, code))
    return labels


def _codes(words: str, labels: dict) -> dict[str, str] | None:
    """``request · status``, ``status`` or ``outcome`` as codes; None if a part is unknown."""
    codes = {}
    for part in words.split(" · "):
        if part not in labels:
            return None
        name, code = labels[part]
        codes[name] = code
    if "outcome" in codes:
        codes.setdefault("status", "answered")
    return codes if "status" in codes else None


def _referral_event(event, referrals, labels) -> bool:
    for referral in referrals:
        prefix = f"{referral.partner.name}: "
        if not event.text.startswith(prefix):
            continue
        words, _dash, text = event.text[len(prefix) :].partition(" — ")
        codes = _codes(words, labels)
        if codes is None:
            return False
        same_partner = [r for r in referrals if r.partner_id == referral.partner_id]
        event.data = {
            **({"referral": referral.pk} if len(same_partner) == 1 else {}),
            "partner": referral.partner_id,
            **codes,
        }
        event.text = text
        return True
    return False


def forwards(apps, schema_editor):
    CaseEvent = apps.get_model("cases", "CaseEvent")
    Referral = apps.get_model("cases", "Referral")
    Topic = apps.get_model("hotline", "Topic")
    labels = _labels(Referral)
    referrals: dict[int, list] = {}
    for referral in Referral.objects.select_related("partner").order_by("pk"):
        referrals.setdefault(referral.case_id, []).append(referral)
    for event in CaseEvent.objects.filter(kind="referral").iterator():
        if "status" not in event.data and _referral_event(
            event, referrals.get(event.case_id, []), labels
        ):
            event.save(update_fields=["data", "text"])
    topics = {}
    for topic in Topic.objects.all():
        for name in (topic.name_ru, topic.name_kk, topic.name_en):
            if name:
                topics.setdefault(name, topic.pk)
    for event in CaseEvent.objects.filter(kind="edited").iterator():
        category = event.data.get("changes", {}).get("category")
        if category and any(isinstance(value, str) for value in category):
            event.data["changes"]["category"] = [topics.get(value, value) for value in category]
            event.save(update_fields=["data"])


def backwards(apps, schema_editor):
    """Back to sentences, in Russian, for the code that shows only an event's text."""
    CaseEvent = apps.get_model("cases", "CaseEvent")
    Referral = apps.get_model("cases", "Referral")
    Partner = apps.get_model("partners", "Partner")
    Topic = apps.get_model("hotline", "Topic")
    choices = {name: dict(Referral._meta.get_field(name).choices) for name in REFERRAL_CHOICES}
    partners = dict(Partner.objects.values_list("pk", "name"))
    topics = dict(Topic.objects.values_list("pk", "name_ru"))
    with translation.override("ru"):
        for event in CaseEvent.objects.filter(kind="referral", data__has_key="status").iterator():
            codes = {name: event.data[name] for name in REFERRAL_CHOICES if event.data.get(name)}
            if "outcome" in codes:
                codes.pop("status")
            words = " · ".join(
                translation.gettext(str(choices[name][code])) for name, code in codes.items()
            )
            text = f"{partners.get(event.data['partner'], '')}: {words}"
            event.text = f"{text} — {event.text}" if event.text else text
            event.data = {}
            event.save(update_fields=["data", "text"])
    for event in CaseEvent.objects.filter(kind="edited").iterator():
        category = event.data.get("changes", {}).get("category")
        if category:
            event.data["changes"]["category"] = [topics.get(value, value) for value in category]
            event.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_referral_reply"),
        ("hotline", "0004_monthly_tallies"),
        ("partners", "0002_names_in_kazakh_and_english"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
