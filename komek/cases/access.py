"""Who sees which case: the office's casework staff, except sensitive cases, which only
their assigned staff and those who may see sensitive data (coordinators) see."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from komek.accounts.scoping import in_scope
from komek.cases.models import CLOSED, Case
from komek.core.permissions import role_can
from komek.core.roles import Capability


def assigned(user) -> Exists:
    """True for the cases ``user`` is assigned to (a subquery: no join, no duplicates)."""
    return Exists(Case.assigned_to.through.objects.filter(case_id=OuterRef("pk"), user_id=user.pk))


def visible_cases(user, cases: QuerySet[Case] | None = None) -> QuerySet[Case]:
    cases = in_scope(Case.objects.all() if cases is None else cases, user)
    if role_can(user, Capability.SENSITIVE_VIEW):
        return cases
    return cases.filter(Q(sensitive=False) | assigned(user))


def is_assigned(user, case: Case) -> bool:
    return case.assigned_to.filter(pk=user.pk).exists()


# The callers' open cases are shown beside every caller the hotline's lookup finds (all
# the people of a number at once), on every keystroke of a number: read in SQL, as
# building the query through the ORM cost the request more than running it. It keeps to
# ``visible_cases`` (the user's offices; sensitive cases only to their assigned staff and
# to those who may see sensitive data): komek/cases/tests/test_access.py compares the two
# for every role. The staff assigned to each case come in the same query: one row per
# case and staff member.
OPEN_CASES_OF = """
    SELECT c.*, u.id AS staff_id, u.username AS staff_username,
           u.first_name AS staff_first_name, u.last_name AS staff_last_name
    FROM (
        SELECT c.*, ROW_NUMBER() OVER (
            PARTITION BY c.client_id ORDER BY c.opened_at DESC, c.id DESC
        ) AS place
        FROM {case} c
        WHERE c.client_id IN ({people}) AND c.status NOT IN ({closed}){in_office}{sensitive}
    ) c
    LEFT JOIN {assigned} a ON a.case_id = c.id
    LEFT JOIN {user} u ON u.id = a.user_id
    WHERE c.place <= %s
    ORDER BY c.client_id, c.opened_at DESC, c.id DESC, u.username
"""
SENSITIVE_UNLESS_ASSIGNED = """ AND (NOT c.sensitive OR EXISTS (
        SELECT 1 FROM {assigned} a WHERE a.case_id = c.id AND a.user_id = %s
    ))"""


def visible_open_cases(user, person_ids: list[int], limit: int) -> dict[int, list[Case]]:
    """The people's open cases ``user`` sees (as ``visible_cases``), up to ``limit`` of
    each, newest first, by person (none: not in it); each case with ``assigned_staff``:
    the users assigned to it, by username."""
    if not person_ids or (not user.spans_offices and user.office_id is None):
        return {}
    table = connection.ops.quote_name
    params: list = [*person_ids, *sorted(CLOSED)]
    in_office = ""
    if not user.spans_offices:
        in_office = " AND c.office_id = %s"
        params.append(user.office_id)
    sensitive = ""
    if not role_can(user, Capability.SENSITIVE_VIEW):
        sensitive = SENSITIVE_UNLESS_ASSIGNED
        params.append(user.pk)
    through = table(Case.assigned_to.through._meta.db_table)
    sql = OPEN_CASES_OF.format(
        case=table(Case._meta.db_table),
        people=", ".join(["%s"] * len(person_ids)),
        closed=", ".join(["%s"] * len(CLOSED)),
        in_office=in_office,
        sensitive=sensitive.format(assigned=through),
        assigned=through,
        user=table(get_user_model()._meta.db_table),
    )
    staff = get_user_model()
    cases: dict[int, Case] = {}
    for row in Case.objects.raw(sql, [*params, limit]):
        case = cases.setdefault(row.pk, row)
        if case is row:
            case.assigned_staff = []
        if row.staff_id is not None:
            case.assigned_staff.append(
                staff(
                    pk=row.staff_id,
                    username=row.staff_username,
                    first_name=row.staff_first_name,
                    last_name=row.staff_last_name,
                )
            )
    of_each: dict[int, list[Case]] = {}
    for case in cases.values():
        of_each.setdefault(case.client_id, []).append(case)
    return of_each
