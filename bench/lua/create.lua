-- create: POST /system/user with a name unique across runs and threads (BENCH_TAG is per run).
-- One bcrypt hash per request at the server's RUOYI_BCRYPT_COST.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local prefix
local n = 0
function scenario_init(args)
  wrk.headers["Content-Type"] = "application/json"
  prefix = "c" .. (os.getenv("BENCH_TAG") or tostring(os.time() % 100000)) .. "t" .. (tid or 0) .. "n"
end

function request()
  n = n + 1
  local body = '{"userName":"' .. prefix .. n .. '","nickName":"bench","password":"admin123",' ..
               '"deptId":103,"status":"0","sex":"0","roleIds":[2],"postIds":[4]}'
  return wrk.format("POST", "/system/user", nil, body)
end
