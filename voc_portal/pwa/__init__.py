"""The Developer Center app (docs/app.md): a Progressive Web App at /app/ on the public API.

The portal serves only the shell (HTML, manifest, service worker, offline page); the app's
scripts, styles, icons and string catalogues are static files under static/pwa/, and every
piece of data comes from /api/v1/ with the device's bearer token.
"""
