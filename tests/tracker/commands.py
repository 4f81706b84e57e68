"""Running management commands in tests the way cron and a second server would."""

import threading
from io import StringIO

import time_machine
from django.core.management import call_command
from django.db import connection


def send_reminders_at_once(moment, *, runs: int = 2) -> list[BaseException]:
    """`runs` send_reminders runs started together at `moment` (each thread with its own
    database connection), as two overlapping cron jobs would; returns what they raised."""
    start = threading.Barrier(runs)
    errors: list[BaseException] = []

    def one_run():
        try:
            start.wait(timeout=10)
            call_command("send_reminders", stdout=StringIO())
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    with time_machine.travel(moment, tick=False):
        threads = [threading.Thread(target=one_run) for _ in range(runs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    return errors
