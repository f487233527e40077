// Contact-seller form: the refund notice is shown only while "Refund request" is the category.
// Without JavaScript the notice simply stays visible.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var notice = document.querySelector("[data-refund-notice]");
    var select = document.querySelector("select[data-category]");
    if (!notice || !select) return;
    var refund = notice.getAttribute("data-refund-notice");
    function sync() {
      notice.hidden = select.value !== refund;
    }
    select.addEventListener("change", sync);
    sync();
  });
})();
