import pytest
from django.conf import settings


@pytest.fixture
def sign_in(client, live_server):
    """Put a signed-in session for `user` into the browser context of `page`."""

    def sign_in(page, user):
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )

    return sign_in


# page.wait_for_function evaluates a string, which the site's CSP forbids: wait in a promise.
WAIT_FOR_CONTROL = """() => new Promise(resolve => {
  if (navigator.serviceWorker.controller) return resolve(true);
  navigator.serviceWorker.addEventListener("controllerchange", () => resolve(true));
})"""


def wait_for_worker(page) -> None:
    """Wait until the service worker controls the page."""
    page.evaluate(WAIT_FOR_CONTROL)


@pytest.fixture
def controlled(live_server):
    """Open `path` and wait until the service worker controls the page."""

    def open_controlled(page, path: str = "/today/"):
        page.goto(live_server.url + path)
        wait_for_worker(page)

    return open_controlled
