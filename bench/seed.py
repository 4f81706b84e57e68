"""Realistic data for the benchmark: one helper with a year of history.

By default 20 commitments (8 promises, 12 routines of every schedule type), a year of
check-ins with a believable mix of states, three people, and journal entries. `seed()`
takes the number of commitments, the years of history and the email, so the benchmark can
seed more users beside the default one and see how a page's cost grows with what it shows
(200 commitments) and with history (5 years).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

PASSWORD = "bench-Passphrase-for-loopback-only"


def seed(*, commitments: int = 20, years: int = 1, email: str = "bench@example.com") -> dict:
    """Seed one user; returns the values the benchmark's page paths are filled from.

    Three in five commitments are routines and two in five promises (12 and 8 by default),
    the promises due around today; every routine has `years` of check-ins.
    """
    from guidance.models import Practice
    from tracker.commitments.schedule import routine_due_dates, weekly_windows
    from tracker.models import CheckIn, Commitment, Person, User

    rng = random.Random(42)
    user = User.objects.create_user(
        email, PASSWORD, display_name="Bench", time_zone="Europe/London"
    )
    today = user.local_today()
    start = today - timedelta(days=365 * years)
    routine_count = commitments * 3 // 5
    promise_count = commitments - routine_count
    people = [
        Person.objects.create(owner=user, name=name, relationship=rel)
        for name, rel in [("Sam", "partner"), ("Alex", "friend"), ("Mum", "family")]
    ]
    practices = list(Practice.objects.published())
    practice = practices[0] if practices else None

    schedules = [
        {"schedule_type": "daily"},
        {"schedule_type": "weekdays", "weekdays": 0b1000000},
        {"schedule_type": "weekdays", "weekdays": 0b0010101},
        {"schedule_type": "per_week", "times_per_week": 3},
        {"schedule_type": "every_n_days", "interval_days": 3},
    ]
    made = []
    for index in range(routine_count):
        made.append(
            Commitment.objects.create(
                owner=user,
                kind="routine",
                title=f"Routine {index + 1}: tell them one thing I appreciate",
                person=people[index % 3],
                practice=practices[index % len(practices)] if practices else None,
                start_date=start,
                time_of_day=time(9 + index % 8, 0),
                **schedules[index % len(schedules)],
            )
        )
    zone = user.zone
    for index in range(promise_count):
        due = datetime.combine(today + timedelta(days=index % 8 - 4), time(15, 0), tzinfo=zone)
        made.append(
            Commitment.objects.create(
                owner=user,
                kind="promise",
                title=f"Promise {index + 1}: be at the café on time",
                person=people[index % 3],
                practice=practice,
                due_at=due,
                tolerance_minutes=5,
                place="The corner café",
            )
        )

    states = ["kept"] * 70 + ["late"] * 12 + ["missed"] * 10 + ["skipped"] * 5 + ["rescheduled"] * 3
    rows = []
    yesterday = today - timedelta(days=1)
    for commitment in made:
        if commitment.kind == "routine":
            if commitment.schedule_type == "per_week":
                days = []
                for window in weekly_windows(commitment, start, yesterday, user.week_start):
                    span = [window.starts_on + timedelta(days=d) for d in range(7)]
                    days += sorted(
                        rng.sample(
                            [d for d in span if d <= yesterday] or [window.starts_on],
                            k=min(3, len([d for d in span if d <= yesterday]) or 1),
                        )
                    )
            else:
                days = routine_due_dates(commitment, start, yesterday)
            for day in days:
                if rng.random() < 0.06:
                    continue  # a few left unrecorded, as in life
                state = rng.choice(states)
                if state == "rescheduled":
                    state = "skipped"
                rows.append(
                    CheckIn(
                        commitment=commitment,
                        occurrence_date=day,
                        state=state,
                        note="Went well; they smiled." if rng.random() < 0.2 else "",
                    )
                )
        elif commitment.due_at < timezone.now():
            rows.append(
                CheckIn(
                    commitment=commitment,
                    occurrence_date=commitment.due_at.astimezone(zone).date(),
                    due_at=commitment.due_at,
                    state=rng.choice(["kept", "late", "missed"]),
                )
            )
    CheckIn.objects.bulk_create(rows, batch_size=1000)

    extra = _seed_journal(user, people, rng, today)
    extra["share_token"] = _seed_sharing(user, people[0], made, rows, rng)

    routine = made[0]
    return {
        "user": user,
        "practice_slug": practice.slug if practice else "missing",
        "checkin_commitment": routine.pk,
        "checkin_body": f"occurrence_date={today.isoformat()}&state=kept",
        "export_body": f"password={PASSWORD}&format=json",
        "checkins": len(rows),
        "feed_token": extra.get("feed_token", "missing"),
        "share_token": extra.get("share_token", "missing"),
        "start": date.isoformat(start),
    }


def _seed_sharing(user, person, commitments, checkins, rng) -> str:
    """Share the first person's commitments, with notes for them and repairs after some
    misses; returns the shared page's token."""
    from tracker.models import CheckIn, Commitment, PersonShare, Repair

    mine = [c.pk for c in commitments if c.person_id == person.pk]
    Commitment.objects.filter(pk__in=mine).update(shared=True)
    saved = CheckIn.objects.filter(commitment_id__in=mine)
    for checkin in saved.filter(state="kept")[::5]:
        checkin.shared_note = "Thank you for waiting for me."
        checkin.save(update_fields=["shared_note"])
    Repair.objects.bulk_create(
        Repair(
            checkin=checkin,
            acknowledgement="I didn't do it as I said.",
            note_for_them="I'm sorry. Can we try again on Saturday?",
        )
        for checkin in saved.filter(state="missed")
        if rng.random() < 0.6
    )
    share = PersonShare(person=person, shown_name="Bench")
    share.new_link()
    share.save()
    return share.token


