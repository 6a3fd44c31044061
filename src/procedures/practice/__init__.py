"""Timescales in one place: what practitioners must do by when (practice), beside the time limits
the rules already hold (law).  Pages quote a practice timescale by its id; the site's timescales
table joins the two."""
