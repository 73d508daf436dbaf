-- wrk script for the write: a progress report, one project per connection (run it with as many
-- threads as connections, so each thread's state is one connection's). $PROJECTS lists
-- "globalId:rowId:version" per connection; $TARGET is "ours" (submitProgressReport, which names
-- the version last read: it is taken from each answer) or "peer" (PostGraphile's plain
-- createProgressReport insert). Every answer is checked as in read.lua.
threads = {}
local counter = 0

function setup(thread)
  thread:set("idx", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local function pick(list, n)
  local i = 0
  for item in list:gmatch("[^,]+") do
    if i == n then return item end
    i = i + 1
  end
  error("PROJECTS lists fewer projects than connections")
end

function init(args)
  target = os.getenv("TARGET")
  local gid, rid, version = pick(os.getenv("PROJECTS"), idx):match("([^:]+):(%d+):(%d+)")
  project_gid, project_id, expected = gid, tonumber(rid), tonumber(version)
  completed = os.getenv("COMPLETED")  -- 万元, at least every report's so far
  completed_fen = os.getenv("COMPLETED_FEN")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  local auth = os.getenv("AUTH")
  if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
  checked, failures, sample = 0, 0, nil
end

function request()
  local body
  if target == "ours" then
    body = string.format(
      '{"query":"mutation($input: SubmitProgressReportInput!) { submitProgressReport(input: $input) { project { version } progressReport { id } userErrors { code currentVersion message } } }",' ..
      '"variables":{"input":{"projectId":"%s","expectedVersion":%d,"reportedOn":"2026-11-30","percentComplete":"50","completedInvestment":"%s","note":"bench"}}}',
      project_gid, expected, completed)
  else
    body = string.format(
      '{"query":"mutation($input: CreateProgressReportInput!) { createProgressReport(input: $input) { progressReport { id } } }",' ..
      '"variables":{"input":{"progressReport":{"projectId":%d,"reportedOn":"2026-11-30","reportedBy":"bench","status":"UNDER_CONSTRUCTION","percentCompleteBp":5000,"completedInvestmentFen":"%s","note":"bench","createdAt":"2026-12-01T00:00:00Z"}}}}',
      project_id, completed_fen)
  end
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  checked = checked + 1
  local ok = status == 200 and not body:find('"errors"', 1, true)
  if target == "ours" then
    local version = body:match('"version":(%d+)')
    ok = ok and version ~= nil and body:find('"userErrors":[]', 1, true) ~= nil
    if version then
      expected = tonumber(version)
    else
      local current = body:match('"currentVersion":(%d+)')
      if current then expected = tonumber(current) end
    end
  else
    ok = ok and body:find('"progressReport":{"id":', 1, true) ~= nil
  end
  if not ok then
    failures = failures + 1
    if not sample then sample = status .. " " .. body:sub(1, 300) end
  end
end

-- done(): the totals every wrk script here reports, in one place.
dofile("bench/peers/report.lua")
