-- Summary of one wrk run as one JSON line (wrk's --latency has no p95): req/s, percentiles in
-- ms, errors (non-2xx/3xx responses and socket errors) and bytes read.
function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format(
    'BENCH_JSON {"rps": %.1f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "requests": %d, ' ..
    '"errors": %d, "bytes": %d}\n',
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, summary.requests, errors,
    summary.bytes))
end
