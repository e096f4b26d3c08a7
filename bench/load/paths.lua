-- paths.lua: GET each path of the file $PATHS in turn (each thread from
-- its own place in the list), with the headers given to wrk (-H).
dofile("bench/load/common.lua")

local paths = lines_of("PATHS")
local i = 0

function init(args)
	i = ((id or 1) - 1) * 997
end

function request()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end
