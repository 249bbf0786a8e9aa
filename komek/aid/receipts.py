"""The receipt of a distribution, printed for the person to sign: their name as it was
written (Cyrillic, Latin, Uzbek or Tajik letters alike, through the bundled fonts), the
items with quantities and value, the project, who handed out, when, and a signature line."""

from django.utils import timezone

from komek.aid.models import Distribution
from komek.core.pdf import render_pdf


def receipt_pdf(distribution: Distribution) -> bytes:
    items = list(distribution.items.select_related("kind", "budget_line__project__donor"))
    projects = {item.budget_line.project for item in items}
    return render_pdf(
        "aid/receipt_pdf.html",
        {
            "distribution": distribution,
            "items": items,
            "projects": sorted(projects, key=lambda project: project.code),
            "total": sum(item.value for item in items),
            "printed": timezone.localtime(),
        },
    )
