"""What the publications commands' arguments name, found or refused with the argument
named."""

from django.core.management.base import CommandError

from komek.publications.models import Language, Material


def material(slug: str) -> Material:
    found = Material.objects.filter(slug=slug).first()
    if found is None:
        raise CommandError(f"SLUG: no material {slug!r} (see `komek publications --json`).")
    return found


def language(found: Material, code: str) -> str:
    languages = [found.source_language, *found.target_languages]
    if code not in Language.values or code not in languages:
        raise CommandError(f"--lang: {found.slug} is in {', '.join(languages)}, not {code!r}.")
    return code
