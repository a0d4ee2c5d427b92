/* Start times in the visitor's own time zone, progressively enhanced (every page works
   without this file; base.html loads it everywhere, since lists of upcoming appearances
   are on many pages). `data-local-time` on a <time> with an ISO datetime: the full date
   and the zone's name (an appearance's page), or with "short" the day, month and time
   (a list). Recordings' players are loaded by embeds.js. */
(function () {
  "use strict";

  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var shown = false;
  document.querySelectorAll("time[data-local-time]").forEach(function (el) {
    var when = new Date(el.getAttribute("datetime"));
    if (isNaN(when.getTime())) return;
    var short = el.getAttribute("data-local-time") === "short";
    var options = { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", timeZoneName: "short" };
    if (!short) options.year = "numeric";
    var text = new Intl.DateTimeFormat(undefined, options).format(when);
    el.textContent = zone && !short ? text + " (" + zone + ")" : text;
    if (zone) el.title = zone;
    var part = el.closest(".js-local-time");
    if (part) part.hidden = false;
    shown = true;
  });
  if (shown) {
    // An appearance's page: the "Your time" label beside the time.
    document.querySelectorAll("dt.js-local-time").forEach(function (label) {
      label.hidden = false;
    });
  }
})();
