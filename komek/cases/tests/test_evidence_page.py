"""The response-times page, on the demo data."""

from django.urls import reverse

from komek.accounts.models import User
from komek.core import demo


def test_the_evidence_page_draws_the_chart_with_a_title(client_for, db):
    demo.load("accounts", "partners", "people", "hotline", "cases")
    page = client_for(User.objects.get(username="lawyer")).get(reverse("cases:evidence"))
    body = page.content.decode()
    assert '<svg class="komek-chart"' in body
    assert "Посольство Республики Узбекистан" in body.split("<desc")[1]
