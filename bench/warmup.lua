-- Warms the app up before anything is measured: GETs every path in PATHS (space-separated), in turn.
-- The runtime recompiles hot code, optimised, during its first tens of seconds under load.
local paths = {}
for path in string.gmatch(os.getenv("PATHS") or "/", "%S+") do paths[#paths + 1] = path end
local next_path = 0

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end
