"""content/ as data (procedures_site.content) and its renderer (procedures_site.actions), on a
fixture folder: what a situation, key actions and contacts become, and how bad data is refused
with a message that names the file and the field.  The built site is tested in tests/web/test_actions.py."""
from __future__ import annotations

import copy
import re
import textwrap
from pathlib import Path

import markdown
import pytest
import yaml

from procedures_site import BuildError, actions, config, content, partnership, ROOT
from procedures_site.postbuild import links
from procedures_site.postbuild.html import Page

CHAPTER = """---
title: "4. Referral"
---

# 4. Referral

## 4.1 When to refer {#4-1}

4.1.1 Refer.

4.1.2 Refer when the person lives with children.

## 4.2 Making the referral {#4-2}

4.2.1 Phone.
"""
CONTACTS = """
[helpline]
name = "A helpline"
for = "Adults worried about a child."
phone = "0808 800 5000"
url = "https://example.org/help"
source = "https://example.org/help"
checked = 2026-12-02
"""
SITUATION = """
title = "A person moves in with a family"
order = 20
sees = "You learn that a person has moved in."
who = ["police", "social care"]
dont = ["Do not wait."]
contacts = ["helpline", "local:childrens-social-care"]
see = ["referral.md#4-1-2", "referral.md#4-2"]
calculator = "notification-deadline"
time_question = "When must they tell the police?"

[[steps]]
who = "Police"
when = "Same day"
do = "Tell children's social care ([4.1.2](referral.md#4-1-2))."

[[steps]]
who = "Children's social care"
when = "Within one working day"
do = "Decide what to do."
"""
KEY_ACTIONS = """
[[referral]]
do = "Refer."
who = "Anyone"
when = "At once"
see = "4-1-1"

[[referral]]
do = "Refer when the person lives with children."
who = "Anyone"
when = "At once"
see = "4-1-2"

[[referral]]
do = "Phone."
who = "Anyone"
when = "Now"
see = "4-2"
"""


@pytest.fixture
def folders(tmp_path):
    """(content folder, docs folder) with one page, one contact, one situation, key actions."""
    data, docs = tmp_path / "content", tmp_path / "docs"
    (data / "situations").mkdir(parents=True)
    docs.mkdir()
    (docs / "referral.md").write_text(CHAPTER, "utf-8")
    (data / "contacts.toml").write_text(CONTACTS, "utf-8")
    (data / "key-actions.toml").write_text(KEY_ACTIONS, "utf-8")
    (data / "situations" / "moves-in.toml").write_text(SITUATION, "utf-8")
    yield data, docs
    content.forget()  # the next test writes other files under the same names


def render(folders, text: str) -> str:
    data, docs = folders
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "admonition", "def_list", "toc",
                                       actions.ActionsExtension(content=str(data), docs=str(docs))])
    return md.convert(text)


def rewrite(folders, name: str, old: str, new: str) -> None:
    path = folders[0] / name
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_situation_page_has_its_parts_in_order(folders):
    html = render(folders, "<!-- procedures:situation moves-in -->")
    assert html.startswith("<h1"), "the page's title comes from a first h1"
    assert "What to do if a person moves in with a family</h1>" in html
    parts = [re.search(f'id="{part}"', html).start() for part in
             ("do-this-now", "do-not", "who-to-contact", "work-out-the-dates", "read-more")]
    assert parts == sorted(parts)
    assert html.count('class="step-who"') == 2 and html.count('class="step-when"') == 2
    assert 'href="procedures-site:referral.md#4-1-2"' in html  # a docs link, made relative after the build
    assert '<a href="tel:+448088005000">0808 800 5000</a>' in html
    assert "Local arrangements" in html  # the local: box
    assert 'href="procedures-site:calculators/notification-deadline.md"' in html
    assert ">4.1.2 When to refer</a>" in html and ">4.2 Making the referral</a>" in html


def test_key_actions_link_to_the_paragraphs_of_the_page(folders):
    html = render(folders, "<!-- procedures:key-actions referral -->")
    assert html.count("<li>") == 3
    assert re.findall(r'href="procedures-site:referral\.md#([\w-]+)"', html) == ["4-1-1", "4-1-2", "4-2"]
    assert ">See 4.2</a>" in html


def test_contacts_all_as_sections_or_some_as_a_list(folders):
    every = render(folders, "<!-- procedures:contacts -->")
    assert '<h2 id="helpline">A helpline</h2>' in every and '<time datetime="2026-12-02">' in every
    some = render(folders, "<!-- procedures:contacts helpline -->")
    assert "<h2" not in some and "<li><strong>A helpline</strong>" in some


