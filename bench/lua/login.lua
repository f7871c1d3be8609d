-- login: POST /login as admin (form body): one bcrypt verify per request on the offload pool.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

function scenario_init(args)
  wrk.headers["Authorization"] = nil
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  return wrk.format("POST", "/login", nil, "username=admin&password=admin123")
end
