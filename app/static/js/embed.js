/* The embeddable agenda tells the page that frames it how tall it is, so the host's snippet
   (given on the organizer's event page) can fit the iframe to it. Without this script, or on a
   host without the snippet, the frame keeps its height and the agenda scrolls inside it. */
(function () {
  "use strict";
  if (window.parent === window) { return; }
  var last = 0;

  function tell() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) { return; }
    last = height;
    window.parent.postMessage({ type: "dita-embed-height", height: height }, "*");
  }

  window.addEventListener("load", tell);
  window.addEventListener("resize", tell);
  if (window.ResizeObserver) { new window.ResizeObserver(tell).observe(document.body); }
  tell();
}());
