/* Reply boxes that never lose work (inquiry thread and review console). No inline JS (CSP).
 *
 * - select[data-reply-template][data-target=<textarea id>]: choosing a template inserts the
 *   option's data-body at the cursor of the target (the selection is replaced), no reload.
 *   {customer_name} and {app} are filled from the closest [data-customer-name] if the server
 *   has not filled them already. A form[data-template-picker] (the no-JS fallback, a GET form)
 *   is intercepted so it never reloads the page.
 * - textarea[data-draft-key]: the text is kept in localStorage under that key as you type,
 *   restored when the page opens with an empty box, and dropped when its form is submitted.
 * - textarea[maxlength]: a live counter in [data-counter-for=<id>] (made if missing). The
 *   maxlength attribute is then dropped (kept as data-maxlength): the browser would cut pasted
 *   text silently, while the counter says how much is too much and the server refuses it with
 *   the same limit, keeping the text in the box.
 * - A restored draft opens its closed <details> (review console), so it is seen.
 */
(function () {
  "use strict";

  var PREFIX = "voc-draft:";

  function store() {
    try {
      var s = window.localStorage;
      s.setItem(PREFIX + "probe", "1");
      s.removeItem(PREFIX + "probe");
      return s;
    } catch (e) {
      return null;
    }
  }

  function fill(body, context) {
    if (!context) { return body; }
    var name = context.getAttribute("data-customer-name") || "";
    var app = context.getAttribute("data-app") || "";
    return body.split("{customer_name}").join(name).split("{app}").join(app);
  }

  function insertAtCursor(textarea, text) {
    var start = typeof textarea.selectionStart === "number" ? textarea.selectionStart : textarea.value.length;
    var end = typeof textarea.selectionEnd === "number" ? textarea.selectionEnd : start;
    var before = textarea.value.slice(0, start);
    var after = textarea.value.slice(end);
    textarea.value = before + text + after;
    var caret = start + text.length;
    textarea.focus();
    textarea.setSelectionRange(caret, caret);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function bindTemplate(select) {
    function insert() {
      var option = select.options[select.selectedIndex];
      var target = document.getElementById(select.getAttribute("data-target"));
      if (!option || !option.value || !target) { return; }
      var body = fill(option.getAttribute("data-body") || "", select.closest("[data-customer-name]"));
      insertAtCursor(target, body);
      select.selectedIndex = 0;
    }
    select.addEventListener("change", insert);
    var form = select.closest("form[data-template-picker]");
    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        insert();
      });
    }
  }

  function bindDraft(textarea, storage) {
    var key = PREFIX + textarea.getAttribute("data-draft-key");
    var saved = storage.getItem(key);
    var status = document.querySelector('[data-draft-status-for="' + textarea.id + '"]');
    if (saved && !textarea.value) {
      textarea.value = saved;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
      if (status) { status.hidden = false; }
      var details = textarea.closest("details");
      if (details) { details.open = true; }
    }
    textarea.addEventListener("input", function () {
      if (textarea.value) { storage.setItem(key, textarea.value); }
      else { storage.removeItem(key); }
    });
    if (textarea.form) {
      textarea.form.addEventListener("submit", function (event) {
        // A failed send comes back with the text in the box, which saves it again on input.
        // A preview does not send: the draft stays.
        var preview = event.submitter && event.submitter.hasAttribute("data-email-preview");
        if (!event.defaultPrevented && !preview) { storage.removeItem(key); }
      });
    }
  }

  function counterText(n, max) {
    var ko = (document.documentElement.lang || "en").indexOf("ko") === 0;
    var text = ko ? n + " / " + max + "자" : n + " / " + max + " characters";
    if (n > max) {
      text += ko ? " · " + (n - max) + "자 초과: 줄여 주세요" : " · " + (n - max) + " too many: please shorten it";
    }
    return text;
  }

  function bindCounter(textarea) {
    var max = parseInt(textarea.getAttribute("maxlength"), 10);
    if (!max || !textarea.id) { return; }
    var out = document.querySelector('[data-counter-for="' + textarea.id + '"]');
    if (!out) {
      // Every long field gets a counter: the browser cuts pasted text at maxlength silently.
      out = document.createElement("p");
      out.className = "helptext small char-counter";
      out.setAttribute("data-counter-for", textarea.id);
      textarea.insertAdjacentElement("afterend", out);
    }
    out.setAttribute("aria-live", "polite");
    textarea.setAttribute("data-maxlength", max);
    textarea.removeAttribute("maxlength");
    function update() {
      var n = textarea.value.length;
      out.textContent = counterText(n, max);
      out.classList.toggle("is-over", n > max);
      out.classList.toggle("is-near", n > max * 0.9);
    }
    textarea.addEventListener("input", update);
    update();
  }

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); }
    else { document.addEventListener("DOMContentLoaded", fn); }
  }

  ready(function () {
    document.querySelectorAll("textarea[maxlength]").forEach(bindCounter);
    document.querySelectorAll("select[data-reply-template]").forEach(bindTemplate);
    var storage = store();
    if (storage) {
      document.querySelectorAll("textarea[data-draft-key]").forEach(function (t) {
        bindDraft(t, storage);
      });
    }
    // "Preview email": into the frame under the reply box instead of a new tab.
    document.querySelectorAll("[data-email-preview]").forEach(function (button) {
      var frame = document.getElementById(button.getAttribute("data-email-preview"));
      if (!frame) { return; }
      button.setAttribute("formtarget", frame.name);
      button.addEventListener("click", function () {
        var box = frame.closest(".email-preview");
        if (box) { box.hidden = false; }
      });
    });
    // Copy buttons (API tokens): [data-copy=<element id>] copies that element's text or value.
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-copy"));
        if (!source) { return; }
        var text = source.value !== undefined ? source.value : source.textContent;
        var done = function () {
          button.textContent = button.getAttribute("data-copied") || button.textContent;
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text.trim()).then(done, function () {});
        } else if (source.select) {
          source.select();
          document.execCommand("copy");
          done();
        }
      });
    });
  });
})();
