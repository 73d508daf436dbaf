-- wrk script for one read: POSTs the JSON body in $BODY_FILE to /graphql (with $AUTH as the
-- Authorization header when set) and checks every answer: status 200, no "errors", and the
-- text $EXPECT present. done() prints one RESULT line; it exits non-zero when any check failed.
threads = {}

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

-- done(): the totals every wrk script here reports, in one place.
dofile("bench/peers/report.lua")
