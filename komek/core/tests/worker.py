"""The task worker in tests: run once, as `komek db_worker` would, every task that is due.
It commits, and closes its connection after a task, as in production: a test that runs it
needs real transactions (``worker_runs``)."""

import pytest
from django.core.management import call_command

worker_runs = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
