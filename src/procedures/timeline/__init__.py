"""The case timeline: every date of a whole case, composed from the other calculators."""
