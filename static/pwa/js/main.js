// The app's entry: language, service worker, the hash router, the tab bar and the status line
// (offline, and what is waiting in the outbox).
import { setLanguage } from "./api.js";
import { language, loadLanguage, t } from "./i18n.js";
import { flush, queued } from "./outbox.js";
import { get, put } from "./store.js";
import { h, status } from "./ui.js";
import { dashboardScreen } from "./screens/dashboard.js";
import { inboxScreen } from "./screens/inbox.js";
import { refundsScreen, refundScreen, refundNewScreen } from "./screens/refunds.js";
import { reviewsScreen } from "./screens/reviews.js";
import { settingsScreen } from "./screens/settings.js";
import { signInScreen } from "./screens/signin.js";
import { threadScreen } from "./screens/thread.js";

const body = document.body;
export const STATIC = body.dataset.static;

const TABS = [
  ["#/inbox", "Inbox"],
  ["#/reviews", "Reviews"],
  ["#/refunds", "Refunds"],
  ["#/dashboard", "Dashboard"],
  ["#/settings", "Settings"],
];

const ROUTES = [
  [/^#\/inquiry\/(\d+)$/, (m) => threadScreen(Number(m[1]))],
  [/^#\/reviews$/, () => reviewsScreen()],
  [/^#\/refunds$/, () => refundsScreen()],
  [/^#\/refunds\/new(?:\?inquiry=(\d+))?$/, (m) => refundNewScreen(m[1] ? Number(m[1]) : null)],
  [/^#\/refunds\/(\d+)$/, (m) => refundScreen(Number(m[1]))],
  [/^#\/dashboard$/, () => dashboardScreen()],
  [/^#\/settings$/, () => settingsScreen()],
  [/^#\/inbox$/, () => inboxScreen()],
];

function renderTabs(route) {
  const nav = document.getElementById("tabs");
  nav.setAttribute("aria-label", t("App sections"));
  nav.replaceChildren(
    ...TABS.map(([href, label]) => {
      const here = route.startsWith(href) || (href === "#/inbox" && route.startsWith("#/inquiry/"));
      return h("a", { href, class: here ? "tab active" : "tab", "aria-current": here ? "page" : null }, t(label));
    }),
  );
  nav.hidden = false;
}

export async function route() {
  const token = await get("kv", "token");
  const hash = location.hash || "#/inbox";
  document.getElementById("title").textContent = t("Developer Center");
  if (!token) {
    document.getElementById("tabs").hidden = true;
    return signInScreen();
  }
  renderTabs(hash);
  for (const [pattern, show] of ROUTES) {
    const match = hash.match(pattern);
    if (match) return show(match);
  }
  location.hash = "#/inbox";
}

export async function refreshStatus() {
  const items = await queued();
  const replies = items.filter((i) => i.kind === "reply").length;
  const notes = items.length - replies;
  const parts = [];
  if (!navigator.onLine) parts.push(t("Offline"));
  if (replies) parts.push(t(replies === 1 ? "1 reply waiting to send" : "{n} replies waiting to send", { n: replies }));
  if (notes) parts.push(t(notes === 1 ? "1 note waiting to send" : "{n} notes waiting to send", { n: notes }));
  status(parts.join(" · "));
}

export async function switchLanguage(lang) {
  await put("kv", lang, "language");
  setLanguage(await loadLanguage(lang, STATIC));
  await route();
  await refreshStatus();
}

async function boot() {
  const saved = await get("kv", "language");
  const guess = (navigator.language || "ko").toLowerCase().startsWith("en") ? "en" : "ko";
  setLanguage(await loadLanguage(saved || guess, STATIC));
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(body.dataset.worker, { scope: "/app/" }).catch(() => null);
  }
  window.addEventListener("hashchange", route);
  window.addEventListener("outbox-changed", refreshStatus);
  window.addEventListener("online", async () => {
    await refreshStatus();
    await flush();
    await route();
  });
  window.addEventListener("offline", refreshStatus);
  window.addEventListener("signed-out", route);
  await route();
  await refreshStatus();
  if (navigator.onLine && (await get("kv", "token"))) await flush();
  body.dataset.ready = language();
}

boot();
