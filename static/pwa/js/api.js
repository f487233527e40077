// The public API (/api/v1/) with the device's bearer token; one error shape ({code, message,
// fields}) turned into ApiError. A network failure is an ApiError with status 0 (offline).
import { del, get } from "./store.js";

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.code = (body && body.code) || (status ? "http_" + status : "offline");
    this.fields = (body && body.fields) || {};
    this.details = (body && body.details) || {};
  }
}

let language = "ko";
export function setLanguage(lang) {
  language = lang;
}

export async function api(path, { method = "GET", body, headers = {}, token } = {}) {
  const auth = token === undefined ? await get("kv", "token") : token;
  const init = { method, headers: { Accept: "application/json", "Accept-Language": language, ...headers } };
  if (auth) init.headers.Authorization = "Bearer " + auth;
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch("/api/v1/" + path, init);
  } catch (error) {
    throw new ApiError(0, null);
  }
  if (response.status === 204) return { data: null, response };
  let data = null;
  try {
    data = await response.json();
  } catch (error) {
    data = null;
  }
  if (response.status === 401 && auth) {
    // Revoked in Settings > Devices, or expired: forget it; the app shows the sign-in again.
    await del("kv", "token");
    window.dispatchEvent(new CustomEvent("signed-out"));
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return { data, response };
}
