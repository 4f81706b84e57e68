"""The fuzz suite's two profiles and its request count.

`make test` runs the short profile: a fixed seed (the same examples every run, so CI
never flakes) and `STEADY_FUZZ_EXAMPLES` examples per page (default 10: about 850
requests, well under a minute). `make fuzz` sets `STEADY_FUZZ=long`: random examples,
1,000 per page unless `STEADY_FUZZ_EXAMPLES` says otherwise.
"""

import os

from hypothesis import HealthCheck, settings

LONG = os.environ.get("STEADY_FUZZ") == "long"
EXAMPLES = int(os.environ.get("STEADY_FUZZ_EXAMPLES") or (1000 if LONG else 10))

PROFILE = settings(
    max_examples=EXAMPLES,
    derandomize=not LONG,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class RequestCounter:
    def __init__(self):
        self.total = 0

    def count(self) -> None:
        self.total += 1


REQUESTS = RequestCounter()


def pytest_terminal_summary(terminalreporter):
    if REQUESTS.total:
        terminalreporter.write_line(f"fuzz: {REQUESTS.total} requests sent")
