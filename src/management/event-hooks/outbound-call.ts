/**
 * One bounded HTTP call to a hook's receiver: the whole call (connecting, sending, the status and
 * every byte read) within `timeoutMs`, at most `maxResponseBytes` of the response read before the
 * connection is cut, and redirects never followed (node's http client does not follow them; a 3xx
 * is handed back as it came, and the caller counts it as a failure). No connection is reused, so
 * that one receiver's socket state never leaks into another's call. TLS certificates are verified
 * (node's default). Errors are described without the request's headers, which carry the secret.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';

export interface OutboundCall {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface CallLimits {
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

export type CallResult =
  | {
      readonly kind: 'response';
      readonly status: number;
      /** What was read of the body: at most `maxResponseBytes`. */
      readonly body: Buffer;
      /** True when the body was longer and the rest was not read. */
      readonly truncated: boolean;
      readonly durationMs: number;
    }
  | { readonly kind: 'error'; readonly error: string; readonly durationMs: number };

const MAX_ERROR_LENGTH = 200;

function describe(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const text = code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
  return text.length > MAX_ERROR_LENGTH ? text.slice(0, MAX_ERROR_LENGTH) + '…' : text;
}

class CallTimeout extends Error {
  constructor(ms: number) {
    super(`no complete response within ${ms} ms`);
  }
}

/** Makes the call; never throws: a failure of any kind is a `{kind: 'error'}` result. */
export function callReceiver(call: OutboundCall, limits: CallLimits): Promise<CallResult> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  return new Promise<CallResult>((resolve) => {
    let settled = false;
    let request: ClientRequest | undefined;
    const deadline = setTimeout(() => {
      fail(new CallTimeout(limits.timeoutMs));
      request?.destroy();
    }, limits.timeoutMs);
    const settle = (result: CallResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    const fail = (error: unknown) => settle({ kind: 'error', error: describe(error), durationMs: elapsed() });
    let url: URL;
    try {
      url = new URL(call.url);
    } catch (error) {
      fail(error);
      return;
    }
    const headers: Record<string, string> = { ...call.headers };
    if (call.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(call.body));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    try {
      request = send(url, { method: call.method, headers, agent: false }, receive);
    } catch (error) {
      // A header node refuses (the input rules keep them out; this is the last guard).
      fail(error);
      return;
    }
    function receive(response: IncomingMessage): void {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        const room = limits.maxResponseBytes - size;
        if (chunk.length > room) {
          chunks.push(chunk.subarray(0, room));
          size += room;
          settle({ kind: 'response', status: response.statusCode ?? 0, body: Buffer.concat(chunks), truncated: true, durationMs: elapsed() });
          request?.destroy();
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      response.on('end', () =>
        settle({ kind: 'response', status: response.statusCode ?? 0, body: Buffer.concat(chunks), truncated: false, durationMs: elapsed() }),
      );
      response.on('error', fail);
      response.on('aborted', () => fail(new Error('the response was cut off')));
    }
    request.on('error', fail);
    try {
      request.end(call.body);
    } catch (error) {
      fail(error);
      request.destroy();
    }
  });
}
