from django.urls import path

from komek.aid.views import day, distributions, editing, exports, stock

app_name = "aid"

urlpatterns = [
    path("day/", day.day, name="day"),
    path("day/give/", day.give, name="give"),
    path("approvals/", distributions.queue, name="queue"),
    path("request/<int:person_pk>/", distributions.request_aid, name="request"),
    path("<int:pk>/", distributions.detail, name="detail"),
    path("<int:pk>/receipt.pdf", distributions.receipt, name="receipt"),
    path("<int:pk>/acknowledge/", distributions.acknowledge, name="acknowledge"),
    path("<int:pk>/approve/", distributions.approve, name="approve"),
    path("<int:pk>/purchase/", distributions.purchase, name="purchase"),
    path("<int:pk>/hand-over/", distributions.hand_over, name="hand_over"),
    path("<int:pk>/reverse/", distributions.reverse, name="reverse"),
    path("stock/", stock.stock, name="stock"),
    path("stock/change/", stock.stock_change, name="stock_change"),
    path("budgets/", stock.budgets, name="budgets"),
    path("kinds/", stock.kinds, name="kinds"),
    path("kinds/new/", editing.kind_create, name="kind_create"),
    path("kinds/<int:pk>/edit/", editing.kind_edit, name="kind_edit"),
    path("rules/new/", editing.rule_create, name="rule_create"),
    path("rules/<int:pk>/edit/", editing.rule_edit, name="rule_edit"),
    path("bands/new/", editing.band_create, name="band_create"),
    path("bands/<int:pk>/edit/", editing.band_edit, name="band_edit"),
    path("donors/new/", editing.donor_create, name="donor_create"),
    path("donors/<int:pk>/edit/", editing.donor_edit, name="donor_edit"),
    path("projects/new/", editing.project_create, name="project_create"),
    path("projects/<int:pk>/edit/", editing.project_edit, name="project_edit"),
    path("lines/new/", editing.line_create, name="line_create"),
    path("lines/<int:pk>/edit/", editing.line_edit, name="line_edit"),
    path("exports/", exports.export, name="export"),
    path("exports/<int:pk>/", exports.export_status, name="export_status"),
    path("exports/<int:pk>/download/", exports.export_download, name="export_download"),
]
