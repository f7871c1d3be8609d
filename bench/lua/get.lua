-- get: GET /system/user/{id} with a random seeded id (BENCH_ID_MIN..BENCH_ID_MAX).
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local lo, hi
function scenario_init(args)
  lo = tonumber(os.getenv("BENCH_ID_MIN") or "1")
  hi = tonumber(os.getenv("BENCH_ID_MAX") or "2")
end

function request()
  return wrk.format("GET", "/system/user/" .. math.random(lo, hi))
end
