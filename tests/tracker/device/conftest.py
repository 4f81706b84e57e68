import base64
import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
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


# --- A push service on 127.0.0.1 -----------------------------------------------------------


@dataclass
class Delivery:
    path: str
    headers: dict
    body: bytes


@dataclass
class FakePushService:
    """Records what arrives; answers each path with the status set for it (201 default)."""

    url: str
    received: list = field(default_factory=list)
    answers: dict = field(default_factory=dict)


@pytest.fixture
def push_service():
    service = FakePushService(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            service.received.append(Delivery(self.path, dict(self.headers), body))
            self.send_response(service.answers.get(self.path, 201))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    service.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield service
    server.shutdown()
    server.server_close()


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass
class Browser:
    """A browser's side of a subscription: its own P-256 key pair and auth secret."""

    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes

    @property
    def p256dh(self) -> str:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(point)

    def decrypt(self, body: bytes) -> dict:
        plain = http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth_secret, version="aes128gcm"
        )
        return json.loads(plain)


@pytest.fixture
def subscribe_device(push_service):
    """Subscribe a device of `user` at the fake push service; returns (row, browser)."""

    def subscribe(user, *, name: str = "Phone", path: str | None = None):
        from tracker.models import PushSubscription

        browser = Browser(ec.generate_private_key(ec.SECP256R1()), secrets.token_bytes(16))
        path = path or f"/push/{secrets.token_hex(8)}"
        row = PushSubscription.objects.create(
            user=user,
            endpoint=push_service.url + path,
            p256dh=browser.p256dh,
            auth=b64url(browser.auth_secret),
            name=name,
        )
        return row, browser

    return subscribe
