-- What every wrk script of bench/peers shares: done() adds up the checked, failures and first
-- failing sample of the threads the script kept in the global `threads` at setup(), prints one
-- RESULT line and exits non-zero when any check failed. Loaded with dofile() from the repository
-- root.
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