@pytest.mark.parametrize("name, old, new, message", [
    ("situations/moves-in.toml", '"helpline", ', '"nowhere", ',
     "content/situations/moves-in.toml: contacts[0]: unknown contact id 'nowhere'"),
    ("situations/moves-in.toml", '"local:childrens-social-care"', '"local:housing"',
     "contacts[1]: unknown local arrangements key 'housing'"),
    ("situations/moves-in.toml", '"notification-deadline"', '"bedtime"', "unknown calculator 'bedtime'"),
    ("situations/moves-in.toml", 'sees = "You learn that a person has moved in."\n', "",
     "moves-in.toml: the required field 'sees' is missing"),
    ("situations/moves-in.toml", "order = 20", "order = 20\ncolour = \"red\"", "moves-in.toml: unknown field 'colour'"),
    ("situations/moves-in.toml", 'when = "Same day"\n', "", "moves-in.toml: steps[0]: the required field 'when' is missing"),
    ("situations/moves-in.toml", '"referral.md#4-2"]', '"referral.md#4-9"]',
     "moves-in.toml: see[1]: docs/referral.md has no paragraph or section '#4-9'"),
    ("situations/moves-in.toml", 'time_question = "When must they tell the police?"\n', "",
     "a calculator needs its 'time_question'"),
    ("contacts.toml", 'source = "https://example.org/help"\n', "", "contacts.toml: [helpline]: the required field 'source'"),
    ("contacts.toml", "checked = 2026-12-02", 'checked = "2 December"', "[helpline]: 'checked' must be a date"),
    ("key-actions.toml", 'see = "4-2"', 'see = "4-3-1"', "[[referral]] 3: see: docs/referral.md has no paragraph or section '#4-3-1'"),
    ("key-actions.toml", 'when = "Now"\n', "", "key-actions.toml: [[referral]] 3: the required field 'when' is missing"),
])
def test_bad_data_fails_naming_the_file_and_the_field(folders, name, old, new, message):
    rewrite(folders, name, old, new)
    marker = "key-actions referral" if name == "key-actions.toml" else "situation moves-in"
    with pytest.raises(BuildError) as error:
        render(folders, f"<!-- procedures:{marker} -->")
    assert message in str(error.value)


def test_a_step_quotes_a_practice_timescale_from_its_data(folders):
    """A time a situation or key action states comes from procedures.practice, as the pages' do."""
    from procedures.practice import timescales

    rewrite(folders, "situations/moves-in.toml", 'when = "Within one working day"', 'when = "Within {timescale:referral-decision}"')
    rewrite(folders, "key-actions.toml", 'when = "Now"', 'when = "Within {timescale:lado}"')
    words = timescales.timescale("referral-decision").words
    assert f"Within {words}</span>" in render(folders, "<!-- procedures:situation moves-in -->")
    assert f"Within {timescales.timescale('lado').words}</span>" in render(folders, "<!-- procedures:key-actions referral -->")
    rewrite(folders, "situations/moves-in.toml", "{timescale:referral-decision}", "{timescale:tomorrow}")
    content.situations.cache_clear()  # read once per build: this test's second "build"
    with pytest.raises(BuildError, match="unknown timescale 'tomorrow'"):
        render(folders, "<!-- procedures:situation moves-in -->")


def test_too_few_or_too_many_key_actions_fail(folders):
    path = folders[0] / "key-actions.toml"
    path.write_text(path.read_text("utf-8") + '\n[[other]]\ndo = "x"\nwho = "y"\nwhen = "z"\nsee = "4-1-1"\n', "utf-8")
    with pytest.raises(BuildError, match=r"key-actions.toml: \[\[other\]\]: give 3 to 6 actions"):
        render(folders, "<!-- procedures:key-actions referral -->")


def test_unknown_ids_in_markers_fail(folders):
    with pytest.raises(BuildError, match="unknown situation 'gone'"):
        render(folders, "<!-- procedures:situation gone -->")
    with pytest.raises(BuildError, match="no actions for page 'mappa'"):
        render(folders, "<!-- procedures:key-actions mappa -->")
    with pytest.raises(BuildError, match="unknown contact id nowhere"):
        render(folders, "<!-- procedures:contacts helpline nowhere -->")


@pytest.mark.parametrize("title, heading", [
    ("A registered sex offender moves in", "What to do if a registered sex offender moves in"),
    ("MAPPA offender moves area", "What to do if MAPPA offender moves area"),
    ("Someone asks", "What to do if someone asks"),
])
def test_the_heading_completes_what_to_do_if(title, heading):
    assert actions.heading(title) == heading


