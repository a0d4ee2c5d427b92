/*
 * The article form's publication time is read in the article's own zone, so:
 *
 * - Django's note comparing the browser's clock with the server's ("You are 8 hours
 *   ahead") is taken away: DateTimeShortcuts.js writes it on window load when the page's
 *   body carries the server's UTC offset, and this removes that offset before then.
 * - The line under the date and time (archive/admin_dates.py) names the zone as the author
 *   types it in the zone field, in the sentences the server wrote into its data attributes.
 * - The calendar's "Today" and the clock's "Now" give the day and time on that zone's
 *   clock: they read the body's offset each time, so it is set back to the zone's.
 */
(function () {
  "use strict";

  function isZone(name) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: name });
      return true;
    } catch (error) {
      return false;
    }
  }

  // Seconds east of UTC in `zone` now, as Django's `{% now "Z" %}` gives the server's.
  function offsetOf(zone) {
    var now = new Date();
    var parts = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    })
      .formatToParts(now)
      .forEach(function (part) {
        parts[part.type] = Number(part.value);
      });
    var wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
    return Math.round((wall - now.getTime()) / 60000) * 60;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var line = document.querySelector(".publication-zone");
    if (!line) {
      return;
    }
    delete document.body.dataset.adminUtcOffset;
    var field = document.getElementById(line.dataset.zoneField);
    var outlet = document.getElementById(line.dataset.outletField);
    // The autocomplete announces "change" as it starts up too: compare the values.
    var firstOutlet = outlet ? outlet.value : "";
    var loaded = false;

    function update() {
      var name = field ? field.value.trim() : "";
      var kind = "own";
      var zone = name;
      if (name && !isZone(name)) {
        kind = "unknown";
      } else if (!name && outlet && outlet.value !== firstOutlet) {
        kind = "newOutlet";
      } else if (!name) {
        kind = line.dataset.fallbackCase;
        zone = line.dataset.fallback;
      }
      line.textContent = line.dataset[kind].replace("{zone}", zone);
      // Only after DateTimeShortcuts has started, or it would write its note after all.
      if (!loaded) {
        return;
      }
      if (kind === "unknown" || kind === "newOutlet") {
        delete document.body.dataset.adminUtcOffset;
      } else {
        document.body.dataset.adminUtcOffset = String(offsetOf(zone));
      }
    }

    if (field) {
      field.addEventListener("input", update);
    }
    if (outlet) {
      // The autocomplete tells of a choice through jQuery's events, not the DOM's.
      if (window.django && window.django.jQuery) {
        window.django.jQuery(outlet).on("change", update);
      } else {
        outlet.addEventListener("change", update);
      }
    }
    window.addEventListener("load", function () {
      // Later than DateTimeShortcuts' own handler, which was added first.
      window.setTimeout(function () {
        loaded = true;
        update();
      });
    });
    update();
  });
})();
