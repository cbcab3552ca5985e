-- Serve the browser's own files gzip -9 compressed from memory (deploy/frontend.py writes them and the manifest
-- named by the environment variable DK_FRONTEND: URL path, content type, file, ETag, Cache-Control per line).
-- deploy/haproxy.cfg sends a request here only when `lua.dk_frontend` finds its path and the browser accepts gzip;
-- everything else goes to Streamlit as before.

local files = {}

local function read(path)
  local fh = assert(io.open(path, "rb"))
  local body = fh:read("a")
  fh:close()
  return body
end

for line in io.lines(os.getenv("DK_FRONTEND")) do
  local url, kind, file, etag, cache = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]+)$")
  if url then
    files[url] = { kind = kind, body = read(file), etag = etag, cache = cache }
  end
end

core.register_fetches("dk_frontend", function(txn)
  if files[txn.sf:path()] then return "1" end
  return ""
end)

core.register_service("dk_frontend", "http", function(applet)
  local f = files[applet.path]
  local asked = applet.headers["if-none-match"]
  local fresh = asked ~= nil and asked[0] ~= nil and asked[0]:find(f.etag, 1, true) ~= nil
  applet:set_status(fresh and 304 or 200)
  applet:add_header("content-type", f.kind)
  applet:add_header("etag", f.etag)
  applet:add_header("cache-control", f.cache)
  applet:add_header("vary", "Accept-Encoding")
  if fresh then
    applet:start_response()
    return
  end
  applet:add_header("content-encoding", "gzip")
  applet:add_header("content-length", tostring(#f.body))
  applet:start_response()
  applet:send(f.body)
end)
