// One inquiry: its thread, a reply (templates) or an internal note through the outbox, close or
// reopen, and a refund request to store operations. Opened threads are kept for offline reading.
import { api } from "../api.js";
import { dateTime, t, timeLeft } from "../i18n.js";
import { discard, enqueue, flush, newKey, queued, retryWithoutCheck } from "../outbox.js";
import { get, put } from "../store.js";
import { errorBox, field, h, screen } from "../ui.js";
import { statusLabel } from "./inbox.js";

async function loadThread(id) {
  try {
    const { data, response } = await api(`inquiries/${id}/`);
    const entry = { inquiry: data, etag: response.headers.get("ETag"), at: Date.now() };
    await put("cache", entry, "thread:" + id);
    return { ...entry, offline: false };
  } catch (error) {
    const cached = error.status === 0 ? await get("cache", "thread:" + id) : null;
    if (!cached) throw error;
    return { ...cached, offline: true };
  }
}

async function loadTemplates(id) {
  try {
    const { data } = await api(`inquiries/${id}/templates/`);
    await put("cache", data, "templates:" + id);
    return data;
  } catch (error) {
    return (await get("cache", "templates:" + id)) || [];
  }
}

function message(m) {
  const who = m.is_internal ? t("Internal note by {name}", { name: m.author_name }) : m.author_name;
  return h(
    "li",
    { class: `message from-${m.author_kind}${m.is_internal ? " internal" : ""}` },
    h("p", { class: "message-meta" }, `${who} · ${dateTime(m.created_at)}`),
    h("p", { class: "message-body" }, m.body),
  );
}

function pending(item, rerender) {
  const label = item.kind === "reply" ? t("Reply waiting to send") : t("Note waiting to send");
  const actions = [];
  if (item.state === "held") {
    actions.push(h("button", { type: "button", class: "button small", onclick: () => retryWithoutCheck(item).then(rerender) }, t("Send anyway")));
  }
  if (item.state !== "waiting") {
    actions.push(h("button", { type: "button", class: "button small danger", onclick: () => discard(item.key).then(rerender) }, t("Discard")));
  }
  return h(
    "li",
    { class: "message pending", "data-outbox": item.state },
    h("p", { class: "message-meta" }, label, item.error ? " · " + item.error : ""),
    h("p", { class: "message-body" }, item.body),
    actions.length ? h("p", { class: "actions" }, actions) : null,
  );
}

function composer(entry, templates, rerender) {
  const inquiry = entry.inquiry;
  const text = h("textarea", { name: "body", rows: "5", required: true });
  const errors = h("div", { "aria-live": "assertive" });
  const picker = templates.length
    ? field(
        t("Reply template"),
        h("select", { onchange: (e) => { const tpl = templates.find((x) => String(x.id) === e.target.value); if (tpl) text.value = tpl.body; } },
          h("option", { value: "" }, t("Choose a template")), templates.map((x) => h("option", { value: x.id }, x.name))),
      )
    : null;
  async function submit(kind) {
    errors.replaceChildren();
    if (!text.value.trim()) {
      errors.replaceChildren(errorBox({ message: t("Write something first.") }));
      return;
    }
    await enqueue({ kind, inquiry: inquiry.id, body: text.value, etag: entry.etag });
    text.value = "";
    await rerender();
    if (navigator.onLine) {
      await flush();
      await rerender(true);
    }
  }
  return h(
    "form",
    { class: "card composer", onsubmit: (e) => { e.preventDefault(); submit("reply"); } },
    picker,
    field(t("Your reply"), text, t("A reply is emailed to the customer; a note stays in the team.")),
    errors,
    h("p", { class: "actions" },
      h("button", { type: "submit", class: "button primary" }, t("Send reply")),
      h("button", { type: "button", class: "button", onclick: () => submit("note") }, t("Add note"))),
  );
}

function actionsBar(inquiry, rerender) {
  const errors = h("div", { "aria-live": "assertive" });
  const transition = (verb) => async () => {
    try {
      await api(`inquiries/${inquiry.id}/${verb}/`, { method: "POST", headers: { "Idempotency-Key": newKey() } });
      await rerender(true);
    } catch (error) {
      errors.replaceChildren(errorBox(error.status === 0 ? { message: t("You are offline. Try again when connected.") } : error));
    }
  };
  const closed = inquiry.status === "closed";
  return h("div", { class: "card" },
    h("p", { class: "actions" },
      h("button", { type: "button", class: "button", onclick: transition(closed ? "reopen" : "close") }, t(closed ? "Reopen" : "Close")),
      h("a", { class: "button", href: `#/refunds/new?inquiry=${inquiry.id}` }, t("Request a refund"))),
    errors);
}

export async function threadScreen(id) {
  let entry;
  try {
    entry = await loadThread(id);
  } catch (error) {
    screen(t("Inquiry"), errorBox(error.status === 0 ? { message: t("Offline, and this inquiry was never opened here.") } : error));
    return;
  }
  const templates = await loadTemplates(id);
  const list = h("ol", { class: "thread", "aria-label": t("Messages") });
  async function rerender(reload = false) {
    if (reload && navigator.onLine) {
      try {
        entry = await loadThread(id);
      } catch (error) {
        /* keep what is shown */
      }
    }
    const waiting = (await queued()).filter((item) => item.inquiry === id);
    list.replaceChildren(...entry.inquiry.messages.map(message), ...waiting.map((item) => pending(item, rerender)));
  }
  const inquiry = entry.inquiry;
  const facts = h("dl", { class: "facts" },
    h("dt", {}, t("State")), h("dd", {}, statusLabel(inquiry)),
    inquiry.status === "awaiting" && inquiry.due_at ? [h("dt", {}, t("Time left")), h("dd", {}, timeLeft(inquiry.due_at))] : null,
    h("dt", {}, t("Customer")), h("dd", {}, `${inquiry.customer_name} (${inquiry.customer_number})`),
    h("dt", {}, t("App")), h("dd", {}, inquiry.app.title),
    inquiry.purchase ? [h("dt", {}, t("Purchase")), h("dd", {}, `${inquiry.purchase.item_name} · ${dateTime(inquiry.purchase.purchased_at)}`)] : null);
  screen(
    inquiry.subject,
    h("p", { class: "muted" }, inquiry.number, entry.offline ? " · " + t("Offline: as synced at {time}.", { time: dateTime(entry.at) }) : ""),
    facts,
    list,
    composer(entry, templates, rerender),
    actionsBar(inquiry, rerender),
  );
  await rerender();
}
