// The baseline: a bare node:http server that reads the request body and answers with a fixed JSON body (the app's
// own bulk answer, given in BARE_BODY) and the same headers. Nothing is cheaper on this machine; the app's lean
// OFREP path is measured against it.
import http from "node:http";

const body = Buffer.from(process.env.BARE_BODY ?? "{}");
const etag = process.env.BARE_ETAG ?? '"bare"';
const port = Number(process.env.PORT ?? 0);

const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    response.writeHead(200, {
      "content-type": "application/json",
      "content-length": String(body.length),
      "cache-control": "no-cache",
      etag,
      "x-request-id": "bare",
    });
    response.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  console.log(`bare server on ${typeof address === "object" && address ? address.port : port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
