/* The agenda on the day: "Now" in the bar above the agenda scrolls to the session on now (or the
   next one) instead of leaving for the now screen, and a phone opening the agenda during the event
   starts there. Without this script the link goes to the now screen and the page starts at the top. */
(function () {
  "use strict";

  function sessionRows() {
    return Array.prototype.slice.call(document.querySelectorAll(".session-list .session"));
  }

  function timesOf(row) {
    var times = row.querySelectorAll(".session-time time[datetime]");
    if (times.length < 2) { return null; }
    return { start: Date.parse(times[0].getAttribute("datetime")), end: Date.parse(times[1].getAttribute("datetime")) };
  }

  /* The row on now, else the next one today; none when nothing is left today or the event is not on. */
  function currentRow(now) {
    var rows = sessionRows();
    var today = new Date(now).toDateString();
    for (var i = 0; i < rows.length; i += 1) {
      var t = timesOf(rows[i]);
      if (!t) { continue; }
      if (t.end > now && new Date(t.start).toDateString() === today) { return rows[i]; }
    }
    return null;
  }

  function init() {
    var link = document.querySelector("[data-jump-now]");
    if (!link) { return; }
    link.addEventListener("click", function (event) {
      var row = currentRow(Date.now());
      if (!row) { return; }
      event.preventDefault();
      row.scrollIntoView({ block: "start" });
      var heading = row.querySelector("h3 a");
      if (heading) { heading.focus({ preventScroll: true }); }
    });
    var phone = window.matchMedia && window.matchMedia("(max-width: 39.99rem)").matches;
    if (phone && !window.location.hash && window.scrollY === 0) {
      var row = currentRow(Date.now());
      if (row) { row.scrollIntoView({ block: "start" }); }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
