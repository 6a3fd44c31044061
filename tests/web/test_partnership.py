"""Local editions: the partnership file's checks, the example edition's build, and the national one."""
from __future__ import annotations

import copy
import json
import os
import re
import subprocess
from html import unescape
from pathlib import Path

import pytest
import yaml

from web.conftest import serve_folder
from web.test_accessibility import violations

ROOT = Path(__file__).resolve().parents[2]
from procedures_site import actions, content, partnership  # partnership: the module that reads partnership files
from procedures_site.partnership import PartnershipError

EXAMPLE = yaml.safe_load((ROOT / "partnerships" / "example.yml").read_text("utf-8"))
NATIONAL = yaml.safe_load((ROOT / "partnerships" / "national.yml").read_text("utf-8"))
KEYS = list(NATIONAL["local"])
MARKERS = sorted({m for p in (ROOT / "docs").rglob("*.md")
                  for m in re.findall(r"<!--\s*local:(\S+)\s*-->", p.read_text("utf-8"))})


def build(target: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROOT / "scripts" / "build"), *args, "-d", str(target)], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, **env})


def check(data: dict, name: str = "example") -> dict:
    return partnership.validate(copy.deepcopy(data), KEYS, ROOT / "partnerships", f"partnerships/{name}.yml")


def broken(change, name: str = "example") -> str:
    data = copy.deepcopy(EXAMPLE)
    change(data)
    with pytest.raises(PartnershipError) as error:
        check(data, name)
    return str(error.value)


# ---- the file's checks ----------------------------------------------------------------------
def test_the_national_keys_are_exactly_the_markers_the_pages_use():
    assert MARKERS == sorted(KEYS)
    assert "other-procedures" in MARKERS


def test_the_example_passes_and_uses_only_drama_numbers_and_example_org():
    data = check(EXAMPLE)
    assert data["fictional"] is True
    phones = [c["phone"] for c in data["contacts"] if c.get("phone")]
    assert phones and all(re.fullmatch(r"01632 ?960\d{3}", p) for p in phones)
    emails = [c["email"] for c in data["contacts"] if c.get("email")]
    assert emails and all(e.endswith("@example.org") for e in emails)
    assert all(p["url"].startswith("https://procedures.example.org/") for p in data["other_procedures"])
    assert set(data["local"]) < set(KEYS), "the example leaves a box out, to show the national text is kept"


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(colour="green"), "unknown field 'colour'"),
    (lambda d: d["contacts"][0].update(fax="01632 960999"), "contacts[0]: unknown field 'fax'"),
    (lambda d: d["local"].update(housing="text"), "unknown local arrangements key 'housing'"),
    (lambda d: d["local"]["marac"].update(title="MARAC"), "local 'marac': unknown field 'title'"),
    (lambda d: d["other_procedures"][0].update(link="x"), "other_procedures[0]: unknown field 'link'"),
])
def test_an_unknown_key_fails(change, message):
    assert message in broken(change)


@pytest.mark.parametrize("change, message", [
    (lambda d: d.pop("name"), "the required field 'name' is missing"),
    (lambda d: d["logo"].pop("alt"), "logo: the required field 'alt' is missing"),
    (lambda d: d["contacts"][1].pop("name"), "contacts[1]: the required field 'name' is missing"),
    (lambda d: d["other_procedures"][0].pop("url"), "the required field 'url' is missing"),
    (lambda d: d["contacts"][1].pop("phone"), "contact 'emergency-duty': give a phone number, an e-mail address"),
    (lambda d: d["local"].update(lado={}), "local 'lado': give its text, its contacts, or both"),
])
def test_a_missing_required_field_fails(change, message):
    assert message in broken(change)


@pytest.mark.parametrize("phone", ["01632 961000", "01632 959999", "020 7946 0000", "+44 1632 961 000"])
def test_a_number_outside_the_drama_range_fails_in_the_example(phone):
    message = broken(lambda d: d["contacts"][0].update(phone=phone))
    assert f"'{phone}' is outside the range reserved for drama (01632 960000 to 01632 960999)" in message


