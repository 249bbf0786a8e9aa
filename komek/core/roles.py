"""Staff roles and what each may do.

Capabilities are the unit of permission: every view declares the one it needs
(``komek.core.permissions.requires``) and each role holds a set of them. The map is code,
reviewed like code, because it is the security policy; which role a person holds and
which office they belong to is data that administrators edit.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HOTLINE_OPERATOR = "operator", _("Hotline operator")
    LAWYER = "lawyer", _("Lawyer")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMINISTRATOR = "administrator", _("Administrator")
    DATA_PROTECTION_OFFICER = "dpo", _("Data protection officer")
    # An outside translator or reviewer of the centre's booklets: translation pages only.
    TRANSLATOR = "translator", _("External translator")


class Capability(models.TextChoices):
    USE = "core.use", _("Use Komek")
    ALL_OFFICES = "core.all_offices", _("See the records of every office")
    PARTNERS_VIEW = "partners.view", _("See the partners directory")
    PARTNERS_CHANGE = "partners.change", _("Add and edit partners")
    ACCOUNTS_MANAGE = "accounts.manage", _("Manage users and offices")
    AUDIT_VIEW = "audit.view", _("Browse the audit log")
    PEOPLE_SEARCH = "people.search", _("Search people (name, year of birth, citizenship)")
    PEOPLE_VIEW = "people.view", _("Open the records of people they work with")
    PEOPLE_VIEW_UNASSIGNED = (
        "people.view_unassigned",
        _("Open the records of their office's people without being assigned to them"),
    )
    SENSITIVE_VIEW = (
        "people.sensitive",
        _("See the sensitive vulnerabilities and sensitive cases of their office's people"),
    )
    PEOPLE_CHANGE = "people.change", _("Register and edit people")
    PEOPLE_MERGE_ACROSS = (
        "people.merge_across",
        _("Merge two records of one person kept by different offices or with sensitive data"),
    )
    HOTLINE_LOG = "hotline.log", _("Log calls, walk-ins and messages")
    TOPICS_MANAGE = "hotline.topics", _("Edit the consultation topics")
    CONTACTS_CORRECT_ANY = (
        "hotline.correct_any",
        _("Correct the contacts other staff of their office logged"),
    )
    CASES_VIEW = "cases.view", _("See the cases of their office")
    CASES_OPEN = "cases.open", _("Open cases")
    CASES_WORK = "cases.work", _("Work on cases: notes, status, closing")
    CASES_TAKE_ON_OPENED = "cases.take_on_opened", _("Are assigned to the cases they open")
    CASES_MOVE_ANY = (
        "cases.move_any",
        _("Move any case of their office to another status, and reopen closed cases"),
    )
    CASES_EXPORT = "cases.export", _("Export case lists")
    CASES_SHARE_WITHOUT_CONSENT = (
        "cases.share_without_consent",
        _("Share a person's data with a partner without their consent, giving a reason"),
    )
    LETTERS_MANAGE = "letters.manage", _("Edit the letter templates and the letterhead")
    STATISTICS_VIEW = "statistics.view", _("See the dashboard and the advocacy figures")
    STATISTICS_MANAGE = (
        "statistics.manage",
        _("Import official statistics, edit report templates and generate reports"),
    )
    AID_VIEW = "aid.view", _("See the aid given to their office's people, the stock and budgets")
    AID_REQUEST = "aid.request", _("Request costly aid (a ticket home) for a person")
    AID_DISTRIBUTE = "aid.distribute", _("Hand out aid and print its receipts")
    AID_APPROVE = (
        "aid.approve",
        _("Approve aid requests and override entitlement and budget rules, giving a reason"),
    )
    AID_MANAGE = (
        "aid.manage",
        _("Manage aid kinds, donors, budgets, rules and stock (receipts, transfers, counts)"),
    )
    NAVIGATOR_USE = (
        "navigator.use",
        _("Check a migrant's legal status against the migration rules and save the advice"),
    )
    NAVIGATOR_EDIT = (
        "navigator.edit",
        _("Write new versions of the migration rules, country groups and holidays"),
    )
    NAVIGATOR_VERIFY = (
        "navigator.verify",
        _("Mark a version of a migration rule as verified against the law"),
    )
    PUBLICATIONS_VIEW = (
        "publications.view",
        _("See the booklets, their editions, the staleness report and the printed stock"),
    )
    PUBLICATIONS_EDIT = (
        "publications.edit",
        _("Write booklets' source text, their legal references and the glossary"),
    )
    PUBLICATIONS_TRANSLATE = (
        "publications.translate",
        _("Translate booklets' segments and exchange files with translation tools"),
    )
    PUBLICATIONS_REVIEW = "publications.review", _("Approve translated segments")
    PUBLICATIONS_PUBLISH = (
        "publications.publish",
        _("Publish and withdraw editions, make their PDFs and record print runs"),
    )
    PUBLICATIONS_DISTRIBUTE = (
        "publications.distribute",
        _("Record printed copies handed out from their office"),
    )
    TRAININGS_VIEW = (
        "trainings.view",
        _("See the training events of their office, their participants and results"),
    )
    TRAININGS_MANAGE = (
        "trainings.manage",
        _(
            "Organise trainings: events, participants and their lists, attendance, tests, "
            "certificates"
        ),
    )


# Every role can search and see the figures: an operator must find any caller; search
# results show only what identifies a person, and the dashboard only aggregates.
# Opening a record is decided per person (komek/people/access.py).
_EVERY_STAFF_ROLE = {
    Capability.USE,
    Capability.PARTNERS_VIEW,
    Capability.PEOPLE_SEARCH,
    Capability.STATISTICS_VIEW,
    Capability.PUBLICATIONS_VIEW,
}
_CASEWORK = {
    Capability.NAVIGATOR_USE,
    Capability.PEOPLE_VIEW,
    Capability.PEOPLE_CHANGE,
    Capability.HOTLINE_LOG,
    Capability.CASES_VIEW,
    Capability.CASES_OPEN,
    Capability.PUBLICATIONS_DISTRIBUTE,
}

# Lawyers and social workers work on what they are assigned to, and take on what they open.
_ASSIGNED_CASEWORK = {Capability.CASES_WORK, Capability.CASES_TAKE_ON_OPENED}
# National roles see every office; a national coordinator is a user flag, not a role.
_NATIONAL = {Capability.ALL_OFFICES}

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.HOTLINE_OPERATOR: frozenset(
        _EVERY_STAFF_ROLE | _CASEWORK | {Capability.PEOPLE_VIEW_UNASSIGNED, Capability.AID_VIEW}
    ),
    Role.LAWYER: frozenset(
        _EVERY_STAFF_ROLE
        | _CASEWORK
        | _ASSIGNED_CASEWORK
        | {
            Capability.PARTNERS_CHANGE,
            Capability.AID_VIEW,
            Capability.AID_REQUEST,
            Capability.NAVIGATOR_EDIT,
            Capability.NAVIGATOR_VERIFY,
            Capability.PUBLICATIONS_EDIT,
            Capability.PUBLICATIONS_TRANSLATE,
            Capability.PUBLICATIONS_REVIEW,
            Capability.TRAININGS_VIEW,
        }
    ),
    # A social worker hands aid out to a queue of their office's people on a distribution
    # day, most of whom are assigned to no one: like an operator with any caller, they open
    # their office's records (not the sensitive vulnerabilities: komek/people/access.py).
    Role.SOCIAL_WORKER: frozenset(
        _EVERY_STAFF_ROLE
        | _CASEWORK
        | _ASSIGNED_CASEWORK
        | {
            Capability.PEOPLE_VIEW_UNASSIGNED,
            Capability.AID_VIEW,
            Capability.AID_REQUEST,
            Capability.AID_DISTRIBUTE,
        }
    ),
    Role.COORDINATOR: frozenset(
        _EVERY_STAFF_ROLE
        | _CASEWORK
        | {
            Capability.PARTNERS_CHANGE,
            Capability.TOPICS_MANAGE,
            Capability.CONTACTS_CORRECT_ANY,
            Capability.PEOPLE_VIEW_UNASSIGNED,
            Capability.SENSITIVE_VIEW,
            Capability.PEOPLE_MERGE_ACROSS,
            Capability.CASES_WORK,
            Capability.CASES_MOVE_ANY,
            Capability.CASES_EXPORT,
            Capability.CASES_SHARE_WITHOUT_CONSENT,
            Capability.LETTERS_MANAGE,
            Capability.STATISTICS_MANAGE,
            Capability.AID_VIEW,
            Capability.AID_REQUEST,
            Capability.AID_DISTRIBUTE,
            Capability.AID_APPROVE,
            Capability.AID_MANAGE,
            Capability.NAVIGATOR_EDIT,
            Capability.PUBLICATIONS_EDIT,
            Capability.PUBLICATIONS_TRANSLATE,
            Capability.PUBLICATIONS_REVIEW,
            Capability.PUBLICATIONS_PUBLISH,
            Capability.TRAININGS_VIEW,
            Capability.TRAININGS_MANAGE,
        }
    ),
    Role.ADMINISTRATOR: frozenset(
        _EVERY_STAFF_ROLE
        | _NATIONAL
        | {
            Capability.PARTNERS_CHANGE,
            Capability.ACCOUNTS_MANAGE,
            Capability.TOPICS_MANAGE,
            Capability.LETTERS_MANAGE,
        }
    ),
    # The DPO opens a person's record to answer "who saw it?" from there (read-only; the
    # full record, not the sensitive vulnerabilities: komek/people/access.py).
    Role.DATA_PROTECTION_OFFICER: frozenset(
        _EVERY_STAFF_ROLE | _NATIONAL | {Capability.AUDIT_VIEW, Capability.PEOPLE_VIEW}
    ),
    # Not staff: no core.use, no people, no figures; the translation pages of their
    # languages (komek.publications.models.Reviewer) and nothing else.
    Role.TRANSLATOR: frozenset({Capability.PUBLICATIONS_TRANSLATE, Capability.PUBLICATIONS_REVIEW}),
}


def role_has(role: str, capability: str) -> bool:
    return capability in ROLE_CAPABILITIES.get(role, frozenset())


def roles_with(capability: str) -> list[str]:
    """The roles holding ``capability``: to find the staff who may be given some work."""
    return [role for role, held in ROLE_CAPABILITIES.items() if capability in held]
