/* Dita: small progressive additions to pages that work without it.
   - the star: keeps the starred sessions of each event in localStorage and in the event's cookie, which
     the star forms change when scripts are off and "My agenda" reads (app/public/offline.py);
   - offline reading: registers the service worker (sw.js), asks it to keep an event's agenda and my
     agenda when the agenda is opened, and says "Offline — last updated at HH:MM" on a kept copy;
   - the format filter submits itself when a box is ticked. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var ID = /^[0-9a-zA-Z]{1,16}$/;
  var COOKIE_AGE = 365 * 24 * 3600;

  function storageKey(slug) { return "dita:starred:" + slug; }
  function cookieName(slug) { return "dita_stars_" + slug; }
  function valid(ids) { return ids.filter(function (id, at) { return ID.test(id) && ids.indexOf(id) === at; }); }

  function loadLocal(slug) {
    try {
      var value = JSON.parse(window.localStorage.getItem(storageKey(slug)) || "null");
      return Array.isArray(value) ? valid(value) : null;
    } catch (e) {
      return null;
    }
  }

  /* The event's cookie: null when the browser has none, else its ids (maybe none). */
  function loadCookie(slug) {
    var prefix = cookieName(slug) + "=";
    var found = document.cookie.split(/;\s*/).filter(function (part) { return part.indexOf(prefix) === 0; })[0];
    if (found === undefined) { return null; }
    return valid(decodeURIComponent(found.slice(prefix.length)).split(".").filter(Boolean));
  }

  function save(slug, ids) {
    try { window.localStorage.setItem(storageKey(slug), JSON.stringify(ids)); } catch (e) { /* private mode */ }
    var secure = window.location.protocol === "https:" ? "; secure" : "";
    document.cookie = cookieName(slug) + "=" + ids.join(".") + "; path=/; max-age=" + COOKIE_AGE + "; samesite=lax" + secure;
  }

  /* The two stores agree on load. The cookie, when there is one, is the newer word: every change
     writes it, and the forms without scripts write only it. Without one (never set, or cleared), the
     stars this browser kept come back into it. */
  function load(slug) {
    var fromCookie = loadCookie(slug);
    var ids = fromCookie !== null ? fromCookie : (loadLocal(slug) || []);
    if (fromCookie === null && ids.length === 0) { return ids; }
    save(slug, ids);
    return ids;
  }

  function paintStar(page, button, on) {
    button.setAttribute("aria-pressed", on ? "true" : "false");
    var label = on ? page.dataset.starOn : page.dataset.starOff;
    button.title = label;
    button.querySelector("[aria-hidden]").textContent = on ? "★" : "☆";
    button.querySelector(".visually-hidden").textContent = label;
  }

  /* Keep "My agenda" current in the offline copy after a star changes (the worker keeps what it fetches). */
  function refreshMyCopy() {
    var link = document.querySelector("a[data-my-link]");
    if (link && navigator.serviceWorker && navigator.serviceWorker.controller && window.fetch) {
      window.fetch(link.href, { credentials: "same-origin", headers: { "Accept": "text/html" } }).catch(function () {});
    }
  }

  function setUpStars(page) {
    var slug = page.dataset.event;
    var starred = load(slug);

    page.querySelectorAll("button[data-star]").forEach(function (button) {
      var id = button.dataset.star;
      paintStar(page, button, starred.indexOf(id) !== -1);
      button.hidden = false;
      button.addEventListener("click", function (event) {
        event.preventDefault();  // kept here, at once, offline too; the form is for pages without scripts
        starred = load(slug);
        var at = starred.indexOf(id);
        if (at === -1) { starred.push(id); } else { starred.splice(at, 1); }
        save(slug, starred);
        page.querySelectorAll("button[data-star='" + id + "']").forEach(function (same) { paintStar(page, same, at === -1); });
        refreshMyCopy();
      });
    });

    // A browser that keeps no cookies sends none: its My agenda names the stars in the address instead.
    if (page.dataset.myPage !== undefined && page.dataset.shared === undefined && starred.length &&
        loadCookie(slug) === null) {
      window.location.replace(window.location.pathname + "?s=" + starred.join(","));
      return;
    }
    // A shared set that is exactly this browser's own stars needs no offer to take it.
    if (page.dataset.shared !== undefined) {
      var shown = page.dataset.myPage ? page.dataset.myPage.split(",") : [];
      var offer = page.querySelector(".shared-offer");
      if (offer && shown.length && shown.length === starred.length &&
          shown.every(function (id) { return starred.indexOf(id) !== -1; })) {
        offer.hidden = true;
      }
    }
    // My agenda as kept offline may predate the last stars: hide the sessions no longer starred.
    if (page.dataset.myPage !== undefined && page.dataset.shared === undefined) {
      page.addEventListener("dita:offline", function () {
        page.querySelectorAll("li.session[id^='s-']").forEach(function (row) {
          row.hidden = starred.indexOf(row.id.slice(2)) === -1;
        });
      });
    }
  }

  /* Offline reading (sw.js). The line's text, in the page's language, comes with the page. */
  function setUpOffline() {
    var meta = document.querySelector("meta[name='dita-offline']");
    if (!meta || !("serviceWorker" in navigator)) { return; }
    var line = null;
    var savedAt = null;

    function show(at) {
      var when = at ? new Date(at) : new Date();
      var time = new Intl.DateTimeFormat(document.documentElement.lang || undefined,
        { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(when);
      if (!line) {
        line = document.createElement("p");
        line.className = "offline-line";
        line.setAttribute("role", "status");
        var main = document.querySelector("main") || document.body;
        main.insertBefore(line, main.firstChild);
      }
      line.textContent = meta.dataset.line.replace("{time}", time);
      line.hidden = false;
      document.querySelectorAll("[data-event]").forEach(function (page) {
        page.dispatchEvent(new CustomEvent("dita:offline"));
      });
    }

    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "served" && event.data.savedAt) {
        savedAt = event.data.savedAt;
        show(savedAt);
      }
    });
    window.addEventListener("offline", function () { show(savedAt || loadedAt); });
    window.addEventListener("online", function () { if (line && !savedAt) { line.hidden = true; } });
    var loadedAt = new Date().toISOString();
    // Offline as the page opens: it is the kept copy; its time is on it.
    if (!navigator.onLine && window.caches) {
      window.caches.match(window.location.href.split("#")[0], { ignoreVary: true }).then(function (copy) {
        if (copy && copy.headers.get("X-Dita-Saved-At")) { savedAt = copy.headers.get("X-Dita-Saved-At"); show(savedAt); }
      }).catch(function () {});
    }

    navigator.serviceWorker.register(meta.content, { scope: meta.dataset.scope }).then(function (registration) {
      if (navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage({ type: "served", url: window.location.href.split("#")[0] });
      }
      var keep = document.querySelector("meta[name='dita-keep']");
      if (!keep) { return null; }
      return navigator.serviceWorker.ready.then(function (ready) {
        var urls = keep.content.split(" ").filter(Boolean);
        document.querySelectorAll("link[rel~='stylesheet'], link[rel~='icon'], link[rel='manifest'], script[src]").forEach(function (el) {
          urls.push(el.href || el.src);
        });
        (ready.active || registration.active).postMessage({ type: "keep", urls: urls });
      });
    }).catch(function () { /* no worker (private mode, old browser): pages work as before */ });
  }

  function setUpFilters() {
    document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
      form.addEventListener("change", function () { form.submit(); });
    });
  }

  // The screen by the door (and a list of speakers while it runs): fetch the page again and swap in
  // what changed, without reloading (no flash, and nothing happens while the network is away).
  // The page says how long it holds (max-age: the now screen's runs to the next minute boundary, a
  // running list's is short); the next fetch comes just after that, at most every data-refresh seconds.
  function setUpRefresh() {
    var screen = document.querySelector("[data-refresh]");
    if (!screen || !window.fetch) { return; }
    var longest = parseInt(screen.dataset.refresh, 10) || 60;
    function schedule(seconds) {
      // max-age counts whole seconds down (a cache must not keep the page past the boundary), so
      // one more second lands the fetch after the boundary, never in the minute that is ending.
      window.setTimeout(fetchAgain, Math.min(Math.max(seconds, 1), longest) * 1000 + 1000);
    }
    function fetchAgain() {
      var wait = longest;
      window.fetch(window.location.href, { headers: { "Accept": "text/html" }, cache: "no-cache" })
        .then(function (response) {
          var maxAge = /max-age=(\d+)/.exec(response.headers.get("Cache-Control") || "");
          if (maxAge) { wait = parseInt(maxAge[1], 10); }
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (!html) { return; }
          var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-refresh]");
          if (fresh && fresh.innerHTML !== screen.innerHTML) { screen.innerHTML = fresh.innerHTML; }
        })
        .catch(function () { /* offline for a moment: keep showing what we have */ })
        .then(function () { schedule(wait); });
    }
    fetchAgain();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-event]").forEach(function (page) {
      setUpStars(page);
    });
    setUpOffline();
    setUpFilters();
    setUpRefresh();
  });
}());