def test_a_real_number_written_into_box_text_fails_in_the_example():
    message = broken(lambda d: d["local"]["marac"].update(text="Or ring 0161 496 0000 after 5pm."))
    assert "local 'marac'" in message and "outside the range reserved for drama" in message


def test_an_address_outside_example_org_fails_in_the_example():
    assert "not an example.org address" in broken(lambda d: d["contacts"][0].update(email="front.door@wyverndale.gov.uk"))
    assert "not an example.org address" in broken(lambda d: d["other_procedures"][0].update(url="https://gov.uk/x"))


def test_the_example_must_stay_fictional():
    assert "must say fictional: true" in broken(lambda d: d.pop("fictional"))


def real(data: dict) -> dict:
    data = copy.deepcopy(data)
    data.pop("fictional")
    data.pop("report_problem", None)  # an example.org address, rightly refused in a real edition
    return data


def test_a_real_edition_refuses_the_example_numbers_and_addresses():
    """Without fictional: true, numbers from the drama range and example.org addresses are leftovers."""
    message = broken(lambda d: d.pop("fictional"), name="ourtown")
    assert "is a made-up number from the range reserved for drama" in message
    data = real(EXAMPLE)
    data["contacts"] = [{"id": "x", "name": "Front door", "email": "frontdoor@example.org"}]
    data["local"], data["other_procedures"] = {}, []
    with pytest.raises(PartnershipError, match="is an example address"):
        check(data, "ourtown")
    data["contacts"] = [{"id": "x", "name": "Front door", "phone": "0161 496 0000", "email": "door@ourtown.gov.uk"}]
    assert check(data, "ourtown")["contacts"][0]["phone"] == "0161 496 0000"


@pytest.mark.parametrize("change, message", [
    (lambda d: d["contacts"][0].update(phone=1632960100), "'phone' must be text (put numbers in quotes)"),
    (lambda d: d["contacts"][0].update(phone="01632 9601"), "is not a UK phone number"),
    (lambda d: d["contacts"][0].update(email="frontdoor"), "is not an e-mail address"),
    (lambda d: d["contacts"].append(dict(d["contacts"][0])), "the id is used twice"),
    (lambda d: d["local"]["marac"].update(contacts=["nobody"]), "no contact has the id 'nobody'"),
    (lambda d: d["logo"].update(file="missing.svg"), "must be an SVG file beside the partnership file"),
    (lambda d: d["other_procedures"][0].update(url="http://procedures.example.org/"), "must be a full https://"),
    (lambda d: d.update(terms={"youth justice service": ""}), "terms must map a national name to a local name"),
])
def test_other_mistakes_are_named(change, message):
    assert message in broken(change)


@pytest.mark.parametrize("written, link", [
    ("01632 960100", "tel:+441632960100"), ("+44 (0)1632 960 123", "tel:+441632960123"),
    ("+44 1632 960123", "tel:+441632960123"), ("101", "tel:101"), ("999", "tel:999")])
def test_tel_links_dial_the_number(written, link):
    assert partnership.tel(written) == link


def test_a_partnership_file_can_live_anywhere(tmp_path):
    data = real(EXAMPLE)
    data.pop("logo")
    data["contacts"], data["local"], data["other_procedures"] = [], {"marac": "Ring the co-ordinator."}, []
    (tmp_path / "ourtown.yml").write_text(yaml.safe_dump(data), "utf-8")
    loaded = partnership.load(str(tmp_path / "ourtown.yml"), ROOT)
    assert loaded["national"] is False and loaded["local"]["marac"] == {"text": "Ring the co-ordinator."}
    assert loaded["local"]["lado"] == {"text": NATIONAL["local"]["lado"]}, "a box left out keeps the national text"


# ---- the builds ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def example_site(tmp_path_factory):
    """The example edition, built by scripts/build, and served on loopback."""
    folder = tmp_path_factory.mktemp("example-site")
    url, httpd = serve_folder(folder)
    done = build(folder, "--partnership", "example", SITE_URL=url)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "WARNING" not in done.stderr, done.stderr
    yield folder, url
    httpd.shutdown()


