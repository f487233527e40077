// Refund cases to store operations: the list with their state, one case's history, and a new
// request (prefilled from the inquiry it comes from).
import { api } from "../api.js";
import { dateTime, t } from "../i18n.js";
import { newKey } from "../outbox.js";
import { get } from "../store.js";
import { errorBox, field, h, screen } from "../ui.js";

const STATE_LABELS = { submitted: "Submitted", in_review: "In review", needs_info: "Needs information", approved: "Approved", rejected: "Rejected" };
const stateLabel = (s) => t(STATE_LABELS[s] || s);

export async function refundsScreen() {
  const list = h("ul", { class: "list", "aria-label": t("Refund requests") });
  const main = screen(t("Refunds"), h("p", {}, h("a", { class: "button", href: "#/refunds/new" }, t("New refund request"))), list);
  try {
    const { data } = await api("refunds/");
    list.replaceChildren(...data.results.map((r) => h("li", { class: "item" },
      h("a", { class: "item-link", href: `#/refunds/${r.id}` },
        h("span", { class: "item-title" }, `${r.purchased_item} · ${r.customer_number}`),
        h("span", { class: "item-meta" }, h("span", { class: "badge badge-" + r.state }, stateLabel(r.state)), ` · ${r.app.title} · ${dateTime(r.created_at)}`)))));
    if (!data.results.length) main.append(h("p", { class: "muted" }, t("No refund requests yet.")));
  } catch (error) {
    main.append(h("p", { class: "muted" }, error.status === 0 ? t("Refunds need a connection.") : error.message));
  }
}

export async function refundScreen(id) {
  try {
    const { data: r } = await api(`refunds/${id}/`);
    screen(t("Refund request"),
      h("dl", { class: "facts" },
        h("dt", {}, t("State")), h("dd", {}, stateLabel(r.state)),
        h("dt", {}, t("Purchased item")), h("dd", {}, r.purchased_item),
        h("dt", {}, t("Customer number")), h("dd", {}, r.customer_number),
        h("dt", {}, t("Reason")), h("dd", {}, r.reason),
        r.decision_note ? [h("dt", {}, t("Decision note")), h("dd", {}, r.decision_note)] : null),
      h("h3", {}, t("History")),
      h("ol", { class: "thread" }, r.events.map((e) => h("li", { class: "message" },
        h("p", { class: "message-meta" }, `${dateTime(e.created_at)} · ${e.from_state ? stateLabel(e.from_state) + " → " : ""}${stateLabel(e.to_state)}`),
        e.note ? h("p", { class: "message-body" }, e.note) : null))));
  } catch (error) {
    screen(t("Refund request"), errorBox(error.status === 0 ? { message: t("Refunds need a connection.") } : error));
  }
}

function localInput(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export async function refundNewScreen(inquiryId) {
  const cached = inquiryId ? await get("cache", "thread:" + inquiryId) : null;
  const inquiry = cached ? cached.inquiry : null;
  const input = (name, attrs = {}) => h("input", { name, ...attrs });
  const controls = {
    customer_number: input("customer_number", { required: true, value: inquiry ? inquiry.customer_number : "" }),
    purchased_item: input("purchased_item", { required: true, value: inquiry && inquiry.purchase ? inquiry.purchase.item_name : "" }),
    purchased_at: input("purchased_at", { type: "datetime-local", required: true, value: inquiry && inquiry.purchase ? localInput(inquiry.purchase.purchased_at) : "" }),
    consent: h("select", { name: "consent" }, h("option", { value: "X" }, t("X: no consent")), h("option", { value: "O" }, t("O: consented"))),
    tid: input("tid"),
    txid: input("txid"),
    receipt_number: input("receipt_number"),
    reason: h("textarea", { name: "reason", rows: "4", required: true }),
  };
  const labels = { customer_number: "Customer number", purchased_item: "Purchased item", purchased_at: "Purchase date and time", consent: "Consent to provide personal information", tid: "TID", txid: "TXID", receipt_number: "Payment receipt number", reason: "Reason" };
  const errors = h("div", { "aria-live": "assertive" });
  const key = newKey(); // one key per form: a double tap files one request
  async function submit(event) {
    event.preventDefault();
    errors.replaceChildren();
    const body = {};
    for (const [name, control] of Object.entries(controls)) if (control.value) body[name] = control.value;
    if (body.purchased_at) body.purchased_at = new Date(body.purchased_at).toISOString();
    if (inquiryId) body.inquiry = inquiryId;
    try {
      const { data } = await api("refunds/", { method: "POST", body, headers: { "Idempotency-Key": key } });
      location.hash = `#/refunds/${data.id}`;
    } catch (error) {
      errors.replaceChildren(errorBox(error.status === 0 ? { message: t("You are offline. Try again when connected.") } : error));
    }
  }
  screen(t("New refund request"),
    h("p", { class: "muted" }, inquiry ? t("For inquiry {number}.", { number: inquiry.number }) : t("To store operations.")),
    h("form", { class: "card", onsubmit: submit, novalidate: true },
      Object.entries(controls).map(([name, control]) => field(t(labels[name]), control)),
      errors,
      h("button", { type: "submit", class: "button primary" }, t("Send refund request"))));
}
