"""The indicators of publications: copies printed and copies handed out, by language,
material, office and month. Copies count on the day they were printed or handed out."""

from django.db.models import F, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy

from komek.core import dimensions, indicators
from komek.core.dimensions import Dimension
from komek.core.indicators import Indicator, Number, Placement, Scope, tally
from komek.publications.models import Handout, Language, Material, PrintRun

COLUMNS = {
    "office": "office_id",
    "month": "month",
    "publication_language": "language",
    "publication": "material",
}


def _material_labels(keys: list[str]) -> dict[str, str]:
    materials = Material.objects.in_bulk([int(key) for key in keys if key.isdigit()])
    return {
        key: str(materials[int(key)]) if key.isdigit() and int(key) in materials else key
        for key in keys
    }


DIMENSIONS = (
    Dimension(
        "publication_language",
        gettext_lazy("language of the publication"),
        dimensions.choice_labels(Language),
    ),
    Dimension("publication", gettext_lazy("publication"), _material_labels),
)


def _copies(rows, scope: Scope, on: str, by: str | None) -> dict[str, Number]:
    counted = rows.filter(**scope.days(on), **scope.owned()).annotate(
        month=TruncMonth(on), language=F("edition__language"), material=F("edition__material_id")
    )
    return tally(counted, COLUMNS.get(by), Sum("quantity"))


def copies_printed(scope: Scope, by: str | None) -> dict[str, Number]:
    return _copies(PrintRun.objects.all(), scope, "printed_on", by)


def copies_handed_out(scope: Scope, by: str | None) -> dict[str, Number]:
    return _copies(Handout.objects.all(), scope, "handed_out_on", by)


def register() -> None:
    for dimension in DIMENSIONS:
        dimensions.register(dimension)
    indicators.register(
        Indicator(
            code="publications_copies_printed",
            name=gettext_lazy("Booklet copies printed"),
            description=gettext_lazy("Printed copies of booklets and leaflets delivered."),
            computation=gettext_lazy(
                "The copies of the print runs printed in the period, whatever became of the "
                "edition since."
            ),
            breakdowns=tuple(COLUMNS),
            compute=copies_printed,
        )
    )
    indicators.register(
        Indicator(
            code="publications_copies_handed_out",
            name=gettext_lazy("Booklet copies handed out"),
            description=gettext_lazy(
                "Printed copies given to migrants at the offices, outreach points, trainings "
                "and through partners."
            ),
            computation=gettext_lazy("The copies recorded as handed out in the period."),
            breakdowns=tuple(COLUMNS),
            compute=copies_handed_out,
            placement=Placement(order=80, charts=("publication_language", "office")),
        )
    )
