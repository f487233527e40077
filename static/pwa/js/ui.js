// A few DOM helpers: elements are built with textContent only (never innerHTML), so text from
// the API can never become markup.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (name === "class") el.className = value;
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function screen(title, ...children) {
  const main = document.getElementById("main");
  main.replaceChildren(h("h2", { class: "screen-title", id: "screen-title" }, title), ...children);
  document.title = title;
  main.focus({ preventScroll: true });
  return main;
}

export function status(text) {
  document.getElementById("status").textContent = text || "";
}

// An error near the form that caused it: the API's message, then each field's messages.
export function errorBox(error) {
  const lines = [error.message];
  for (const messages of Object.values(error.fields || {})) {
    for (const message of messages) if (!lines.includes(message)) lines.push(message);
  }
  return h("div", { class: "error", role: "alert" }, lines.map((line) => h("p", {}, line)));
}

export function field(label, control, hint) {
  const id = control.id || "f-" + Math.random().toString(36).slice(2, 9);
  control.id = id;
  return h("div", { class: "field" }, h("label", { for: id }, label), control, hint ? h("p", { class: "hint" }, hint) : null);
}
