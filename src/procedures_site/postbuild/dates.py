"""Dates in words: ``<time datetime="2026-11-23">2026-11-23</time>`` reads "23 November 2026".

Templates write the ISO date (no builder's template language need format dates); the words are
made here, in Python, the same for every page and every builder.
"""
from __future__ import annotations

import re
from datetime import date

from .html import Page

TIME = re.compile(r'(<time datetime="(\d{4}-\d{2}-\d{2})">)\2(</time>)')


def words(day: date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def run(built: list[Page]) -> None:
    for page in built:
        page.text = TIME.sub(lambda m: m[1] + words(date.fromisoformat(m[2])) + m[3], page.text)
