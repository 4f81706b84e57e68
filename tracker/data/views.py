"""Your data: export, import, leaving, email verification, reminders and the calendar feed."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from tracker.cache import page_html, render_cached
from tracker.data import export, feed, imports, services
from tracker.data.forms import (
    CONFIRM_WORD,
    DeleteAccountForm,
    ExportForm,
    ImportForm,
    ReminderSettingsForm,
    reminder_panel_for,
)
from tracker.emails import absolute_url, user_id_from_unsubscribe_token
from tracker.http import place_message, placed_messages, render_page
from tracker.models import Commitment, DataSettings

DATA_TEMPLATE = "tracker/data/data.html"
# The data page's sections that say "saved" beside their own button.
SAVED_PLACES = ("reminders", "feed")
REMINDERS_SAVED = "Your reminder settings are saved."
FEED_RENEWED = (
    "Your calendar has a new address. The old one no longer works: update it in your calendar app."
)


def _data_context(request: HttpRequest, *, saved: dict | None = None, **forms) -> dict:
    """The data page's context. `saved` puts a section's "saved" text beside its button
    (an HTMX answer); otherwise messages from a plain POST's redirect are placed."""
    row = DataSettings.objects.for_user(request.user)
    if saved is None:
        placement = placed_messages(request, *SAVED_PLACES)
    else:
        placement = {"placed": {place: saved.get(place, []) for place in SAVED_PLACES}}
    feed_url = absolute_url(reverse("tracker:calendar-feed", args=[row.feed_token]))
    return {
        "nav": "account",
        "email": request.user.email,
        "settings_row": row,
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[-1],
        "reminder_form": forms.get("reminder_form") or ReminderSettingsForm(instance=row),
        "export_form": forms.get("export_form") or ExportForm(),
        "import_form": forms.get("import_form") or ImportForm(),
        "import_limit_mb": imports.IMPORT_MAX_BYTES // (1024 * 1024),
        **placement,
    }


@login_required
@require_http_methods(["GET", "HEAD"])
def data(request: HttpRequest) -> HttpResponse:
    """From the cache while nothing it shows has changed (tracker.cache), except just
    after a plain POST, when a "saved" note waits to be placed beside its button."""
    user = request.user
    if len(messages.get_messages(request)):
        return _page(request, _data_context(request))

    def build() -> str:
        return render_cached(
            DATA_TEMPLATE + "#body", _data_context(request, saved={}), zone=user.zone
        )

    body = page_html(request, "data", user.pk, build=build)
    return render_page(request, DATA_TEMPLATE, {"nav": "account", "body": body})


def _section(request: HttpRequest, name: str, context: dict, status: int = 200) -> HttpResponse:
    """The data page, or just one of its sections for an HTMX request (always 200 for
    HTMX: htmx does not swap error responses, and the section shows the errors)."""
    status = 200 if request.htmx else status
    if request.htmx:
        return render_page(request, DATA_TEMPLATE, context, status, partial=name)
    return _page(request, context, status)


