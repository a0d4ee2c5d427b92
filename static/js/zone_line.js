/*
 * A time read in a zone of its own (an article's publication time, an appearance's start
 * time), so:
 *
 * - Django's note comparing the browser's clock with the server's ("You are 8 hours
 *   ahead") is taken away: DateTimeShortcuts.js writes it on window load when the page's
 *   body carries the server's UTC offset, and this removes that offset before then.
 * - The line under the time (archive/admin_dates.py) names the zone as the author types it
 *   in the zone box, in the sentences the server wrote into its data attributes; with a
 *   date and a time box to watch, it adds the instant in UTC.
 * - Where the zone falls back to an outlet's, picking another outlet asks the admin for
 *   that one outlet's zone (data-outlet-zone-url) and names it.
 * - The calendar's "Today" and the clock's "Now" give the day and time on that zone's
 *   clock: they read the body's offset each time, so it is set back to the zone's.
 */
(function () {
  "use strict";

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  // The IANA spelling of `name` in any case, from the zone box's list: the names the server
  // accepts. Without a list, whatever the browser's Intl knows.
  function canonical(name, box) {
    var list = box && box.list;
    if (!list) {
      try {
        new Intl.DateTimeFormat("en", { timeZone: name });
        return name;
      } catch (error) {
        return null;
      }
    }
    var wanted = name.toLowerCase();
    for (var i = 0; i < list.options.length; i++) {
      if (list.options[i].value.toLowerCase() === wanted) {
        return list.options[i].value;
      }
    }
    return null;
  }

  // Milliseconds east of UTC in `zone` at the instant `ms`.
  function offsetAt(zone, ms) {
    var parts = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    })
      .formatToParts(new Date(ms))
      .forEach(function (part) {
        parts[part.type] = Number(part.value);
      });
    var wall = Date.UTC(
      parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second
    );
    return wall - Math.floor(ms / 1000) * 1000;
  }

  // The instants (ms) at which the clocks in `zone` read the wall time `wall` (ms, as if
  // UTC): none when they skip it, two when they go back over it.
  function instantsOf(zone, wall) {
    var found = [];
    var day = 86400000;
    [wall - day, wall, wall + day].forEach(function (at) {
      var instant = wall - offsetAt(zone, at);
      if (offsetAt(zone, instant) === wall - instant && found.indexOf(instant) < 0) {
        found.push(instant);
      }
    });
    return found.sort(function (a, b) {
      return a - b;
    });
  }

  // A regular expression for one of Django's input formats made of %d, %m, %Y and %y.
  function dateOf(text) {
    var formats = window.get_format ? window.get_format("DATE_INPUT_FORMATS") : [];
    formats = formats.concat(["%Y-%m-%d"]);
    for (var i = 0; i < formats.length; i++) {
      var order = [];
      var source = formats[i].replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(
        /%([dmYy])|%./g,
        function (match, key) {
          order.push(key || "?");
          return key === "Y" ? "(\\d{4})" : "(\\d{1,2})";
        }
      );
      var match = order.indexOf("?") < 0 && new RegExp("^" + source + "$").exec(text);
      if (!match) {
        continue;
      }
      var value = {};
      order.forEach(function (key, index) {
        value[key] = Number(match[index + 1]);
      });
      var year = "Y" in value ? value.Y : value.y + (value.y < 69 ? 2000 : 1900);
      var ms = Date.UTC(year, value.m - 1, value.d);
      if (new Date(ms).getUTCDate() === value.d && new Date(ms).getUTCMonth() === value.m - 1) {
        return ms;
      }
    }
    return null;
  }

  function timeOf(text) {
    var match = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(text);
    if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) {
      return null;
    }
    return ((Number(match[1]) * 60 + Number(match[2])) * 60 + Number(match[3] || 0)) * 1000;
  }

  function dayName(ms) {
    var date = new Date(ms);
    return date.getUTCDate() + " " + MONTHS[date.getUTCMonth()] + " " + date.getUTCFullYear();
  }

  function clockOf(ms) {
    var date = new Date(ms);
    return pad(date.getUTCHours()) + ":" + pad(date.getUTCMinutes());
  }

  document.addEventListener("DOMContentLoaded", function () {
    var line = document.querySelector(".zone-line");
    if (!line) {
      return;
    }
    delete document.body.dataset.adminUtcOffset;
    var data = line.dataset;
    function byId(id) {
      return id ? document.getElementById(id) : null;
    }
    var field = byId(data.zoneField);
    var outlet = byId(data.outletField);
    var dateBox = byId(data.dateField);
    var timeBox = byId(data.timeField);
    var repeated = byId(data.repeatedField);
    // The autocomplete announces "change" as it starts up too: compare the values.
    var firstOutlet = outlet ? outlet.value : "";
    var outletZones = {};
    var loaded = false;

    function askOutletZone(id) {
      outletZones[id] = null; // asked: not again while the answer is on its way
      fetch(data.outletZoneUrl + "?id=" + encodeURIComponent(id), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (answer) {
          if (answer) {
            outletZones[id] = answer.zone;
            update();
          }
        })
        .catch(function () {
          // Unanswered, the line keeps saying "the chosen outlet's zone".
        });
    }

    // [case, zone, instant or null, wall time or null] for the form as it stands.
    function describe() {
      var typed = field ? field.value.trim() : "";
      if (typed) {
        var name = canonical(typed, field);
        return name ? ["own", name] : ["unknown", typed];
      }
      if (outlet && outlet.value !== firstOutlet) {
        var zone = outlet.value ? outletZones[outlet.value] : "";
        if (zone === undefined && data.outletZoneUrl) {
          askOutletZone(outlet.value);
        }
        if (typeof zone !== "string") {
          return ["new-outlet", ""];
        }
        return zone ? ["outlet", zone] : ["site", data.siteZone];
      }
      return [data.fallbackCase, data.fallback];
    }

    function update() {
      var found = describe();
      var kind = found[0];
      var zone = found[1];
      var words = { zone: zone, utc: "", time: "" };
      var day = dateBox && dateOf(dateBox.value.trim());
      var time = timeBox ? timeOf(timeBox.value.trim()) : null;
      if (kind === "own" && data.ownUtc !== undefined && day !== null && time !== null) {
        var wall = day + time;
        var instants = instantsOf(zone, wall);
        words.time = clockOf(wall) + " on " + dayName(wall);
        var choice = repeated ? repeated.value : "";
        if (instants.length === 0) {
          kind = "gap";
        } else if (instants.length > 1 && choice === "") {
          kind = "twice";
        } else {
          var instant = instants[instants.length > 1 ? Number(choice) : 0];
          kind = "own-utc";
          words.utc = clockOf(instant) + " UTC";
          if (dayName(instant) !== dayName(wall)) {
            words.utc += " on " + dayName(instant);
          }
        }
      }
      line.textContent = line.getAttribute("data-" + kind).replace(
        /\{(zone|utc|time)\}/g,
        function (match, key) {
          return words[key];
        }
      );
      // Only after DateTimeShortcuts has started, or it would write its note after all.
      if (!loaded) {
        return;
      }
      if (kind === "unknown" || kind === "new-outlet" || kind === "empty") {
        delete document.body.dataset.adminUtcOffset;
      } else {
        var now = Date.now();
        document.body.dataset.adminUtcOffset = String(Math.round(offsetAt(zone, now) / 1000));
      }
    }

    [field, dateBox, timeBox].forEach(function (box) {
      if (box) {
        box.addEventListener("input", update);
        // The calendar and the clock fill their box without an "input" event.
        box.addEventListener("change", update);
      }
    });
    if (repeated) {
      repeated.addEventListener("change", update);
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
