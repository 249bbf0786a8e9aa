"""Small counts are suppressed wherever figures leave the people who may see personal data:
in exports marked for sharing outside the centre and on the screens of roles without
access to people's records. A count of 1 to 4 is shown as "< 5"; when a breakdown would
then hide a single cell, whose value the total would give away, the next smallest cell
is hidden too."""

from dataclasses import replace

from komek.core.indicators import Result

THRESHOLD = 5


def hidden(value) -> bool:
    return value is not None and 0 < value < THRESHOLD


def suppress(result: Result) -> Result:
    """Hides small counts; a figure that is not a count of anyone (a median, a share) is
    shown as it is: "3 days to answer" or "40 %" is not 3 or 0.4 people."""
    if not result.indicator.proportional:
        return result
    parts = [
        replace(part, value=None, share=None) if hidden(part.value) else part
        for part in result.parts
    ]
    suppressed = [part for part in parts if part.value is None]
    if len(suppressed) == 1:
        shown = [part for part in parts if part.value is not None and part.value > 0]
        if shown:
            smallest = min(shown, key=lambda part: part.value)
            parts = [
                replace(part, value=None, share=None) if part is smallest else part
                for part in parts
            ]
    total = None if hidden(result.total) else result.total
    return replace(result, parts=parts, total=total)
