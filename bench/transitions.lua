-- POST /api/v1/claims/{id}/transitions through the write path (rules, audit hashing, one transaction).
-- Each claim moves back and forth, unverified -> denied and denied -> unverified (a reopen), each time
-- from the version its last response gave, so the list can be cycled for as long as the run lasts.
-- The list (CLAIMS_LUA) returns { {id, version, "u"|"d"}, ... }; wrk threads take every n-th claim.
-- A thread has far fewer requests in flight than claims, so no claim is moved twice at once.
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
  by_id = {}
  for i = index + 1, #claims, step do by_id[claims[i][1]] = claims[i] end
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

function response(status, headers, body)
  if status ~= 200 then return end
  local claim = by_id[tonumber(string.match(body, '^{"id":(%d+)') or "")]
  if claim then
    claim[2] = tonumber(string.match(body, '"version":(%d+)'))
    claim[3] = string.sub(string.match(body, '"state":"(%a+)"'), 1, 1)
  end
end
