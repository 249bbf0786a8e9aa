"""The print side's routes, included in ``komek/publications/urls.py`` (its namespace,
"publications"), before the routes that take a material's short name."""

from django.urls import path

from komek.publications.views_print import copies, files

urlpatterns = [
    path("print/stock/", copies.stock, name="stock"),
    path("print/runs/", copies.print_runs, name="print_runs"),
    path("print/runs/new/", copies.print_run_add, name="print_run_add"),
    path("print/handouts/new/", copies.handout_add, name="handout_add"),
    path("print/editions/<int:pk>/files/", files.edition_files, name="edition_files"),
    path("print/editions/<int:pk>/files/new/", files.edition_file_make, name="edition_file_make"),
    path("print/files/<int:pk>/", files.edition_file_status, name="edition_file_status"),
    path(
        "print/files/<int:pk>/download/",
        files.edition_file_download,
        name="edition_file_download",
    ),
]
