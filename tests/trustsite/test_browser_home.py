import pytest

from tests.browser import assert_accessible, wait_until

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_home_page_is_clean_in_light_mode(live_server, page):
    page.emulate_media(color_scheme="light")
    page.goto(live_server.url + "/")
    assert page.locator("h1").first.is_visible()
    assert page.locator("a.skip-link").count() == 1
    assert_accessible(page, context="on the home page (light)")


def test_home_page_is_clean_in_dark_mode(live_server, dark_page):
    dark_page.goto(live_server.url + "/")
    background = dark_page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(18, 24, 22)"
    assert_accessible(dark_page, context="on the home page (dark)")


def test_the_harness_catches_a_csp_violation(live_server, browser):
    """A page that breaks the policy must be noticed, or the clean results above mean nothing."""
    from tests.browser import watch

    context = browser.new_context()
    page = context.new_page()
    problems = watch(page)
    page.route(
        "**/csp-trap/",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Security-Policy": "script-src 'self'"},
            content_type="text/html",
            body="<!doctype html><title>t</title><script>document.title='ran'</script>",
        ),
    )
    page.goto(live_server.url + "/csp-trap/")
    # The report is an event that comes a moment after the load; a busy machine is slower.
    wait_until(page, "() => (window.__cspViolations || []).length > 0")
    problems.collect_csp(page)
    context.close()
    assert problems.csp_violations
    assert any(
        "CSP violation" in text or "Content Security Policy" in text
        for text in problems.console_errors
    )
