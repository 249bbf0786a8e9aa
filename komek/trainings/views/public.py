"""The participants' own pages, reached from a QR code: no account, in Russian or Kazakh,
showing the event's title and the questions and nothing else. A participant code lets one
attempt (or one feedback form) through; every refusal says only what went wrong."""

from functools import wraps

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.cache import never_cache

from komek.core.permissions import public
from komek.trainings import answers, quiz_selectors
from komek.trainings.forms_quizzes import FeedbackForm

LANGUAGES = (("ru", "Русский"), ("kk", "Қазақша"))


def _language(request: HttpRequest) -> str:
    asked = request.POST.get("lang") or request.GET.get("lang")
    if asked in dict(LANGUAGES):
        return asked
    accepted = request.headers.get("Accept-Language", "").lower()
    return "kk" if accepted.startswith("kk") else "ru"


def in_language(view):
    """A public view run, and its page written, in the language asked for (``lang``) or
    the browser's if it is Kazakh, else Russian: its refusals too."""

    @wraps(view)
    def run(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        language = _language(request)
        request.public_language = language
        with translation.override(language):
            response = view(request, *args, **kwargs)
            response.render()
        response.headers["Content-Language"] = language
        return response

    return run


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    language = request.public_language
    switch = [{"code": code, "name": name, "current": code == language} for code, name in LANGUAGES]
    return TemplateResponse(
        request, template, {"language": language, "switch": switch, **context}, status=status
    )


def _chosen(request: HttpRequest, items) -> dict[int, list[int]]:
    return {
        item.question_id: [
            int(value)
            for value in request.POST.getlist(f"q{item.question_id}")
            if value.isascii() and value.isdigit()
        ]
        for item in items
    }


@public
@never_cache
@in_language
def take(request: HttpRequest, token: str) -> HttpResponse:
    test = quiz_selectors.public_test(token)
    context = {"event_title": test.event.title, "test_kind": test.get_kind_display}
    if not test.is_open:
        return _page(request, "trainings/public/closed.html", context)
    items = quiz_selectors.quiz_items(test)
    chosen: dict[int, list[int]] = {}
    code, problem, code_problem = "", "", ""
    if request.method == "POST":
        code = request.POST.get("code", "")
        chosen = _chosen(request, items)
        try:
            answers.attempt_submit(test=test, code=code, chosen=chosen)
        except answers.Refused as refusal:
            if refusal.reason == answers.Refusal.UNKNOWN_CODE:
                code_problem = refusal.message
            else:
                return _page(
                    request, "trainings/public/done.html", context | {"message": refusal.message}
                )
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            return _page(request, "trainings/public/done.html", context)
    questions = [
        {
            "number": number,
            "item": item,
            "multiple": item.question.kind == "multiple",
            "choices": [
                {"choice": choice, "checked": choice.pk in chosen.get(item.question_id, [])}
                for choice in item.question.choices.all()
            ],
        }
        for number, item in enumerate(items, start=1)
    ]
    context |= {
        "questions": questions,
        "code": code,
        "problem": problem,
        "code_problem": code_problem,
    }
    status = 400 if problem or code_problem else 200
    return _page(request, "trainings/public/take.html", context, status=status)


@public
@never_cache
@in_language
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    event = quiz_selectors.public_event(token)
    context = {"event_title": event.title}
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answers.feedback_submit(event=event, **form.cleaned_data)
        except answers.Refused as refusal:
            if refusal.reason != answers.Refusal.UNKNOWN_CODE:
                return _page(
                    request, "trainings/public/done.html", context | {"message": refusal.message}
                )
            form.add_error("code", refusal.message)
        else:
            return _page(request, "trainings/public/done.html", context)
    status = 400 if form.errors else 200
    return _page(request, "trainings/public/feedback.html", context | {"form": form}, status=status)
