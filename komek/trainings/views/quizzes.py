"""An event's tests, for its organisers: choosing the questions, opening and closing the
test for phones, the QR code to show on the screen, and the grid of answers from paper."""

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komek.core.permissions import requires, shows_personal_data
from komek.core.roles import Capability
from komek.trainings import answers, quiz_selectors, quizzes, selectors
from komek.trainings.forms_quizzes import TestQuestionsForm
from komek.trainings.models import TestKind, Topic


def _back(request: HttpRequest, test) -> HttpResponse:
    """To the page the button was on (the event's), or else the test's screen page."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("trainings:test_screen", kwargs={"pk": test.pk})
    return redirect(target)


@requires(Capability.TRAININGS_MANAGE)
def test_questions(request: HttpRequest, event_pk: int, kind: str) -> HttpResponse:
    if kind not in TestKind.values:
        raise Http404
    event = selectors.event_get_for(user=request.user, pk=event_pk, purpose="change")
    test = event.tests.filter(kind=kind).first()
    items = quiz_selectors.quiz_items(test) if test else []
    positions = {item.question_id: number for number, item in enumerate(items, start=1)}
    topic = request.GET.get("topic") or ""
    bank = list(quiz_selectors.question_list(topic=int(topic) if topic.isdigit() else None))
    # The test's own questions stay in the form whatever the topic shown.
    in_test = [item.question for item in items if item.question not in bank]
    form = TestQuestionsForm(request.POST or None, questions=in_test + bank, positions=positions)
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen()
        if request.POST.get("add_all"):
            # Picking by topic: every question shown joins the test after those chosen.
            chosen += [question for question in bank if question not in chosen]
        try:
            quizzes.test_questions_set(event=event, kind=kind, questions=chosen, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The test's questions are saved."))
            return redirect(request.get_full_path())
    answered = bool(test and test.attempts.exists())
    context = {
        "event": event,
        "kind": TestKind(kind),
        "test": test,
        "form": form,
        "topics": Topic.objects.all(),
        "topic": topic,
        "answered": answered,
        "locked": answered or bool(test and test.is_open),
    }
    return render(request, "trainings/quizzes/questions.html", context)


@requires(Capability.TRAININGS_MANAGE)
@require_POST
def test_open(request: HttpRequest, pk: int) -> HttpResponse:
    test = quiz_selectors.quiz_get_for(user=request.user, pk=pk, purpose="change")
    try:
        quizzes.test_open(test=test, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The test is open: participants may answer on their phones."))
    return _back(request, test)


@requires(Capability.TRAININGS_MANAGE)
@require_POST
def test_close(request: HttpRequest, pk: int) -> HttpResponse:
    test = quiz_selectors.quiz_get_for(user=request.user, pk=pk, purpose="change")
    quizzes.test_close(test=test, by=request.user)
    messages.success(request, _("The test is closed."))
    return _back(request, test)


def _qr_svg(request: HttpRequest, path: str) -> str:
    return segno.make(request.build_absolute_uri(path), error="m").svg_inline(scale=8)


@requires(Capability.TRAININGS_MANAGE)
def test_screen(request: HttpRequest, pk: int) -> HttpResponse:
    """The page the organiser shows on the screen: the test's address and its QR code."""
    test = quiz_selectors.quiz_get_for(user=request.user, pk=pk, purpose="change")
    path = reverse("trainings:take", kwargs={"token": quiz_selectors.quiz_token(test)})
    context = {
        "event": test.event,
        "title": test.get_kind_display(),
        "test": test,
        "url": request.build_absolute_uri(path),
        "qr_svg": _qr_svg(request, path),
    }
    return render(request, "trainings/quizzes/screen.html", context)


@requires(Capability.TRAININGS_MANAGE)
def feedback_screen(request: HttpRequest, event_pk: int) -> HttpResponse:
    event = selectors.event_get_for(user=request.user, pk=event_pk, purpose="change")
    path = reverse("trainings:feedback", kwargs={"token": quiz_selectors.feedback_token(event)})
    context = {
        "event": event,
        "title": _("Feedback"),
        "url": request.build_absolute_uri(path),
        "qr_svg": _qr_svg(request, path),
    }
    return render(request, "trainings/quizzes/screen.html", context)


def _posted_cells(request: HttpRequest, rows, width: int) -> dict[int, list[str]]:
    return {
        row.enrolment.pk: [
            request.POST.get(f"a-{row.enrolment.pk}-{column}", "") for column in range(width)
        ]
        for row in rows
    }


@requires(Capability.TRAININGS_MANAGE)
@shows_personal_data
def test_grid(request: HttpRequest, pk: int) -> HttpResponse:
    """Participant × question, one text input a cell: the letters of the marked answers."""
    test = quiz_selectors.quiz_get_for(user=request.user, pk=pk, purpose="change")
    items = quiz_selectors.quiz_items(test)
    rows = quiz_selectors.answer_grid(test=test, user=request.user, items=items)
    cells = {row.enrolment.pk: row.letters for row in rows}
    errors: dict[tuple[int, int], str] = {}
    problem = ""
    if request.method == "POST":
        posted = _posted_cells(request, rows, len(items))
        # A row as it was when the grid was opened is left alone: answers sent from a
        # phone meanwhile are not wiped out by the blank cells of a grid opened before.
        unchanged = [
            pk
            for pk, letters in posted.items()
            if "|".join(letters) == request.POST.get(f"was-{pk}")
        ]
        try:
            written = answers.answers_enter(
                test=test, by=request.user, cells=posted, unchanged=unchanged
            )
        except answers.GridErrors as failure:
            errors = {
                (error.enrolment_id, error.question_id): error.message for error in failure.errors
            }
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(
                request, _("Answers saved: %(count)s participants.") % {"count": written}
            )
            return redirect("trainings:test_grid", pk=test.pk)
        cells = posted
    names = {row.enrolment.pk: str(row.enrolment.participant) for row in rows}
    numbers = {item.question_id: number for number, item in enumerate(items, start=1)}
    table = [
        {
            "row": row,
            "number": index,
            "was": request.POST.get(f"was-{row.enrolment.pk}", "|".join(row.letters)),
            "cells": [
                {
                    "name": f"a-{row.enrolment.pk}-{column}",
                    "value": cells[row.enrolment.pk][column],
                    "error": errors.get((row.enrolment.pk, item.question_id), ""),
                    "item": item,
                }
                for column, item in enumerate(items)
            ],
        }
        for index, row in enumerate(rows, start=1)
    ]
    summary = [
        _("%(name)s, question %(number)s: %(message)s")
        % {"name": names[enrolment_id], "number": numbers[question_id], "message": message}
        for (enrolment_id, question_id), message in errors.items()
    ]
    context = {
        "event": test.event,
        "test": test,
        "items": items,
        "columns": [
            {"item": item, "last": quiz_selectors.letter(len(item.question.choices.all()) - 1)}
            for item in items
        ],
        "table": table,
        "summary": summary,
        "problem": problem,
    }
    return render(
        request, "trainings/quizzes/grid.html", context, status=400 if errors or problem else 200
    )
