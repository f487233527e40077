// The app's service worker, served from /app/sw.js (scope /app/) after one line that sets
// self.VOC_APP = {version, assets, offline} (voc_portal.pwa.views.service_worker).
// The shell and static files are precached per release; API calls are never touched here:
// the app keeps its own offline copies (IndexedDB), and a cached bearer response would outlive
// sign-out.
const { version, assets, offline } = self.VOC_APP;
const CACHE = "voc-app-" + version;
const SHELL = "/app/";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(assets)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("voc-app-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function navigation(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const cache = await caches.open(CACHE);
    const url = new URL(request.url);
    if (url.pathname === SHELL) return (await cache.match(SHELL)) || cache.match(offline);
    return cache.match(offline);
  }
}

async function asset(request) {
  const cached = await caches.match(request, { ignoreSearch: true });
  return cached || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") event.respondWith(navigation(request));
  else if (assets.includes(url.pathname)) event.respondWith(asset(request));
});

// A push from the portal: {"title", "body", "url", "tag"} (the push outbox's payload).
self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = { body: event.data ? event.data.text() : "" };
  }
  const icon = assets.find((a) => a.endsWith("/icons/icon-192.png"));
  event.waitUntil(
    self.registration.showNotification(data.title || "VOC", {
      body: data.body || "",
      tag: data.tag || undefined,
      icon,
      badge: icon,
      data: { url: data.url || SHELL },
    }),
  );
});

// Tapping a notification opens its thread: an open app window is focused and moved there,
// else a new one is opened.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || SHELL, self.location.origin);
  if (target.origin !== self.location.origin) return;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const mine = windows.find((w) => new URL(w.url).pathname.startsWith(SHELL));
      if (mine) {
        await mine.focus();
        return mine.navigate(target.href).catch(() => mine);
      }
      return self.clients.openWindow(target.href);
    })(),
  );
});
