"""The navigator commands as scripts call them: the exact JSON, and bad input refused with
the option named."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped")]

LINE_KEYS = {"code", "title", "due", "rule", "source", "verified"}


def navigator(*args: str) -> str:
    out = io.StringIO()
    call_command("navigator", *args, stdout=out)
    return out.getvalue()


def test_the_json_answer_has_exactly_the_documented_shape():
    answer = json.loads(
        navigator(
            "--citizenship", "uz", "--entered", "2023-02-01", "--on", "2023-03-10",
            "--stay", "2022-10-01:2022-10-20", "--purpose", "work", "--json",
        )
    )  # fmt: skip
    assert set(answer) == {
        "on", "status", "status_since", "days_used", "days_left", "window_days",
        "window_limit", "counting", "window_frees_on", "obligations", "sanctions",
    }  # fmt: skip
    assert answer["on"] == "2023-03-10"
    assert answer["status"] == "overstaying"
    assert answer["status_since"] == "2023-03-03"
    assert (answer["window_days"], answer["window_limit"]) == (180, 90)
    # 20 days of October and 38 of this stay.
    assert (answer["days_used"], answer["days_left"]) == (58, 32)
    assert answer["counting"] == {"entry_day_counts": True, "exit_day_counts": True}
    assert answer["window_frees_on"] is None
    for line in answer["obligations"] + answer["sanctions"]:
        assert set(line) == LINE_KEYS
        assert isinstance(line["rule"], int)
        assert line["verified"] is False
    register = next(line for line in answer["obligations"] if line["code"] == "register")
    assert register["due"] == "2023-03-03"
    assert "darakchi.uz" in register["source"]
    dues = [line["due"] for line in answer["obligations"]]
    assert dues == sorted(dues, key=lambda due: (due is None, due or ""))


def test_without_a_window_rule_the_window_fields_are_null():
    answer = json.loads(
        navigator("--citizenship", "KG", "--entered", "2016-03-01", "--on", "2016-03-02", "--json")
    )
    assert answer["days_used"] is None
    assert answer["counting"] is None
    assert answer["window_days"] is None


def test_the_readable_answer_names_the_status_and_the_sources():
    with_registration = navigator(
        "--citizenship", "KG", "--entered", "2023-02-01", "--on", "2023-02-05",
        "--registered", "2023-02-03",
    )  # fmt: skip
    assert "Z1700000079" in with_registration
    assert "02.03.2023" in with_registration


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--citizenship", "K1", "--entered", "2023-02-01"], "--citizenship"),
        (["--citizenship", "KG", "--entered", "2023-02-30"], "--entered"),
        (["--citizenship", "KG", "--entered", "2023-02-01", "--on", "2023-01-01"], "--on"),
        (["--citizenship", "KG", "--entered", "2023-02-01", "--stay", "2022-01-01"], "--stay"),
        (
            ["--citizenship", "KG", "--entered", "2023-02-01", "--stay", "2022-02-01:2022-01-01"],
            "--stay",
        ),
        (["--citizenship", "KG", "--entered", "2023-02-01", "--purpose", "fun"], "--purpose"),
        (
            ["--citizenship", "KG", "--entered", "2023-02-01", "--registered", "2023-01-01"],
            "--registered",
        ),
        (["--citizenship", "KG", "--entered", "2023-02-01", "--document", "visa"], "--document"),
    ],
)
def test_bad_input_is_refused_naming_the_option(args, option):
    with pytest.raises(CommandError, match=f"^{option}:"):
        navigator(*args, "--json")


def test_navigator_rules_lists_the_versions_in_force_for_a_citizenship_on_a_day():
    out = io.StringIO()
    call_command(
        "navigator_rules", "--citizenship", "kg", "--on", "2016-01-01", "--json", stdout=out
    )
    rules = {rule["code"]: rule for rule in json.loads(out.getvalue())}
    assert "registration-eaeu-worker-30" in rules
    assert "registration-kg-5-2012" in rules
    assert "registration-uz-30" not in rules
    assert "window-eaeu-90-180" not in rules
    worker = rules["registration-eaeu-worker-30"]
    assert worker["groups"] == ["eaeu"]
    assert worker["days"] == 30
    assert worker["verified"] is False
    assert worker["valid_from"] == "2015-01-01"


def test_navigator_rules_refuses_a_bad_date():
    with pytest.raises(CommandError, match=r"^--on:"):
        call_command("navigator_rules", "--on", "yesterday")


def write(tmp_path, text: str):
    path = tmp_path / "table.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_navigator_test_prints_each_disagreement_expected_against_got(tmp_path):
    table = write(
        tmp_path,
        "name,citizenship,entered,on,status,register,rules\n"
        "right,KG,2017-07-15,2017-07-16,in_order,2017-08-13,registration-kg-30\n"
        "wrong,KG,2017-07-15,2017-09-01,in_order,2017-08-14,!registration-kg-30\n",
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 2 scenarios disagree"):
        call_command("navigator_test", str(table), stdout=out)
    assert out.getvalue() == (
        "row 3 (wrong):\n"
        "  status: expected in_order, got registration_overdue\n"
        "  register: expected 2017-08-14, got 2017-08-13\n"
        "  rules: expected no registration-kg-30, but it was used\n"
        "1 of 2 scenarios passed.\n"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,citizenship,entered\nx,KG,2017-07-15\n", "no column on"),
        ("name,citizenship,entered,on\nx,KG,2017-07-15,2017-13-01\n", "row 2, on:"),
        ("name,citizenship,entered,on,status\nx,KG,2017-07-15,2017-07-16,fine\n", "row 2, status:"),
        (
            "name,citizenship,entered,on,days_used\nx,KG,2017-07-15,2017-07-16,many\n",
            "row 2, days_used:",
        ),
    ],
)
def test_navigator_test_refuses_a_bad_table_naming_row_and_column(tmp_path, text, message):
    with pytest.raises(CommandError, match=message):
        call_command("navigator_test", str(write(tmp_path, text)), stdout=io.StringIO())
