"""Account pages: sign-up, its confirmation, password reset and settings."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from tracker.accounts import services
from tracker.accounts.forms import AccountSettingsForm, PasswordResetForm, SignupForm
from tracker.accounts.throttles import throttled, throttled_response
from tracker.http import place_message, placed_messages, render_page

# --- Accounts -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("tracker:today")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if throttled(request, "signup"):
            return throttled_response(request)
        if form.is_valid():
            services.register(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                time_zone=form.cleaned_data["time_zone"],
            )
            # The same page whether or not the address had an account: no enumeration.
            return redirect("signup-done")
    return render_page(request, "registration/signup.html", {"form": form, "nav": "signup"})


@require_GET
def signup_done(request: HttpRequest) -> HttpResponse:
    return render_page(request, "registration/signup_done.html", {"nav": "signup"})


@require_http_methods(["GET", "POST"])
def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """GET shows a button; only the POST activates, so link scanners change nothing."""
    if request.method == "POST":
        user = services.confirm_signup(uidb64=uidb64, token=token)
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome to Steady. Your account is ready.")
            return redirect("tracker:today")
        messages.error(request, "That link has expired or was already used.")
    return render_page(request, "registration/signup_confirm.html", {"nav": "signup"})


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset (which never says whether an address is registered), rate-limited."""

    form_class = PasswordResetForm

    def post(self, request, *args, **kwargs):
        if throttled(request, "password_reset"):
            return throttled_response(request)
        return super().post(request, *args, **kwargs)


password_reset = ThrottledPasswordResetView.as_view()


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    form = AccountSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        place_message(request, "settings", "Your settings are saved.")
        return redirect("settings")
    status = 400 if form.errors else 200
    context = {"form": form, "nav": "account", **placed_messages(request, "settings")}
    return render_page(request, "registration/settings.html", context, status=status)
