// The duplicates review queue from the keyboard: j and k move between pairs, c compares
// the pair (where it is merged), n says the two are not the same person, s skips it.
(function () {
  "use strict";
  var queue = document.querySelector("[data-queue]");
  if (!queue) return;
  var pairs = Array.prototype.slice.call(queue.querySelectorAll("[data-pair]"));
  function move(from, step) {
    var next = pairs[pairs.indexOf(from) + step];
    if (next) next.focus();
  }
  queue.addEventListener("click", function (event) {
    if (event.target.matches("[data-action=skip]")) move(event.target.closest("[data-pair]"), 1);
  });
  queue.addEventListener("keydown", function (event) {
    var pair = event.target.closest("[data-pair]");
    if (!pair || event.target !== pair || event.altKey || event.ctrlKey || event.metaKey) return;
    var keys = { j: 1, k: -1, s: 1 };
    if (event.key in keys) move(pair, keys[event.key]);
    else if (event.key === "c") pair.querySelector("[data-action=compare]").click();
    else if (event.key === "n") pair.querySelector("[data-action=apart]").click();
    else return;
    event.preventDefault();
  });
  pairs[0].focus();
})();
