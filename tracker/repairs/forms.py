"""The repair form: say plainly what happened, what you will do, and (if you like) a note
for them."""

from datetime import datetime

from django import forms
from django.utils import timezone

from tracker.commitments.forms import DATE_ERRORS, TIME_ERRORS, DateInput, TimeInput
from tracker.repairs.models import Repair

MAKES_A_PROMISE = (Repair.Next.NEW_TIME, Repair.Next.SMALLER)


class RepairForm(forms.ModelForm):
    promise_title = forms.CharField(
        label="The smaller promise",
        required=False,
        max_length=200,
        help_text="For a smaller next promise: something you are sure you can keep.",
    )
    promise_date = forms.DateField(
        label="Date", required=False, widget=DateInput, error_messages=DATE_ERRORS
    )
    promise_time = forms.TimeField(
        label="Time", required=False, widget=TimeInput, error_messages=TIME_ERRORS
    )

    class Meta:
        model = Repair
        fields = ["acknowledgement", "next_step", "note_for_them"]
        widgets = {
            "acknowledgement": forms.Textarea(attrs={"rows": 2}),
            "next_step": forms.RadioSelect,
            "note_for_them": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "acknowledgement": "Just what happened, without excuses. Only you see this.",
            "note_for_them": "Optional. Shown on the page you share with them, if this "
            "commitment is shared. Leave it empty to keep this to yourself.",
        }
        error_messages = {
            "acknowledgement": {"required": "Say in a few words what happened."},
        }

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["promise_time"].help_text = f"In your time zone ({user.time_zone})."
        if self.instance.follow_up_id:
            # The promise it offered exists now: it is changed on its own page.
            for name in ("next_step", "promise_title", "promise_date", "promise_time"):
                del self.fields[name]

    @property
    def offers_a_promise(self) -> bool:
        return "next_step" in self.fields

    def clean(self):
        data = super().clean()
        step = data.get("next_step")
        if step not in MAKES_A_PROMISE:
            return data
        if step == Repair.Next.SMALLER and not (data.get("promise_title") or "").strip():
            self.add_error("promise_title", "Say what the smaller promise is.")
        if data.get("promise_date") is None and "promise_date" not in self.errors:
            self.add_error("promise_date", "Choose the day you offer.")
        if data.get("promise_time") is None and "promise_time" not in self.errors:
            self.add_error("promise_time", "Choose the time you offer.")
        if data.get("promise_date") and data.get("promise_time"):
            due_at = datetime.combine(data["promise_date"], data["promise_time"], self.user.zone)
            if due_at <= timezone.now():
                self.add_error("promise_date", "Choose a time that is still ahead, with notice.")
            data["promise_due_at"] = due_at
        return data
