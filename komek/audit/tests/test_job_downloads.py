"""A background job's file handed to its owner (core.jobs.downloaded) is an export in the
audit log."""

import pytest

from komek.audit.models import Action, AuditEntry
from komek.core import jobs

pytestmark = pytest.mark.django_db


def test_a_job_download_is_recorded_as_an_export_of_the_job(make_staff):
    owner = make_staff(username="owner")
    # Any row stands for the job here: core's tests download a real one.
    job = owner.office
    jobs.downloaded.send(type(job), job=job, user=owner, detail="cases xlsx downloaded: ")
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert (entry.actor, entry.object_id, entry.detail) == (
        owner,
        str(job.pk),
        "cases xlsx downloaded: ",
    )
