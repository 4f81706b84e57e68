"""Sign-out empties what the browser keeps for the site: `Clear-Site-Data`.

Keyed on Django's `user_logged_out` signal rather than on a URL or a view, so it holds
for whichever view signs the person out (django-allauth's logout ends in `django.contrib.auth.logout`,
which sends the signal). The header tells the browser to drop the Cache Storage (where the service worker
may keep Today for offline use) and IndexedDB (the offline queue, the per-device choice)
and to unregister the service worker; cookies are already handled by the sign-out.
"""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

CLEAR_SITE_DATA = '"cache", "storage"'


@receiver(user_logged_out, dispatch_uid="tracker.device.clear_site_data")
def _mark_signed_out(sender, request, user, **kwargs) -> None:
    if request is not None:
        request.steady_signed_out = True


def _posts_to_sign_out(request) -> bool:
    """A sign-out POST whose session had already ended: django-allauth then sends no
    signal (nobody is signed in), but the device may still hold Today from before."""
    match = getattr(request, "resolver_match", None)
    return request.method == "POST" and match is not None and match.url_name == "account_logout"


class ClearSiteDataOnSignOutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "steady_signed_out", False) or _posts_to_sign_out(request):
            response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response
