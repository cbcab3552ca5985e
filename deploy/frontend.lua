-- Serve the browser's own files from memory, compressed once (deploy/frontend.py writes them and the manifest
-- named by the environment variable DK_FRONTEND: URL path, content type, ETag, Cache-Control and the file of each
-- encoding per line). Brotli when the browser accepts it, else gzip; the cut-down fonts as they are (WOFF2 is
-- compressed already). deploy/haproxy.cfg sends a request here only when `lua.dk_frontend` says this service can
-- answer it; everything else goes to Streamlit as before.

local files = {}

local function read(path)
  local fh = assert(io.open(path, "rb"))
  local body = fh:read("a")
  fh:close()
  return body
end

for line in io.lines(os.getenv("DK_FRONTEND")) do
  local url, kind, etag, cache, encodings = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]+)$")
  if url then
    local f = { kind = kind, etag = etag, cache = cache, bodies = {} }
    for name, file in encodings:gmatch("([a-z]+)=([^,]+)") do f.bodies[name] = read(file) end
    files[url] = f
  end
end

-- The encodings the request's Accept-Encoding allows ("br;q=0" refuses brotli).
local function accepted(values)
  local ok = {}
  if values == nil then return ok end
  for _, value in pairs(values) do
    for token in value:gmatch("[^,]+") do
      local name, params = token:match("^%s*([%w%-%*]+)%s*(.*)$")
      if name then
        local q = params:match("q%s*=%s*([%d%.]+)")
        ok[name:lower()] = q == nil or tonumber(q) > 0
      end
    end
  end
  return ok
end

-- The encoding to send `f` in, or nil when Streamlit should answer (the browser accepts none of ours).
local function choose(f, values)
  if f.bodies.identity then return "identity" end
  local ok = accepted(values)
  if ok.br and f.bodies.br then return "br" end
  if ok.gzip and f.bodies.gzip then return "gzip" end
  return nil
end

core.register_fetches("dk_frontend", function(txn)
  local f = files[txn.sf:path()]
  if f and choose(f, txn.http:req_get_headers()["accept-encoding"]) then return "1" end
  return ""
end)

core.register_service("dk_frontend", "http", function(applet)
  local f = files[applet.path]
  local encoding = choose(f, applet.headers["accept-encoding"])
  local asked = applet.headers["if-none-match"]
  local fresh = asked ~= nil and asked[0] ~= nil and asked[0]:find(f.etag, 1, true) ~= nil
  -- A script, stylesheet or font is not a document: the document-only headers (Content-Security-Policy,
  -- X-Frame-Options) mean nothing on it, and sent with each of the ~130 files of a first load they cost ~50 KB.
  if f.kind:find("^text/javascript") or f.kind:find("^text/css") or f.kind:find("^font/") then
    applet:set_var("txn.dk_subresource", true)
  end
  applet:set_status(fresh and 304 or 200)
  applet:add_header("content-type", f.kind)
  applet:add_header("cache-control", f.cache)
  if f.cache == "no-cache" then applet:add_header("etag", f.etag) end  -- a hashed name is never asked again
  if encoding ~= "identity" then applet:add_header("vary", "Accept-Encoding") end
  if fresh then
    applet:start_response()
    return
  end
  local body = f.bodies[encoding]
  if encoding ~= "identity" then applet:add_header("content-encoding", encoding) end
  applet:add_header("content-length", tostring(#body))
  applet:start_response()
  applet:send(body)
end)
