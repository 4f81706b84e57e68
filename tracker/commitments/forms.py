"""Forms for people and commitments: they own validation; views stay thin and services do
the writing. The forms that record an occurrence are in `checkin_forms.py`."""

from datetime import date, datetime, timedelta

from django import forms

from guidance.models import Practice, ScheduleType
from tracker.accounts.models import User
from tracker.commitments import bounds
from tracker.commitments.models import (
    Commitment,
    Person,
)
from tracker.commitments.schedule import WEEKDAY_SHORT

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

    # Folded away under "More options" unless one of them holds something or an error.
    folded = ("note", "person", "practice")
    # Fields only one schedule uses: {field name: the schedule_type that shows it}.
    shown_for: dict[str, str] = {}

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.for_user(user)
        self.fields["practice"].queryset = Practice.objects.published()
        self.fields["note"].widget.attrs["rows"] = 2
        self.instance.owner = user

    def field_groups(self) -> tuple[list, list]:
        """(the fields always shown, each with the schedule it belongs to or "";
        the folded ones), in the form's order, for the template."""
        shown = [(self[n], self.shown_for.get(n, "")) for n in self.fields if n not in self.folded]
        return shown, [self[n] for n in self.fields if n in self.folded]

    @property
    def folded_summary(self) -> str:
        """What "More options" holds, in a few words: "time of day, note, for whom"."""
        labels = (str(self[n].label).removesuffix(" (optional)").lower() for n in self.folded)
        return ", ".join(labels)

    @property
    def folded_open(self) -> bool:
        return any(self[n].errors or self[n].value() not in (None, "", 0, "0") for n in self.folded)


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
        labels = {"tolerance_minutes": "How late still counts as on time?"}
        help_texts = {
            "tolerance_minutes": "Minutes after the time that still count as kept on time. "
            "0 means right on time; later than this is “kept, a bit late”.",
            "note": "Anything to remember about it.",
        }

    folded = ("tolerance_minutes", "place", "note", "person", "practice")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tolerance_minutes"].max_value = 24 * 60
        self.fields["tolerance_minutes"].widget.attrs["max"] = 24 * 60
        if self.instance.due_at:
            local = self.instance.due_at.astimezone(self.user.zone)
            self.initial.setdefault("due_date", local.date())
            self.initial.setdefault("due_time", local.time().replace(second=0, microsecond=0))
        else:
            self.initial.setdefault("due_date", suggested_due(self.user).date())
            self.initial.setdefault("due_time", suggested_due(self.user).time())
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


def suggested_due(user: User) -> datetime:
    """A new promise's suggested time: tomorrow, at the next full hour, in the user's zone."""
    now = user.local_now()
    next_hour = (now + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    return datetime.combine(now.date() + timedelta(days=1), next_hour.time(), user.zone)


class RoutineForm(CommitmentForm):
    schedule_type = forms.ChoiceField(
        label="How often",
        choices=ScheduleType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often."},
    )
    weekday_choices = forms.TypedMultipleChoiceField(
        label="Which weekdays",
        # Short names make compact toggle chips.
        choices=list(enumerate(WEEKDAY_SHORT)),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "chip-input"}),
        help_text="For “On chosen weekdays”: tap each day.",
    )
    times_per_week = forms.IntegerField(
        label="Times per week",
        required=False,
        help_text="For “A number of times each week”: 1 to 7, on any days you like.",
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
        fields += ["interval_days", "start_date", "time_of_day", "note", "person", "practice"]

    folded = ("time_of_day", "note", "person", "practice")
    shown_for = {
        "weekday_choices": ScheduleType.WEEKDAYS,
        "times_per_week": ScheduleType.PER_WEEK,
        "interval_days": ScheduleType.EVERY_N_DAYS,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A sensible start: every day, from today.
        if not self.initial.get("schedule_type"):
            self.initial["schedule_type"] = ScheduleType.DAILY
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
