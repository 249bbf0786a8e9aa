"""What the engine is asked and what it answers: a situation, and the evaluation with
its lines, each naming the rule version it came from."""

from dataclasses import dataclass
from datetime import date

from komek.navigator.models import Document, Rule


@dataclass(frozen=True)
class Stay:
    entered: date
    left: date  # the day of exit


@dataclass(frozen=True)
class Situation:
    """What is known of one person on one day; nothing here names the person."""

    citizenship: str  # ISO 3166-1 alpha-2, upper case
    entered: date  # the current stay's entry
    on: date  # the day to evaluate on
    stays: tuple[Stay, ...] = ()  # earlier stays, for the rolling window
    purpose: str = ""  # a Purpose value, "" = not known
    registered: date | None = None  # the day registration was done, if any
    documents: frozenset[str] = frozenset()  # Document values held

    def as_json(self) -> dict:
        return {
            "citizenship": self.citizenship,
            "entered": self.entered.isoformat(),
            "on": self.on.isoformat(),
            "stays": [
                {"entered": stay.entered.isoformat(), "left": stay.left.isoformat()}
                for stay in sorted(self.stays, key=lambda stay: (stay.entered, stay.left))
            ],
            "purpose": self.purpose,
            "registered": self.registered.isoformat() if self.registered else None,
            "documents": sorted(self.documents),
        }

    @classmethod
    def from_json(cls, data: dict) -> "Situation":
        """The inverse of ``as_json``; a ValueError (or KeyError) names what is wrong."""
        registered = data.get("registered")
        return cls(
            citizenship=str(data["citizenship"]).upper(),
            entered=date.fromisoformat(data["entered"]),
            on=date.fromisoformat(data["on"]),
            stays=tuple(
                Stay(date.fromisoformat(stay["entered"]), date.fromisoformat(stay["left"]))
                for stay in data.get("stays", ())
            ),
            purpose=data.get("purpose", ""),
            registered=date.fromisoformat(registered) if registered else None,
            documents=frozenset(data.get("documents", ())),
        )

    def holds(self, document: str) -> bool:
        """Registration counts as held once it was done, by the day of evaluation."""
        if document == Document.REGISTRATION and self.registered is not None:
            return self.registered <= self.on or document in self.documents
        return document in self.documents


def rule_source(rule: Rule) -> str:
    return ", ".join(
        part for part in (rule.source_act, rule.source_article, rule.source_url) if part
    )


@dataclass(frozen=True)
class Line:
    code: str  # register | leave | leave_window | work | fee | quota | document | sanction
    title: str  # in the active language
    due: date | None
    rule: Rule  # the version it came from
    met: bool = False  # an obligation already fulfilled (registered in time)
    why: tuple[str, ...] = ()  # line by line, in the active language

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "title": self.title,
            "due": self.due.isoformat() if self.due else None,
            "rule": self.rule.pk,
            "source": rule_source(self.rule),
            "verified": self.rule.verified,
        }


@dataclass(frozen=True)
class Evaluation:
    situation: Situation
    on: date
    status: str  # a Status value
    status_since: date | None
    days_used: int | None  # None when no rolling-window rule applies
    days_left: int | None
    window_days: int | None
    window_limit: int | None
    counting: dict | None  # {"entry_day_counts": bool, "exit_day_counts": bool}
    window_frees_on: date | None
    obligations: tuple[Line, ...]  # sorted by due (None last)
    sanctions: tuple[Line, ...]  # sanctions at risk
    why: tuple[str, ...]  # why this status

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every version the answer came from, each once, in the order of the lines."""
        seen: dict[int, Rule] = {}
        for line in (*self.obligations, *self.sanctions):
            seen.setdefault(line.rule.pk, line.rule)
        return tuple(seen.values())

    def as_json(self) -> dict:
        return {
            "on": self.on.isoformat(),
            "status": self.status,
            "status_since": self.status_since.isoformat() if self.status_since else None,
            "days_used": self.days_used,
            "days_left": self.days_left,
            "window_days": self.window_days,
            "window_limit": self.window_limit,
            "counting": self.counting,
            "window_frees_on": self.window_frees_on.isoformat() if self.window_frees_on else None,
            "obligations": [line.as_json() for line in self.obligations],
            "sanctions": [line.as_json() for line in self.sanctions],
        }
