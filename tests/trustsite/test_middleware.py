from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from trustsite.middleware import HtmxMessagesMiddleware


def request_with_message(headers=None):
    request = RequestFactory().post("/somewhere/", headers=headers or {})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.htmx = HtmxDetails(request)
    messages.success(request, "Marked as kept on time.")
    return request


def run(request, response):
    return HtmxMessagesMiddleware(lambda r: response)(request)


def test_htmx_response_gets_the_live_region_out_of_band():
    request = request_with_message({"HX-Request": "true"})
    response = run(request, HttpResponse("<li>row</li>"))
    html = response.content.decode()
    assert html.startswith("<li>row</li>")
    assert 'id="messages"' in html
    assert 'hx-swap-oob="true"' in html
    assert 'role="status"' in html
    assert "Marked as kept on time." in html


def test_plain_response_is_left_alone_and_keeps_the_message_for_the_page():
    request = request_with_message()
    response = run(request, HttpResponse("<p>page</p>"))
    assert response.content == b"<p>page</p>"
    assert [str(m) for m in messages.get_messages(request)] == ["Marked as kept on time."]


def test_htmx_redirect_is_left_alone():
    request = request_with_message({"HX-Request": "true"})
    response = run(request, HttpResponseRedirect("/today/"))
    assert b"messages" not in response.content
