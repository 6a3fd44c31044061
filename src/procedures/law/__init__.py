"""Legal primitives shared by every calculator: citations, dated rules, periods, holidays, results."""
