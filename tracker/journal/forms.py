from django import forms

from tracker.journal.models import (
    TEXT_LIMIT,
    Boundary,
    BoundaryTest,
    ListeningNote,
    Reflection,
    SupportCircleMember,
)
from tracker.models import Person

LIMIT_HELP = f"Up to {TEXT_LIMIT:,} characters."


class OwnedForm(forms.ModelForm):
    """A journal form for one user: its choices list only that user's people and
    boundaries, so another user's id is an invalid choice, never accepted."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk is None:
            # Set before validation, so the model's own checks see whose row this is.
            self.instance.owner = user
        if "person" in self.fields:
            self.fields["person"].queryset = Person.objects.for_user(user)
            self.fields["person"].empty_label = "No one in particular"
        if "date" in self.fields:
            # A date input only accepts ISO dates, whatever the site's locale.
            self.fields["date"].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            if not self.instance.pk:
                self.initial.setdefault("date", user.local_today())
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3
                field.help_text = " ".join(filter(None, [field.help_text, LIMIT_HELP]))


class ListeningNoteForm(OwnedForm):
    class Meta:
        model = ListeningNote
        fields = ["date", "person", "text"]
        help_texts = {"text": "What did you learn about where their distrust comes from?"}


class ReflectionForm(OwnedForm):
    feelings = forms.MultipleChoiceField(
        label="How I felt",
        choices=Reflection.Feeling.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Reflection
        fields = [
            "date",
            "person",
            "what_happened",
            "first_reading",
            "feelings",
            "feelings_note",
            "kinder_reading",
            "next_step",
        ]
        help_texts = {
            "what_happened": "Just the facts, as a camera would have seen them.",
            "first_reading": "What you thought it meant, in the moment.",
            "kinder_reading": "Another way to read it: see the prompts beside this form.",
            "next_step": "Something small and concrete. You can turn it into a promise.",
        }


class BoundaryForm(OwnedForm):
    class Meta:
        model = Boundary
        fields = ["statement", "why", "person", "active"]
        help_texts = {"statement": "A short sentence, e.g. “I don't share my phone's passcode.”"}


class BoundaryTestForm(OwnedForm):
    class Meta:
        model = BoundaryTest
        fields = ["boundary", "date", "response", "note"]
        widgets = {"response": forms.RadioSelect}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["boundary"].queryset = Boundary.objects.for_user(user)
        self.fields["boundary"].empty_label = None
        # Radio buttons need no "select an option" entry; required still applies.
        self.fields["response"].choices = BoundaryTest.Response.choices


class SupportCircleMemberForm(OwnedForm):
    class Meta:
        model = SupportCircleMember
        fields = ["name", "kind", "support_type", "contact_note"]
        widgets = {"kind": forms.RadioSelect, "support_type": forms.RadioSelect}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["kind"].choices = SupportCircleMember.Kind.choices


class JournalFilterForm(forms.Form):
    """The list's filters (a GET form); invalid values are ignored, never an error page."""

    kind = forms.ChoiceField(label="Kind", required=False)
    person = forms.ModelChoiceField(
        label="Person", queryset=Person.objects.none(), required=False, empty_label="Anyone"
    )
    practice = forms.ChoiceField(label="Practice", required=False)

    def __init__(self, *args, user, kinds, practices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "All kinds"), *kinds]
        self.fields["person"].queryset = Person.objects.for_user(user)
        self.fields["practice"].choices = [("", "Any practice"), *practices]

    def selects(self) -> list[dict]:
        """Each filter as the parts of a plain <select>, written out by the template:
        Django's widget templates cost about a millisecond for these few options.
        Like the widget, it selects the option matching the submitted value (none when
        that value is not offered) and marks a rejected value with aria-invalid."""
        selects = []
        for bound in self:
            current = bound.value()
            current = "" if current is None else str(current)
            selects.append(
                {
                    "name": bound.html_name,
                    "id": bound.auto_id,
                    "label": bound.label,
                    "invalid": bool(bound.errors),
                    "options": [
                        (str(value), label, str(value) == current)
                        for value, label in bound.field.choices
                    ],
                }
            )
        return selects

    def filters(self) -> dict:
        """The valid, non-empty filters; an invalid one is dropped, the others still apply."""
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value}
