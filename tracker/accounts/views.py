"""Account pages Steady adds to allauth's: settings, and "check your email"."""

from allauth.account.internal.flows.email_verification import send_verification_email_at_login
from allauth.account.internal.stagekit import unstash_login
from allauth.core.internal.ratelimit import consume
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from tracker.accounts.adapter import safe_next
from tracker.accounts.forms import AccountSettingsForm
from tracker.http import place_message, placed_messages, render_page

# Resending from "check your email": a few per hour from one client. Each address also
# gets at most one link every 3 minutes (allauth's confirm_email limit), so a resend
# never floods a mailbox.
RESEND_RATE = {"resend_confirmation": "5/h/ip"}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    form = AccountSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        place_message(request, "settings", "Your settings are saved.")
        return redirect("settings")
    passkeys = Authenticator.objects.filter(
        user=request.user, type=Authenticator.Type.WEBAUTHN
    ).order_by("created_at")
    status = 400 if form.errors else 200
    return render_page(
        request,
        "tracker/accounts/settings.html",
        {
            "form": form,
            "nav": "account",
            "passkeys": list(passkeys),
            **placed_messages(request, "settings"),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def check_email(request: HttpRequest) -> HttpResponse:
    """allauth's "verification sent" page, naming the address and offering a resend.

    The address comes from the sign-up or sign-in waiting in this browser's session, so
    the page reads the same whether or not the address has an account: allauth sends a
    link to a new address and a "you already have an account" note to a known one.
    """
    login = unstash_login(request, peek=True)
    # A real sign-up names its user; one for a registered address (enumeration
    # prevention) names only the address. Either way the page shows the address typed.
    address = ""
    if login is not None:
        address = login.email or (login.user.email if login.user else "")
    next_url = safe_next(request)
    if request.method == "POST":
        if login is not None and address:
            if consume(
                request, app="allauth.account", action="resend_confirmation", config=RESEND_RATE
            ):
                send_verification_email_at_login(request, login)
                messages.success(request, f"We sent another email to {address}.")
            else:
                messages.warning(
                    request, "That's several emails already. Give them a few minutes to arrive."
                )
        url = reverse("account_email_verification_sent")
        return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)
    return render_page(
        request,
        "account/verification_sent.html",
        {
            "address": address,
            "can_resend": bool(login and address),
            # Someone who gave the right password for an address not yet confirmed.
            "signing_in": bool(login and not login.signup),
            "next": next_url,
        },
    )
