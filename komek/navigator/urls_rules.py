from django.urls import path

from komek.navigator.views import calendar, groups, rules

urlpatterns = [
    path("rules/", rules.rule_list, name="rules"),
    path("rules/new/", rules.rule_new, name="rule_new"),
    path("rules/<int:pk>/", rules.rule_detail, name="rule"),
    path("rules/<int:pk>/revise/", rules.rule_revise, name="rule_revise"),
    path("rules/<int:pk>/names/", rules.rule_names, name="rule_names"),
    path("rules/<int:pk>/verify/", rules.rule_verify, name="rule_verify"),
    path("rules/<int:pk>/unverify/", rules.rule_unverify, name="rule_unverify"),
    path("affected/", rules.affected, name="affected"),
    path("groups/", groups.group_list, name="groups"),
    path("groups/new/", groups.group_new, name="group_new"),
    path("groups/<int:pk>/", groups.group_edit, name="group_edit"),
    path("groups/<int:pk>/members/new/", groups.member_new, name="member_new"),
    path("groups/members/<int:pk>/", groups.member_edit, name="member_edit"),
    path("calendar/", calendar.calendar, name="calendar"),
    path("calendar/new/", calendar.day_new, name="day_new"),
    path("calendar/<int:pk>/", calendar.day_edit, name="day_edit"),
    path("calendar/<int:pk>/delete/", calendar.day_delete, name="day_delete"),
]
