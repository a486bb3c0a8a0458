-- Hostile mix for the soak: one valid GitHub delivery (unique id, recorded by the upstream) in every `valid_every`
-- requests; the rest carry invalid signatures or bodies over the route's MaxBodyBytes.
-- args: body file, valid signature, delivery-id prefix, valid_every, oversized body file
local counter = 0
local next_thread = 1

function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  local file = assert(io.open(args[1], "rb"))
  body = file:read("*a")
  file:close()
  signature = args[2]
  prefix = args[3]
  valid_every = tonumber(args[4])
  local big = assert(io.open(args[5], "rb"))
  oversized = big:read("*a")
  big:close()
end

function request()
  counter = counter + 1
  local id = prefix .. "-" .. thread_number .. "-" .. counter
  if counter % valid_every == 0 then
    return wrk.format("POST", nil, { ["X-Hub-Signature-256"] = signature, ["X-GitHub-Delivery"] = id }, body)
  elseif counter % 3 == 0 then
    return wrk.format("POST", nil, { ["X-Hub-Signature-256"] = signature, ["X-GitHub-Delivery"] = id }, oversized)
  else
    return wrk.format("POST", nil, { ["X-Hub-Signature-256"] = "sha256=" .. string.rep("0", 64), ["X-GitHub-Delivery"] = id }, body)
  end
end
