import os

import pytest

from tests.browser import watch


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(names)
    )


def pytest_unconfigure(config):
    """Remove this run's cache folders (tests/settings.py names them)."""
    import shutil

    from django.conf import settings

    for alias, prefix in (("sessions", "steady-test-sessions-"), ("shared", "steady-test-shared-")):
        if settings.configured and alias in settings.CACHES:
            folder = settings.CACHES[alias]["LOCATION"]
            if os.path.basename(folder).startswith(prefix):
                shutil.rmtree(folder, ignore_errors=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put the data migrations' rows back after a transactional test empties the database.

    Browser tests run in real transactions, and Django flushes every table after each
    (content types and permissions come back by themselves; the seeded guide and the
    editors group do not). Seeding again, as the data migration does, keeps every test's
    starting point the same whatever order the tests run in. (Django's serialized
    rollback cannot do this here: Playwright's event loop gives the test a different
    connection object, one without Django's saved copy.)
    """
    result = yield
    # After the last test the test database is already gone (its session fixture ends
    # inside this teardown), and no test needs the seed any more.
    if _is_transactional(item) and nextitem is not None:
        from django.apps import apps
        from pytest_django.plugin import blocking_manager_key

        from guidance.seed import create_editor_group, load_guide

        with item.config.stash[blocking_manager_key].unblock():
            load_guide(apps)
            create_editor_group(apps)
    return result


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Each test starts with empty caches: nothing from one test leaks into the next.

    The default cache (rate limits and lockouts) is a database table that a flush leaves
    alone, so it is emptied too whenever the test may use the database.
    """
    from django.core.cache import caches

    caches["local"].clear()
    caches["sessions"].clear()
    caches["shared"].clear()
    marker = request.node.get_closest_marker("django_db")
    db_fixture = next((n for n in ("transactional_db", "db") if n in request.fixturenames), None)
    if marker or db_fixture:
        if not marker:
            request.getfixturevalue(db_fixture)  # database access starts with this fixture
        caches["default"].clear()


@pytest.fixture
def password() -> str:
    return "a-Long-and-Quiet-passphrase-42"


@pytest.fixture
def make_user(db, django_user_model, password):
    """Create users; each call gives a new one with a unique email."""
    counter = {"n": 0}

    def make(email: str | None = None, *, confirmed: bool = True, **extra):
        """A user whose address is confirmed (pass confirmed=False for one who signed up
        and has not followed the link yet)."""
        from allauth.account.models import EmailAddress

        counter["n"] += 1
        email = email or f"user{counter['n']}@example.com"
        user = django_user_model.objects.create_user(email=email, password=password, **extra)
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=confirmed)
        return user

    return make


@pytest.fixture
def owner(make_user):
    return make_user("owner@example.com", display_name="Olive")


@pytest.fixture
def other_user(make_user):
    return make_user("other@example.com", display_name="Otto")


@pytest.fixture
def editor(make_user):
    """A staff member in the "Content editors" group (created by a guidance migration)."""
    from django.contrib.auth.models import Group

    user = make_user("editor@example.com", is_staff=True)
    group = Group.objects.filter(name="Content editors").first()
    if group is not None:
        user.groups.add(group)
    return user


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def reauthenticate(client, password: str) -> None:
    """Give the password again, as allauth asks before export, deletion and the like."""
    response = client.post("/accounts/reauthenticate/", {"password": password})
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.fixture
def fresh_owner_client(owner_client, password):
    """The owner, signed in, having just confirmed their password again."""
    reauthenticate(owner_client, password)
    return owner_client


@pytest.fixture
def other_client(client, other_user):
    client.force_login(other_user)
    return client


# --- Browser tests ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium: Playwright cannot download its own browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture
def page(context):
    """A Playwright page that fails its test on any console error, page error or CSP
    violation seen while the test ran."""
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = watch(page)
    yield page
    problems.collect_csp(page)
    page.close()
    found = problems.summary()
    assert not found, "The page reported problems:\n" + "\n".join(found)


@pytest.fixture
def dark_page(browser):
    """Like `page`, but the browser prefers a dark colour scheme."""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = watch(page)
    yield page
    problems.collect_csp(page)
    context.close()
    found = problems.summary()
    assert not found, "The page reported problems:\n" + "\n".join(found)
