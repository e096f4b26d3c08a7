-- common.lua: what the wrk scripts of bench/run-load share. Each thread
-- knows its number (id, from 1); an answer whose status is not one of
-- $OK_STATUSES (default 200) is counted, and done() prints the total as
-- "unexpected N"; $DELAY_MS, when set, spaces a connection's requests
-- (a steady rate rather than as fast as the server answers).
local threads = {}

function setup(thread)
	table.insert(threads, thread)
	thread:set("id", #threads)
end

local ok_status = {}
for s in (os.getenv("OK_STATUSES") or "200"):gmatch("%d+") do
	ok_status[tonumber(s)] = true
end

unexpected = 0

function response(status, headers, body)
	if not ok_status[status] then
		unexpected = unexpected + 1
	end
end

local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
if delay_ms > 0 then
	function delay()
		return delay_ms
	end
end

function done(summary, latency, requests)
	local n = 0
	for _, thread in ipairs(threads) do
		n = n + thread:get("unexpected")
	end
	io.write(string.format("unexpected %d\n", n))
end

-- The lines of the file at path (the file named by an environment variable).
function lines_of(variable)
	local path = os.getenv(variable)
	local list = {}
	for line in io.lines(path) do
		table.insert(list, line)
	end
	assert(#list > 0, variable .. ": " .. path .. " is empty")
	return list
end
