"""Forms for people, commitments and check-ins: they own validation; views stay thin and
services do the writing."""

from datetime import date, datetime

from django import forms

from guidance.models import Practice, ScheduleType
from tracker.accounts.models import User
from tracker.commitments import bounds
from tracker.commitments.models import (
    RESCHEDULE_REACH_DAYS,
    WEEKDAY_NAMES,
    CheckIn,
    Commitment,
    Person,
)

DATE_ERRORS = {"invalid": "Enter a real date, for example 2026-03-14."}
TIME_ERRORS = {"invalid": "Enter a time, for example 15:00."}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # Browsers' date inputs read only ISO dates, whatever the site's locale formats.
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


# --- People -------------------------------------------------------------------------------


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "relationship", "note"]
        help_texts = {"note": "Only you can see this."}
        error_messages = {"name": {"required": "Give a name or nickname."}}


class DeletePersonForm(forms.Form):
    commitments = forms.ChoiceField(
        label="Their commitments",
        choices=[
            ("keep", "Keep them, with no one named"),
            ("delete", "Delete them and their check-ins"),
        ],
        initial="keep",
        widget=forms.RadioSelect,
    )


# --- Commitments --------------------------------------------------------------------------


class CommitmentForm(forms.ModelForm):
    """Fields both kinds share; the owner's people and published practices only."""

    title = forms.CharField(
        max_length=200,
        error_messages={
            "required": "Give it a short title, like “Call Sam on Sunday”.",
            "max_length": "Keep the title under 200 characters (it has %(show_value)d).",
        },
    )
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="For whom (optional)",
        error_messages={"invalid_choice": "Choose one of the people you added."},
    )
    practice = forms.ModelChoiceField(
        queryset=Practice.objects.none(),
        required=False,
        label="Practice it puts into action (optional)",
        error_messages={"invalid_choice": "Choose one of the guide's practices."},
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.for_user(user)
        self.fields["practice"].queryset = Practice.objects.published()
        self.instance.owner = user


class PromiseForm(CommitmentForm):
    due_date = forms.DateField(
        label="Date",
        widget=DateInput,
        validators=bounds.DATE_VALIDATORS,
        error_messages={**DATE_ERRORS, "required": "Choose a date."},
    )
    due_time = forms.TimeField(
        label="Time",
        widget=TimeInput,
        error_messages={**TIME_ERRORS, "required": "Choose a time."},
    )

    class Meta:
        model = Commitment
        fields = ["title", "due_date", "due_time", "tolerance_minutes", "place", "note"]
        fields += ["person", "practice"]
        help_texts = {
            "tolerance_minutes": "How late still counts as on time (0 = right on time).",
            "note": "Anything to remember about it.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tolerance_minutes"].max_value = 24 * 60
        self.fields["tolerance_minutes"].widget.attrs["max"] = 24 * 60
        if self.instance.due_at:
            local = self.instance.due_at.astimezone(self.user.zone)
            self.initial.setdefault("due_date", local.date())
            self.initial.setdefault("due_time", local.time().replace(second=0, microsecond=0))
        self.fields["due_time"].help_text = f"In your time zone ({self.user.time_zone})."

    def clean(self):
        data = super().clean()
        if data.get("due_date") and data.get("due_time"):
            data["due_at"] = datetime.combine(data["due_date"], data["due_time"], self.user.zone)
        return data

    def save(self, commit: bool = True) -> Commitment:
        self.instance.kind = Commitment.Kind.PROMISE
        self.instance.due_at = self.cleaned_data["due_at"]
        return super().save(commit)


class RoutineForm(CommitmentForm):
    schedule_type = forms.ChoiceField(
        label="How often",
        choices=ScheduleType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often."},
    )
    weekday_choices = forms.TypedMultipleChoiceField(
        label="Which weekdays",
        choices=list(enumerate(WEEKDAY_NAMES)),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For “On chosen weekdays”.",
    )
    times_per_week = forms.IntegerField(
        label="Times per week",
        required=False,
        help_text="For “A number of times each week”: 1 to 7.",
        widget=forms.NumberInput(attrs={"min": 1, "max": 7}),
    )
    interval_days = forms.IntegerField(
        label="Every how many days",
        required=False,
        help_text="For “Every few days”: 2 means every other day.",
        widget=forms.NumberInput(attrs={"min": 1, "max": 365}),
    )
    start_date = forms.DateField(
        label="Starting on",
        widget=DateInput,
        validators=bounds.DATE_VALIDATORS,
        error_messages={**DATE_ERRORS, "required": "Choose the first day."},
    )
    time_of_day = forms.TimeField(
        label="Time of day (optional)", required=False, widget=TimeInput, error_messages=TIME_ERRORS
    )

    class Meta:
        model = Commitment
        fields = ["title", "schedule_type", "weekday_choices", "times_per_week"]
        fields += ["interval_days", "time_of_day", "start_date", "note", "person", "practice"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("weekday_choices", self.instance.weekday_list)
        elif not self.initial.get("start_date"):
            # A new instance's empty start date is already in `initial`: replace it.
            self.initial["start_date"] = self.user.local_today()

    def clean_start_date(self) -> date:
        day = self.cleaned_data["start_date"]
        # A start date kept from before (an imported routine, say) may stay as it is.
        if day != self.instance.start_date:
            bounds.check_start(day, self.user.local_today())
        return day

    def clean(self):
        data = super().clean()
        kind = data.get("schedule_type")
        if kind == ScheduleType.WEEKDAYS and not data.get("weekday_choices"):
            self.add_error("weekday_choices", "Choose at least one weekday.")
        if kind == ScheduleType.PER_WEEK:
            times = data.get("times_per_week")
            if times is None or not 1 <= times <= 7:
                self.add_error("times_per_week", "Choose between 1 and 7 times a week.")
        if kind == ScheduleType.EVERY_N_DAYS:
            days = data.get("interval_days")
            if days is None or not 1 <= days <= 365:
                self.add_error("interval_days", "Choose a number of days from 1 to 365.")
        return data

    def save(self, commit: bool = True) -> Commitment:
        data = self.cleaned_data
        self.instance.set_routine_schedule(
            data["schedule_type"],
            weekdays=data["weekday_choices"],
            times_per_week=data["times_per_week"],
            interval_days=data["interval_days"],
        )
        return super().save(commit)


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
        self.occurrence = self.commitment.occurrence_on(day, user=self.user)
        if self.occurrence is None:
            raise forms.ValidationError("Nothing was due that day.")
        return data


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

    def clean_note(self) -> str | None:
        # A one-tap button sends no note field: keep whatever note is already there.
        return self.cleaned_data["note"] if "note" in self.data else None


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
