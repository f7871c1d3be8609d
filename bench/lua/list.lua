-- list: GET /system/user/list, a random page 1..100 of 10, live users with status 0.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

function request()
  return wrk.format("GET", "/system/user/list?pageNum=" .. math.random(1, 100) .. "&pageSize=10&status=0")
end
