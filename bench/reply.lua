-- Replies through the API: POST /api/v1/inquiries/<id>/reply/ to awaiting inquiries of the bench
-- account (ids from the file named after `--`), each with an Idempotency-Key of its own.
-- Counts the 201s per thread and prints them with the summary (BENCH_JSON, as report.lua).
local threads = {}
local counter = 1

function setup(thread)
  thread:set("tid", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  ids = {}
  for line in io.lines(args[1]) do
    table.insert(ids, line)
  end
  n = 0
  created = 0
  other = 0
  math.randomseed(tid * 7919 + os.time())
end

function request()
  n = n + 1
  local id = ids[math.random(#ids)]
  -- wrk.format uses only the table it is given: start from the -H headers (the token).
  local headers = {}
  for k, v in pairs(wrk.headers) do
    headers[k] = v
  end
  headers["Content-Type"] = "application/json"
  headers["Idempotency-Key"] = string.format("bench-%d-%d-%d", os.time(), tid, n)
  local body = '{"body": "확인했습니다. 곧 처리해 드리겠습니다. We are on it."}'
  return wrk.format("POST", "/api/v1/inquiries/" .. id .. "/reply/", headers, body)
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local c, o = 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    o = o + t:get("other")
  end
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format(
    'BENCH_JSON {"rps": %.1f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "requests": %d, ' ..
    '"errors": %d, "bytes": %d, "created": %d, "other": %d}\n',
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, summary.requests, errors,
    summary.bytes, c, o))
end
