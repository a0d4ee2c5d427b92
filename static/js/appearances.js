/* Appearance pages, progressively enhanced (the page works without this file):
   shows the start time in the visitor's own time zone. Recordings' players are
   loaded by embeds.js. */
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
})();
