"""How the coded lists of an entitlement rule read in its history and in the audit log:
vulnerabilities and case categories by their names in the reader's language."""

from komek.hotline.models import Topic
from komek.people.models import Vulnerability


def vulnerability_names(codes: list[str]) -> str:
    labels = dict(Vulnerability.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes)


def category_names(codes: list[str]) -> str:
    labels = {topic.code: topic.label for topic in Topic.objects.filter(code__in=codes)}
    return ", ".join(labels.get(code, code) for code in codes)
