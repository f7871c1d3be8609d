-- loop probe: GET of a path no route matches. The 404 is answered on the event loop itself (router
-- miss; no database, no offload pool), so its latency beside the login run shows whether bcrypt
-- blocks the loops — as opposed to `get during login`, which also waits for the offload pool.
-- Paced (delay 20 ms per connection) so the probe itself adds little load.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

function request()
  return wrk.format("GET", "/bench/loop-probe")
end

function delay()
  return 20
end

-- Here the expected answer is the 404 envelope; anything else is an error.
function response(status, headers, body)
  if status ~= 404 then
    bad_status = bad_status + 1
    if first_error == "" then first_error = "HTTP " .. status end
  end
end
