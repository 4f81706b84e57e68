"""Account forms: sign-up, settings, and the password reset that mails through emails.py."""

import zoneinfo
from functools import cache

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.urls import reverse

from tracker import emails
from tracker.models import (
    User,
)


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    """Every IANA zone this server knows, sorted, with names readable as written."""
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


# --- Accounts -----------------------------------------------------------------------------


class TimeZoneField(forms.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("choices", time_zone_choices)
        kwargs.setdefault("initial", "UTC")
        kwargs.setdefault("error_messages", {"invalid_choice": "Choose a time zone from the list."})
        super().__init__(**kwargs)
        # steady.js fills this in from the browser when it still says UTC.
        self.widget.attrs["data-guess-time-zone"] = ""


class SignupForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="You sign in with it. We'll send a link to confirm it's yours.",
    )
    password = forms.CharField(
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    time_zone = TimeZoneField(
        label="Your time zone", help_text="So “today” means your today. You can change it later."
    )

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        email = self.data.get("email", "")
        # Check similarity to the email as Django's validators would for a real user.
        password_validation.validate_password(password, User(email=email))
        return password


class AccountSettingsForm(forms.ModelForm):
    time_zone = TimeZoneField(label="Time zone")

    class Meta:
        model = User
        fields = ["display_name", "time_zone", "week_start"]
        help_texts = {
            "display_name": "Optional: how Steady greets you.",
            "week_start": "Weeks in your progress and “times per week” routines start on this day.",
        }


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form (which never says whether an address is registered), sending
    its link through `tracker.emails`: built from SITE_URL, not the request's Host."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        path = reverse(
            "password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        emails.send(
            to=to_email, template="password_reset", context={"reset_url": emails.absolute_url(path)}
        )
