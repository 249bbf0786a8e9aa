"""The public navigator: "how long may I stay, when must I register". The situation comes
in the address (a GET form), the navigator's evaluation answers it in the page's language,
and nothing is stored: no advice, no person, no audit entry of a person's data."""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from komek.navigator.evaluation import evaluate
from komek.portal.forms import PublicCheckForm
from komek.portal.languages import PortalLanguage
from komek.portal.page import MAX_AGE, portal_page, render_page


def _asked(request: HttpRequest) -> bool:
    return any(name in request.GET for name in PublicCheckForm.base_fields)


@portal_page
def navigator(request: HttpRequest, language: PortalLanguage) -> HttpResponse:
    form = PublicCheckForm(request.GET if _asked(request) else None)
    context: dict = {"form": form}
    answered = form.is_bound and form.is_valid()
    if answered:
        evaluation = evaluate(form.situation())
        context |= {
            "evaluation": evaluation,
            "unverified": [rule for rule in evaluation.rules if not rule.verified],
        }
    status = 400 if form.is_bound and not answered else 200
    response = render_page(
        request, "portal/navigator.html", context, language=language, status=status
    )
    if answered:
        # A person's situation is theirs: their browser may keep the answer, a proxy not.
        patch_cache_control(response, private=True, max_age=MAX_AGE)
    return response
