/* The queue's "select all" box: ticks or clears every report box of the page, and
 * shows the mixed state (indeterminate) when only some are ticked. Without
 * JavaScript the box stays hidden and each report is ticked on its own.
 */
(function () {
  "use strict";

  document.querySelectorAll("[data-select-all]").forEach(function (all) {
    var form = all.form;
    var boxes = Array.prototype.slice.call(
      form.querySelectorAll("input[type=checkbox][name=report]")
    );

    function sync() {
      var ticked = boxes.filter(function (box) { return box.checked; }).length;
      all.checked = ticked > 0 && ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    }

    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
      sync();
    });
    boxes.forEach(function (box) { box.addEventListener("change", sync); });
    all.hidden = false;
    sync();
  });
})();
