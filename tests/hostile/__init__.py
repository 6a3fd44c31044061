"""Hostile and careless input: the corpus, its measurement, and the fuzz sample for the browser."""
