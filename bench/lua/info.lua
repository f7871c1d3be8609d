-- info: GET /getInfo (token check against the session store, the user, roles and permissions).
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

function request()
  return wrk.format("GET", "/getInfo")
end
