"""Forms of the device area: how reminders reach the person, and a device's subscription."""

from django import forms

from tracker.commitments.forms import TimeInput
from tracker.models import NotificationSettings


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["promise_channel", "digest_channel", "show_titles", "quiet_start", "quiet_end"]
        widgets = {
            "promise_channel": forms.RadioSelect,
            "digest_channel": forms.RadioSelect,
            "quiet_start": TimeInput,
            "quiet_end": TimeInput,
        }
        help_texts = {
            "quiet_start": "Nothing arrives between these times, in your time zone. "
            "Leave both empty for no quiet hours.",
        }
        error_messages = {
            "quiet_start": {"invalid": "Enter a time, for example 22:00."},
            "quiet_end": {"invalid": "Enter a time, for example 07:00."},
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("quiet_start"), data.get("quiet_end")
        if (start is None) != (end is None) and not self.errors:
            raise forms.ValidationError("Give both ends of your quiet hours, or neither.")
        return data


class SubscriptionForm(forms.Form):
    """What a browser's PushSubscription.toJSON() gives, plus a name for the device."""

    endpoint = forms.URLField(max_length=2000, assume_scheme="https")
    p256dh = forms.RegexField(regex=r"^[A-Za-z0-9_-]{80,100}={0,2}$", max_length=200)
    auth = forms.RegexField(regex=r"^[A-Za-z0-9_-]{16,30}={0,2}$", max_length=100)
    name = forms.CharField(max_length=100, required=False)

    def clean_endpoint(self) -> str:
        endpoint = self.cleaned_data["endpoint"]
        if not endpoint.startswith("https://"):
            raise forms.ValidationError("A push service's address starts with https://.")
        return endpoint

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip() or "A browser"
