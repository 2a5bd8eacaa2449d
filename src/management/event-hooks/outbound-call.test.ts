/** The bounded outbound call: failures of every kind come back as results, never as exceptions. */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { callReceiver } from './outbound-call.js';

const LIMITS = { timeoutMs: 1000, maxResponseBytes: 16 };

describe('outbound call', () => {
  const server = createServer((req, res) => {
    if (req.url === '/cut') {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setImmediate(() => res.destroy());
      return;
    }
    res.writeHead(201, { 'content-type': 'text/plain' });
    res.end(req.url === '/long' ? 'x'.repeat(100) : `${req.method ?? ''} ${req.headers['content-length'] ?? '-'}`);
  });
  let origin = '';
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads the status and the body; sends the body with its length', async () => {
    const result = await callReceiver({ method: 'POST', url: `${origin}/ok`, headers: {}, body: '{"a":1}' }, LIMITS);
    assert.equal(result.kind, 'response');
    assert.ok(result.kind === 'response');
    assert.equal(result.status, 201);
    assert.equal(result.body.toString(), 'POST 7');
    assert.equal(result.truncated, false);
  });

  it('reads at most maxResponseBytes and says so', async () => {
    const result = await callReceiver({ method: 'GET', url: `${origin}/long`, headers: {} }, LIMITS);
    assert.ok(result.kind === 'response');
    assert.equal(result.body.length, 16);
    assert.equal(result.truncated, true);
  });

  it('turns a bad URL, a refused header, a refused connection and a cut response into errors', async () => {
    const bad = await callReceiver({ method: 'GET', url: 'not a url', headers: {} }, LIMITS);
    assert.equal(bad.kind, 'error');
    const header = await callReceiver({ method: 'GET', url: `${origin}/ok`, headers: { 'X-Split': 'a\r\nb' } }, LIMITS);
    assert.ok(header.kind === 'error');
    assert.match(header.error, /ERR_INVALID_CHAR|Invalid character/);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await callReceiver({ method: 'POST', url: `http://127.0.0.1:${port}/`, headers: {}, body: '' }, LIMITS);
    assert.ok(refused.kind === 'error');
    assert.match(refused.error, /ECONNREFUSED/);
    const cut = await callReceiver({ method: 'GET', url: `${origin}/cut`, headers: {} }, { timeoutMs: 1000, maxResponseBytes: 1000 });
    assert.equal(cut.kind, 'error');
  });
});
