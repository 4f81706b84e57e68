// Steady's small progressive enhancements. Everything works without this file.
// No inline handlers or eval: the CSP forbids them, so behaviour is attached here.
(function () {
  "use strict";

  // After HTMX swaps a region, move focus to an element that asks for it, so keyboard
  // and screen-reader users are not left on a button that no longer exists.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.elt;
    if (!target || !target.querySelector) return;
    var wanted = target.matches("[data-autofocus]") ? target : target.querySelector("[data-autofocus]");
    if (wanted) {
      if (!wanted.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(wanted.tagName)) {
        wanted.setAttribute("tabindex", "-1");
      }
      wanted.focus();
    }
  });

  // "Not now" on an offer placed after a row (the repair offer): remove it and give focus
  // back to the row it followed.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-dismiss]") : null;
    if (!button) return;
    var offer = document.getElementById(button.getAttribute("data-dismiss"));
    if (!offer) return;
    var before = offer.previousElementSibling;
    offer.remove();
    if (before) {
      var focusable = before.querySelector("a, button") || before;
      focusable.focus();
    }
  });

  // Guess the browser's time zone for forms that ask for one (sign-up, settings).
  document.addEventListener("DOMContentLoaded", function () {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { zone = ""; }
    if (!zone) return;
    document.querySelectorAll("[data-guess-time-zone]").forEach(function (field) {
      if (!field.dataset.userChosen && (field.value === "" || field.value === "UTC")) {
        var option = field.querySelector ? field.querySelector('option[value="' + zone.replace(/"/g, "") + '"]') : null;
        if (field.tagName !== "SELECT" || option) field.value = zone;
      }
    });
  });
})();
