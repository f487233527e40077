// The inbox: most urgent first (the API's order), time left, filters and "Mine". The last synced
// page of each filter is kept in IndexedDB and shown when offline.
import { api } from "../api.js";
import { dateTime, t, timeLeft } from "../i18n.js";
import { get, put } from "../store.js";
import { h, screen } from "../ui.js";

const STATES = ["awaiting", "answered", "closed", "escalated"];
let filters = { mine: false, state: "", due: false, overdue: false };

function query() {
  const params = new URLSearchParams();
  if (filters.mine) params.set("assigned", "mine");
  if (filters.state) params.set("state", filters.state);
  if (filters.due) params.set("due_within_24h", "true");
  if (filters.overdue) params.set("overdue", "true");
  return params.toString();
}

export function statusLabel(inquiry) {
  if (inquiry.is_escalated && inquiry.status !== "closed") return t("Escalated");
  return t({ awaiting: "Awaiting you", answered: "Answered", closed: "Closed" }[inquiry.status] || inquiry.status);
}

function row(inquiry) {
  const urgent = inquiry.status === "awaiting" && inquiry.due_at && new Date(inquiry.due_at) - Date.now() < 86400000;
  return h(
    "li",
    { class: urgent ? "item urgent" : "item" },
    h(
      "a",
      { href: `#/inquiry/${inquiry.id}`, class: "item-link" },
      h("span", { class: "item-title" }, inquiry.subject),
      h(
        "span",
        { class: "item-meta" },
        `${inquiry.number} · ${inquiry.app.title} · `,
        h("span", { class: "badge badge-" + inquiry.status }, statusLabel(inquiry)),
        inquiry.status === "awaiting" && inquiry.due_at ? h("span", { class: urgent ? "due due-soon" : "due" }, " · " + timeLeft(inquiry.due_at)) : null,
        inquiry.assignee ? " · " + t("Assigned to {name}", { name: inquiry.assignee.name }) : null,
      ),
    ),
  );
}

function filterBar(reload) {
  const toggle = (key, label) => {
    const box = h("input", { type: "checkbox", checked: filters[key] });
    box.addEventListener("change", () => {
      filters = { ...filters, [key]: box.checked };
      reload();
    });
    return h("label", { class: "chip" }, box, " ", t(label));
  };
  const state = h("select", { "aria-label": t("State") }, h("option", { value: "" }, t("All states")), STATES.map((s) => h("option", { value: s, selected: filters.state === s }, statusLabel({ status: s, is_escalated: s === "escalated" }))));
  state.addEventListener("change", () => {
    filters = { ...filters, state: state.value };
    reload();
  });
  return h("div", { class: "filters", role: "group", "aria-label": t("Filters") }, toggle("mine", "Mine"), toggle("due", "Due within 24 h"), toggle("overdue", "Overdue"), state);
}

export async function inboxScreen() {
  const list = h("ul", { class: "list", "aria-label": t("Inquiries") });
  const note = h("p", { class: "muted", "aria-live": "polite" });
  const more = h("button", { type: "button", class: "button", hidden: true }, t("Load more"));
  let cursor = null;

  async function load(append = false) {
    const key = "inbox:" + query();
    let page;
    note.textContent = append ? "" : t("Loading…");
    try {
      const path = "inquiries/?" + query() + (append && cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
      page = (await api(path)).data;
      if (!append) await put("cache", { page, at: Date.now() }, key);
      note.textContent = "";
    } catch (error) {
      const cached = !append && error.status === 0 ? await get("cache", key) : null;
      if (!cached) {
        note.textContent = error.status === 0 ? t("Offline, and this inbox was never synced.") : error.message;
        return;
      }
      page = cached.page;
      note.textContent = t("Offline: the inbox as synced at {time}.", { time: dateTime(cached.at) });
    }
    if (!append) list.replaceChildren();
    list.append(...page.results.map(row));
    if (!list.children.length) note.textContent = note.textContent || t("No inquiries here.");
    cursor = page.next_cursor;
    more.hidden = !cursor;
  }

  more.addEventListener("click", () => load(true));
  screen(t("Inbox"), filterBar(() => load()), note, list, more);
  await load();
}
