-- bench/registration-rush.sh, phase 2: each thread confirms its slice of the private links
-- listed in LINKS_FILE (one path per line), once each, then stops.
local links = {}
local index = 0
local thread_id = 0
local threads_total = 1
local next_id = 0

function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
end

function init(args)
  threads_total = tonumber(os.getenv("RUSH_THREADS"))
  local n = 0
  for line in io.lines(os.getenv("LINKS_FILE")) do
    if n % threads_total == thread_id then
      table.insert(links, line)
    end
    n = n + 1
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  index = index + 1
  local link = links[index] or links[#links]
  return wrk.format(nil, link .. "/confirmer", nil, "")
end

function response(status, headers, body)
  if status ~= 303 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
  if index >= #links then
    wrk.thread:stop()
  end
end
