// The thread's "who else is here": say so every few seconds (and whether the reply box is being
// typed in), show the others the server answers. Any failure shows nobody and keeps trying.
(function () {
  "use strict";
  var box = document.querySelector("[data-presence-url]");
  if (!box) return;
  var url = box.getAttribute("data-presence-url");
  var list = box.querySelector("[data-presence]");
  var viewing = box.querySelector("template[data-presence-viewing]");
  var typingText = box.querySelector("template[data-presence-typing]");
  var reply = document.getElementById(box.getAttribute("data-reply-box") || "");
  var csrf = box.getAttribute("data-csrf") || "";
  var lastTyped = 0;
  var INTERVAL = 8000;

  if (reply) {
    reply.addEventListener("input", function () {
      var quiet = Date.now() - lastTyped > INTERVAL;
      lastTyped = Date.now();
      if (quiet) send(); // the first keystroke after a pause tells the others at once
    });
  }

  function text(template, name) {
    return (template ? template.content.textContent : "__name__").replace("__name__", name).trim();
  }

  function show(others) {
    list.textContent = "";
    others.forEach(function (other) {
      var badge = document.createElement("span");
      badge.className = "badge badge-info";
      badge.textContent = text(other.typing ? typingText : viewing, other.name);
      list.appendChild(badge);
      list.appendChild(document.createTextNode(" "));
    });
  }

  function send() {
    var body = new URLSearchParams();
    body.set("typing", Date.now() - lastTyped < INTERVAL ? "1" : "0");
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "X-Requested-With": "fetch" },
    })
      .then(function (response) { return response.ok ? response.json() : { others: [] }; })
      .then(function (data) { show(data.others || []); })
      .catch(function () { show([]); });
  }

  send();
  setInterval(send, INTERVAL);
})();
