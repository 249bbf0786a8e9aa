"""The question bank, the events' tests and feedback, and the participants' public pages
(short addresses: they are typed from a screen when a QR code will not scan)."""

from django.urls import path

from komek.trainings.views import public, questions, quizzes

urlpatterns = [
    path("questions/", questions.question_list, name="questions"),
    path("questions/new/", questions.question_create, name="question_create"),
    path("questions/<int:pk>/edit/", questions.question_edit, name="question_edit"),
    path("questions/<int:pk>/retire/", questions.question_retire, name="question_retire"),
    path("topics/new/", questions.topic_create, name="topic_create"),
    path(
        "tests/event/<int:event_pk>/<str:kind>/questions/",
        quizzes.test_questions,
        name="test_questions",
    ),
    path("tests/<int:pk>/open/", quizzes.test_open, name="test_open"),
    path("tests/<int:pk>/close/", quizzes.test_close, name="test_close"),
    path("tests/<int:pk>/screen/", quizzes.test_screen, name="test_screen"),
    path("tests/<int:pk>/grid/", quizzes.test_grid, name="test_grid"),
    path("tests/event/<int:event_pk>/feedback/", quizzes.feedback_screen, name="feedback_screen"),
    path("t/<str:token>/", public.take, name="take"),
    path("f/<str:token>/", public.feedback, name="feedback"),
]
