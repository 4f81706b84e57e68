from dataclasses import dataclass

from django import forms
from django.contrib.auth import authenticate, get_user_model

from tracker.data.imports import IMPORT_MAX_BYTES
from tracker.models import CommitmentReminder, DataSettings

CONFIRM_WORD = "delete"


class PasswordCheckForm(forms.Form):
    """Asks for the password again before something sensitive.

    The check goes through `authenticate`, so django-axes counts wrong guesses here as it
    does on the sign-in page, and locks the account out after repeated failures.
    """

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        user = self.request.user
        checked = authenticate(self.request, username=user.email, password=password)
        if checked is None or checked.pk != user.pk:
            raise forms.ValidationError("That password does not match your account.")
        return password


class ExportForm(PasswordCheckForm):
    FORMATS = [
        ("json", "JSON (one file, can be imported into Steady)"),
        ("zip", "Spreadsheet files (a ZIP of CSV files)"),
    ]
    format = forms.ChoiceField(
        label="File type", choices=FORMATS, initial="json", widget=forms.RadioSelect
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Steady export file (.json)",
        help_text=f"At most {IMPORT_MAX_BYTES // (1024 * 1024)} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/json,.json"}),
    )


class DeleteAccountForm(PasswordCheckForm):
    confirm = forms.CharField(
        label=f"Type “{CONFIRM_WORD}” to confirm",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"]
        if value.strip().lower() != CONFIRM_WORD:
            raise forms.ValidationError(f"Type the word “{CONFIRM_WORD}” to confirm.")
        return value


class EmailChangeForm(PasswordCheckForm):
    new_email = forms.EmailField(
        label="New email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    field_order = ["new_email", "password"]

    def clean_new_email(self) -> str:
        email = get_user_model().objects.normalize_email_address(self.cleaned_data["new_email"])
        if email == self.request.user.email.lower():
            raise forms.ValidationError("That is already your email address.")
        taken = get_user_model().objects.filter(email__iexact=email).exists()
        if taken:
            raise forms.ValidationError("That address belongs to another account.")
        return email


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = DataSettings
        fields = ["digest_enabled", "digest_time", "reminders_enabled"]
        widgets = {"digest_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}


class CommitmentReminderForm(forms.ModelForm):
    class Meta:
        model = CommitmentReminder
        fields = ["enabled", "minutes_before"]


@dataclass(frozen=True)
class ReminderPanel:
    """What templates/tracker/data/commitment_reminder.html shows on a promise's page."""

    commitment: object
    form: CommitmentReminderForm
    email_verified: bool
    reminders_enabled: bool


def reminder_panel_for(commitment, *, user, data=None) -> ReminderPanel | None:
    """The reminder form for a promise's page (None for routines: the morning summary
    covers them). Pass `data` to bind the form to a POST."""
    if not commitment.is_promise:
        return None
    reminder = CommitmentReminder.objects.filter(commitment=commitment).first()
    settings_row = DataSettings.objects.for_user(user)
    form = CommitmentReminderForm(
        data, instance=reminder or CommitmentReminder(commitment=commitment), prefix="reminder"
    )
    return ReminderPanel(
        commitment=commitment,
        form=form,
        email_verified=settings_row.email_verified,
        reminders_enabled=settings_row.reminders_enabled,
    )
