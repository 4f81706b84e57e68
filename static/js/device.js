// Steady on this device: the service worker, check-ins made offline, and this device's
// choices on the devices page. Everything works without this file: pages post as usual.
(function () {
  "use strict";

  if (!("serviceWorker" in navigator) || !window.SteadyQueue) return;
  var Q = window.SteadyQueue;
  // Today's recording forms, in today's markup and in "Today, made for a phone".
  var CHECK_IN_FORMS = 'form[data-checkin], form[action$="/check-in/"]';

  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
    // No worker (private mode, or blocked by the browser): the site works as before.
  });

  // Say something in the page's live region (base.html's #messages).
  function announce(text) {
    var region = document.getElementById("messages");
    if (!region) return;
    var line = document.createElement("p");
    line.className = "message message-info";
    line.textContent = text;
    region.appendChild(line);
  }

  // --- Check-ins made offline ------------------------------------------------------------

  function itemFrom(form, submitter) {
    var state = submitter && submitter.name === "state" ? submitter.value : "";
    var path = new URL(form.action, location.href).pathname;
    var match = /\/track\/(\d+)\/check-in\/$/.exec(path);
    var fields = form.elements;
    if (!state || !match || !fields.occurrence_date) return null;
    return {
      id: crypto.randomUUID(),
      commitment: Number(form.dataset.commitment || match[1]),
      occurrence_date: fields.occurrence_date.value,
      due_at: fields.due_at ? fields.due_at.value : "",
      state: state,
    };
  }

  function askForBackgroundSync() {
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) return registration.sync.register(Q.SYNC_TAG);
    }).catch(function () { /* the online event and the next page load still send it */ });
  }

  function saveOffline(form, submitter) {
    var item = itemFrom(form, submitter);
    if (!item) {
      announce("You're offline: notes can be saved once you're back online.");
      return;
    }
    Q.queue.add(item).then(function () {
      var row = form.closest("[data-row], .occurrence, li") || form;
      var note = row.querySelector("[data-offline-saved]");
      if (!note) {
        note = document.createElement("p");
        note.setAttribute("data-offline-saved", "");
        note.className = "offline-saved";
        row.appendChild(note);
      }
      note.textContent = "Saved on this phone, will sync";
      if (submitter) submitter.setAttribute("aria-pressed", "true");
      announce("Saved on this phone, will sync.");
      askForBackgroundSync();
    }, function () {
      announce("This phone could not save that check-in. Try again when you're back online.");
    });
  }

  // Capture phase: offline, the tap is kept here before htmx (or the browser) tries to send.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches(CHECK_IN_FORMS)) return;
    form.steadySubmitter = event.submitter || null;
    if (navigator.onLine) return;
    event.preventDefault();
    event.stopPropagation();
    saveOffline(form, event.submitter);
  }, true);

  // A connection that claims to be up but cannot reach Steady.
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail && event.detail.elt;
    if (form && form.matches && form.matches(CHECK_IN_FORMS)) saveOffline(form, form.steadySubmitter);
  });

  function send() {
    if (!navigator.onLine) return;
    Q.sync().then(function (results) {
      if (!results.length) return;
      if (document.querySelector(CHECK_IN_FORMS + ", [data-offline-pending]")) {
        // Today shows the answers (as messages) with the rows as they now stand.
        location.reload();
      } else {
        results.forEach(function (result) { announce(result.message); });
      }
    }).catch(function () { /* still offline, or signed out: the items wait */ });
  }

  window.addEventListener("online", send);
  document.addEventListener("DOMContentLoaded", function () {
    send();
    var pending = document.querySelector("[data-offline-pending]");
    if (pending) {
      Q.queue.all().then(function (items) {
        if (items.length) {
          pending.textContent = items.length === 1 ? "1 check-in is saved on this phone, waiting to sync." :
            items.length + " check-ins are saved on this phone, waiting to sync.";
        }
      });
    }
    setUpDevicePage();
  });

  // Sign-out: the server's Clear-Site-Data empties everything; drop Today now too, in
  // case this browser ignores that header.
  document.addEventListener("submit", function (event) {
    if (/\/logout\/$/.test(new URL(event.target.action, location.href).pathname) && window.caches) {
      caches.delete("steady-private");
    }
  });

  // --- The devices page ------------------------------------------------------------------

  function bytesFromBase64url(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
    var raw = atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function deviceName() {
    var agent = navigator.userAgent;
    var browser = /Edg\//.test(agent) ? "Edge" : /Firefox\//.test(agent) ? "Firefox" :
      /Chrome\//.test(agent) ? "Chrome" : /Safari\//.test(agent) ? "Safari" : "A browser";
    var system = /Android/.test(agent) ? "Android" : /iPhone/.test(agent) ? "iPhone" :
      /iPad/.test(agent) ? "iPad" : /Mac OS/.test(agent) ? "Mac" : /Windows/.test(agent) ? "Windows" :
      /Linux/.test(agent) ? "Linux" : "";
    return system ? browser + " on " + system : browser;
  }

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function setUpDevicePage() {
    var page = document.querySelector("[data-devices]");
    if (!page) return;
    page.querySelector("[data-device-needs-js]").hidden = true;
    page.querySelector("[data-device-controls]").hidden = false;
    var keep = page.querySelector("[data-keep-today]");
    var state = page.querySelector("[data-push-state]");
    Q.device.get("keepToday").then(function (on) { keep.checked = Boolean(on); });
    keep.addEventListener("change", function () {
      Q.device.set("keepToday", keep.checked).then(function () {
        if (keep.checked) {
          return caches.open("steady-private").then(function (cache) { return cache.add("/today/"); })
            .then(function () { announce("Today is kept on this phone for offline use."); });
        }
        return caches.delete("steady-private").then(function () {
          announce("Nothing of yours is kept on this phone now.");
        });
      }).catch(function () { announce("This phone could not keep Today. Try again later."); });
    });

    navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager && registration.pushManager.getSubscription();
    }).then(function (subscription) {
      if (subscription) state.textContent = "Reminders are on for this device.";
    }).catch(function () { /* no push here: the button explains when tapped */ });

    page.querySelector("[data-push-on]").addEventListener("click", function () {
      if (!("Notification" in window) || !("PushManager" in window)) {
        state.textContent = "This browser can't show reminders. On an iPhone, add Steady to the home screen first.";
        return;
      }
      // The permission prompt comes only now, after the person asked for reminders.
      Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") {
          state.textContent = "Notifications are blocked for Steady in this browser's settings, so no reminders can be shown here.";
          return null;
        }
        return navigator.serviceWorker.ready.then(function (registration) {
          return registration.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: bytesFromBase64url(page.dataset.vapidKey),
          });
        }).then(function (subscription) {
          var body = subscription.toJSON();
          body.name = deviceName();
          return fetch(page.dataset.subscribeUrl, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
            body: JSON.stringify(body),
          });
        }).then(function (response) {
          if (!response.ok) throw new Error("Steady did not keep the subscription");
          location.reload();
        });
      }).catch(function () {
        state.textContent = "This browser could not turn on reminders just now. Try again later.";
      });
    });
  }
})();
