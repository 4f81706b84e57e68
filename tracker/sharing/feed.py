"""The friend's calendar: "promises made to me", the shared page's upcoming items.

A plain list of dated events for the next two weeks (no recurrence rules, no alarms the
friend did not ask for, no links into the helper's own pages): what their calendar
shows is exactly what their page shows under "Coming up".
"""

from datetime import datetime, timedelta

from django.conf import settings

from tracker.data.feed import EVENT_LENGTH
from tracker.sharing.page import SharedPage


def build_shared_calendar(page: SharedPage, *, share_pk: int) -> bytes:
    # Imported here, not at start-up: only a calendar poll needs it (tracker/data/feed.py).
    from icalendar import Calendar, Event

    host = settings.SITE_URL.split("://", 1)[-1]
    calendar = Calendar()
    calendar.add("prodid", "-//Steady//Promises made to me//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Promises from {page.shown_name}")
    stamp = datetime.now().astimezone().replace(microsecond=0)
    for item in page.upcoming:
        event = Event()
        event.add("uid", f"shared-{share_pk}-{item.commitment_id}-{item.day.isoformat()}@{host}")
        event.add("summary", f"{item.title} ({item.week})" if item.week else item.title)
        event.add("description", f"Promised to you by {page.shown_name}.")
        if item.at is not None:
            event.add("dtstart", item.at)
            event.add("dtend", item.at + EVENT_LENGTH)
        else:
            event.add("dtstart", item.day)
            event.add("dtend", item.day + timedelta(days=1))
        if item.place:
            event.add("location", item.place)
        event.add("dtstamp", stamp)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
