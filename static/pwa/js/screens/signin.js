// Sign in on this device: email, password and, when the account has it, the authenticator code.
// The API issues a device token (Settings > Devices on the web); it is kept in IndexedDB only.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { route } from "../main.js";
import { put } from "../store.js";
import { errorBox, field, h, screen } from "../ui.js";

function guessDeviceName() {
  const ua = navigator.userAgent;
  if (/Android/i.test(ua)) return "Android";
  if (/iPhone|iPad/i.test(ua)) return "iPhone";
  return t("This browser");
}

export function signInScreen(needsCode = false, values = {}) {
  const email = h("input", { type: "email", name: "email", autocomplete: "username", required: true, value: values.email || "" });
  const password = h("input", { type: "password", name: "password", autocomplete: "current-password", required: true, value: values.password || "" });
  const device = h("input", { type: "text", name: "device_name", required: true, maxlength: "80", value: values.device || guessDeviceName() });
  const code = h("input", { type: "text", name: "otp_code", inputmode: "numeric", autocomplete: "one-time-code", maxlength: "20" });
  const errors = h("div", { "aria-live": "assertive" });
  const form = h(
    "form",
    { class: "card", novalidate: true },
    field(t("Email address"), email),
    field(t("Password"), password),
    field(t("Device name"), device, t("Shown in Settings › Devices on the web.")),
    needsCode ? field(t("Authenticator code"), code, t("Or one of your recovery codes.")) : null,
    errors,
    h("button", { type: "submit", class: "button primary" }, t("Sign in")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    const payload = { email: email.value, password: password.value, device_name: device.value };
    if (needsCode) payload.otp_code = code.value;
    try {
      const { data } = await api("devices/", { method: "POST", body: payload, token: null });
      await put("kv", data.token, "token");
      await put("kv", { id: data.id, name: data.name, account: data.account, user: data.user_name }, "device");
      // A changed hash routes by itself (hashchange); the same hash needs the call.
      if (location.hash !== "#/inbox") location.hash = "#/inbox";
      else await route();
    } catch (error) {
      if (error.code === "otp_required" && !needsCode) {
        signInScreen(true, { email: email.value, password: password.value, device: device.value });
        return;
      }
      errors.replaceChildren(errorBox(error.status === 0 ? { message: t("You are offline. Connect to sign in.") } : error));
    }
  });
  screen(t("Sign in"), h("p", { class: "muted" }, t("Sign in with your developer account.")), form);
  (needsCode ? code : email).focus();
}
