/* Dita: small progressive additions to pages that work without it.
   - the star: keeps the starred sessions of each event in localStorage and links "My agenda" to them;
   - the format filter submits itself when a box is ticked. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function storageKey(slug) { return "dita:starred:" + slug; }

  function load(slug) {
    try {
      var value = JSON.parse(window.localStorage.getItem(storageKey(slug)) || "[]");
      return Array.isArray(value) ? value.filter(function (id) { return /^[0-9a-zA-Z]{1,16}$/.test(id); }) : [];
    } catch (e) {
      return [];
    }
  }

  function save(slug, ids) {
    try { window.localStorage.setItem(storageKey(slug), JSON.stringify(ids)); } catch (e) { /* private mode: no stars */ }
  }

  function myUrl(link, ids) {
    var url = new URL(link.getAttribute("href"), window.location.href);
    if (ids.length) { url.searchParams.set("s", ids.join(",")); } else { url.searchParams.delete("s"); }
    return url.pathname + url.search;
  }

  function paintStar(page, button, on) {
    button.setAttribute("aria-pressed", on ? "true" : "false");
    var label = on ? page.dataset.starOn : page.dataset.starOff;
    button.title = label;
    button.querySelector("[aria-hidden]").textContent = on ? "★" : "☆";
    button.querySelector(".visually-hidden").textContent = label;
  }

  function setUpStars(page) {
    var slug = page.dataset.event;
    var starred = load(slug);
    var links = document.querySelectorAll("a[data-my-link]");

    function refreshLinks() {
      links.forEach(function (link) { link.setAttribute("href", myUrl(link, starred)); });
    }

    page.querySelectorAll("button[data-star]").forEach(function (button) {
      var id = button.dataset.star;
      paintStar(page, button, starred.indexOf(id) !== -1);
      button.hidden = false;
      button.addEventListener("click", function () {
        var at = starred.indexOf(id);
        if (at === -1) { starred.push(id); } else { starred.splice(at, 1); }
        save(slug, starred);
        paintStar(page, button, at === -1);
        refreshLinks();
      });
    });
    refreshLinks();

    // My agenda shows what the address names; bring it in line with this browser's stars.
    if (page.dataset.myPage !== undefined) {
      var shown = page.dataset.myPage ? page.dataset.myPage.split(",") : [];
      var wanted = new URLSearchParams(window.location.search).get("s");
      if (wanted === null && starred.length && shown.length === 0) {
        window.location.replace(myUrl({ getAttribute: function () { return window.location.pathname; } }, starred));
      }
    }
  }

  function setUpFilters() {
    document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
      form.addEventListener("change", function () { form.submit(); });
    });
  }

  // The screen by the door: fetch the page again every few seconds and swap in what changed,
  // without reloading (no flash, and nothing happens while the network is away).
  function setUpRefresh() {
    var screen = document.querySelector("[data-refresh]");
    if (!screen || !window.fetch) { return; }
    var seconds = parseInt(screen.dataset.refresh, 10) || 60;
    window.setInterval(function () {
      window.fetch(window.location.href, { headers: { "Accept": "text/html" } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-refresh]");
          if (fresh && fresh.innerHTML !== screen.innerHTML) { screen.innerHTML = fresh.innerHTML; }
        })
        .catch(function () { /* offline for a moment: keep showing what we have */ });
    }, seconds * 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-event]").forEach(function (page) {
      setUpStars(page);
    });
    setUpFilters();
    setUpRefresh();
  });
}());
