// Opens a server-sent event stream over real HTTP and collects its text as it arrives, for tests.
export type StreamClient = { response: Response; text: string; ended: boolean; close(): void };

export async function openStream(url: string, headers: Record<string, string> = {}): Promise<StreamClient> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  const stream: StreamClient = { response, text: "", ended: false, close: () => abort.abort() };
  if (!response.body) {
    stream.ended = true;
    return stream;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
        stream.text += decoder.decode(chunk.value, { stream: true });
    } catch {
      // aborted by close(), or the server ended the connection
    }
    stream.ended = true;
  })();
  return stream;
}

/** The data of every `event: <type>` frame received so far, parsed. */
export function framesOf(stream: StreamClient, type: string): unknown[] {
  const frames: unknown[] = [];
  const pattern = new RegExp(`event: ${type.replace(/\./g, "\\.")}\\ndata: (.*)\\n\\n`, "g");
  for (const match of stream.text.matchAll(pattern)) frames.push(JSON.parse(match[1]!));
  return frames;
}
