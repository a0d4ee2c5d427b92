/* Video players in appearance pages and texts, progressively enhanced (the page
   links to the video without this file): the player is loaded only when the
   visitor presses play, so the video site receives nothing from a visitor who
   does not. */
(function () {
  "use strict";

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
