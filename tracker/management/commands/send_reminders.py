"""Queue the reminder emails that are due now. Run it every few minutes (docs/reminders.md)."""

from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus
from django.utils import timezone

from tracker.data import reminders, tasks


class Command(BaseCommand):
    help = "Send due promise reminders and morning summaries (safe to run often and twice)."

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        results = [
            tasks.send_promise_reminder.enqueue(commitment_id=commitment.pk)
            for commitment in reminders.promise_reminders_due(now)
        ] + [
            tasks.send_digest.enqueue(user_id=user_id, day=day.isoformat())
            for user_id, day in reminders.digests_due(now)
        ]
        sent = failed = 0
        for result in results:
            if result.status == TaskResultStatus.FAILED:
                failed += 1
                for error in result.errors:
                    self.stderr.write(error.traceback)
            elif result.status == TaskResultStatus.SUCCESSFUL and result.return_value:
                sent += 1
        self.stdout.write(f"{len(results)} reminder(s) queued, {sent} sent, {failed} failed.")
        if failed:
            raise SystemExit(1)
