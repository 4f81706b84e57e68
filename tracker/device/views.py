"""This phone and your other devices: reminders by notification, offline check-ins, and
a notification's one-tap "Kept".

The two JSON endpoints the service worker calls have no CSRF token to send (a worker
cannot read the page): `sync` is guarded by the session plus a same-origin check (a JSON
POST from another site would need CORS, and browsers say where a request came from), and
`act` by its signed single-use token alone, with no session needed at all.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from tracker.device import services, vapid
from tracker.device.forms import NotificationSettingsForm, SubscriptionForm
from tracker.http import render_page
from tracker.models import DataSettings, NotificationSettings, PushSubscription

MAX_BODY_BYTES = 64 * 1024
MAX_ITEMS = 100


def _same_origin(request: HttpRequest) -> bool:
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("Origin")
    return origin == f"{request.scheme}://{request.get_host()}"


def _json_body(request: HttpRequest):
    """The request's JSON document, or None when it is not small, well-formed JSON."""
    if request.content_type != "application/json" or len(request.body) > MAX_BODY_BYTES:
        return None
    try:
        return json.loads(request.body)
    except ValueError:
        return None


def _refuse(message: str, status: int) -> JsonResponse:
    return JsonResponse({"ok": False, "message": message}, status=status)


# --- Offline check-ins ------------------------------------------------------------------


@csrf_exempt
@require_POST
def sync(request: HttpRequest) -> HttpResponse:
    """Check-ins queued on a device while offline: each recorded once, in order."""
    if not request.user.is_authenticated:
        return _refuse("Sign in to send the check-ins saved on this device.", 403)
    if not _same_origin(request):
        return _refuse("That request did not come from Steady.", 403)
    document = _json_body(request)
    items = document.get("items") if isinstance(document, dict) else None
    if not isinstance(items, list) or len(items) > MAX_ITEMS:
        return _refuse("That is not a list of check-ins.", 400)
    results = []
    for item in items:
        outcome = services.sync_item(user=request.user, item=item)
        client_id = str(item.get("id", "")) if isinstance(item, dict) else ""
        results.append(outcome.as_json(client_id))
        if not outcome.replayed:
            # Shown on the next page (Today reloads after a sync), as online check-ins are;
            # once, though the page and the worker's Background Sync may both send it.
            level = messages.SUCCESS if outcome.status == "recorded" else messages.INFO
            messages.add_message(request, level, outcome.message)
    return JsonResponse({"ok": True, "results": results})


# --- A notification's "Kept" ------------------------------------------------------------


@csrf_exempt
@require_POST
def act(request: HttpRequest) -> HttpResponse:
    document = _json_body(request)
    token = document.get("token") if isinstance(document, dict) else request.POST.get("token")
    if not isinstance(token, str) or not token:
        return _refuse("That is not an action from a Steady notification.", 400)
    signed_in = request.user if request.user.is_authenticated else None
    outcome = services.act_on_token(token=token, signed_in_user=signed_in)
    if outcome is None:
        return _refuse("That button has already been used or has expired: open Steady.", 403)
    # The answer replaces the notification on the lock screen: no titles in it.
    if outcome.status == "invalid":
        message = "This can't be recorded from the notification any more: open Steady."
        return JsonResponse({"ok": False, "status": outcome.status, "message": message}, status=409)
    if outcome.status == "recorded":
        message = "Recorded: kept"
    else:
        message = f"Already recorded as {outcome.state.capitalize()} from another device."
    return JsonResponse({"ok": True, "status": outcome.status, "message": message})


# --- Devices and notification settings ---------------------------------------------------


def _devices_context(request: HttpRequest, *, form=None) -> dict:
    user = request.user
    prefs = NotificationSettings.objects.for_user(user)
    return {
        "nav": "account",
        "devices": list(PushSubscription.objects.for_user(user)),
        "form": form or NotificationSettingsForm(instance=prefs),
        "email_verified": DataSettings.objects.for_user(user).email_verified,
        "vapid_public_key": vapid.public_key(),
    }


@login_required
@require_GET
def devices(request: HttpRequest) -> HttpResponse:
    return render_page(request, "tracker/device/devices.html", _devices_context(request))


@login_required
@require_POST
def notification_settings(request: HttpRequest) -> HttpResponse:
    prefs = NotificationSettings.objects.for_user(request.user)
    form = NotificationSettingsForm(request.POST, instance=prefs)
    if not form.is_valid():
        context = _devices_context(request, form=form)
        return render_page(request, "tracker/device/devices.html", context, status=400)
    form.save()
    messages.success(request, "Your notification settings are saved.")
    return redirect("tracker:devices")


@login_required
@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    """This browser's push subscription, sent by the page after the person said yes."""
    document = _json_body(request)
    keys = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(keys, dict):
        return _refuse("That is not a push subscription.", 400)
    form = SubscriptionForm(
        {
            "endpoint": document.get("endpoint"),
            "p256dh": keys.get("p256dh"),
            "auth": keys.get("auth"),
            "name": document.get("name") or "",
        }
    )
    if not form.is_valid():
        return _refuse("That is not a push subscription.", 400)
    subscription = services.subscribe(user=request.user, **form.cleaned_data)
    return JsonResponse({"ok": True, "id": subscription.pk, "name": subscription.name})


@login_required
@require_POST
def remove_device(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = get_object_or_404(PushSubscription.objects.for_user(request.user), pk=pk)
    subscription.delete()
    messages.success(request, f"“{subscription.name}” will get no more reminders.")
    return redirect("tracker:devices")
