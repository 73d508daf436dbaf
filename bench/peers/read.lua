-- wrk script for one read: POSTs the JSON body in $BODY_FILE to /graphql (with $AUTH as the
-- Authorization header when set) and checks every answer: status 200, no "errors", and the
-- text $EXPECT present. done() prints one RESULT line; it exits non-zero when any check failed.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
  wrk.method = "POST"
  wrk.body = f:read("*a")
  f:close()
  wrk.headers["Content-Type"] = "application/json"
  local auth = os.getenv("AUTH")
  if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
  expect = os.getenv("EXPECT") or ""
  checked, failures, sample = 0, 0, nil
end

function response(status, headers, body)
  checked = checked + 1
  if status ~= 200 or body:find('"errors"', 1, true) or not body:find(expect, 1, true) then
    failures = failures + 1
    if not sample then sample = status .. " " .. body:sub(1, 300) end
  end
end

function done(summary, latency, requests)
  local checked, failures, sample = 0, 0, nil
  for _, t in ipairs(threads) do
    checked = checked + t:get("checked")
    failures = failures + t:get("failures")
    sample = sample or t:get("sample")
  end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    'RESULT {"requests":%d,"checked":%d,"failures":%d,"socket_errors":%d,"rps":%.1f,"p50_ms":%.2f,"p99_ms":%.2f}\n',
    summary.requests, checked, failures, socket, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  if sample then io.write("FIRST FAILURE " .. sample .. "\n") end
  if failures > 0 or socket > 0 or checked == 0 then os.exit(1) end
end
