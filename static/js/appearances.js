/* Appearance pages, progressively enhanced (the page works without this file):
   - shows the start time in the visitor's own time zone;
   - loads a recording's player only when the visitor presses play, so the
     video site receives nothing from a visitor who does not. */
(function () {
  "use strict";

  document.querySelectorAll("time[data-local-time]").forEach(function (el) {
    var when = new Date(el.getAttribute("datetime"));
    if (isNaN(when.getTime())) return;
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var text = new Intl.DateTimeFormat(undefined, {
      day: "numeric",
      month: "long",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
    }).format(when);
    el.textContent = zone ? text + " (" + zone + ")" : text;
    document.querySelectorAll(".js-local-time").forEach(function (part) {
      part.hidden = false;
    });
  });

  document.querySelectorAll("[data-embed-src]").forEach(function (box) {
    var button = box.querySelector(".embed__play");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = box.getAttribute("data-embed-src");
      frame.title = box.getAttribute("data-embed-title") || "Recording";
      frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      frame.allowFullscreen = true;
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      frame.className = "embed__frame";
      box.replaceChildren(frame);
      frame.focus();
    });
  });
})();
