// The app's own strings: one JSON catalogue per language (static/pwa/i18n/<lang>.json),
// "{name}" placeholders filled by t(). The server's messages arrive already translated.
let strings = {};
let current = "ko";

export const LANGUAGES = ["ko", "en"];

export async function loadLanguage(lang, base) {
  current = LANGUAGES.includes(lang) ? lang : "ko";
  const response = await fetch(`${base}i18n/${current}.json`);
  strings = await response.json();
  document.documentElement.lang = current;
  return current;
}

export function language() {
  return current;
}

export function t(key, values = {}) {
  const text = strings[key] !== undefined ? strings[key] : key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}

// "3일 남음" / "3d left", "4시간 초과" / "4h overdue": the largest unit, like the web inbox.
export function timeLeft(dueAt, now = Date.now()) {
  if (!dueAt) return "";
  const seconds = Math.round((new Date(dueAt).getTime() - now) / 1000);
  const span = Math.abs(seconds);
  let amount;
  if (span >= 86400) amount = t("{n}d", { n: Math.floor(span / 86400) });
  else if (span >= 3600) amount = t("{n}h", { n: Math.floor(span / 3600) });
  else amount = t("{n}m", { n: Math.max(1, Math.floor(span / 60)) });
  return t(seconds >= 0 ? "{span} left" : "{span} overdue", { span: amount });
}

export function dateTime(value) {
  if (!value) return "";
  const d = new Date(value);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
