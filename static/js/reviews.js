/* Reviews: live character counters and reply templates. No inline JS (CSP). */
(function () {
  "use strict";

  function counterText(n, max) {
    var lang = document.documentElement.lang || "en";
    return lang.indexOf("ko") === 0 ? n + " / " + max + "자" : n + " / " + max + " characters";
  }

  function bindCounter(textarea) {
    var max = parseInt(textarea.getAttribute("maxlength"), 10);
    var out = document.querySelector('[data-counter-for="' + textarea.id + '"]');
    if (!out || !max) { return; }
    out.setAttribute("aria-live", "polite");
    function update() {
      var n = textarea.value.length;
      out.textContent = counterText(n, max);
      out.classList.toggle("is-over", n > max);
      out.classList.toggle("is-near", n > max * 0.9);
    }
    textarea.addEventListener("input", update);
    update();
  }

  function fill(body, review) {
    var name = review ? review.getAttribute("data-customer-name") || "" : "";
    var app = review ? review.getAttribute("data-app") || "" : "";
    return body.split("{customer_name}").join(name).split("{app}").join(app);
  }

  function bindTemplate(select) {
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var target = document.getElementById(select.getAttribute("data-target"));
      if (!option || !option.value || !target) { return; }
      target.value = fill(option.getAttribute("data-body") || "", select.closest("[data-customer-name]"));
      target.dispatchEvent(new Event("input"));
      target.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-char-counter]").forEach(bindCounter);
    document.querySelectorAll("select[data-reply-template]").forEach(bindTemplate);
  });
})();
