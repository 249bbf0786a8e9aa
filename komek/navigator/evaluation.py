"""The navigator's public API: a situation in, the person's status, obligations, days in
the rolling window and the sanctions at risk out, each line with the rule version it came
from and why. Any page can call ``evaluate``; it writes nothing."""

from komek.navigator import rulebook
from komek.navigator.engine import Evaluation, Line, Situation, Stay
from komek.navigator.engine import evaluate as evaluate_with

__all__ = ["Evaluation", "Line", "Situation", "Stay", "evaluate"]


def evaluate(situation: Situation) -> Evaluation:
    """Evaluate ``situation`` over the current rule versions (in the active language)."""
    first, last = sorted((situation.entered, situation.on))
    book = rulebook.load(first.year, last.year)
    return evaluate_with(situation, book)
