from django.urls import path

from komek.letters import views

app_name = "letters"

urlpatterns = [
    path("templates/", views.template_list, name="templates"),
    path("templates/new/", views.template_edit, name="template_new"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("letterheads/<int:office_pk>/", views.letterhead_edit, name="letterhead"),
    path("case/<int:case_pk>/new/", views.letter_write, name="write"),
    path("<int:pk>.<str:fmt>", views.letter_download, name="download"),
]
