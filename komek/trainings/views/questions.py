"""The question bank: national, shared by every office's organisers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komek.core.permissions import requires, user_can
from komek.core.roles import Capability
from komek.trainings import quiz_selectors, quizzes
from komek.trainings.forms_quizzes import QuestionFilterForm, QuestionForm, TopicForm

PAGE_SIZE = 50


@requires(Capability.TRAININGS_VIEW)
def question_list(request: HttpRequest) -> HttpResponse:
    filters = QuestionFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    topic = criteria.get("topic")
    questions = quiz_selectors.question_list(
        topic=topic.pk if topic else None, retired=bool(criteria.get("retired"))
    )
    context = {
        "filters": filters,
        "page": Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page")),
        "can_manage": user_can(request.user, Capability.TRAININGS_MANAGE),
        "topic_form": TopicForm(),
    }
    return render(request, "trainings/questions/list.html", context)


@requires(Capability.TRAININGS_MANAGE)
def topic_create(request: HttpRequest) -> HttpResponse:
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        topic = quizzes.topic_create(by=request.user, **form.cleaned_data)
        messages.success(request, _("Topic “%(name)s” added.") % {"name": topic})
        return redirect("trainings:questions")
    return render(request, "trainings/questions/topic_form.html", {"form": form})


def _save(request: HttpRequest, form: QuestionForm, write) -> HttpResponse | None:
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        question = write(by=request.user, choices=form.choices(), **form.question_fields())
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(request, _("Question %(number)s saved.") % {"number": question.pk})
    return redirect("trainings:questions")


@requires(Capability.TRAININGS_MANAGE)
def question_create(request: HttpRequest) -> HttpResponse:
    form = QuestionForm(request.POST or None)
    saved = _save(request, form, quizzes.question_create)
    return saved or render(request, "trainings/questions/form.html", {"form": form})


@requires(Capability.TRAININGS_MANAGE)
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = quiz_selectors.question_get_for(user=request.user, pk=pk, purpose="change")
    form = QuestionForm(request.POST or None, question=question)

    def revise(**fields):
        return quizzes.question_revise(question=question, **fields)

    saved = _save(request, form, revise)
    context = {"form": form, "question": question, "answered": quizzes.is_answered(question)}
    return saved or render(request, "trainings/questions/form.html", context)


@requires(Capability.TRAININGS_MANAGE)
@require_POST
def question_retire(request: HttpRequest, pk: int) -> HttpResponse:
    question = quiz_selectors.question_get_for(user=request.user, pk=pk, purpose="change")
    quizzes.question_retire(question=question, by=request.user)
    messages.success(request, _("Question %(number)s retired.") % {"number": question.pk})
    return redirect("trainings:questions")
