from django.apps import AppConfig


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = "Tracker"

    def ready(self):
        from allauth.account.signals import email_confirmed

        from tracker.accounts.services import on_email_confirmed

        email_confirmed.connect(on_email_confirmed, dispatch_uid="tracker-email-confirmed")

        from tracker.cache import connect_signals

        connect_signals()
