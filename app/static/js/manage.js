/* Dita, organizer's pages: small additions to forms that work without JavaScript.
   - people rows of a session: "Add a row" adds one on the page (without JavaScript a button asks the
     server for more rows); choosing someone in a row hides the fields for a new person;
   - lists with places (1, 2, 3…): rows can be dragged; dropping fills the numbers in the new order,
     which is what saving reads, exactly as if they had been typed. */
(function () {
  "use strict";

  function positionInputs(list) {
    return Array.prototype.map.call(list.querySelectorAll(":scope > [data-reorder-item]"), function (item) {
      return item.querySelector("input[name$='-position']");
    });
  }

  function renumber(list) {
    positionInputs(list).forEach(function (input, index) {
      if (input) { input.value = String(index + 1); }
    });
  }

  function setUpReorder(list) {
    var dragged = null;
    function prepare(item) {
      var handle = item.querySelector(".drag-handle");
      if (handle) { handle.hidden = false; }
      item.setAttribute("draggable", "true");
      item.addEventListener("dragstart", function (event) {
        var tag = event.target && event.target.tagName;
        if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") { event.preventDefault(); return; }
        dragged = item;
        item.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", "");
      });
      item.addEventListener("dragend", function () {
        item.classList.remove("dragging");
        dragged = null;
      });
      item.addEventListener("dragover", function (event) {
        if (!dragged || dragged === item) { return; }
        event.preventDefault();
        var box = item.getBoundingClientRect();
        var after = event.clientY > box.top + box.height / 2;
        list.insertBefore(dragged, after ? item.nextSibling : item);
      });
      item.addEventListener("drop", function (event) {
        event.preventDefault();
        renumber(list);
      });
    }
    list.querySelectorAll(":scope > [data-reorder-item]").forEach(prepare);
    list.addEventListener("drop", function () { renumber(list); });
    list.prepareItem = prepare;
  }

  function setUpNewPerson(row) {
    var select = row.querySelector("select[name$='-person']");
    var fields = row.querySelector("[data-new-person]");
    if (!select || !fields) { return; }
    function sync() {
      var chosen = select.value !== "0" && select.value !== "";
      fields.hidden = chosen;
      fields.disabled = chosen;  // a disabled fieldset's fields are not sent
    }
    select.addEventListener("change", sync);
    sync();
  }

  function setUpRows(list) {
    var template = document.getElementById("person-row-template");
    var add = document.querySelector("[data-add-row]");
    document.querySelectorAll("[data-no-js-only]").forEach(function (el) { el.hidden = true; });
    list.querySelectorAll(":scope > [data-reorder-item]").forEach(setUpNewPerson);
    if (!template || !add) { return; }
    var next = parseInt(list.dataset.nextIndex, 10) || 0;
    var max = parseInt(list.dataset.maxRows, 10) || 200;
    add.hidden = false;
    add.addEventListener("click", function () {
      if (list.children.length >= max) { return; }
      var html = template.innerHTML.replace(/__index__/g, String(next));
      next += 1;
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      list.appendChild(row);
      if (list.prepareItem) { list.prepareItem(row); }
      setUpNewPerson(row);
      var first = row.querySelector("select, input:not([type=hidden])");
      if (first) { first.focus(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-reorder]").forEach(setUpReorder);
    var rows = document.querySelector("ol.person-rows");
    if (rows) { setUpRows(rows); }
  });
}());
