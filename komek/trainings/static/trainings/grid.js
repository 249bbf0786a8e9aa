// The answer grid of a test, typed from paper with the keyboard alone: the arrow keys
// move between cells (left and right only at the edge of a cell's text), Enter goes down.
(function () {
  "use strict";
  function cell(grid, row, col) {
    return grid.querySelector('input[data-row="' + row + '"][data-col="' + col + '"]');
  }
  document.querySelectorAll("[data-grid]").forEach(function (grid) {
    grid.addEventListener("keydown", function (event) {
      var input = event.target;
      if (!input.matches("input[data-row]")) return;
      var row = Number(input.dataset.row);
      var col = Number(input.dataset.col);
      var atStart = input.selectionStart === 0 && input.selectionEnd === 0;
      var atEnd = input.selectionStart === input.value.length;
      var target = null;
      if (event.key === "ArrowDown" || event.key === "Enter") target = cell(grid, row + 1, col);
      else if (event.key === "ArrowUp") target = cell(grid, row - 1, col);
      else if (event.key === "ArrowRight" && atEnd) target = cell(grid, row, col + 1);
      else if (event.key === "ArrowLeft" && atStart) target = cell(grid, row, col - 1);
      else return;
      // Enter on the last row does not send the form: saving is the button's.
      event.preventDefault();
      if (target) {
        target.focus();
        target.select();
      }
    });
  });
})();
