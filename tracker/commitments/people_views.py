"""The people you support: list, add, edit, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_http_methods

from tracker.commitments import services
from tracker.commitments.forms import DeletePersonForm, PersonForm
from tracker.commitments.models import Person
from tracker.http import render_page

# --- People -------------------------------------------------------------------------------


@login_required
@require_GET
def people(request: HttpRequest) -> HttpResponse:
    people = Person.objects.for_user(request.user).with_commitment_counts()
    return render_page(
        request, "tracker/commitments/people.html", {"nav": "people", "people": people}
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_new(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None, instance=Person(owner=request.user))
    if request.method == "POST" and form.is_valid():
        person = form.save()
        messages.success(request, f"Added {person.name}.")
        return redirect("tracker:people")
    return render_page(
        request,
        "tracker/commitments/person_form.html",
        {"nav": "people", "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.for_user(request.user), pk=pk)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your changes are saved.")
        return redirect("tracker:people")
    return render_page(
        request,
        "tracker/commitments/person_form.html",
        {"nav": "people", "form": form, "person": person},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_delete(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(
        Person.objects.for_user(request.user).with_commitment_counts(), pk=pk
    )
    form = DeletePersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        removed = services.delete_person(
            person=person, delete_commitments=form.cleaned_data["commitments"] == "delete"
        )
        text = f"Deleted {person.name}."
        if removed:
            text += f" {removed} commitment{'s' if removed != 1 else ''} deleted too."
        messages.success(request, text)
        return redirect("tracker:people")
    return render_page(
        request,
        "tracker/commitments/person_delete.html",
        {"nav": "people", "person": person, "form": form},
        status=400 if form.errors else 200,
    )
