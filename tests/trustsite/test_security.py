import re
from pathlib import Path

import django_htmx
import pytest
from django.contrib.staticfiles import finders
from django.test import Client

EXPECTED_CSP = {
    "default-src": "'self'",
    "style-src": "'self'",
    # data: only for the favicon inside the page (tracker/device/bundle.py).
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def csp_directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip().split(" ", 1)[1]
        for part in header.split(";")
        if part.strip()
    }


def assert_security_headers(response) -> None:
    directives = csp_directives(response)
    for name, value in EXPECTED_CSP.items():
        assert directives[name] == value, name
    # The nonce appears only when the page uses it (an error page loads no scripts).
    assert re.fullmatch(r"'self'( 'nonce-[\w+/=-]+')?", directives["script-src"])
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.fixture
def hsts(settings):
    settings.SECURE_HSTS_SECONDS = 31536000


def test_security_headers_on_a_normal_page(client, db, hsts):
    response = client.get("/", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)


def test_security_headers_on_an_error_page(client, db, hsts):
    response = client.get("/no-such-page/", secure=True)
    assert response.status_code == 404
    assert_security_headers(response)
    assert b"We couldn't find that page" in response.content


def test_script_tags_carry_the_response_nonce(client, db):
    response = client.get("/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    scripts = re.findall(rb"<script[^>]*>", response.content)
    assert scripts, "the page should load htmx and the site script"
    for tag in scripts:
        assert f'nonce="{nonce}"'.encode() in tag


def test_htmx_is_served_from_our_own_static_files_and_configured_safely(client, db):
    html = client.get("/").content.decode()
    # One script, our bundle, which holds django-htmx's own htmx file byte for byte.
    src = re.search(r'<script src="(/static/js/bundle\.js)"', html).group(1)
    htmx = finders.find("django_htmx/htmx-2.min.js")
    assert htmx.startswith(str(Path(django_htmx.__file__).parent))
    bundle = Path(finders.find(src.removeprefix("/static/"))).read_text()
    assert Path(htmx).read_text().rstrip() in bundle
    assert "unpkg" not in html and "cdn" not in html.lower()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html).group(1)
    assert '"allowEval":false' in config
    assert '"allowScriptTags":false' in config
    assert '"includeIndicatorStyles":false' in config
    assert '"historyCacheSize":0' in config
    assert re.search(r"<body hx-headers='\{\"x-csrftoken\": \"[\w]+\"\}'>", html)


def test_ssl_redirect_on_by_default_in_production_settings(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/guide/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_wrong_host_gets_the_styled_400_page(db):
    client = Client(raise_request_exception=False)
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert b"didn't make sense" in response.content
    assert b"Traceback" not in response.content


def test_unknown_url_gets_the_styled_404_page(client, db):
    response = client.get("/definitely/not/here/")
    assert response.status_code == 404
    assert b'class="skip-link"' in response.content


def test_500_page_renders_without_a_database():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
    assert "<script" not in html


def test_403_page_is_styled(client, db):
    from django.template.loader import render_to_string

    assert "This page isn" in render_to_string("403.html")


def test_signed_in_pages_are_no_store(client, owner):
    client.force_login(owner)
    response = client.get("/guide/")
    assert "no-store" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_anonymous_pages_are_not_marked_no_store(client, db):
    response = client.get("/guide/")
    assert "no-store" not in response.get("Cache-Control", "")


def test_htmx_post_without_csrf_header_is_refused(db, owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post("/accounts/logout/", headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert b"Please try that again" in response.content


def test_htmx_post_with_csrf_header_is_accepted(db, owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    client.get("/guide/")  # sets the CSRF cookie, as a page view would
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/accounts/logout/", headers={"HX-Request": "true", "X-CSRFToken": token}
    )
    assert response.status_code == 302