def seed_oldest() -> dict:
    """The worst case for history: a second user whose daily routine started on the
    earliest date Steady stores (an import can bring one in), kept every day of the
    history a page computes. Pages must stay within `bounds.HISTORY_DAYS` of work."""
    from tracker.commitments import bounds
    from tracker.models import CheckIn, Commitment, User

    user = User.objects.create_user("oldest@example.com", PASSWORD, display_name="Oldest")
    today = user.local_today()
    routine = Commitment.objects.create(
        owner=user,
        kind="routine",
        title="A routine from 1900",
        schedule_type="daily",
        start_date=bounds.EARLIEST,
    )
    CheckIn.objects.bulk_create(
        (
            CheckIn(commitment=routine, occurrence_date=today - timedelta(days=back), state="kept")
            for back in range(1, bounds.HISTORY_DAYS + 30)
        ),
        batch_size=1000,
    )
    return {"user": user, "oldest_commitment": routine.pk}


def _seed_journal(user, people, rng, today) -> dict:
    """A year of journal writing, the support circle, and the calendar feed's token."""
    from tracker.data.models import DataSettings
    from tracker.journal.models import (
        Boundary,
        BoundaryTest,
        ListeningNote,
        Reflection,
        SupportCircleMember,
    )

    notes, reflections, tests = [], [], []
    boundaries = [
        Boundary.objects.create(owner=user, statement=text, why="It keeps us both safe.")
        for text in ("No shouting at me", "I leave the room if it gets cruel", "Sleep by midnight")
    ]
    for day in range(0, 365, 3):
        when = today - timedelta(days=day)
        person = people[day % len(people)]
        notes.append(
            ListeningNote(owner=user, date=when, person=person, text="They told me about school.")
        )
        if day % 2 == 0:
            reflections.append(
                Reflection(
                    owner=user,
                    date=when,
                    person=person,
                    what_happened="They went quiet after I was late.",
                    first_reading="They are angry with me.",
                    feelings=rng.sample(["hurt", "anxious", "sad", "overwhelmed"], 2),
                    kinder_reading="Lateness reminds them of being let down.",
                    next_step="Arrive five minutes early next time.",
                )
            )
        if day % 9 == 0:
            tests.append(
                BoundaryTest(
                    owner=user,
                    boundary=boundaries[day % 3],
                    date=when,
                    response=rng.choice(["held", "held", "bent", "renegotiated"]),
                    note="I said it calmly.",
                )
            )
    ListeningNote.objects.bulk_create(notes)
    Reflection.objects.bulk_create(reflections)
    BoundaryTest.objects.bulk_create(tests)
    SupportCircleMember.objects.bulk_create(
        SupportCircleMember(owner=user, name=name, kind=kind, support_type=support)
        for name, kind, support in [
            ("Their sister", "friend", "person"),
            ("My running club", "me", "group"),
            ("A counsellor", "friend", "professional"),
        ]
    )
    return {"feed_token": DataSettings.objects.for_user(user).feed_token}
