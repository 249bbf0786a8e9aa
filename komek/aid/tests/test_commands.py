"""The aid commands in their exact forms: JSON on stdout; a refusal exits non-zero with
the rule on stderr and writes nothing; a bad argument is named."""

import json
from io import StringIO

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError

from komek.aid.models import Batch, Distribution, StockMovement
from komek.core.roles import Role


def run(*argv: str) -> object:
    out = StringIO()
    call_command(*argv, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def refd(person):
    person.ref = "AST-0042"
    person.save()
    return person


def test_receive_then_stock(office, other_office, food, line, social, coordinator):
    answer = run(
        "aid_receive",
        "--office",
        "astana",
        "--kind",
        "food",
        "--quantity",
        "12",
        "--by",
        "coordinator",
        "--project",
        "iom-2026",
    )
    movement = StockMovement.objects.get(pk=answer["movement"])
    assert (movement.quantity, movement.budget_line, movement.by) == (12, line, coordinator)
    with pytest.raises(CommandError, match="--by: social may not"):
        run(
            "aid_receive",
            "--office",
            "almaty",
            "--kind",
            "food",
            "--quantity",
            "3",
            "--by",
            "social",
        )
    run(
        "aid_receive",
        "--office",
        "almaty",
        "--kind",
        "food",
        "--quantity",
        "3",
        "--by",
        "coordinator",
    )
    assert run("aid_stock", "--json") == [
        {"office": "almaty", "kind": "food", "quantity": 3, "unit": "package"},
        {"office": "astana", "kind": "food", "quantity": 12, "unit": "package"},
    ]
    assert run("aid_stock", "--office", "almaty", "--json") == [
        {"office": "almaty", "kind": "food", "quantity": 3, "unit": "package"}
    ]


def test_kinds(food, ticket):
    assert run("aid_kinds", "--json") == [
        {"code": "food", "name": "Продуктовый набор", "unit": "package"},
        {"code": "ticket-bus", "name": "Билет домой (автобус)", "unit": "ticket"},
    ]


def test_distribute_by_registry_number_or_id(office, food, line, social, refd, make_person, stock):
    answer = run(
        "aid_distribute",
        "--office",
        "astana",
        "--kind",
        "food",
        "--person",
        "AST-0042",
        "--quantity",
        "1",
        "--by",
        "social",
    )
    distribution = Distribution.objects.get(pk=answer["distribution"])
    assert (distribution.person, distribution.handed_by) == (refd, social)
    other = make_person()
    answer = run(
        "aid_distribute",
        "--office",
        "astana",
        "--kind",
        "food",
        "--person",
        str(other.pk),
        "--quantity",
        "2",
        "--by",
        "social",
    )
    assert Distribution.objects.get(pk=answer["distribution"]).person == other


# The command closes the database connections when it ends, as on the command line: the
# test runs outside a transaction so that the next query opens a new one.
@pytest.mark.django_db(transaction=True)
def test_a_refusal_exits_non_zero_naming_the_rule_and_writes_nothing(
    office, food, line, social, refd, stock, monthly_food, capsys
):
    argv = [
        "komek",
        "aid_distribute",
        "--office",
        "astana",
        "--kind",
        "food",
        "--person",
        "AST-0042",
        "--quantity",
        "1",
        "--by",
        "social",
    ]
    command = load_command_class("komek.aid", "aid_distribute")
    command.run_from_argv(argv)
    assert json.loads(capsys.readouterr().out) == {"distribution": Distribution.objects.get().pk}
    with pytest.raises(SystemExit) as exit:
        load_command_class("komek.aid", "aid_distribute").run_from_argv(argv)
    assert exit.value.code == 3
    streams = capsys.readouterr()
    assert streams.out == ""
    assert "refused (entitlement)" in streams.err
    assert Distribution.objects.count() == 1
    assert sum(Batch.objects.values_list("quantity", flat=True)) == 9


def test_out_of_stock_is_named(office, food, line, social, refd, stock):
    with pytest.raises(CommandError, match=r"refused \(stock\)") as caught:
        run(
            "aid_distribute",
            "--office",
            "astana",
            "--kind",
            "food",
            "--person",
            "AST-0042",
            "--quantity",
            "11",
            "--by",
            "social",
        )
    assert caught.value.returncode == 3
    assert not Distribution.objects.exists()


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"--office": "shymkent"}, "--office"),
        ({"--kind": "caviar"}, "--kind"),
        ({"--person": "AST-9999"}, "--person"),
        ({"--quantity": "0"}, "--quantity"),
        ({"--by": "nobody"}, "--by"),
        ({"--by": "operator"}, "--by: operator may not"),
        ({"--case": "999"}, "--case"),
    ],
)
def test_a_bad_argument_is_named(
    office, food, line, social, refd, stock, make_staff, change, named
):
    make_staff(Role.HOTLINE_OPERATOR, username="operator")
    given = {
        "--office": "astana",
        "--kind": "food",
        "--person": "AST-0042",
        "--quantity": "1",
        "--by": "social",
        **change,
    }
    with pytest.raises(CommandError, match=named):
        run("aid_distribute", *[part for pair in given.items() for part in pair])
    assert not Distribution.objects.exists()


def test_a_project_without_a_line_for_the_kind_is_named(office, food, ticket, project, coordinator):
    with pytest.raises(CommandError, match="--project"):
        run(
            "aid_receive",
            "--office",
            "astana",
            "--kind",
            "food",
            "--quantity",
            "1",
            "--by",
            "coordinator",
            "--project",
            "iom-2026",
        )
    assert not StockMovement.objects.exists()


def test_a_batch_with_an_expiry_date(office, food, coordinator):
    food.tracks_expiry = True
    food.save()
    with pytest.raises(CommandError, match="--expires"):
        run(
            "aid_receive",
            "--office",
            "astana",
            "--kind",
            "food",
            "--quantity",
            "5",
            "--by",
            "coordinator",
        )
    with pytest.raises(CommandError, match="--expires"):
        run(
            "aid_receive",
            "--office",
            "astana",
            "--kind",
            "food",
            "--quantity",
            "5",
            "--by",
            "coordinator",
            "--expires",
            "31.12.2026",
        )
    answer = run(
        "aid_receive",
        "--office",
        "astana",
        "--kind",
        "food",
        "--quantity",
        "5",
        "--by",
        "coordinator",
        "--batch",
        "B-7",
        "--expires",
        "2026-12-31",
    )
    batch = Batch.objects.get(pk=answer["batch"])
    assert (batch.code, batch.expires.isoformat(), batch.quantity) == ("B-7", "2026-12-31", 5)
