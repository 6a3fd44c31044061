"""The command line: JSON in, JSON out; bad input exits 2 with a message naming the field."""
import json
import subprocess
import sys

import pytest

from procedures.cli import main

GOOD = {"relevant_date": "2024-03-01", "age_on_relevant_date": 17, "disposal": "caution"}


def run(args, stdin=None):
    """The real command, in a separate process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "procedures", *args], input=stdin, capture_output=True, text=True)


class Done:
    def __init__(self, returncode, out, err):
        self.returncode, self.stdout, self.stderr = returncode, out, err


@pytest.fixture
def cli(monkeypatch, capsys):
    """The command in this process (so coverage sees it): cli(args, stdin) -> Done."""
    import io

    def call(args, stdin=""):
        data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        code = main(args)
        captured = capsys.readouterr()
        return Done(code, captured.out, captured.err)

    return call


def test_run_from_stdin_answers_json(cli):
    done = cli(["run", "notification-period", "-"], json.dumps(GOOD))
    assert done.returncode == 0
    assert json.loads(done.stdout)["end_date"] == "2025-02-28"


def test_run_from_file(tmp_path, capsys):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(GOOD))
    assert main(["run", "notification-period", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["period"] == "P1Y"


def test_list_names_every_calculator(capsys):
    from procedures import calculators

    assert main(["list"]) == 0
    listed = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
    assert listed == calculators()


def test_schema_is_json_schema_of_the_inputs(capsys):
    assert main(["schema", "notification-period"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["type"] == "object"
    assert {"relevant_date", "disposal"} <= set(schema["required"])
    assert schema["properties"]["further_terms"]["items"]["properties"]["arrangement"]["enum"] == [
        "consecutive", "concurrent", "partly_concurrent"]


@pytest.mark.parametrize("inputs, field", [
    ({**GOOD, "relevant_date": "2024-02-31"}, "relevant_date"),
    ({**GOOD, "disposal": "imprisonment", "term": "P-6M"}, "term"),
    ({"age_on_relevant_date": 17, "disposal": "caution"}, "relevant_date"),
    ({**GOOD, "age_on_relevant_date": "seventeen"}, "age_on_relevant_date"),
    ({**GOOD, "age_on_relevant_date": -1}, "age_on_relevant_date"),
    ({**GOOD, "suspended": "maybe"}, "suspended"),
    ({**GOOD, "further_terms": "P3M"}, "further_terms"),
    ({**GOOD, "further_terms": ["P3M"]}, "further_terms[0]"),
])
def test_bad_input_exits_2_naming_the_field(cli, inputs, field):
    done = cli(["run", "notification-period", "-"], json.dumps(inputs))
    assert done.returncode == 2
    assert done.stderr.startswith(f"procedures: {field}: ")
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_bad_input_in_a_separate_process_prints_no_traceback():
    done = run(["run", "notification-period", "-"], json.dumps({**GOOD, "relevant_date": "2024-02-31"}))
    assert done.returncode == 2 and done.stderr == "procedures: relevant_date: The relevant date must be a real date\n"


@pytest.mark.parametrize("name, inputs, field", [
    ("notification-deadline", {"event": "moved_house", "event_date": "2024-03-01"}, "event"),
    ("notification-deadline", {"event": "change_of_name"}, "event_date"),
    ("order-duration", {"order": "shpo", "made_date": "2023-02-29"}, "made_date"),
    ("pre-charge-bail", {}, "arrest_date"),
    ("mappa-category", {"subject_to_notification": True, "offence": "other", "sentence": "imprisonment",
                        "term": "P-1Y"}, "term"),
    ("indefinite-review", {"first_notification_date": "2010-01-01"}, "age_on_relevant_date"),
])
def test_every_calculator_names_the_bad_field(cli, name, inputs, field):
    done = cli(["run", name, "-"], json.dumps(inputs))
    assert done.returncode == 2 and done.stderr.startswith(f"procedures: {field}: "), done.stderr


def test_unknown_calculator_lists_the_real_ones(cli):
    done = cli(["run", "sex-offender-period", "-"], "{}")
    assert done.returncode == 2
    assert "notification-period" in done.stderr and "calculator" in done.stderr


def test_invalid_json_is_explained(cli):
    done = cli(["run", "notification-period", "-"], "{relevant_date: 1}")
    assert done.returncode == 2 and "not valid JSON" in done.stderr


def test_inputs_that_are_not_an_object_are_refused(cli):
    done = cli(["run", "notification-period", "-"], "[1, 2]")
    assert done.returncode == 2 and "named fields" in done.stderr


def test_missing_file_is_explained(cli, tmp_path):
    done = cli(["run", "notification-period", str(tmp_path / "nope.json")])
    assert done.returncode == 2 and "cannot read" in done.stderr and "Traceback" not in done.stderr


def test_input_over_10_mb_is_refused_unread(cli):
    done = cli(["run", "notification-period", "-"], b" " * 10_000_001)
    assert done.returncode == 2 and done.stderr == "procedures: inputs: The input must be 10 MB or smaller\n"


def test_a_byte_order_mark_is_not_an_error(cli):
    done = cli(["run", "notification-period", "-"], b"\xef\xbb\xbf" + json.dumps(GOOD).encode())
    assert done.returncode == 0 and json.loads(done.stdout)["end_date"] == "2025-02-28"


def test_an_unknown_calculator_name_is_quoted_not_echoed(cli):
    done = cli(["run", "\x1b[31mred", "-"], "{}")
    assert done.returncode == 2 and "'\\x1b[31mred'" in done.stderr and "\x1b" not in done.stderr
