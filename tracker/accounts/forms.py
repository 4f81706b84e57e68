"""Account forms: allauth's sign-up with Steady's time settings, and the settings page."""

import zoneinfo
from functools import cache

from allauth.account import forms as allauth_forms
from allauth.mfa.webauthn.forms import (
    AddWebAuthnForm,
    LoginWebAuthnForm,
    ReauthenticateWebAuthnForm,
)
from django import forms
from django.contrib.auth.hashers import make_password
from fido2.webauthn import AuthenticationResponse, RegistrationResponse

from tracker.models import User


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    """Every IANA zone this server knows, sorted, with names readable as written."""
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class TimeZoneField(forms.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("choices", time_zone_choices)
        kwargs.setdefault("initial", "UTC")
        kwargs.setdefault("error_messages", {"invalid_choice": "Choose a time zone from the list."})
        super().__init__(**kwargs)
        # steady.js fills this in from the browser when it still says UTC.
        self.widget.attrs["data-guess-time-zone"] = ""


WEEK_START_HELP = "Weeks in your progress and “times per week” routines start on this day."


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up (email and password) plus the two settings "today" depends on."""

    time_zone = TimeZoneField(
        label="Your time zone", help_text="So “today” means your today. You can change it later."
    )
    week_start = forms.TypedChoiceField(
        label="First day of the week",
        choices=User.WeekStart.choices,
        coerce=int,
        initial=User.WeekStart.MONDAY,
        help_text=WEEK_START_HELP,
    )

    field_order = ["email", "password1", "time_zone", "week_start"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "Email address"
        email.help_text = "You sign in with it. We'll send a link to confirm it's yours."
        email.widget.attrs.pop("placeholder", None)
        self.fields["password1"].widget.attrs.pop("placeholder", None)

    def try_save(self, request):
        """Sign up, or (for an address that has an account) change nothing and email its
        owner. Both hash the password, so the answer takes as long either way and its
        timing does not tell whether the address is registered."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


class AccountSettingsForm(forms.ModelForm):
    time_zone = TimeZoneField(label="Time zone")

    class Meta:
        model = User
        fields = ["display_name", "time_zone", "week_start"]
        help_texts = {
            "display_name": "Optional: how Steady greets you.",
            "week_start": WEEK_START_HELP,
        }


class SteadyLabels:
    """Labels in Steady's voice (sentence case, no placeholders standing in for labels)."""

    labels: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in self.labels:
                field.label = self.labels[name]


class LoginForm(SteadyLabels, allauth_forms.LoginForm):
    labels = {"login": "Email address", "password": "Password"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page itself links to the reset form.
        self.fields["password"].help_text = ""


class AddEmailForm(SteadyLabels, allauth_forms.AddEmailForm):
    labels = {"email": "New email address"}


class ResetPasswordForm(SteadyLabels, allauth_forms.ResetPasswordForm):
    labels = {"email": "Email address"}


class ResetPasswordKeyForm(SteadyLabels, allauth_forms.ResetPasswordKeyForm):
    labels = {"password1": "New password", "password2": "New password again"}


class ChangePasswordForm(SteadyLabels, allauth_forms.ChangePasswordForm):
    labels = {
        "oldpassword": "Current password",
        "password1": "New password",
        "password2": "New password again",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].help_text = ""  # the page links to the reset form


class ReauthenticateForm(SteadyLabels, allauth_forms.ReauthenticateForm):
    labels = {"password": "Your password"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""


# --- Passkeys -------------------------------------------------------------------------------

PASSKEY_PROBLEM = "That passkey didn't work. Try again, or use your password."


def _checked_credential(form: forms.Form, parse) -> dict:
    """The browser's passkey answer, if it has the shape WebAuthn gives it.

    allauth hands the posted JSON to fido2, which raises KeyError or ValueError on a
    malformed answer; refuse those here with the form's message instead of an error page.
    """
    credential = form.cleaned_data["credential"]
    try:
        parse(credential)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise forms.ValidationError(PASSKEY_PROBLEM) from None
    return credential


class AddPasskeyForm(AddWebAuthnForm):
    def clean_credential(self):
        return _checked_credential(self, RegistrationResponse.from_dict)


class PasskeyLoginForm(LoginWebAuthnForm):
    def clean_credential(self):
        _checked_credential(self, AuthenticationResponse.from_dict)
        return super().clean_credential()


class PasskeyReauthenticateForm(ReauthenticateWebAuthnForm):
    def clean_credential(self):
        _checked_credential(self, AuthenticationResponse.from_dict)
        return super().clean_credential()
