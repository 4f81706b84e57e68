"""Forms for sharing: the link's settings and which commitments it shows."""

from datetime import timedelta

from django import forms
from django.utils import dateformat, timezone

from tracker.commitments.models import Commitment
from tracker.sharing.models import PersonShare

KEEP = "keep"
EXPIRY_CHOICES = [
    ("", "Until I stop it"),
    ("7", "For a week"),
    ("30", "For a month"),
    ("90", "For three months"),
]


class ShareForm(forms.ModelForm):
    expires_in = forms.ChoiceField(
        label="Keep the link working",
        choices=EXPIRY_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        help_text="You can stop it at any time, whatever you choose here.",
    )

    class Meta:
        model = PersonShare
        fields = ["shown_name"]
        error_messages = {"shown_name": {"required": "Give the name they know you by."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.expires_at if self.instance.is_live() else None
        if current is not None:
            # Saving the name alone must not quietly change when a live link ends.
            when = dateformat.format(timezone.localtime(current), "j F Y")
            field = self.fields["expires_in"]
            field.choices = [(KEEP, f"As it is: until {when}"), *EXPIRY_CHOICES]
            self.initial.setdefault("expires_in", KEEP)

    def expires_at(self):
        """When the link stops working (None: until it is stopped)."""
        days = self.cleaned_data.get("expires_in")
        if days == KEEP:
            return self.instance.expires_at
        return timezone.now() + timedelta(days=int(days)) if days else None


class SharedCommitmentsForm(forms.Form):
    shared = forms.ModelMultipleChoiceField(
        label="Show on their page",
        queryset=Commitment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose among the commitments you made for them."},
    )

    def __init__(self, *args, commitments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shared"].queryset = commitments
        self.fields["shared"].label_from_instance = _choice_label


def _choice_label(commitment: Commitment) -> str:
    text = f"{commitment.title} ({commitment.schedule_summary})"
    if not commitment.is_active:
        text += f", {commitment.get_status_display().lower()}"
    return text
