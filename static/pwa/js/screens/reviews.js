// Reviews with their official reply. The API's privacy guard (no phone numbers, e-mail
// addresses, payment identifiers in a public reply) answers 400 with its message: shown inline.
import { api } from "../api.js";
import { dateTime, t } from "../i18n.js";
import { newKey } from "../outbox.js";
import { errorBox, field, h, screen } from "../ui.js";

let state = "unreplied";

function stars(rating) {
  return h("span", { class: "stars", "aria-label": t("{n} of 5 stars", { n: rating }) }, "★".repeat(rating) + "☆".repeat(5 - rating));
}

function replyForm(review, rerender) {
  const text = h("textarea", { rows: "4", required: true });
  text.value = review.reply ? review.reply.body : "";
  const errors = h("div", { "aria-live": "assertive" });
  const done = h("p", { class: "ok", role: "status" });
  async function submit(event) {
    event.preventDefault();
    errors.replaceChildren();
    done.textContent = "";
    const headers = { "Idempotency-Key": newKey() };
    if (review.reply) headers["If-Match"] = review.reply.etag;
    try {
      const { data } = await api(`reviews/${review.id}/reply/`, { method: "PUT", body: { body: text.value }, headers });
      review.reply = data;
      done.textContent = t("Official reply posted.");
    } catch (error) {
      errors.replaceChildren(errorBox(error.status === 0 ? { message: t("You are offline. Try again when connected.") } : error));
    }
  }
  return h("form", { class: "composer", onsubmit: submit },
    field(review.reply ? t("Edit the official reply") : t("Official reply"), text),
    errors, done,
    h("button", { type: "submit", class: "button primary" }, review.reply ? t("Update reply") : t("Post official reply")));
}

function card(review, rerender) {
  return h("li", { class: "item card" },
    h("p", { class: "item-meta" }, stars(review.rating), ` · ${review.app.title} · ${review.customer_number} · ${dateTime(review.created_at)}`),
    h("p", { class: "message-body" }, review.body),
    review.is_hidden ? h("p", { class: "muted" }, t("Hidden: {reason}", { reason: review.hidden_reason })) : null,
    review.is_outdated ? h("p", { class: "muted" }, t("The review changed after the reply.")) : null,
    replyForm(review, rerender));
}

export async function reviewsScreen() {
  const list = h("ul", { class: "list", "aria-label": t("Reviews") });
  const note = h("p", { class: "muted", "aria-live": "polite" });
  const select = h("select", { "aria-label": t("Show") },
    ["unreplied", "replied", "outdated", "hidden"].map((s) => h("option", { value: s, selected: s === state }, t("reviews:" + s))));
  async function load() {
    note.textContent = t("Loading…");
    try {
      const { data } = await api("reviews/?state=" + state);
      list.replaceChildren(...data.results.map((r) => card(r, load)));
      note.textContent = data.results.length ? "" : t("No reviews here.");
    } catch (error) {
      note.textContent = error.status === 0 ? t("Reviews need a connection.") : error.message;
    }
  }
  select.addEventListener("change", () => {
    state = select.value;
    load();
  });
  screen(t("Reviews"), h("div", { class: "filters" }, select), note, list);
  await load();
}