def _page(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    """The whole data page, built afresh (it shows a form's errors or a "saved" note)."""
    with timezone.override(request.user.zone):
        body = render_to_string(DATA_TEMPLATE + "#body", context, request=request)
    page = {"nav": "account", "body": body}
    if "messages" in context:  # what was not placed beside a button goes at the top
        page["messages"] = context["messages"]
    return render_page(request, DATA_TEMPLATE, page, status)


@login_required
@require_POST
def reminder_settings(request: HttpRequest) -> HttpResponse:
    row = DataSettings.objects.for_user(request.user)
    form = ReminderSettingsForm(request.POST, instance=row)
    if not form.is_valid():
        context = _data_context(request, reminder_form=form)
        return _section(request, "reminders", context, status=400)
    form.save()
    if request.htmx:
        saved = {"reminders": [REMINDERS_SAVED]}
        return _section(request, "reminders", _data_context(request, saved=saved))
    place_message(request, "reminders", REMINDERS_SAVED)
    return redirect(reverse("data") + "#reminders")


@login_required
@require_POST
def feed_regenerate(request: HttpRequest) -> HttpResponse:
    DataSettings.objects.for_user(request.user).rotate_feed_token()
    if request.htmx:
        return _section(request, "feed", _data_context(request, saved={"feed": [FEED_RENEWED]}))
    place_message(request, "feed", FEED_RENEWED)
    return redirect(reverse("data") + "#feed")


@login_required
@require_POST
@reauthentication_required
def export_data(request: HttpRequest) -> HttpResponse:
    """Everything you wrote, as a file: only after giving your password (or a passkey)
    again within the last few minutes, so an unlocked laptop does not hand it over."""
    form = ExportForm(request.POST)
    if not form.is_valid():
        return _page(request, _data_context(request, export_form=form), status=400)
    document = export.build_document(request.user)
    day = timezone.localdate(timezone.now(), request.user.zone).isoformat()
    if form.cleaned_data["format"] == "zip":
        response = HttpResponse(export.document_to_zip(document), content_type="application/zip")
        filename = f"steady-export-{day}.zip"
    else:
        response = HttpResponse(export.document_to_json(document), content_type="application/json")
        filename = f"steady-export-{day}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def import_data(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = imports.parse_upload(form.cleaned_data["file"])
            result = imports.import_document(user=request.user, document=document)
        except imports.ImportProblem as problem:
            form.add_error("file", str(problem))
        else:
            if result.total_created:
                messages.success(
                    request, f"Imported {result.total_created} items into your account."
                )
            else:
                messages.success(request, "Everything in that file was already here.")
            return redirect("data")
    return _page(request, _data_context(request, import_form=form), status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@reauthentication_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        services.delete_account(user=user)
        logout(request)
        messages.success(request, "Your account and everything in it are deleted. Take care.")
        return redirect("home")
    status = 400 if request.method == "POST" else 200
    return render_page(
        request,
        "tracker/data/delete.html",
        {"nav": "account", "form": form, "confirm_word": CONFIRM_WORD},
        status=status,
    )


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Works signed out. GET shows a button; POST (the button, or a mail app's RFC 8058
    one-click request, which carries no CSRF token; the signed token is the proof)
    switches every reminder email off."""
    user_id = user_id_from_unsubscribe_token(token)
    if user_id is None:
        raise Http404("This unsubscribe link is not valid.")
    done = request.method == "POST"
    if done:
        services.unsubscribe(user_id=user_id)
    return render_page(request, "tracker/data/unsubscribe.html", {"done": done, "token": token})


# --- Site-root views (tracker namespace) ------------------------------------------------


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed. No sign-in: calendar apps cannot sign in; the token is the key."""
    row = (
        DataSettings.objects.filter(feed_token=token, user__is_active=True)
        .select_related("user")
        .first()
    )
    if row is None:
        raise Http404("No such calendar.")
    user = row.user
    response = HttpResponse(
        feed.calendar_bytes(user),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="steady.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@require_POST
def commitment_reminder(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(
        Commitment.objects.for_user(request.user), pk=pk, kind=Commitment.Kind.PROMISE
    )
    panel = reminder_panel_for(commitment, user=request.user, data=request.POST)
    saved = ""
    if panel.form.is_valid():
        panel.form.save()
        saved = (
            f"Reminder on: {panel.form.instance.get_minutes_before_display()}."
            if panel.form.instance.enabled
            else "Reminder off."
        )
        if not request.htmx:
            messages.success(request, saved)
            return redirect("tracker:commitment-detail", pk=commitment.pk)
        panel = reminder_panel_for(commitment, user=request.user)
    elif not request.htmx:
        messages.error(request, "That reminder could not be saved: choose one of the times.")
        return redirect("tracker:commitment-detail", pk=commitment.pk)
    # With HTMX, "saved" is said beside the button in the swapped panel, not at the top.
    return render_page(
        request,
        "tracker/data/commitment_reminder.html#reminder",
        {"reminder_panel": panel, "reminder_saved": saved},
    )
