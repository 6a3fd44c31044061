"""The glossary's terms (content/terms.toml) are checked as the rest of content/ is: a term with a
field the page does not show, or without its meaning, fails the build naming the file and the term."""
from __future__ import annotations

import markdown
import pytest

from procedures_site import BuildError
from procedures_site.glossary import GlossaryExtension

TERM = '[[term]]\nname = "Relevant date"\nmeans = "The day the clock starts."\nsee = ["notification.md#10-3-1"]\n'


def glossary(tmp_path, text: str) -> str:
    (tmp_path / "terms.toml").write_text(text, "utf-8")
    md = markdown.Markdown(extensions=["def_list", "toc", GlossaryExtension(terms=str(tmp_path / "terms.toml"))])
    return md.convert("<!-- procedures:glossary -->")


def test_a_term_is_listed_with_its_meaning_and_paragraph(tmp_path):
    html = glossary(tmp_path, TERM)
    assert "<dt>Relevant date</dt>" in html and "The day the clock starts." in html and ">10.3.1</a>" in html


@pytest.mark.parametrize("old, new, message", [
    ('means = "The day the clock starts."\n', "", "[[term]] 1: the required field 'means' is missing"),
    ('see = [', 'colour = "red"\nsee = [', "[[term]] 1: unknown field 'colour'"),
])
def test_a_bad_term_fails_naming_the_file_and_the_term(tmp_path, old, new, message):
    with pytest.raises(BuildError) as error:
        glossary(tmp_path, TERM.replace(old, new))
    assert message in str(error.value)
