"""The progress page's filters: period, person, practice and one commitment."""

from dataclasses import dataclass

from django import forms

from tracker.progress import figures
from tracker.progress.figures import PERIOD_LABELS


class ProgressFilterForm(forms.Form):
    """Period and filters; choices come from the user's own commitments only."""

    period = forms.ChoiceField(
        label="Period",
        choices=list(PERIOD_LABELS.items()),
        widget=forms.RadioSelect,
        initial=figures.DEFAULT_PERIOD,
        required=False,
    )
    person = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)
    practice = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)
    commitment = forms.TypedChoiceField(
        label="Promise or routine", coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, commitments: list, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        people = {c.person.pk: c.person.name for c in commitments if c.person}
        practices = {c.practice.pk: c.practice.title for c in commitments if c.practice}
        self.fields["person"].choices = [("", "Everyone")] + sorted(
            people.items(), key=lambda item: item[1].lower()
        )
        self.fields["practice"].choices = [("", "All practices")] + sorted(
            practices.items(), key=lambda item: item[1].lower()
        )
        self.fields["commitment"].choices = [
            ("", "All promises and routines"),
            *commitment_choices(commitments),
        ]


def _telling_apart(commitment) -> list[str]:
    """What can tell one commitment from another of the same title, most useful first."""
    if commitment.is_promise:
        when = f"due {commitment.due_at:%-d %b %Y}" if commitment.due_at else "no date"
    else:
        start = commitment.start_date
        when = f"from {start:%-d %b %Y}" if start else "not started"
    return [
        f"for {commitment.person.name}" if commitment.person else "for no one in particular",
        commitment.schedule_summary,
        when,
    ]


def commitment_choices(commitments: list) -> list[tuple[int, str]]:
    """(pk, label) for each commitment. Titles shared by more than one commitment get
    as much of the person, schedule and first (or due) day as it takes to tell them
    apart: "Walk (for Sam · Every day)", never two identical entries."""
    details = {c.pk: _telling_apart(c) for c in commitments}
    by_title: dict[str, list] = {}
    for c in commitments:
        by_title.setdefault(c.title.casefold(), []).append(c)
    labels = {}
    for group in by_title.values():
        depth = 0
        if len(group) > 1:
            for depth in range(1, 4):
                if len({tuple(details[c.pk][:depth]) for c in group}) == len(group):
                    break
        for c in group:
            extra = details[c.pk][:depth] + (["archived"] if c.status == "archived" else [])
            labels[c.pk] = f"{c.title} ({' · '.join(extra)})" if extra else c.title
    return [(c.pk, labels[c.pk]) for c in commitments]


@dataclass(frozen=True)
class Filters:
    period: str
    person: int | None
    practice: int | None
    commitment: int | None
    notices: list[str]

    @property
    def active(self) -> bool:
        return any((self.person, self.practice, self.commitment))

    def apply(self, commitments: list) -> list:
        return [
            c
            for c in commitments
            if (self.person is None or c.person_id == self.person)
            and (self.practice is None or c.practice_id == self.practice)
            and (self.commitment is None or c.pk == self.commitment)
        ]


FILTER_NOTICES = {
    "period": "That period is not one we offer, so the last 30 days are shown.",
    "person": "That person is not in your list, so everyone is shown.",
    "practice": "That practice is not linked to any of your commitments, so all are shown.",
    "commitment": "That promise or routine is not one of yours, so all are shown.",
}


def parse_filters(data, commitments: list) -> Filters:
    """The chosen filters; anything invalid or not the user's own is dropped with a note."""
    form = ProgressFilterForm(data, commitments=commitments)
    form.is_valid()
    chosen = form.cleaned_data
    return Filters(
        period=chosen.get("period") or figures.DEFAULT_PERIOD,
        person=chosen.get("person"),
        practice=chosen.get("practice"),
        commitment=chosen.get("commitment"),
        notices=[FILTER_NOTICES[name] for name in form.errors if name in FILTER_NOTICES],
    )
