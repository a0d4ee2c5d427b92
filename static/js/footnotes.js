/*
 * Footnote popovers: hovering or focusing a call site shows its note beside it.
 *
 * Progressive enhancement only. Without this script the call site is a plain
 * link to the note and the note's arrow links back, so nothing depends on it.
 * Nothing is inline (the CSP forbids it): the popover is placed through the
 * CSSOM, which the policy allows, and styled by site.css.
 */
(function () {
  "use strict";

  var refs = document.querySelectorAll("a.footnote-ref");
  if (!refs.length) {
    return;
  }
  var current = null;
  var hideTimer = null;

  function noteFor(link) {
    var id = decodeURIComponent(link.hash.slice(1));
    return id ? document.getElementById(id) : null;
  }

  function build(link, note) {
    var popover = document.createElement("div");
    popover.className = "footnote-popover";
    popover.id = "footnote-popover";
    popover.setAttribute("role", "tooltip");
    var number = document.createElement("span");
    number.className = "footnote-popover__number";
    number.textContent = link.textContent + ".";
    popover.appendChild(number);
    Array.prototype.forEach.call(note.children, function (child) {
      var copy = child.cloneNode(true);
      copy.querySelectorAll(".footnote-backrefs, [id]").forEach(function (el) {
        if (el.classList.contains("footnote-backrefs")) {
          el.remove();
        } else {
          el.removeAttribute("id");
        }
      });
      popover.appendChild(copy);
    });
    popover.addEventListener("mouseenter", function () {
      clearTimeout(hideTimer);
    });
    popover.addEventListener("mouseleave", scheduleHide);
    return popover;
  }

  function place(link, popover) {
    var box = link.getBoundingClientRect();
    var width = popover.offsetWidth;
    var left = box.left + window.scrollX + box.width / 2 - width / 2;
    var maxLeft = window.scrollX + document.documentElement.clientWidth - width - 8;
    popover.style.left = Math.max(window.scrollX + 8, Math.min(left, maxLeft)) + "px";
    var below = box.bottom + window.scrollY + 6;
    var above = box.top + window.scrollY - popover.offsetHeight - 6;
    // Above the line when there is room, so the text being read stays visible.
    popover.style.top = (box.top > popover.offsetHeight + 16 ? above : below) + "px";
  }

  function show(link) {
    clearTimeout(hideTimer);
    if (current && current.link === link) {
      return;
    }
    hide();
    var note = noteFor(link);
    if (!note) {
      return;
    }
    var popover = build(link, note);
    document.body.appendChild(popover);
    place(link, popover);
    link.setAttribute("aria-describedby", popover.id);
    current = { link: link, popover: popover };
  }

  function hide() {
    clearTimeout(hideTimer);
    if (!current) {
      return;
    }
    current.link.removeAttribute("aria-describedby");
    current.popover.remove();
    current = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);
  }

  refs.forEach(function (link) {
    link.addEventListener("mouseenter", function () {
      show(link);
    });
    link.addEventListener("mouseleave", scheduleHide);
    link.addEventListener("focus", function () {
      show(link);
    });
    link.addEventListener("blur", hide);
    // Following the link moves to the note itself; the popover has done its job.
    link.addEventListener("click", hide);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      hide();
    }
  });
  window.addEventListener("resize", hide);
})();
