-- wrk script: every request is a POST with the body and headers given in WRK_BODY and WRK_HEADERS (name: value
-- lines), so the same script drives the app, the bare server and the Next.js route.
wrk.method = "POST"
wrk.body = os.getenv("WRK_BODY") or "{}"
for line in string.gmatch(os.getenv("WRK_HEADERS") or "", "[^\n]+") do
  local name, value = string.match(line, "^([^:]+):%s*(.*)$")
  if name then wrk.headers[name] = value end
end
