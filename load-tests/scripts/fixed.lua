-- The same request every time: a body file and a file of "Name: value" header lines (as `sign` prints them).
-- args: body file, headers file (may be empty)
function init(args)
  local file = assert(io.open(args[1], "rb"))
  body = file:read("*a")
  file:close()
  headers = { ["Content-Type"] = "application/json" }
  if args[2] and args[2] ~= "" then
    for line in io.lines(args[2]) do
      local name, value = line:match("^([^:]+):%s*(.*)$")
      if name then headers[name] = value end
    end
  end
end

function request()
  return wrk.format("POST", nil, headers, body)
end
