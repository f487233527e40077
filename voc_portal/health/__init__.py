"""What an operator asks of a running portal: is it up, is it ready, how is it doing.

- /healthz (the process answers), /readyz (database, Redis, migrations; JSON) and /metrics
  (Prometheus text, token or network rule) are answered by `ProbeMiddleware` before sessions,
  host checks, throttles or the HTTPS redirect see the request;
- the domain gauges are read from the other apps' tables at scrape time (metrics.py);
- counters that several processes add to (webhook failures, sweep runs) live in Redis (store.py);
- every log line of a request carries its request id and account id (logging.py).

It sits in the top layer with the project wiring: it may read every app, and no app imports it.
"""
