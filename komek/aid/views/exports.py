"""The XLSX export of distributions: chosen by office, period and project, written in the
background, downloaded only by the coordinator who asked for it."""

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.aid import exports
from komek.aid.models import DistributionExport
from komek.core import jobs
from komek.core.permissions import requires
from komek.core.roles import Capability


@requires(Capability.AID_MANAGE)
def export(request: HttpRequest) -> HttpResponse:
    posted = request.POST if request.method == "POST" else None
    form = exports.ExportFilterForm(posted, user=request.user)
    if request.method == "POST" and form.is_valid():
        filters = request.POST.copy()
        filters.pop("csrfmiddlewaretoken", None)
        job = exports.export_request(user=request.user, filters=filters)
        return redirect("aid:export_status", pk=job.pk)
    status = 400 if form.errors else 200
    return render(request, "aid/exports/form.html", {"form": form}, status=status)


@requires(Capability.AID_MANAGE)
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = jobs.owned(DistributionExport, pk=pk, user=request.user)
    return jobs.status_page(
        request,
        job,
        template="aid/exports/status.html",
        downloads=[(reverse("aid:export_download", args=[job.pk]), _("Download XLSX"))],
        failure=_("The export failed. Try again, or narrow the filters."),
    )


@requires(Capability.AID_MANAGE)
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    job = jobs.owned(DistributionExport, pk=pk, user=request.user)
    return jobs.download(
        request,
        job,
        filename=f"komek-aid-{timezone.localtime(job.requested_at):%Y-%m-%d-%H%M}.xlsx",
        detail=f"aid distributions xlsx downloaded: {job.filters}",
    )
