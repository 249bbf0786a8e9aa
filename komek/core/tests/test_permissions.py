"""Every URL × every role (and anonymous), in the user's own office and in another: the
declared permission decides, office scope hides the records of other offices, and every
page that shows a person's data leaves an audit entry.

A route that takes arguments needs a URL sample from its app (komek/core/url_samples.py),
and every route must declare a permission; otherwise this module fails.
"""

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse

import komek.urls
from komek.accounts.services import office_create
from komek.audit.models import Action, AuditEntry
from komek.conftest import PASSWORD, make_user
from komek.core import url_samples
from komek.core.permissions import (
    PUBLIC,
    SIGNED_IN,
    declared_permission,
    declares_personal_data,
    requires,
)
from komek.core.roles import Capability, Role, role_has

EXEMPT_NAMESPACES = {"admin"}

# Record URLs that a user of another office reaches all the same, and why each is shared.
SHARED_ACROSS_OFFICES = {
    # The partners directory is national: every office refers people to the same bodies.
    "partners:detail",
    # Consultation topics are one list, so that the figures of all offices add up.
    "hotline:topic_edit",
    # Letter templates serve every office and hold no personal data.
    "letters:template_edit",
    # Official statistics and report templates are national and hold no personal data.
    "statistics:dataset",
    "statistics:withdraw",
    "statistics:template_edit",
    # Not a record: the argument is the file format of the user's own case list.
    "cases:export",
    # Aid kinds, entitlement rules and approval bands are one national set of rules.
    "aid:kind_edit",
    "aid:rule_edit",
    "aid:band_edit",
    # Donors, their projects and budget lines are national: every office draws on them.
    "aid:donor_edit",
    "aid:project_edit",
    "aid:line_edit",
    # Migration rules, country groups and the holiday calendar are national data.
    "navigator:rule",
    "navigator:rule_revise",
    "navigator:rule_names",
    "navigator:rule_verify",
    "navigator:rule_unverify",
    "navigator:group_edit",
    "navigator:member_new",
    "navigator:member_edit",
    "navigator:day_edit",
    "navigator:day_delete",
    # Booklets, their translations and editions are national: one text for every office.
    "publications:material",
    "publications:material_edit",
    "publications:reference_add",
    "publications:reference_remove",
    "publications:segment_add",
    "publications:segment_edit",
    "publications:segment_delete",
    "publications:segment_move",
    "publications:translate",
    "publications:export",
    "publications:import",
    "publications:translation",
    "publications:translation_review",
    "publications:transliterate",
    "publications:publish",
    "publications:edition",
    "publications:edition_withdraw",
    # An edition's PDFs hold no personal data: whoever sees the publications may download
    # the files anyone made (komek/publications/views_print/files.py).
    "publications:edition_files",
    "publications:edition_file_make",
    "publications:edition_file_status",
    "publications:edition_file_download",
    # The trainings' question bank is national: every office's seminars test the same law.
    "trainings:question_edit",
    "trainings:question_retire",
}

# Roles that reach a shared record only once it is given to them (``grant`` of the URL
# samples), whatever their office: an external translator, the languages given to them.
GIVEN_ONLY_ROLES = {Role.TRANSLATOR}


def walk(patterns, namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else (pattern.namespace or namespace)
            )
            yield from walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


ROUTES = [
    (name, pattern)
    for name, pattern in walk(get_resolver().url_patterns)
    if name.split(":")[0] not in EXEMPT_NAMESPACES
]
ROUTE_IDS = [name for name, _ in ROUTES]


def takes_arguments(pattern) -> bool:
    return bool(pattern.pattern.converters) or "<" in str(pattern.pattern)


RECORD_ROUTES = [(name, pattern) for name, pattern in ROUTES if takes_arguments(pattern)]
PERSONAL_ROUTES = [
    (name, pattern) for name, pattern in ROUTES if declares_personal_data(pattern.callback)
]
# Roles that see every office have no other office to be refused from.
OFFICE_BOUND_ROLES = [role for role in Role.values if not role_has(role, Capability.ALL_OFFICES)]


