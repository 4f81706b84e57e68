"""The people you support, commitments, their pauses and check-ins.

Time: due dates are *local* dates in the user's time zone; promise due times are stored
as aware datetimes (UTC in the database). `tracker.commitments.schedule` turns a
commitment into the occurrences it asks of you.
"""

import zoneinfo
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from guidance.models import CommitmentKind, ScheduleType
from tracker.commitments import schedule
from tracker.commitments.bounds import DATE_VALIDATORS, DATETIME_VALIDATORS, LimitedTextField
from trustsite.querysets import OwnedQuerySet

# How far (in days) a routine occurrence may be moved by rescheduling.
RESCHEDULE_REACH_DAYS = 60
# What Today's schedule and rows read of a check-in.
WINDOW_CHECKIN_FIELDS = (
    "commitment_id",
    "occurrence_date",
    "due_at",
    "state",
    "note",
    "rescheduled_to_date",
)

# Monday = 1 << 0 … Sunday = 1 << 6, matching date.weekday().
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class PersonQuerySet(OwnedQuerySet):
    def with_commitment_counts(self):
        """Annotate `commitment_count`: the person's commitments that are not archived."""
        return self.annotate(
            commitment_count=Count(
                "commitments", filter=~Q(commitments__status=Commitment.Status.ARCHIVED)
            )
        )


