-- writes.lua: POST /api/events, one event a request (each its own
-- transaction), in turn: the arrest of a new person, their book-in at
-- $FACILITY, and a check-in of a person under supervision (the file
-- $SUPERVISED, one A-number a line). Run it on one connection a thread: a
-- person's book-in must come after their arrest. At the server's clock
-- (the system's).
dofile("bench/load/common.lua")

local supervised = lines_of("SUPERVISED")
local facility, aor = os.getenv("FACILITY"), os.getenv("AOR")
local n = 0
wrk.headers["Content-Type"] = "application/json"

function request()
	n = n + 1
	local k = math.floor((n - 1) / 3)
	local at = os.date("!%Y-%m-%dT%H:%M:%SZ")
	-- A9TTKKKKKK: a person no generated ledger holds (A-numbers from A2)
	local person = string.format("A9%02d%06d", id, k % 1000000)
	local step = (n - 1) % 3
	local body
	if step == 0 then
		body = string.format('{"id":"load-%d-%d","type":"arrest","at":"%s","person":"%s","aor":"%s",'
			.. '"agency":"ICE","sex":"M","birth_country":"MX"}', id, n, at, person, aor)
	elseif step == 1 then
		body = string.format('{"id":"load-%d-%d","type":"book_in","at":"%s","person":"%s","facility":"%s"}',
			id, n, at, person, facility)
	else
		body = string.format('{"id":"load-%d-%d","type":"atd_checkin","at":"%s","person":"%s","result":"ok"}',
			id, n, at, supervised[k % #supervised + 1])
	end
	return wrk.format("POST", "/api/events", nil, body)
end
