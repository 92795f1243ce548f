/* Dita's service worker: the public pages of events read without a network at the venue.

   - Pages of events (/<lang>/e/<slug>/…: the agenda, my agenda, sessions, speakers) and the list of
     events are fetched from the network first; each good answer is kept, stamped with the time it
     came. When the network fails (or is slower than TIMEOUT and a copy is kept) the copy is served,
     and the page, asking by its address, is told when it was saved: dita.js shows "Offline — last updated at HH:MM".
   - Papers already opened (…/papers/<id>) are kept the same way.
   - The site's own styles, scripts and icons come from the copy, renewed in the background.
   - When an event's agenda is opened, dita.js asks for the agenda and my agenda to be kept at once.
   Nothing else is touched: no work pages (/manage, /auth, /translate, /admin), no previews of working
   copies, no exports, nothing sent with POST, and no answer marked no-store (a signed-in page). */
"use strict";

var CACHE = "dita-v1";
var SAVED = "X-Dita-Saved-At";
var TIMEOUT = 4000;
/* At most this many pages and files are kept; the oldest go first. */
var KEPT = 250;
/* Pages lately served from the copy, by address: when the copy was saved, and when it was served. */
var served = new Map();
var ASK_WITHIN = 60000;

function scopePath(url) {
  var scope = new URL(self.registration.scope);
  if (url.origin !== scope.origin || url.pathname.indexOf(scope.pathname) !== 0) { return null; }
  return url.pathname.slice(scope.pathname.length);
}

/* "page", "asset", or null for what is not ours to keep. */
function kindOf(request) {
  if (request.method !== "GET" || request.headers.has("Range")) { return null; }
  var url = new URL(request.url);
  var path = scopePath(url);
  if (path === null || url.searchParams.has("preview")) { return null; }
  if (/^static\//.test(path) || path === "favicon.ico") { return "asset"; }
  if (/^[A-Za-z]{2,3}(-[A-Za-z]{4})?\/$/.test(path)) { return "page"; }
  var event = /^[A-Za-z]{2,3}(-[A-Za-z]{4})?\/e\/[^/]+\/(.*)$/.exec(path);
  if (!event || /\.(ics|xml|json|pdf)$/.test(event[2]) || event[2] === "star") { return null; }
  return "page";
}

function keepable(response) {
  return response && response.status === 200 && response.type === "basic" &&
    !/no-store/.test(response.headers.get("Cache-Control") || "");
}

function trim(cache) {
  return cache.keys().then(function (keys) {
    return Promise.all(keys.slice(0, Math.max(0, keys.length - KEPT)).map(function (key) { return cache.delete(key); }));
  });
}

/* Keep a copy of a good answer, stamped with the time it came. */
function keep(url, response) {
  if (!keepable(response)) { return Promise.resolve(); }
  return response.blob().then(function (body) {
    var headers = new Headers(response.headers);
    headers.set(SAVED, new Date().toISOString());
    var copy = new Response(body, { status: response.status, statusText: response.statusText, headers: headers });
    return caches.open(CACHE).then(function (cache) {
      return cache.delete(url).then(function () { return cache.put(url, copy); }).then(function () { return trim(cache); });
    });
  }).catch(function () { /* storage full: the page still shows */ });
}

function saved(url) {
  return caches.open(CACHE).then(function (cache) { return cache.match(url, { ignoreVary: true }); });
}

/* The event's agenda in the same language, when a page of it was never opened before going offline. */
function agendaOf(url) {
  var match = /^(.*?\/[A-Za-z]{2,3}(?:-[A-Za-z]{4})?\/e\/[^/]+\/)/.exec(url.split("?")[0]);
  return match ? match[1] : null;
}

function networkFirst(event) {
  var request = event.request;
  var url = request.url;
  return saved(url).then(function (copy) {
    return new Promise(function (resolve) {
      var done = false;
      function finish(response) { if (!done) { done = true; resolve(response); } }
      function fromCopy(response) {
        served.set(url, { savedAt: response.headers.get(SAVED), at: Date.now() });
        return response;
      }
      function fallback() {
        if (copy) { return finish(fromCopy(copy)); }
        var agenda = request.mode === "navigate" ? agendaOf(url) : null;
        (agenda ? saved(agenda) : Promise.resolve(null)).then(function (other) {
          finish(other ? fromCopy(other) : Response.error());
        });
      }
      var network = fetch(request).then(function (response) {
        if (response.status >= 500 && copy) { return fallback(); }
        event.waitUntil(keep(url, response.clone()));
        finish(response);
      }, fallback);
      event.waitUntil(network);
      if (copy) { setTimeout(function () { finish(fromCopy(copy)); }, TIMEOUT); }
    });
  });
}

function fromCopyThenRenew(event) {
  var url = event.request.url;
  return saved(url).then(function (copy) {
    var renewed = fetch(event.request).then(function (response) {
      event.waitUntil(keep(url, response.clone()));
      return response;
    });
    if (copy) {
      event.waitUntil(renewed.catch(function () { return null; }));
      return copy;
    }
    return renewed;
  });
}

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf("dita-") === 0 && name !== CACHE; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var kind = kindOf(event.request);
  if (kind === "page") { event.respondWith(networkFirst(event)); }
  if (kind === "asset") { event.respondWith(fromCopyThenRenew(event)); }
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var source = event.source;
  if (data.type === "served" && source && typeof data.url === "string") {
    var copy = served.get(data.url);
    served.delete(data.url);
    var fresh = copy && Date.now() - copy.at < ASK_WITHIN;
    source.postMessage({ type: "served", savedAt: fresh ? copy.savedAt : null });
  }
  if (data.type === "keep" && Array.isArray(data.urls)) {
    event.waitUntil(Promise.all(data.urls.map(function (address) {
      var request = new Request(address, { credentials: "same-origin" });
      if (!kindOf(request)) { return null; }
      return fetch(request).then(function (response) { return keep(request.url, response); })
        .catch(function () { return null; });
    })));
  }
});
