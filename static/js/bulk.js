// Bulk bar: "select all on this page" ticks every row checkbox tied to the bar's form, and the
// bar shows how many are selected. Without JavaScript each box is still ticked by hand.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-bulk-form]").forEach(function (form) {
      var items = document.querySelectorAll('input[data-bulk-item][form="' + form.id + '"]');
      var all = form.querySelector("[data-bulk-all]");
      var count = form.querySelector("[data-bulk-count]");
      function sync() {
        var n = 0;
        items.forEach(function (box) { if (box.checked) n += 1; });
        if (count) count.textContent = String(n);
        if (all) all.checked = n > 0 && n === items.length;
      }
      if (all) {
        all.addEventListener("change", function () {
          items.forEach(function (box) { box.checked = all.checked; });
          sync();
        });
      }
      items.forEach(function (box) { box.addEventListener("change", sync); });
      sync();
    });
  });
})();
