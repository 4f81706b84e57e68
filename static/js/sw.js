// Steady's service worker. The view at /sw.js puts `self.STEADY` (this deploy's asset URLs
// and a version) before this file. What it keeps on the device:
// - "steady-public-<version>": the hashed static files and the offline page. Public.
// - "steady-private": the latest Today, and only when the person turned on "Keep Today on
//   this phone for offline use" on this device. Dropped when they turn it off, when Today
//   answers with a redirect (signed out), and by Clear-Site-Data at sign-out.
// No other page is ever stored: private pages also say Cache-Control: no-store.
"use strict";

var CONFIG = self.STEADY;
var PUBLIC_CACHE = "steady-public-" + CONFIG.version;
var PRIVATE_CACHE = "steady-private";
var ICON = CONFIG.assets.filter(function (url) { return /icon-192/.test(url); })[0];

importScripts(CONFIG.queueScript);

self.addEventListener("install", function (event) {
  // A POST (a tap on Kept, a form) goes straight to the network without waking this
  // worker, which never answers one: a phone stops an idle worker, and starting it again
  // would delay the tap. Browsers without static routes send it through the fetch
  // handler below, which lets it pass as before.
  if (event.addRoutes) {
    try {
      event.addRoutes([{ condition: { requestMethod: "POST" }, source: "network" }])
        .catch(function () { /* routes refused: the fetch handler still passes POSTs */ });
    } catch (error) { /* the same */ }
  }
  event.waitUntil(
    caches.open(PUBLIC_CACHE).then(function (cache) {
      // Fetched signed out, so the kept copy shows no one's name or data.
      var offlinePage = fetch(CONFIG.offline, { credentials: "omit" }).then(function (response) {
        if (!response.ok) throw new Error("The offline page answered " + response.status);
        return cache.put(CONFIG.offline, response);
      });
      return Promise.all([cache.addAll(CONFIG.assets), offlinePage]);
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("steady-public-") === 0 && name !== PUBLIC_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function keepToday(response) {
  return SteadyQueue.device.get("keepToday").then(function (wanted) {
    if (wanted && response.type === "basic" && response.status === 200) {
      return caches.open(PRIVATE_CACHE).then(function (cache) { return cache.put(CONFIG.today, response); });
    }
    return caches.delete(PRIVATE_CACHE);
  });
}

function offlineFallback(url) {
  var kept = url.pathname !== CONFIG.today ? Promise.resolve(undefined) :
    SteadyQueue.device.get("keepToday").then(function (wanted) {
      return wanted ? caches.match(CONFIG.today, { cacheName: PRIVATE_CACHE }) : undefined;
    });
  return kept.then(function (page) {
    return page || caches.match(CONFIG.offline, { cacheName: PUBLIC_CACHE });
  }).then(function (page) {
    return page || new Response("You're offline.", { status: 503, headers: { "Content-Type": "text/plain" } });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (CONFIG.assets.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.match(request, { cacheName: PUBLIC_CACHE }).then(function (hit) {
      return hit || fetch(request);
    }));
    return;
  }
  if (request.mode !== "navigate") return;
  event.respondWith(fetch(request).then(function (response) {
    if (url.pathname === CONFIG.today) event.waitUntil(keepToday(response.clone()));
    return response;
  }, function () {
    return offlineFallback(url);
  }));
});

// Background Sync, where the browser has it: the queue goes even if the page is closed.
self.addEventListener("sync", function (event) {
  if (event.tag === SteadyQueue.SYNC_TAG) event.waitUntil(SteadyQueue.sync());
});

// --- Reminders ---------------------------------------------------------------------------

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = {}; }
  event.waitUntil(self.registration.showNotification(data.title || "Steady", {
    body: data.body || "You have a reminder.",
    tag: data.tag,
    icon: ICON,
    badge: ICON,
    actions: data.actions || [],
    data: { url: data.url || CONFIG.today, kept: data.kept || null },
  }));
});

function openSteady(url) {
  return self.clients.matchAll({ type: "window" }).then(function (windows) {
    var open = windows[0];
    if (open && "navigate" in open) {
      return open.navigate(url).then(function (client) { return (client || open).focus(); })
        .catch(function () { return self.clients.openWindow(url); });
    }
    return self.clients.openWindow(url);
  });
}

// "Kept" posts the notification's one-time token (no cookie, no CSRF token: the token
// is the authority) and replaces the notification with what happened.
function recordKept(notification) {
  var data = notification.data;
  return fetch(data.kept.url, {
    method: "POST",
    credentials: "omit",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token: data.kept.token }),
  }).then(function (response) {
    return response.json();
  }).catch(function () {
    return { message: "Steady couldn't be reached: open it to record this." };
  }).then(function (result) {
    return self.registration.showNotification("Steady", {
      body: result.message,
      tag: notification.tag,
      icon: ICON,
      data: { url: data.url, kept: null },
    });
  });
}

self.addEventListener("notificationclick", function (event) {
  var notification = event.notification;
  notification.close();
  if (event.action === "kept" && notification.data && notification.data.kept) {
    event.waitUntil(recordKept(notification));
  } else {
    event.waitUntil(openSteady((notification.data && notification.data.url) || CONFIG.today));
  }
});
