"""The calculators, by the names the CLI, the browser and the docs use.  Listed, not discovered.

Each entry names the module that holds its ``Inputs`` dataclass and ``calculate``.
"""
from __future__ import annotations

import importlib
from types import ModuleType

CALCULATORS: dict[str, tuple[str, str]] = {
    "notification-period": ("procedures.notification.period", "How long the notification requirements last"),
    "notification-deadline": ("procedures.notification.deadline", "Deadlines for notifying the police"),
    "indefinite-review": ("procedures.notification.review", "Review of indefinite notification"),
    "order-duration": ("procedures.orders.duration", "How long a civil order lasts"),
    "pre-charge-bail": ("procedures.bail.pre_charge", "Pre-charge bail time limits"),
    "mappa-category": ("procedures.mappa.category", "MAPPA category"),
    "case-timeline": ("procedures.timeline.case", "Case timeline"),
}


def module(name: str) -> ModuleType:
    return importlib.import_module(CALCULATORS[name][0])


def title(name: str) -> str:
    return CALCULATORS[name][1]
