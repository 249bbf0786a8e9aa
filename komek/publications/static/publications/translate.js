// The translation editor's keys and the translation memory's "Use" buttons. The page
// works without this script: it only saves keystrokes.
(function () {
  "use strict";

  function segmentOf(element) {
    return element.closest(".translation-segment");
  }

  function press(segment, action) {
    const button = segment && segment.querySelector('[data-action="' + action + '"]');
    if (button) {
      button.click();
    }
  }

  function move(segment, step) {
    const all = Array.from(document.querySelectorAll(".translation-segment"));
    const next = all[all.indexOf(segment) + step];
    const box = next && next.querySelector("[data-text]");
    if (box) {
      box.focus();
      next.scrollIntoView({ block: "center" });
    }
  }

  document.addEventListener("keydown", function (event) {
    const segment = event.target.closest && segmentOf(event.target);
    if (!segment) {
      return;
    }
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      press(segment, "submit");
    } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      press(segment, "draft");
    } else if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      move(segment, event.key === "ArrowDown" ? 1 : -1);
    }
  });

  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("[data-take]");
    if (!button) {
      return;
    }
    const segment = segmentOf(button);
    const box = document.getElementById(button.dataset.target);
    box.value = button.dataset.take;
    segment.querySelector("[data-origin]").value = "memory";
    box.focus();
  });
})();
