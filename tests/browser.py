"""Helpers for browser tests: watch a page for errors and check it with axe-core."""

import contextlib
from dataclasses import dataclass, field

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()

# Recorded in the page itself and echoed to the console, so a violation is caught on every
# page of a journey, however Chromium phrases its own message.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  var text = e.violatedDirective + " " + (e.blockedURI || "inline");
  window.__cspViolations.push(text);
  console.error("CSP violation: " + text);
});
"""


@dataclass
class PageProblems:
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    def collect_csp(self, page) -> None:
        # The page may already be closed or navigating; then its console told us anyway.
        with contextlib.suppress(Exception):
            self.csp_violations.extend(page.evaluate("window.__cspViolations || []"))

    def summary(self) -> list[str]:
        return (
            [f"console error: {text}" for text in self.console_errors]
            + [f"page error: {text}" for text in self.page_errors]
            + [f"CSP violation: {text}" for text in self.csp_violations]
        )


def watch(page) -> PageProblems:
    """Start recording console errors, uncaught page errors and CSP violations."""
    problems = PageProblems()
    page.add_init_script(CSP_LISTENER)
    page.on(
        "console",
        lambda message: (
            problems.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    return problems


def assert_accessible(page, *, context: str = "", exclude: tuple[str, ...] = ()) -> None:
    """Run axe-core on the current page and fail on any violation, listing them.

    `exclude` leaves out regions (CSS selectors) another test answers for.
    """
    scope = {"exclude": [[selector] for selector in exclude]} if exclude else None
    results = _axe.run(page, context=scope)
    violations = results.response["violations"]
    if violations:
        lines = [
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(node["target"][0] for node in v["nodes"][:5])
            for v in violations
        ]
        raise AssertionError(
            f"axe found {len(violations)} accessibility violation(s) {context}:\n"
            + "\n".join(lines)
        )


def wait_until(page, predicate: str, arg=None, *, timeout: int = 5_000) -> None:
    """Wait until the JavaScript function `predicate` returns something truthy.

    Not page.wait_for_function: when its first check fails it polls with eval(), which the
    site's CSP forbids, so it failed only when the page was a moment slow. Here the
    function is compiled once by Playwright's evaluate (outside the CSP) and polled by
    plain calls.
    """
    page.evaluate(
        """([arg, timeout]) => new Promise((resolve, reject) => {
          const test = PREDICATE;
          const end = Date.now() + timeout;
          (function check() {
            let found = false;
            try { found = test(arg); } catch (error) { found = false; }
            if (found) return resolve(true);
            if (Date.now() > end) return reject(new Error("timed out waiting for " + test));
            setTimeout(check, 20);
          })();
        })""".replace("PREDICATE", predicate),
        [arg, timeout],
    )
