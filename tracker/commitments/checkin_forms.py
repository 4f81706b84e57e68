"""Forms that name one occurrence and say what happened at it: check-in, reschedule, and a
strip of earlier days."""

from datetime import date, datetime

from django import forms

from tracker.accounts.models import User
from tracker.commitments import bounds
from tracker.commitments.feedback import occurrence_to_record
from tracker.commitments.forms import DATE_ERRORS, TIME_ERRORS, DateInput, TimeInput
from tracker.commitments.models import (
    RESCHEDULE_REACH_DAYS,
    CheckIn,
    Commitment,
)
from tracker.commitments.schedule import Occurrence

# --- Check-ins ----------------------------------------------------------------------------

RECORDABLE_STATES = [
    (value, label) for value, label in CheckIn.State.choices if value != CheckIn.State.RESCHEDULED
]


class OccurrenceForm(forms.Form):
    """Names one occurrence and checks it is one: due (or recorded) that day, not future."""

    # Rescheduling with notice happens ahead of time; recording what happened cannot.
    allow_future = False

    occurrence_date = forms.DateField(
        widget=forms.HiddenInput, validators=bounds.DATE_VALIDATORS, error_messages=DATE_ERRORS
    )
    due_at = forms.DateTimeField(
        required=False, widget=forms.HiddenInput, validators=bounds.DATETIME_VALIDATORS
    )

    def __init__(self, *args, commitment: Commitment, user: User, **kwargs):
        self.commitment = commitment
        self.user = user
        self.occurrence = None
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        day = data.get("occurrence_date")
        if day is None:
            return data
        if self.commitment.is_promise:
            due_at = data.get("due_at")
            if due_at is not None and due_at != self.commitment.due_at:
                raise forms.ValidationError(
                    "This promise was already rescheduled since the page was loaded: "
                    "here is its new time."
                )
            day = self.commitment.local_due_date(self.user.zone)
            data["occurrence_date"] = day
            data["due_at"] = self.commitment.due_at
        else:
            data["due_at"] = None
        if day > self.user.local_today() and not self.allow_future:
            raise forms.ValidationError("That day hasn't come yet: you can record it on the day.")
        self.occurrence = self.occurrence_on(day)
        if self.occurrence is None:
            raise forms.ValidationError("Nothing was due that day.")
        return data

    def occurrence_on(self, day: date) -> Occurrence | None:
        return self.commitment.occurrence_on(day, user=self.user)


class CheckInForm(OccurrenceForm):
    state = forms.ChoiceField(
        label="What happened",
        choices=RECORDABLE_STATES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what happened.",
            "invalid_choice": "Choose what happened.",
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How did it go? How did they respond?",
    )

    shared_note = forms.CharField(
        label="Note for them (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown on the page you share with them, if you share this commitment. "
        "Your note above stays private.",
    )

    def occurrence_on(self, day: date) -> Occurrence | None:
        # What is recorded is told with the run it extends ("5 in a row"): the check-ins
        # the run needs come in the same query as the occurrence's own.
        return occurrence_to_record(self.commitment, day, user=self.user)

    def clean_note(self) -> str | None:
        # A one-tap button sends no note field: keep whatever note is already there.
        return self.cleaned_data["note"] if "note" in self.data else None

    def clean_shared_note(self) -> str | None:
        return self.cleaned_data["shared_note"] if "shared_note" in self.data else None


class RescheduleForm(OccurrenceForm):
    allow_future = True

    new_date = forms.DateField(
        label="New date",
        widget=DateInput,
        validators=bounds.DATE_VALIDATORS,
        error_messages=DATE_ERRORS,
    )
    new_time = forms.TimeField(
        label="New time", required=False, widget=TimeInput, error_messages=TIME_ERRORS
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, how and when you told them.",
    )

    def clean(self):
        data = super().clean()
        new_date: date | None = data.get("new_date")
        if self.occurrence is None or new_date is None:
            return data
        if self.commitment.is_promise:
            if data.get("new_time") is None:
                self.add_error("new_time", "Choose the new time.")
                return data
            new_due_at = datetime.combine(new_date, data["new_time"], self.user.zone)
            if new_due_at == self.commitment.due_at:
                self.add_error("new_date", "Choose a different date or time.")
            elif self.commitment.checkins.filter(due_at=new_due_at).exists():
                self.add_error("new_date", "This promise already had that due time.")
            data["new_due_at"] = new_due_at
            return data
        day = data["occurrence_date"]
        checkin = self.occurrence.checkin
        if checkin is not None and checkin.rescheduled_to_date == new_date:
            self.add_error(
                "new_date", f"That day was already rescheduled, to {new_date.day} {new_date:%B}."
            )
        elif new_date == day:
            self.add_error("new_date", "Choose a different day.")
        elif new_date < (self.commitment.start_date or new_date):
            self.add_error("new_date", "Choose a day on or after the routine's start.")
        elif abs((new_date - day).days) > RESCHEDULE_REACH_DAYS:
            self.add_error("new_date", "Choose a day within two months of the original.")
        elif self.commitment.occurrence_on(new_date, user=self.user) is not None:
            self.add_error("new_date", "Something is already due that day: choose another.")
        return data


class StripForm(forms.Form):
    """ "Mark all as kept" on a strip: the first day the strip showed, so only the days the
    person saw are marked."""

    first_day = forms.DateField(widget=forms.HiddenInput, error_messages=DATE_ERRORS)
