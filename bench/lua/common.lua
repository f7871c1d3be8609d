-- Shared by every wrk scenario (dofile'd by each script). Counts, per wrk thread, responses that
-- are not 2xx and RuoYi envelopes whose "code" is not 200 (the API answers most refusals with
-- HTTP 200 and an error code, so the status alone would hide them), and prints one line
--   BENCH_JSON {...}
-- with the run's figures for bench/run.sh. Environment:
--   BENCH_TOKEN  the bearer token (sent on every request when set)
local threads = {}
local next_tid = 0

function setup(thread)
  next_tid = next_tid + 1
  thread:set("tid", next_tid)
  table.insert(threads, thread)
end

function init(args)
  bad_status = 0
  bad_code = 0
  first_error = ""
  -- Distinct random streams per thread (each wrk thread has its own Lua state).
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
  local token = os.getenv("BENCH_TOKEN")
  if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
  if scenario_init then scenario_init(args) end
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    bad_status = bad_status + 1
    if first_error == "" then first_error = "HTTP " .. status end
    return
  end
  -- The envelope's code is its first key, so the first match is the envelope's own.
  local code = body and body:match('"code":(%-?%d+)')
  if code ~= "200" then
    bad_code = bad_code + 1
    if first_error == "" then first_error = string.sub(body or "", 1, 160) end
  end
end

local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

function done(summary, latency, requests)
  local non2xx, codes, sample = 0, 0, ""
  for _, t in ipairs(threads) do
    non2xx = non2xx + (t:get("bad_status") or 0)
    codes = codes + (t:get("bad_code") or 0)
    local e = t:get("first_error")
    if sample == "" and e and e ~= "" then sample = e end
  end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_s":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,' ..
    '"max_ms":%.3f,"non2xx":%d,"bad_code":%d,"socket_errors":%d,"connect":%d,"read":%d,"write":%d,' ..
    '"timeout":%d,"errors":%d,"first_error":%s}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, non2xx, codes, socket, e.connect, e.read, e.write, e.timeout,
    non2xx + codes + socket, json_string(sample)))
end
