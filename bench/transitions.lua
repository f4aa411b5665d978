-- POST /api/v1/claims/{id}/transitions through the write path (rules, audit hashing, one transaction).
-- Each request moves a different claim, from the version it had when the list was made, so none
-- conflicts with another: unverified -> denied, denied -> unverified (a reopen).
-- The list (CLAIMS_LUA) returns { {id, version, "u"|"d"}, ... }; wrk threads take every n-th claim.
local claims = dofile(os.getenv("CLAIMS_LUA"))
local token = os.getenv("TOKEN")
-- setup() runs in wrk's main Lua state; each thread has its own, so the stride is passed in.
local count = 0

function setup(thread)
  thread:set("index", count)
  thread:set("step", tonumber(os.getenv("WRK_THREADS") or "2"))
  count = count + 1
end

function init(args)
  position = index + 1
end

function request()
  local claim = claims[position]
  position = position + step
  if position > #claims then position = index + 1 end
  local body
  if claim[3] == "u" then
    body = string.format('{"to":"denied","note":"bench","deniedBy":"Bench Ministry","version":%d}', claim[2])
  else
    body = string.format('{"to":"unverified","note":"bench reopen","version":%d}', claim[2])
  end
  return wrk.format("POST", "/api/v1/claims/" .. claim[1] .. "/transitions",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
