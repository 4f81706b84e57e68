"""Background tasks (Django's tasks framework) that send reminder emails.

Tasks take ids and ISO dates, not objects, so any backend can queue them. Each re-checks
at run time whether its email is still due, so a task that waited in a queue never sends
something stale, and claims its ReminderLog row so it sends at most once.
"""

from datetime import date

from django.tasks import task
from django.utils import timezone

from tracker.data import reminders


@task
def send_promise_reminder(commitment_id: int) -> bool:
    return reminders.send_promise_reminder(commitment_id=commitment_id, now=timezone.now())


@task
def send_digest(user_id: int, day: str) -> bool:
    return reminders.send_digest(user_id=user_id, day=date.fromisoformat(day), now=timezone.now())