class Person(models.Model):
    class Relationship(models.TextChoices):
        FRIEND = "friend", "Friend"
        PARTNER = "partner", "Partner"
        FAMILY = "family", "Family"
        COWORKER = "coworker", "Co-worker"
        OTHER = "other", "Other"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="people"
    )
    name = models.CharField("name or nickname", max_length=100)
    relationship = models.CharField(
        max_length=10, choices=Relationship.choices, default=Relationship.FRIEND
    )
    note = LimitedTextField("private note", max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name


class CommitmentQuerySet(OwnedQuerySet):
    def active(self):
        return self.filter(status=Commitment.Status.ACTIVE)

    def for_today(self, *, since: datetime):
        """Active commitments Today may show: every routine, promises due from `since` on,
        and older promises still waiting for the user to say what happened."""
        recorded = CheckIn.objects.filter(commitment=OuterRef("pk"), due_at=OuterRef("due_at"))
        return self.active().filter(
            Q(kind=CommitmentKind.ROUTINE) | Q(due_at__gte=since) | ~Exists(recorded)
        )

    def with_window(
        self, start: date, end: date, *, fields: tuple[str, ...] = WINDOW_CHECKIN_FIELDS
    ) -> list["Commitment"]:
        """Evaluate: the commitments with person and practice, each with every pause (in
        `pause_list`) and the check-ins a window of local days needs (in `window_checkins`),
        in three queries however many commitments there are.

        The check-ins are those on a day in the window (a promise's check-in sits on the
        local day of its due time) and those rescheduled *to* a day in it
        (`CheckInQuerySet.around`). They come as light named tuples with the fields the
        schedule and the rows read (`WINDOW_CHECKIN_FIELDS`): building model instances
        for them cost Today more than the queries did.
        """
        commitments = list(self.select_related("person", "practice"))
        ids = [c.pk for c in commitments]
        pauses: dict[int, list] = {pk: [] for pk in ids}
        checkins: dict[int, list] = {pk: [] for pk in ids}
        if ids:
            for pause in CommitmentPause.objects.filter(commitment_id__in=ids):
                pauses[pause.commitment_id].append(pause)
            window = CheckIn.objects.filter(commitment_id__in=ids).around(start, end)
            for row in window.values_list(*fields, named=True):
                checkins[row.commitment_id].append(row)
        for commitment in commitments:
            commitment.pause_list = pauses[commitment.pk]
            commitment.window_checkins = checkins[commitment.pk]
        return commitments


class Commitment(models.Model):
    """A promise (one-off, with a due time) or a routine (recurring, on a schedule)."""

    Kind = CommitmentKind
    ScheduleType = ScheduleType

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        ARCHIVED = "archived", "Archived"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commitments"
    )
    kind = models.CharField(max_length=10, choices=CommitmentKind.choices)
    title = models.CharField(max_length=200)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments"
    )
    practice = models.ForeignKey(
        "guidance.Practice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    note = LimitedTextField(max_length=2000, blank=True)
    # Off by default: only commitments marked shared appear on their person's shared page.
    shared = models.BooleanField("show on the page I share with them", default=False)

    # Promise fields.
    due_at = models.DateTimeField(null=True, blank=True, validators=DATETIME_VALIDATORS)
    tolerance_minutes = models.PositiveIntegerField("on-time tolerance (minutes)", default=0)
    place = models.CharField(max_length=200, blank=True)

    # Routine fields.
    schedule_type = models.CharField(max_length=20, choices=ScheduleType.choices, blank=True)
    weekdays = models.PositiveSmallIntegerField(default=0, help_text="Bit mask, Monday = 1.")
    times_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    interval_days = models.PositiveSmallIntegerField(null=True, blank=True)
    time_of_day = models.TimeField(null=True, blank=True)
    start_date = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="routine") | Q(due_at__isnull=False),
                name="promise_has_due_time",
            ),
            models.CheckConstraint(
                condition=Q(kind="promise") | (Q(start_date__isnull=False) & ~Q(schedule_type="")),
                name="routine_has_schedule",
            ),
        ]
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tracker:commitment-detail", args=[self.pk])

    @property
    def is_promise(self) -> bool:
        return self.kind == CommitmentKind.PROMISE

    @property
    def is_routine(self) -> bool:
        return self.kind == CommitmentKind.ROUTINE

    @property
    def weekday_list(self) -> list[int]:
        return [day for day in range(7) if self.weekdays & (1 << day)]

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_per_week(self) -> bool:
        return self.is_routine and self.schedule_type == ScheduleType.PER_WEEK

    def pause_spans(self) -> list[schedule.Span]:
        """This commitment's paused spans, from the prefetched `pause_list` when present."""
        pauses = getattr(self, "pause_list", None)
        if pauses is None:
            pauses = list(self.pauses.all())
        return [schedule.Span(p.starts_on, p.ends_on) for p in pauses]

    def local_due_date(self, zone: zoneinfo.ZoneInfo) -> date | None:
        return schedule.local_date(self.due_at, zone) if self.due_at else None

    @property
    def schedule_summary(self) -> str:
        """How the schedule reads to people: "Every day at 08:00", "Mondays and Fridays"."""
        if self.is_promise:
            return "One-off promise"
        kind = self.schedule_type
        if kind == ScheduleType.DAILY:
            text = "Every day"
        elif kind == ScheduleType.WEEKDAYS:
            names = [WEEKDAY_NAMES[day] + "s" for day in self.weekday_list]
            text = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
        elif kind == ScheduleType.PER_WEEK:
            times = self.times_per_week or 1
            text = "Once a week" if times == 1 else f"{times} times a week"
        elif kind == ScheduleType.EVERY_N_DAYS:
            days = self.interval_days or 1
            text = "Every day" if days == 1 else f"Every {days} days"
        else:
            text = "No schedule"
        if self.time_of_day:
            text += f" at {self.time_of_day:%H:%M}"
        return text

    def set_routine_schedule(
        self,
        schedule_type: str,
        *,
        weekdays: Iterable[int] = (),
        times_per_week: int | None = None,
        interval_days: int | None = None,
    ) -> None:
        """Make this a routine on `schedule_type`, keeping only the settings that schedule
        uses, so values from an earlier schedule never linger (and never count)."""
        self.kind = CommitmentKind.ROUTINE
        self.schedule_type = schedule_type
        is_weekdays = schedule_type == ScheduleType.WEEKDAYS
        self.weekdays = sum(1 << day for day in set(weekdays)) if is_weekdays else 0
        self.times_per_week = times_per_week if schedule_type == ScheduleType.PER_WEEK else None
        self.interval_days = interval_days if schedule_type == ScheduleType.EVERY_N_DAYS else None

    def occurrence_on(self, day: date, *, user) -> "schedule.Occurrence | None":
        """The occurrence of this commitment on a local day (None if nothing is due then),
        with its check-in and, for "times per week" routines, the week's tally."""
        week_from = schedule.week_start_of(day, user.week_start)
        self.pause_list = list(self.pauses.all())
        self.window_checkins = list(
            self.checkins.filter(
                Q(occurrence_date__range=(week_from, week_from + timedelta(days=6)))
                | Q(rescheduled_to_date=day)
                | Q(due_at__isnull=False)
            )
        )
        return schedule.occurrence_on(
            self,
            day,
            checkins=self.window_checkins,
            pauses=self.pause_spans(),
            zone=user.zone,
            week_start=user.week_start,
        )


