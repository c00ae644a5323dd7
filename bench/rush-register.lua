-- bench/registration-rush.sh, phase 1: each request registers a new address; each wrk
-- thread stops after its share of the total, so the run sends exactly TOTAL requests.
local counter = 0
local thread_id = 0
local quota = 0
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  quota = tonumber(os.getenv("RUSH_QUOTA"))
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  counter = counter + 1
  local body = string.format("name=Personne+%d+%d&email=t%d-%d%%40example.org&organisation=Minist%%C3%%A8re+%d&status=public_agent",
    thread_id, counter, thread_id, counter, counter % 40)
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status ~= 303 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
  if counter >= quota then
    wrk.thread:stop()
  end
end
