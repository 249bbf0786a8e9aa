from django.urls import path

from komek.statistics import views

app_name = "statistics"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("advocacy/", views.advocacy_view, name="advocacy"),
    path("datasets/", views.dataset_list, name="datasets"),
    path("datasets/upload/", views.dataset_upload, name="upload"),
    path("datasets/staged/<int:pk>/", views.preview, name="preview"),
    path("datasets/staged/<int:pk>/discard/", views.preview_discard, name="discard"),
    path("datasets/imports/<int:pk>/", views.import_status, name="import"),
    path("datasets/<slug:code>/", views.dataset_detail, name="dataset"),
    path("datasets/<slug:code>/withdraw/", views.dataset_withdraw, name="withdraw"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/", views.report_status, name="report"),
    path("reports/<int:pk>/<str:kind>/", views.report_download, name="report_download"),
    path("reports/templates/new/", views.template_edit, name="template_new"),
    path("reports/templates/<int:pk>/", views.template_edit, name="template_edit"),
]
