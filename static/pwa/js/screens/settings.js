// Settings: the app's language, which notifications reach this member (when the server offers
// them), push on this phone, the devices page, and sign-out (which revokes the device token).
import { api } from "../api.js";
import { LANGUAGES, language, t } from "../i18n.js";
import { switchLanguage } from "../main.js";
import { queued } from "../outbox.js";
import { pushKey, pushSubscribe, pushSubscribed, pushUnsubscribe } from "../push.js";
import { clear, del, get } from "../store.js";
import { errorBox, field, h, screen } from "../ui.js";

const KINDS = ["inquiry_created", "reminder", "escalated", "low_review", "assigned"];

async function notificationsCard() {
  let settings;
  try {
    settings = (await api("notification-settings/")).data;
  } catch (error) {
    return null; // the server has no notification settings (yet): nothing to show
  }
  const status = h("p", { class: "ok", role: "status" });
  const boxes = KINDS.filter((k) => k in settings.kinds).map((kind) => {
    const box = h("input", { type: "checkbox", name: kind, checked: settings.kinds[kind] });
    box.addEventListener("change", async () => {
      status.textContent = "";
      try {
        const kinds = Object.fromEntries(boxes.map((b) => [b.name, b.checked]));
        settings = (await api("notification-settings/", { method: "PUT", body: { kinds } })).data;
        status.textContent = t("Saved.");
      } catch (error) {
        box.checked = !box.checked;
        status.textContent = error.message;
      }
    });
    return box;
  });
  return h("fieldset", { class: "card" }, h("legend", {}, t("Notifications")),
    boxes.map((box) => h("label", { class: "check" }, box, " ", t("notify:" + box.name))), status);
}

async function pushCard() {
  const key = await pushKey();
  if (!key) return null;
  const state = h("p", { role: "status" });
  const button = h("button", { type: "button", class: "button" });
  async function show() {
    const on = await pushSubscribed();
    state.textContent = on ? t("Notifications are on for this phone.") : t("Notifications are off for this phone.");
    button.textContent = on ? t("Turn off on this phone") : t("Turn on on this phone");
  }
  button.addEventListener("click", async () => {
    try {
      if (await pushSubscribed()) await pushUnsubscribe();
      else if (!(await pushSubscribe(key))) state.textContent = t("Notifications are blocked in the browser settings.");
      await show();
    } catch (error) {
      state.textContent = error.message;
    }
  });
  await show();
  return h("section", { class: "card" }, h("h3", {}, t("Push on this phone")), state, button);
}

async function signOut() {
  const waiting = (await queued()).length;
  if (waiting && !confirm(t("{n} messages are still waiting to send. Sign out and drop them?", { n: waiting }))) return;
  await pushUnsubscribe();
  await api("devices/current/", { method: "DELETE" }).catch(() => null);
  await del("kv", "token");
  await del("kv", "device");
  await clear("cache");
  await clear("outbox");
  location.hash = "#/inbox"; // from #/settings: hashchange routes to the sign-in
}

export async function settingsScreen() {
  const device = (await get("kv", "device")) || {};
  const select = h("select", {}, LANGUAGES.map((l) => h("option", { value: l, selected: l === language() }, l === "ko" ? "한국어" : "English")));
  select.addEventListener("change", () => switchLanguage(select.value));
  const main = screen(
    t("Settings"),
    device.account ? h("p", { class: "muted" }, t("{user} in {account}, on “{device}”.", { user: device.user, account: device.account.name, device: device.name })) : null,
    h("section", { class: "card" }, field(t("Language"), select)),
  );
  const cards = (await Promise.all([notificationsCard(), pushCard()])).filter(Boolean);
  main.append(
    ...cards,
    h("section", { class: "card" }, h("h3", {}, t("Devices")), h("p", { class: "muted" }, t("See and sign out the phones signed in to the app.")),
      h("a", { class: "button", href: "/settings/devices/" }, t("Manage devices"))),
    h("p", {}, h("button", { type: "button", class: "button danger", onclick: () => signOut().catch((e) => main.append(errorBox(e))) }, t("Sign out"))),
  );
}