@pytest.fixture(scope="module")
def made(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every app's sample objects, built once for the module inside a transaction that is
    rolled back at its end; each test's own changes roll back to them."""
    media = tmp_path_factory.mktemp("media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        office = office_create(
            created_by=None,
            code="samples",
            name="Астана",
            name_kk="Астана",
            name_en="Astana",
            city="Астана",
            city_kk="Астана",
            city_en="Astana",
        )
        made = {"office": office}
        made["samples"] = url_samples.build(made)
        yield made
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media_in_tmp(made, db):
    """Replaces the per-test media folder of komek/conftest.py: the samples' files are in
    the module's. Each test runs in its own transaction (``db``) inside the module's."""


def _url(name: str, pattern, made: dict) -> str:
    if not takes_arguments(pattern):
        return reverse(name)
    app = pattern.callback.__module__.split(".")[1]
    assert name in made["samples"], (
        f"{name} has no URL sample: add it to build() in komek/{app}/samples.py"
    )
    return reverse(name, kwargs=made["samples"][name])


def _reads(user) -> int:
    return AuditEntry.objects.filter(actor=user, action__in=[Action.VIEW, Action.EXPORT]).count()


def test_every_route_declares_a_permission():
    missing = [name for name, pattern in ROUTES if declared_permission(pattern.callback) is None]
    assert missing == []


def test_every_route_is_named():
    assert [str(pattern.pattern) for name, pattern in ROUTES if not name] == []


def test_every_route_that_takes_arguments_has_a_sample(made):
    missing = [name for name, _pattern in RECORD_ROUTES if name not in made["samples"]]
    assert missing == []


def test_the_pages_of_people_cases_and_contacts_are_marked_as_showing_personal_data():
    marked = {name for name, _pattern in PERSONAL_ROUTES}
    assert {"people:detail", "cases:detail", "cases:list", "hotline:contact_detail"} <= marked


@pytest.mark.parametrize("name,pattern", ROUTES, ids=ROUTE_IDS)
def test_anonymous_is_sent_to_sign_in_unless_public(client, made, name, pattern):
    permission = declared_permission(pattern.callback)
    response = client.get(_url(name, pattern, made))
    if permission == PUBLIC:
        assert response.status_code in (200, 302, 405)
        return
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name,pattern", ROUTES, ids=ROUTE_IDS)
def test_each_role_gets_exactly_what_its_capabilities_allow(client_for, made, role, name, pattern):
    permission = declared_permission(pattern.callback)
    user = make_user(f"probe-{role}", role, made["office"])
    url_samples.grant(made, user)
    response = client_for(user).get(_url(name, pattern, made))
    if permission in (PUBLIC, SIGNED_IN) or role_has(role, permission):
        assert response.status_code in (200, 302, 405), response.status_code
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", OFFICE_BOUND_ROLES)
@pytest.mark.parametrize("name,pattern", RECORD_ROUTES, ids=[name for name, _ in RECORD_ROUTES])
def test_a_user_of_another_office_finds_no_record_of_the_first(
    client_for, made, other_office, role, name, pattern
):
    permission = declared_permission(pattern.callback)
    user = make_user(f"outsider-{role}", role, other_office)
    client = client_for(user)
    url = _url(name, pattern, made)
    response = client.get(url)
    if response.status_code == 405:
        # A form's target: an empty submission must be refused before anything is read.
        response = client.post(url)
    if permission in (PUBLIC, SIGNED_IN) or role_has(role, permission):
        # A shared record's form refuses an empty submission (400) as it would anyone's;
        # a public page (the portal's) is no office's record: everyone reaches it.
        shared = (
            name in SHARED_ACROSS_OFFICES and role not in GIVEN_ONLY_ROLES
        ) or permission == PUBLIC
        expected = (200, 302, 400) if shared else (404,)
        assert response.status_code in expected, response.status_code
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name,pattern", PERSONAL_ROUTES, ids=[name for name, _ in PERSONAL_ROUTES])
def test_every_page_showing_personal_data_audits_the_read(client_for, made, role, name, pattern):
    if not role_has(role, declared_permission(pattern.callback)):
        pytest.skip(f"{role} may not open {name}")
    user = make_user(f"reader-{role}", role, made["office"])
    url_samples.grant(made, user)
    before = _reads(user)
    response = client_for(user).get(_url(name, pattern, made))
    assert response.status_code == 200
    assert _reads(user) == before + 1


@pytest.fixture
def with_views(settings):
    """Serve extra views beside Komek's own: ``with_views(path(...), ...)``."""

    def serve(*patterns) -> None:
        settings.ROOT_URLCONF = type(
            "Urls", (), {"urlpatterns": [*komek.urls.urlpatterns, *patterns]}
        )

    return serve


def test_a_view_without_a_declared_permission_is_refused(client_for, made, with_views):
    def undeclared(request):
        return HttpResponse("secret")

    with_views(path("undeclared/", undeclared))
    user = make_user("coord", Role.COORDINATOR, made["office"])
    assert client_for(user).get("/undeclared/").status_code == 403


def test_a_password_alone_reaches_only_the_second_factor_page(client, made):
    make_user("half", Role.COORDINATOR, made["office"])
    client.login(username="half", password=PASSWORD)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:second_factor")


@pytest.fixture
def api_view(with_views):
    """A view under /api/ that needs the capability to export cases."""

    @requires(Capability.CASES_EXPORT)
    def cases(request):
        return HttpResponse("[]", content_type="application/json")

    with_views(path("api/cases/", cases))
    return "/api/cases/"


def test_an_api_request_without_a_user_gets_401_as_json(client, made, api_view):
    response = client.get(api_view)
    assert response.status_code == 401
    assert response.json() == {
        "error": "authentication_required",
        "capability": Capability.CASES_EXPORT,
    }


def test_an_api_request_whose_role_lacks_the_capability_gets_403_as_json(
    client_for, made, api_view
):
    operator = make_user("api-operator", Role.HOTLINE_OPERATOR, made["office"])
    response = client_for(operator).get(api_view)
    assert response.status_code == 403
    assert response.json() == {"error": "permission_denied", "capability": Capability.CASES_EXPORT}


def test_an_api_request_without_the_second_factor_gets_401_not_a_redirect(client, made, api_view):
    make_user("api-half", Role.COORDINATOR, made["office"])
    client.login(username="api-half", password=PASSWORD)
    response = client.get(api_view)
    assert response.status_code == 401
    assert response.json()["error"] == "second_factor_required"


def test_an_api_request_with_the_capability_reaches_the_view(client_for, made, api_view):
    coordinator = make_user("api-coordinator", Role.COORDINATOR, made["office"])
    assert client_for(coordinator).get(api_view).content == b"[]"


def test_a_bearer_token_marks_a_request_as_api_outside_the_api_prefix(client, made, with_views):
    @requires(Capability.CASES_VIEW)
    def page(request):
        return HttpResponse("cases")

    with_views(path("elsewhere/", page))
    response = client.get("/elsewhere/", HTTP_AUTHORIZATION="Bearer not-checked-here")
    assert response.status_code == 401
    assert response.json()["capability"] == Capability.CASES_VIEW


def test_an_undeclared_api_view_is_refused_as_json(client_for, made, with_views):
    def undeclared(request):
        return HttpResponse("secret")

    with_views(path("api/undeclared/", undeclared))
    coordinator = make_user("api-coord", Role.COORDINATOR, made["office"])
    response = client_for(coordinator).get("/api/undeclared/")
    assert response.status_code == 403
    assert response.json() == {"error": "undeclared_permission", "capability": ""}
