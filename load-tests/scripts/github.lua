-- A GitHub delivery per request, each with its own X-GitHub-Delivery: GitHub signs only the body, so one signed body
-- serves every request while the idempotency store sees a new delivery each time (a real claim and settle).
-- args: body file, X-Hub-Signature-256 value, delivery-id prefix, copies (default 1). The environment variable
-- WRK_PHASE (run.sh sets "warm-up" and "measured") goes into every id as well: a measured run that re-sent the
-- warm-up's ids would be answered from the store as duplicates, without a trip to the upstream, and flatter the figures.
-- With copies = 2 (the scale-out run) every delivery is sent twice, its two copies one after the other from the same
-- wrk thread — on two connections at once, or back to back on one — and each copy carries `X-Load-Replica: a` or `b`,
-- which the scale-out balancer uses to send the two copies to different replicas (which one gets the first copy
-- alternates).
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
  prefix = (args[3] or "load") .. "-" .. (os.getenv("WRK_PHASE") or "run")
  copies = tonumber(args[4] or "1")
end

function request()
  local delivery, copy = math.floor(counter / copies) + 1, counter % copies
  counter = counter + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-GitHub-Event"] = "push",
    ["X-Hub-Signature-256"] = signature,
    ["X-GitHub-Delivery"] = prefix .. "-" .. thread_number .. "-" .. delivery,
  }
  if copies > 1 then
    headers["X-Load-Replica"] = ((delivery + copy) % 2 == 0) and "a" or "b"
  end
  return wrk.format("POST", nil, headers, body)
end
