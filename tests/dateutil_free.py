"""Independent month counting for the property tests (no code shared with law/periods.py)."""
from datetime import date


def months_between(start: date, later: date) -> int:
    """Whole calendar months from ``start`` to ``later``, where a day past the month's end counts as the 1st after."""
    months = (later.year - start.year) * 12 + later.month - start.month
    if later.day < start.day and not (later.day == 1 and start.day > 28):
        months -= 1
    if later.day == 1 and start.day > 28:
        months -= 1
    return months
