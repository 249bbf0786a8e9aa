from django.urls import path

from komek.cases.views import case, evidence, handover, lists, referrals

app_name = "cases"

urlpatterns = [
    path("", lists.case_list, name="list"),
    path("tasks/", lists.task_list, name="tasks"),
    path("waiting-for-a-lawyer/", handover.lawyer_queue, name="lawyer_queue"),
    path("response-times/", evidence.evidence, name="evidence"),
    path("response-times.xlsx", evidence.evidence_export, name="evidence_export"),
    path("export.<str:fmt>", lists.case_export, name="export"),
    path("exports/<int:pk>/", lists.export_status, name="export_status"),
    path("exports/<int:pk>/download/", lists.export_download, name="export_download"),
    path("open/<int:person_pk>/", case.case_open, name="open"),
    path("<int:pk>/", case.case_detail, name="detail"),
    path("<int:pk>/edit/", case.case_edit, name="edit"),
    path("<int:pk>/notes/", case.case_note, name="note"),
    path("<int:pk>/status/", case.case_move, name="move"),
    path("<int:pk>/documents/", case.document_upload, name="document_upload"),
    path("<int:pk>/referrals/", referrals.referral_send, name="referral_send"),
    path(
        "<int:pk>/referrals/<int:referral_pk>/answer/",
        referrals.referral_answer,
        name="referral_answer",
    ),
    path("<int:pk>/tasks/", case.task_add, name="task_add"),
    path("<int:pk>/tasks/<int:task_pk>/done/", case.task_done, name="task_done"),
    path(
        "<int:pk>/referrals/<int:referral_pk>/sent/",
        referrals.referral_sent,
        name="referral_sent",
    ),
    path(
        "<int:pk>/referrals/<int:referral_pk>/withdraw/",
        referrals.referral_withdraw,
        name="referral_withdraw",
    ),
    path(
        "<int:pk>/documents/<int:document_pk>/",
        case.document_download,
        name="document_download",
    ),
]
