/* The chair's view (templates/manage/chair.html) works without this: plain POST forms, and the page
   reloads itself. With it, the clock runs every second against the allotment, a tap posts without
   reloading the page (and cannot be sent twice while it is on its way), and the page follows taps
   made on another phone. */
(function () {
  "use strict";

  function mmss(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    var rest = s % 60;
    return Math.floor(s / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  var ticker = null;
  var busy = false;

  function startClock(chair) {
    if (ticker) { window.clearInterval(ticker); ticker = null; }
    var clock = chair.querySelector("[data-clock]");
    var budget = chair.querySelector("[data-budget]");
    if (!clock || chair.dataset.elapsed === undefined) { return; }
    var elapsed = parseInt(chair.dataset.elapsed, 10) || 0;
    var allotted = parseInt(chair.dataset.allotted, 10) || 0;
    var paused = chair.dataset.paused !== undefined;
    var since = Date.now();
    function paint() {
      var now = paused ? elapsed : elapsed + (Date.now() - since) / 1000;
      clock.textContent = mmss(now);
      if (budget) {
        var over = now > allotted;
        var text = over ? budget.dataset.overText : budget.dataset.leftText;
        budget.textContent = text.replace("{t}", mmss(over ? now - allotted : allotted - now));
        budget.classList.toggle("is-over", over);
      }
    }
    paint();
    if (!paused) { ticker = window.setInterval(paint, 250); }
  }

  // Put a freshly rendered chair's page in place of this one: its view and its messages.
  function swapIn(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var chair = document.querySelector("[data-chair]");
    var next = fresh.querySelector("[data-chair]");
    if (!chair || !next) { return false; }
    var main = document.querySelector("main");
    document.querySelectorAll(".flashes").forEach(function (old) { old.remove(); });
    var flashes = fresh.querySelector(".flashes");
    if (flashes && main) { main.parentNode.insertBefore(document.importNode(flashes, true), main); }
    var focused = document.activeElement && document.activeElement.closest("form[data-chair-step]");
    var action = focused ? focused.querySelector("input[name=move]").value : null;
    chair.replaceWith(document.importNode(next, true));
    setUp();
    if (action) {  // keep the keyboard where it was, on the same button if it is still there
      var field = document.querySelector('form[data-chair-step] input[name=move][value="' + action + '"]');
      if (field) { field.form.querySelector("button").focus(); }
    }
    return true;
  }

  function post(form) {
    if (busy) { return; }
    busy = true;
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    window.fetch(form.getAttribute("action"), { method: "POST", body: new FormData(form), credentials: "same-origin",
                                headers: { "Accept": "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        busy = false;
        if (!swapIn(html)) { window.location.reload(); }
      })
      .catch(function () {
        busy = false;
        form.submit();  // the network failed the script: send the form the plain way
      });
  }

  function follow() {
    if (busy || !window.fetch) { return; }
    window.fetch(window.location.href, { headers: { "Accept": "text/html" }, cache: "no-store",
                                         credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html || busy) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-chair]");
        var chair = document.querySelector("[data-chair]");
        // Another device moved the list on: the step in its forms differs from ours.
        var seen = function (root) { var f = root && root.querySelector("input[name=seen]"); return f ? f.value : ""; };
        if (fresh && chair && seen(fresh) !== seen(chair)) { swapIn(html); }
      })
      .catch(function () { /* offline for a moment: the clock keeps running */ });
  }

  function setUp() {
    var chair = document.querySelector("[data-chair]");
    if (!chair) { return; }
    startClock(chair);
    chair.querySelectorAll("form[data-chair-step]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.fetch || !window.FormData) { return; }
        event.preventDefault();
        post(form);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var chair = document.querySelector("[data-chair]");
    if (!chair) { return; }
    setUp();
    var every = parseInt(chair.dataset.refreshEvery, 10) || 15;
    window.setInterval(follow, every * 1000);
  });
}());
