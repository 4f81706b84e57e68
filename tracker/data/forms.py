from dataclasses import dataclass

from django import forms

from tracker.data.imports import IMPORT_MAX_BYTES
from tracker.models import CommitmentReminder, DataSettings

CONFIRM_WORD = "delete"


class ExportForm(forms.Form):
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


class DeleteAccountForm(forms.Form):
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
