/*
 * The Markdown editor's upload refusals, said where the author is looking.
 *
 * markdownx answers a refused upload (a file that is not an image, too big, a
 * decompression bomb...) by typing "Invalid response" into the text at the cursor
 * and logging the server's answer to the console. This takes its placeholder out
 * again, so the text is exactly as it was, and shows the server's reason under the
 * editor, announced to screen readers. markdownx fires its events on the editor's
 * wrapper without bubbling, so they are caught on the way down (capture).
 */
(function () {
  "use strict";

  var PLACEHOLDER = "Invalid response";

  function messageFor(detail) {
    var answer = detail && detail[0];
    if (answer && typeof answer === "object") {
      if (answer.error) {
        return answer.error;
      }
      if (answer.image) {
        return [].concat(answer.image).join(" ");
      }
    }
    return "The upload did not reach the site. Check the connection and try again.";
  }

  function notice(wrapper) {
    var note = wrapper.querySelector(".markdownx-upload-error");
    if (!note) {
      note = document.createElement("p");
      note.className = "errornote markdownx-upload-error";
      note.setAttribute("role", "alert");
      wrapper.insertBefore(note, wrapper.querySelector(".markdownx-preview"));
    }
    return note;
  }

  function refused(event) {
    var wrapper = event.target;
    if (!wrapper.classList || !wrapper.classList.contains("markdownx")) {
      return;
    }
    var editor = wrapper.querySelector("textarea");
    var before = editor.value;
    var start = editor.selectionStart;
    var end = editor.selectionEnd;
    notice(wrapper).textContent = messageFor(event.detail);
    // markdownx types its placeholder just after firing the event.
    window.setTimeout(function () {
      var typed = before.slice(0, start) + PLACEHOLDER + before.slice(end);
      if (editor.value === typed) {
        editor.value = before;
        editor.setSelectionRange(start, end);
      }
    }, 0);
  }

  function uploaded(event) {
    var note = event.target.querySelector && event.target.querySelector(".markdownx-upload-error");
    if (note) {
      note.remove();
    }
  }

  document.addEventListener("markdownx.fileUploadError", refused, true);
  document.addEventListener("fileUploadError", refused, true);
  document.addEventListener("markdownx.fileUploadEnd", uploaded, true);
})();
