"""An edition's PDFs: the booklet and its imposed version, written in the background and
kept with the edition. They hold no personal data: whoever sees the publications may
download the files anyone made."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komek.core import jobs
from komek.core.permissions import requires, user_can
from komek.core.roles import Capability
from komek.publications import pdf
from komek.publications.models import Edition, EditionFile, EditionStatus
from komek.publications.views_print.forms import FileForm


def _edition(pk: int) -> Edition:
    return get_object_or_404(Edition.objects.select_related("material"), pk=pk)


@requires(Capability.PUBLICATIONS_VIEW)
def edition_files(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(pk)
    context = {
        "edition": edition,
        "files": edition.files.select_related("requested_by"),
        "can_make": user_can(request.user, Capability.PUBLICATIONS_PUBLISH)
        and edition.status == EditionStatus.PUBLISHED,
        "form": FileForm(),
    }
    return render(request, "publications/print/edition_files.html", context)


@requires(Capability.PUBLICATIONS_PUBLISH)
@require_POST
def edition_file_make(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(pk)
    if edition.status != EditionStatus.PUBLISHED:
        raise PermissionDenied(_("The PDFs of an edition no longer current are not made again."))
    form = FileForm(request.POST)
    if not form.is_valid():
        context = {"edition": edition, "files": edition.files.all(), "can_make": True, "form": form}
        return render(request, "publications/print/edition_files.html", context, status=400)
    job = pdf.request_file(user=request.user, edition=edition, kind=form.cleaned_data["kind"])
    return redirect("publications:edition_file_status", pk=job.pk)


def _file(pk: int) -> EditionFile:
    return get_object_or_404(EditionFile.objects.select_related("edition__material"), pk=pk)


@requires(Capability.PUBLICATIONS_VIEW)
def edition_file_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = _file(pk)
    return jobs.status_page(
        request,
        job,
        template="publications/print/file_status.html",
        edition=job.edition,
        downloads=[
            (reverse("publications:edition_file_download", args=[job.pk]), _("Download PDF"))
        ],
        failure=_(
            "The PDF could not be written. Try again; if it fails again, tell the administrator."
        ),
    )


@requires(Capability.PUBLICATIONS_VIEW)
def edition_file_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _file(pk)
    if job.status != jobs.JobStatus.DONE:
        raise Http404
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=pdf.file_name(job),
        content_type="application/pdf",
    )
