// Replies and notes are never sent directly: each is first written to the IndexedDB outbox with
// its own Idempotency-Key, then sent; it leaves the outbox only when the API has answered 2xx.
// A retry (after going offline, a timeout, or the app being killed mid-send) repeats the same key,
// so the API returns the first response instead of sending the customer a second email.
import { api } from "./api.js";
import { all, del, put } from "./store.js";

const PATHS = { reply: "reply", note: "notes" };
let flushing = null;

export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function changed() {
  window.dispatchEvent(new CustomEvent("outbox-changed"));
}

export async function queued() {
  const items = await all("outbox");
  return items.sort((a, b) => a.created - b.created);
}

export async function enqueue({ kind, inquiry, body, etag }) {
  const item = { key: newKey(), kind, inquiry, body, etag: etag || null, created: Date.now(), state: "waiting", error: "" };
  await put("outbox", item);
  changed();
  return item;
}

export async function discard(key) {
  await del("outbox", key);
  changed();
}

// After a teammate's reply (412) the writer chose to send anyway: no collision check this time.
export async function retryWithoutCheck(item) {
  await put("outbox", { ...item, etag: null, state: "waiting", error: "" });
  changed();
  return flush();
}

async function sendOne(item) {
  const headers = { "Idempotency-Key": item.key };
  if (item.kind === "reply" && item.etag) headers["If-Match"] = item.etag;
  try {
    await api(`inquiries/${item.inquiry}/${PATHS[item.kind]}/`, { method: "POST", body: { body: item.body }, headers });
    await del("outbox", item.key);
    return "sent";
  } catch (error) {
    // Offline, signed out (401), throttled or the server failing: keep it waiting, same key.
    if ([0, 401, 429].includes(error.status) || error.status >= 500) return "later";
    const state = error.status === 412 ? "held" : "failed";
    await put("outbox", { ...item, state, error: error.message });
    return state;
  }
}

async function flushAll() {
  let sent = 0;
  for (const item of await queued()) {
    if (item.state !== "waiting") continue;
    const outcome = await sendOne(item);
    if (outcome === "later") break;
    if (outcome === "sent") sent += 1;
    changed();
  }
  return sent;
}

// One flush at a time, across tabs too (Web Locks), so two pages never race the same item;
// the Idempotency-Key would make even that harmless, but it keeps the counts honest.
export function flush() {
  if (!flushing) {
    const work = navigator.locks ? navigator.locks.request("voc-outbox", flushAll) : flushAll();
    flushing = work.finally(() => {
      flushing = null;
      changed();
    });
  }
  return flushing;
}
