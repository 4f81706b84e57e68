// The offline check-in queue, shared by the pages (device.js) and the service worker
// (sw.js imports this file). One IndexedDB database, "steady", with two stores:
// - "queue": check-ins made without a connection. Each holds only a random id, the
//   commitment id, the occurrence (date and due time) and the state: no titles, no notes.
// - "device": this device's own choices ("keepToday"), which the server never sees.
// Signing out clears both (the server sends Clear-Site-Data).
(function (scope) {
  "use strict";

  var DB_NAME = "steady";
  var DB_VERSION = 1;
  // tracker/device/urls.py: "device-sync".
  var SYNC_URL = "/device/sync/";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = scope.indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains("queue")) db.createObjectStore("queue", { keyPath: "id" });
        if (!db.objectStoreNames.contains("device")) db.createObjectStore("device");
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  // Run `work` on one store in one transaction; resolves with the last request's result.
  function run(storeName, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(storeName, mode);
        var result;
        var request = work(transaction.objectStore(storeName));
        if (request) request.onsuccess = function () { result = request.result; };
        transaction.oncomplete = function () { db.close(); resolve(result); };
        transaction.onerror = transaction.onabort = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function sameOccurrence(a, b) {
    return a.commitment === b.commitment && a.occurrence_date === b.occurrence_date && a.due_at === b.due_at;
  }

  var queue = {
    all: function () { return run("queue", "readonly", function (store) { return store.getAll(); }); },
    // A second tap on the same occurrence replaces the first: only the latest choice goes.
    add: function (item) {
      return queue.all().then(function (items) {
        return run("queue", "readwrite", function (store) {
          items.filter(function (old) { return sameOccurrence(old, item); })
            .forEach(function (old) { store.delete(old.id); });
          return store.put(item);
        });
      });
    },
    remove: function (ids) {
      return run("queue", "readwrite", function (store) {
        ids.forEach(function (id) { store.delete(id); });
      });
    },
  };

  var device = {
    get: function (name) { return run("device", "readonly", function (store) { return store.get(name); }); },
    set: function (name, value) { return run("device", "readwrite", function (store) { return store.put(value, name); }); },
  };

  var pending = null;

  // Send the queue; resolves with the server's answers (empty when nothing was queued).
  // Items the server answered are removed; on a network error or a refusal (signed out)
  // they stay for the next try.
  function sync() {
    if (pending) return pending;
    pending = queue.all().then(function (items) {
      if (!items.length) return [];
      return fetch(SYNC_URL, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ items: items }),
      }).then(function (response) {
        if (!response.ok) throw new Error("Steady did not take the queued check-ins (" + response.status + ")");
        return response.json();
      }).then(function (body) {
        var answered = body.results.map(function (result) { return result.id; }).filter(Boolean);
        return queue.remove(answered).then(function () { return body.results; });
      });
    });
    var clear = function () { pending = null; };
    pending.then(clear, clear);
    return pending;
  }

  scope.SteadyQueue = { queue: queue, device: device, sync: sync, SYNC_TAG: "steady-check-ins" };
})(self);
