// A real webhook receiver on loopback (node:http) for tests: records every request and answers as told.
import http, { type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedRequest = { headers: IncomingHttpHeaders; body: string };
export type Answer = { status: number } | { redirectTo: string } | "hang";

export type Receiver = {
  url: string;
  requests: ReceivedRequest[];
  /** Requests the receiver is sitting on ("hang"). */
  readonly hanging: number;
  answer(answer: Answer): void;
  close(): Promise<void>;
};

export async function startReceiver(initial: Answer = { status: 200 }): Promise<Receiver> {
  let answer = initial;
  const requests: ReceivedRequest[] = [];
  const held = new Set<ServerResponse>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      if (answer === "hang") {
        held.add(response);
        response.on("close", () => held.delete(response));
      } else if ("redirectTo" in answer) {
        response.writeHead(307, { location: answer.redirectTo }).end();
      } else {
        response.writeHead(answer.status, { "content-type": "text/plain" }).end(`answered ${answer.status}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    requests,
    get hanging() {
      return held.size;
    },
    answer: (next) => void (answer = next),
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of held) response.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
