"""Statutory time limits and categories for managing people who pose a risk of harm to children.

England and Wales.  ``calculate(name, inputs)`` is the only entry point for answers.
"""
from .boundary import answer_json, calculate, calculators, schema
from .errors import InputError
from .tables import tables

__version__ = "2026.2"
__all__ = ["answer_json", "calculate", "calculators", "schema", "tables", "InputError", "__version__"]