class CommitmentPause(models.Model):
    """A span when a commitment was paused: its days are not due and never count as missed.

    `ends_on` is exclusive; an open pause has none. Kept as history so that progress for
    past periods stays right after the commitment is resumed.
    """

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="pauses")
    starts_on = models.DateField(validators=DATE_VALIDATORS)
    ends_on = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)

    class Meta:
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.commitment} paused from {self.starts_on} to {self.ends_on or 'now'}"


class CheckInQuerySet(OwnedQuerySet):
    owner_path = "commitment__owner"

    def history(self):
        """Newest first, as the commitment page lists them."""
        return self.order_by("-occurrence_date", "-due_at", "-pk")

    def around(self, start: date, end: date):
        """Check-ins on a local day from start to end, and those rescheduled *to* such a
        day: everything the occurrences of those days need.

        A rescheduled check-in was made at most `RESCHEDULE_REACH_DAYS` from the day it
        moved to, so the index on the day bounds the scan however long the history is.
        """
        reach = timedelta(days=RESCHEDULE_REACH_DAYS)
        return self.filter(
            Q(occurrence_date__range=(start - reach, end + reach)),
            Q(occurrence_date__range=(start, end)) | Q(rescheduled_to_date__range=(start, end)),
        )


class CheckIn(models.Model):
    """What happened at one occurrence of a commitment, as the user recorded it.

    A routine occurrence is its local due day (`occurrence_date`); a promise occurrence is
    its due time (`due_at`), so a rescheduled promise keeps one row per due time.
    """

    # Defined with the engine that reads it, so schedule.py needs no model import.
    State = schedule.State

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="checkins")
    occurrence_date = models.DateField(validators=DATE_VALIDATORS)
    due_at = models.DateTimeField(null=True, blank=True, validators=DATETIME_VALIDATORS)
    state = models.CharField(max_length=12, choices=State.choices)
    note = LimitedTextField(max_length=2000, blank=True)
    # Written for the person, kept apart from the private note and never filled from it.
    shared_note = LimitedTextField("note for them", max_length=1000, blank=True)
    # Where a rescheduled occurrence went: a new due time (promise) or a day (routine).
    rescheduled_to = models.DateTimeField(null=True, blank=True, validators=DATETIME_VALIDATORS)
    rescheduled_to_date = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["occurrence_date", "due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "occurrence_date"],
                condition=Q(due_at__isnull=True),
                name="one_checkin_per_routine_day",
            ),
            models.UniqueConstraint(
                fields=["commitment", "due_at"],
                condition=Q(due_at__isnull=False),
                name="one_checkin_per_promise_time",
            ),
        ]
        indexes = [models.Index(fields=["commitment", "occurrence_date"])]

    def __str__(self) -> str:
        return f"{self.commitment} on {self.occurrence_date}: {self.get_state_display()}"
