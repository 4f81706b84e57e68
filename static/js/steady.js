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

  // Copy buttons (the calendar address): hidden in the markup, so without JavaScript
  // there is only the read-only field to select. The clipboard API needs a secure
  // context; elsewhere the field is selected and the older copy command tried.
  function showCopyButtons(root) {
    root.querySelectorAll("[data-copy][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }
  function copyFrom(button) {
    var field = document.getElementById(button.dataset.copy);
    var status = document.getElementById(button.dataset.copyStatus);
    if (!field) return;
    function say(text) { if (status) status.textContent = text; }
    function fallback() {
      field.focus();
      field.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      say(copied ? "Copied." : "Selected: press Ctrl+C (or ⌘+C) to copy it.");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () { say("Copied."); }, fallback);
    } else {
      fallback();
    }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (button) copyFrom(button);
  });
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-select-on-focus]")) event.target.select();
  });
  document.addEventListener("DOMContentLoaded", function () { showCopyButtons(document); });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.elt;
    if (target && target.querySelectorAll) showCopyButtons(target.parentNode || document);
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

  // Passkey buttons appear only where the browser can use them.
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.PublicKeyCredential) return;
    document.querySelectorAll("[data-needs-passkeys]").forEach(function (element) {
      element.hidden = false;
    });
  });

  // Passkeys (allauth's webauthn.js reports failures as "allauth.error"): say what went
  // wrong next to the button instead of only in the console.
  document.addEventListener("allauth.error", function (event) {
    var box = document.querySelector("[data-passkey-problem]");
    if (!box) return;
    event.preventDefault();
    var error = event.detail && event.detail.exception;
    box.textContent = error && error.name === "NotAllowedError"
      ? "The passkey request was cancelled or timed out. You can try again, or use your password."
      : "That passkey didn't work on this device. You can try again, or use your password.";
  });

  // "More" menus (a row's other answers, the navigation's menu) are <details>, which work
  // without JavaScript; here they also close on Escape or a tap elsewhere, like menus do.
  var MENUS = ".occ-more[open], .nav-menu details[open]";
  document.addEventListener("click", function (event) {
    document.querySelectorAll(MENUS).forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(MENUS).forEach(function (menu) {
      if (menu.contains(document.activeElement)) menu.querySelector("summary").focus();
      menu.removeAttribute("open");
    });
  });
})();