def test_a_partnership_situation_needs_a_good_id_and_the_national_fields():
    example = yaml.safe_load((ROOT / "partnerships" / "example.yml").read_text("utf-8"))
    keys = list(partnership.load("national", ROOT)["local"])

    def refused(change) -> str:
        data = copy.deepcopy(example)
        change(data["situations"][0])
        with pytest.raises(partnership.PartnershipError) as error:
            partnership.validate(data, keys, ROOT / "partnerships", "partnerships/example.yml")
        return str(error.value)

    assert "situations[0]: 'id' must be" in refused(lambda s: s.update(id="Bad Id"))
    assert "used twice, or by a national situation" in refused(
        lambda s: s.update(id=next(iter(content.situations()), "local-situations")))
    assert "situations 'school-gate-concern': unknown field 'colour'" in refused(lambda s: s.update(colour="red"))
    assert "unknown contact id 'nowhere'" in refused(lambda s: s.update(contacts=["nowhere"]))
    assert "unknown local arrangements key 'housing'" in refused(lambda s: s.update(contacts=["local:housing"]))


def test_every_situation_has_its_page_and_nav_entry_and_every_page_a_situation():
    nav = config.situations_nav(config.source()["nav"])
    section = next(e[config.SITUATIONS_NAV] for e in nav if isinstance(e, dict) and config.SITUATIONS_NAV in e)
    listed = [next(iter(p.values())) for p in section if isinstance(p, dict)]
    situations = content.situations()
    assert listed == [f"what-to-do/{i}.md" for i in situations], "in index order"
    pages = {p.stem for p in (ROOT / "docs" / "what-to-do").glob("*.md")} - {"index"}
    assert pages == set(situations), "a page without a situation file, or a file without its page"
    for ident in situations:
        text = (ROOT / "docs" / "what-to-do" / f"{ident}.md").read_text("utf-8")
        assert f"<!-- procedures:situation {ident} -->" in text, ident


def test_a_situation_without_its_page_fails_the_config(tmp_path):
    first = next(iter(content.situations()), None)
    if first is None:
        pytest.skip("no situation yet")
    with pytest.raises(BuildError, match=f"content/situations/{first}.toml has no page docs/what-to-do/{first}.md"):
        config.situations_nav(config.source()["nav"], docs=tmp_path)


def _pages(*specs: tuple[str, str]) -> list[Page]:
    return [Page(Path("/site") / (url or "index.html"), url, text, text) for url, text in specs]


def test_a_generated_link_to_a_missing_fragment_fails_the_build_naming_page_and_fragment():
    built = _pages(("referral/", '<p id="4-1-1">x</p>'),
                   ("what-to-do/x/", '<a href="procedures-site:referral.md#4-1-9">4.1.9</a>'))
    with pytest.raises(BuildError, match=r"what-to-do/x/: .*'referral.md#4-1-9'.*no anchor '4-1-9'"):
        links.run(built, True)


def test_a_generated_link_resolves_relative_or_to_the_fragment_alone_on_its_own_page():
    built = _pages(("referral/", '<p id="4-1-1">x</p><a href="procedures-site:referral.md#4-1-1">a</a>'),
                   ("what-to-do/x/", '<a href="procedures-site:referral.md#4-1-1">b</a>'))
    links.run(built, True)
    assert '<a href="#4-1-1">a</a>' in built[0].text
    assert '<a href="../../referral/#4-1-1">b</a>' in built[1].text


def test_the_real_data_is_valid_and_covers_every_chapter_page():
    chapter = next(e["The chapter"] for e in config.source()["nav"] if isinstance(e, dict) and "The chapter" in e)
    stems = [Path(p).stem for p in chapter]
    assert set(content.key_actions()) == set(stems)
    for ident, contact in content.contacts().items():
        assert contact["source"].startswith("https://"), ident
    text = textwrap.dedent((ROOT / "content" / "contacts.toml").read_text("utf-8"))
    for required in ("nspcc-helpline", "childline", "stop-it-now", "nspcc-whistleblowing", "ceop", "dbs-barring",
                     "domestic-abuse-helpline", "respect-phoneline", "police-emergency", "police-non-emergency"):
        assert f"[{required}]" in text


def test_each_build_reads_content_afresh(folders):
    """config.derive calls content.forget, so `serve` sees a situation added while it runs."""
    data, _ = folders
    assert list(content.situations(data)) == ["moves-in"]
    (data / "situations" / "moves-out.toml").write_text(SITUATION.replace("order = 20", "order = 30"), "utf-8")
    assert list(content.situations(data)) == ["moves-in"]  # read once per build
    content.forget()
    assert list(content.situations(data)) == ["moves-in", "moves-out"]
