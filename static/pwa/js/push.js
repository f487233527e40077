// Web Push on this device: the VAPID key from GET /api/v1/push/key/, the browser's subscription
// sent to POST /api/v1/push/subscriptions/, removed again on sign-out. Every step is feature
// detected: no PushManager, or a server without the push endpoints (404), hides the option.
import { api } from "./api.js";
import { del, get, put } from "./store.js";

export function pushSupported() {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

export async function pushKey() {
  if (!pushSupported()) return null;
  try {
    return (await api("push/key/")).data.public_key;
  } catch (error) {
    return null;
  }
}

function keyBytes(base64url) {
  const padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

export async function pushSubscribe(publicKey) {
  if ((await Notification.requestPermission()) !== "granted") return false;
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
  const json = subscription.toJSON();
  const { data } = await api("push/subscriptions/", {
    method: "POST",
    body: { endpoint: json.endpoint, keys: { p256dh: json.keys.p256dh, auth: json.keys.auth } },
  });
  await put("kv", data.id, "push");
  return true;
}

export async function pushSubscribed() {
  return Boolean(await get("kv", "push"));
}

export async function pushUnsubscribe() {
  const id = await get("kv", "push");
  if (id) await api(`push/subscriptions/${id}/`, { method: "DELETE" }).catch(() => null);
  if (pushSupported()) {
    const registration = await navigator.serviceWorker.getRegistration("/app/");
    const subscription = registration && (await registration.pushManager.getSubscription());
    if (subscription) await subscription.unsubscribe().catch(() => null);
  }
  await del("kv", "push");
}
