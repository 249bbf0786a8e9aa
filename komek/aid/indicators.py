"""The indicators of humanitarian aid: people assisted, distributions and their value, by
kind, donor, project and budget line as well as the shared dimensions; and the overrides
of the centre's rules. Aid counts when it was handed over, reversed aid not at all."""

from django.db.models import Count, F, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy

from komek.aid.models import AidKind, BudgetLine, Distribution, DistributionItem, Donor, Project
from komek.aid.models import Status as AidStatus
from komek.core import dimensions, indicators
from komek.core.dimensions import Dimension
from komek.core.indicators import Indicator, Number, Placement, Scope, tally

ITEM_COLUMNS = {
    "office": "distribution__office_id",
    "month": "month",
    "sex": "sex",
    "age_group": "age_group",
    "citizenship": "citizenship",
    "aid_kind": "kind_id",
    "donor": "budget_line__project__donor_id",
    "project": "budget_line__project_id",
    "budget_line": "budget_line_id",
}
OVERRIDE_COLUMNS = {"office": "office_id", "month": "month"}


def _named(model):
    def labels(keys: list[str]) -> dict[str, str]:
        records = model.objects.in_bulk([int(key) for key in keys if key.isdigit()])
        return {
            key: str(records[int(key)]) if key.isdigit() and int(key) in records else key
            for key in keys
        }

    return labels


DIMENSIONS = (
    Dimension("aid_kind", gettext_lazy("aid kind"), _named(AidKind)),
    Dimension("donor", gettext_lazy("donor"), _named(Donor)),
    Dimension("project", gettext_lazy("project"), _named(Project)),
    Dimension("budget_line", gettext_lazy("budget line"), _named(BudgetLine)),
)
BREAKDOWNS = tuple(ITEM_COLUMNS)


# What an item may be split by besides its own columns, at the hand-over.
AT_HAND_OVER = {
    "month": TruncMonth("distribution__handed_at"),
    "sex": F("person__sex"),
    "citizenship": F("person__citizenship"),
}


def handed_over(scope: Scope, by: str | None = None):
    """The items handed over in the scope and not reversed, with what ``by`` splits them
    by when it is not their own column: the month, or the person's sex, citizenship or
    age group at the hand-over (only that one: the dashboard builds many of these)."""
    items = DistributionItem.objects.filter(
        distribution__status=AidStatus.HANDED_OVER,
        distribution__reversed_by__isnull=True,
        **scope.moments("distribution__handed_at"),
        **scope.owned("distribution__office"),
    )
    if by == "age_group":
        return dimensions.with_age_group(
            items, born_year="person__born_year", on="distribution__handed_at"
        )
    if by in AT_HAND_OVER:
        return items.annotate(**{by: AT_HAND_OVER[by]})
    return items


def people_assisted(scope: Scope, by: str | None) -> dict[str, Number]:
    return tally(handed_over(scope, by), ITEM_COLUMNS.get(by), Count("person_id", distinct=True))


def distributions(scope: Scope, by: str | None) -> dict[str, Number]:
    return tally(
        handed_over(scope, by), ITEM_COLUMNS.get(by), Count("distribution_id", distinct=True)
    )


def value(scope: Scope, by: str | None) -> dict[str, Number]:
    return tally(handed_over(scope, by), ITEM_COLUMNS.get(by), Sum("value"))


def overrides(scope: Scope, by: str | None) -> dict[str, Number]:
    overridden = Distribution.objects.filter(
        overridden_by__isnull=False,
        reversed_by__isnull=True,
        **scope.moments("created_at"),
        **scope.owned(),
    ).annotate(month=TruncMonth("created_at"))
    return tally(overridden, OVERRIDE_COLUMNS.get(by))


def register() -> None:
    for dimension in DIMENSIONS:
        dimensions.register(dimension)
    for indicator in (
        Indicator(
            code="aid_people_assisted",
            name=gettext_lazy("People assisted with aid"),
            description=gettext_lazy("People who received humanitarian aid."),
            computation=gettext_lazy(
                "People with aid handed over to them in the period, each counted once "
                "(reversed distributions excluded)."
            ),
            breakdowns=BREAKDOWNS,
            compute=people_assisted,
            additive=False,
            placement=Placement(order=74, headline=True, charts=("aid_kind", "sex", "age_group")),
        ),
        Indicator(
            code="aid_distributions",
            name=gettext_lazy("Aid distributions"),
            description=gettext_lazy("Hand-overs of humanitarian aid."),
            computation=gettext_lazy(
                "Distributions handed over in the period and not reversed; one with several "
                "kinds counts under each of them."
            ),
            breakdowns=BREAKDOWNS,
            compute=distributions,
            additive=False,
        ),
        Indicator(
            code="aid_value",
            name=gettext_lazy("Value of aid handed over, KZT"),
            description=gettext_lazy("What the aid handed over was worth, to the tenge."),
            computation=gettext_lazy(
                "The sum of the values (at the time) of the items handed over in the period "
                "and not reversed."
            ),
            breakdowns=BREAKDOWNS,
            compute=value,
            placement=Placement(order=76, headline=True, charts=("donor", "budget_line")),
        ),
        Indicator(
            code="aid_overrides",
            name=gettext_lazy("Overrides of aid rules"),
            description=gettext_lazy(
                "Aid given beyond an entitlement or a budget by a coordinator's decision."
            ),
            computation=gettext_lazy(
                "Distributions and requests recorded in the period with an override, not reversed."
            ),
            breakdowns=tuple(OVERRIDE_COLUMNS),
            compute=overrides,
        ),
    ):
        indicators.register(indicator)