def text(path: Path) -> str:
    return path.read_text("utf-8")


def boxes(html: str) -> list[tuple[str, str]]:
    """(title, body HTML) of each "Local arrangements" box of a page."""
    return re.findall(r'<div class="admonition local">\s*<p class="admonition-title">(.*?)</p>(.*?)</div>', html, re.S)


def marker_pages(key: str) -> list[str]:
    return [p.relative_to(ROOT / "docs").with_suffix("").as_posix() for p in (ROOT / "docs").rglob("*.md")
            if re.search(rf"<!--\s*local:{re.escape(key)}\s*-->", p.read_text("utf-8"))]


def built_page(site: Path, page: str) -> Path:
    page = page.removesuffix("index")
    return site / page / "index.html"


def test_the_example_edition_names_the_partnership_in_title_and_header(example_site):
    site, _ = example_site
    site_name = f"{EXAMPLE['short_name']}: Managing individuals who pose a risk of harm to children"
    html = text(site / "mappa" / "index.html")
    page_title = yaml.safe_load(text(ROOT / "docs" / "mappa.md").split("---")[1])["title"]
    assert f"<title>{page_title} - {site_name}</title>" in html
    header = re.search(r'<header class="md-header.*?</header>', html, re.S).group(0)
    assert f'aria-label="{site_name}"' in header and site_name in unescape(re.sub(r"<[^>]+>", " ", header))


def test_the_example_logo_is_copied_and_described(example_site):
    site, _ = example_site
    logo = EXAMPLE["logo"]
    copied = site / "assets" / "partnership" / logo["file"]
    assert copied.read_bytes() == (ROOT / "partnerships" / logo["file"]).read_bytes()
    assert "<title" in copied.read_text("utf-8")
    for page in ("index.html", "referral/index.html"):
        imgs = re.findall(r'<img[^>]*assets/partnership/[^>]*>', text(site / page))
        assert imgs and all(f'alt="{logo["alt"]}"' in img for img in imgs), imgs
    assert 'alt="logo"' not in text(site / "index.html")


def test_every_box_of_the_example_shows_its_text_and_dialable_contacts(example_site):
    site, _ = example_site
    contacts = {c["id"]: c for c in EXAMPLE["contacts"]}
    checked = 0
    for key in KEYS:
        entry = EXAMPLE["local"].get(key)
        entry = {"text": entry} if isinstance(entry, str) else entry
        for page in marker_pages(key):
            found = boxes(text(built_page(site, page)))
            assert found, f"{page}: no box for {key}"
            bodies = " ".join(body for _, body in found)
            plain = " ".join(unescape(re.sub(r"<[^>]+>", "", bodies)).split())
            if entry is None:  # left out: the national text
                assert " ".join(NATIONAL["local"][key].split()) in plain, (page, key)
            elif entry.get("text") and key != "other-procedures":
                first_words = " ".join(re.sub(r"\*\*", "", entry["text"]).split()[:6])
                assert first_words in plain, (page, key)
            for ident in (entry or {}).get("contacts") or []:
                contact = contacts[ident]
                digits = re.sub(r"\D", "", contact["phone"]) if contact.get("phone") else None
                if digits:
                    assert f'<a href="tel:+44{digits[1:]}">{contact["phone"]}</a>' in bodies, (page, ident)
                if contact.get("email"):
                    assert f'<a href="mailto:{contact["email"]}">{contact["email"]}</a>' in bodies, (page, ident)
                assert contact["name"] in plain
            checked += 1
    assert checked >= len(KEYS)
    titles = {t for p in site.rglob("index.html") for t, _ in boxes(text(p))}
    assert titles == {f"Local arrangements: {EXAMPLE['short_name']}", "Your partnership's other procedures"}


def test_the_example_home_page_lists_the_other_procedures(example_site):
    site, _ = example_site
    home = dict(boxes(text(site / "index.html")))
    body = home["Your partnership's other procedures"]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', body)
    assert links == [(p["url"], p["title"]) for p in EXAMPLE["other_procedures"]]
    assert " ".join(EXAMPLE["local"]["other-procedures"].split()) in " ".join(unescape(body).split())
    assert " ".join(NATIONAL["local"]["other-procedures"].split()) not in " ".join(unescape(body).split())


