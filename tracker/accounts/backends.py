"""Signing in, as allauth does it, with the signed-in user read from the cache.

Every signed-in request loads its user. The row changes rarely (settings, password,
sign-in time), and every save of it renews the user's row version (tracker.cache:
`user_version`, renewed by the User's post_save and post_delete signals; a check-in
leaves it alone). So the loaded user is kept per process under that version: a request
with a current version finds it without a query, and any change, in any worker, makes
the next request read the row again.
Django still checks the session's hash against the user it gets (a changed password
ends other sessions) and refuses inactive users, as before.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.core.cache import caches

from tracker.cache import CACHE_SECONDS, cache_key, user_version


class CachedUserBackend(AuthenticationBackend):
    def get_user(self, user_id):
        try:
            key = cache_key("user", int(user_id), user_version(int(user_id)))
        except (TypeError, ValueError):
            return None
        local = caches["local"]
        user = local.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                local.set(key, user, CACHE_SECONDS)
        return user
