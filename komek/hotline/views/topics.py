from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from komek.core.history import history_items
from komek.core.permissions import requires
from komek.core.roles import Capability
from komek.hotline import services
from komek.hotline.forms import TopicForm
from komek.hotline.models import Topic


@requires(Capability.TOPICS_MANAGE)
def topic_list(request: HttpRequest) -> HttpResponse:
    return render(request, "hotline/topic_list.html", {"topics": Topic.objects.all()})


@requires(Capability.TOPICS_MANAGE)
def topic_create(request: HttpRequest) -> HttpResponse:
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.topic_create(created_by=request.user, **form.cleaned_data)
        messages.success(request, _("Topic added."))
        return redirect("hotline:topic_list")
    return render(request, "hotline/topic_form.html", {"form": form})


@requires(Capability.TOPICS_MANAGE)
def topic_edit(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_object_or_404(Topic, pk=pk)
    form = TopicForm(request.POST or None, instance=topic)
    if request.method == "POST" and form.is_valid():
        services.topic_update(topic=topic, updated_by=request.user, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("hotline:topic_list")
    context = {
        "form": form,
        "topic": topic,
        "history": history_items(topic.history.select_related("history_user")),
    }
    return render(request, "hotline/topic_form.html", context)
