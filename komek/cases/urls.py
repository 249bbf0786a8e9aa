from django.urls import path

from komek.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("tasks/", views.task_list, name="tasks"),
    path("response-times/", views.evidence, name="evidence"),
    path("response-times.xlsx", views.evidence_export, name="evidence_export"),
    path("export.<str:fmt>", views.case_export, name="export"),
    path("exports/<int:pk>/", views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("open/<int:person_pk>/", views.case_open, name="open"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/notes/", views.case_note, name="note"),
    path("<int:pk>/status/", views.case_move, name="move"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("<int:pk>/referrals/", views.referral_send, name="referral_send"),
    path(
        "<int:pk>/referrals/<int:referral_pk>/answer/",
        views.referral_answer,
        name="referral_answer",
    ),
    path("<int:pk>/tasks/", views.task_add, name="task_add"),
    path("<int:pk>/tasks/<int:task_pk>/done/", views.task_done, name="task_done"),
    path("<int:pk>/referrals/<int:referral_pk>/sent/", views.referral_sent, name="referral_sent"),
    path(
        "<int:pk>/referrals/<int:referral_pk>/withdraw/",
        views.referral_withdraw,
        name="referral_withdraw",
    ),
    path(
        "<int:pk>/documents/<int:document_pk>/",
        views.document_download,
        name="document_download",
    ),
]
