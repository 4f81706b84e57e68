"""Account writes that allauth leaves to Steady."""

from allauth.account.models import EmailAddress

from tracker.models import DataSettings


def record_confirmed_email(*, email_address: EmailAddress) -> None:
    """Remember that the account's login address is confirmed, so reminders may go to it.

    Called whenever allauth confirms an address (sign-up, or a change of address). A
    confirmed new address has already replaced the old one as the login email.
    """
    user = email_address.user
    if email_address.email.lower() == user.email.lower():
        DataSettings.objects.for_user(user).mark_verified(user.email)


def on_email_confirmed(sender, request, email_address, **kwargs) -> None:
    record_confirmed_email(email_address=email_address)
