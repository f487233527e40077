// The dashboard's figures (GET /api/v1/summary/): the account, then each app.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { h, screen } from "../ui.js";

function hours(seconds) {
  return seconds === null || seconds === undefined ? "–" : t("{n}h", { n: (seconds / 3600).toFixed(1) });
}

function figures(f) {
  const share = f.answered_in_time_share === null ? "–" : Math.round(f.answered_in_time_share * 100) + "%";
  const rows = [
    ["Open", f.open], ["Awaiting you", f.awaiting], ["Due within 24 h", f.due_within_24h], ["Overdue", f.overdue],
    ["Escalated", f.escalated], ["Median first response", hours(f.median_first_response_seconds)],
    ["Answered in time", share], ["Average rating", f.average_rating === null ? "–" : f.average_rating.toFixed(1)],
  ];
  return h("dl", { class: "figures" }, rows.map(([label, value]) => h("div", { class: "figure" }, h("dt", {}, t(label)), h("dd", {}, String(value)))));
}

export async function dashboardScreen() {
  const main = screen(t("Dashboard"));
  try {
    const { data } = await api("summary/");
    main.append(
      h("section", { class: "card", "aria-labelledby": "total-h" }, h("h3", { id: "total-h" }, t("All apps")), figures(data.total)),
      ...data.apps.map((a, i) => h("section", { class: "card", "aria-labelledby": `app-h-${i}` }, h("h3", { id: `app-h-${i}` }, a.app.title), figures(a))),
    );
  } catch (error) {
    main.append(h("p", { class: "muted" }, error.status === 0 ? t("The dashboard needs a connection.") : error.message));
  }
}
