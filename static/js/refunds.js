// Refund request form: TID / TXID / receipt number are enabled only with consent O.
(function () {
  "use strict";
  function sync(form) {
    var chosen = form.querySelector("[data-consent-toggle]:checked, input[name=consent]:checked");
    var allowed = chosen && chosen.value === "O";
    form.querySelectorAll("[data-id]").forEach(function (input) {
      input.disabled = !allowed;
      if (!allowed) { input.value = ""; }
    });
  }
  document.querySelectorAll("form[data-refund-form]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      if (event.target.name === "consent") { sync(form); }
    });
    sync(form);
  });
})();