def test_the_example_glossary_notes_the_local_names(example_site):
    site, _ = example_site
    html = text(site / "glossary" / "index.html")
    table = html[html.index('id="local-names"'):]
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>", table, re.S)
    found = {unescape(re.sub(r"<[^>]+>", "", a)): unescape(re.sub(r"<[^>]+>", "", b)) for a, b in rows}
    assert found == EXAMPLE["terms"]


def test_every_phone_number_in_the_example_edition_is_a_drama_number(example_site):
    """Every local number; the national services of content/contacts.toml keep their real ones."""
    site, _ = example_site
    national = {partnership.tel(c["phone"]).removeprefix("tel:+44") for c in content.contacts().values()
                if c.get("phone")}
    numbers = {n for p in site.rglob("*.html") for n in re.findall(r"tel:\+44(\d+)", text(p))} - national
    assert numbers and all(re.fullmatch(r"1632960\d{3}", n) for n in numbers), numbers


def test_the_example_edition_shows_its_own_situation_in_full_with_its_anchor(example_site, page):
    site, url = example_site
    own = EXAMPLE["situations"][0]
    index = text(site / "what-to-do" / "index.html")
    assert f'id="{own["id"]}"' in index and actions.heading(own["title"]) in unescape(index)
    assert f'id="{own["id"]}-do-this-now"' in index
    assert index.count('class="step-who"') >= len(own["steps"])
    assert own["id"] in json.loads(text(site / "links.json"))["pages"]["what-to-do/"]
    page.goto(url + "what-to-do/#" + own["id"])
    assert violations(page) == []


def test_the_example_edition_passes_axe(example_site, page):
    _, url = example_site
    for path in ("", "referral/", "glossary/", "about/accessibility/"):
        page.goto(url + path)
        assert page.locator(".admonition.local").count() or path == "glossary/"
        assert violations(page) == [], path


def test_the_national_edition_stays_generic(site):
    home = text(site / "index.html")
    assert "<title>Managing individuals who pose a risk of harm to children - Managing individuals" in home
    assert not (site / "assets" / "partnership").exists()
    assert dict(boxes(home))["Your partnership's other procedures"].count("<a ") == 0
    for path in site.rglob("*.html"):
        html = text(path)
        assert "Wyverndale" not in html, path
        for title, body in boxes(html):
            assert title in ("Local arrangements: National edition", "Your partnership's other procedures"), path
    assert 'id="local-names"' not in text(site / "glossary" / "index.html")


def test_scripts_build_stops_on_a_bad_partnership_file_with_the_reason(tmp_path):
    data = copy.deepcopy(EXAMPLE)
    data["contacts"][0]["phone"] = "01632 961234"
    (tmp_path / "example.yml").write_text(yaml.safe_dump(data), "utf-8")
    (tmp_path / EXAMPLE["logo"]["file"]).write_bytes((ROOT / "partnerships" / EXAMPLE["logo"]["file"]).read_bytes())
    done = build(tmp_path / "out", "--partnership", str(tmp_path / "example.yml"))
    assert done.returncode != 0
    assert "'01632 961234' is outside the range reserved for drama" in done.stderr
    assert not (tmp_path / "out" / "index.html").exists()
    data = copy.deepcopy(EXAMPLE)
    data.pop("name")
    data["motto"] = "x"
    (tmp_path / "example.yml").write_text(yaml.safe_dump(data), "utf-8")
    done = build(tmp_path / "out", "--partnership", str(tmp_path / "example.yml"))
    assert done.returncode != 0 and "unknown field 'motto'" in done.stderr
    done = build(tmp_path / "out", "--partnership", "nowhere")
    assert done.returncode != 0 and "no partnership file" in done.stderr and "the partnerships here are: example" in done.stderr
    done = build(tmp_path / "out", "--colour", "green")
    assert done.returncode == 2 and "unknown option '--colour'" in done.stderr
