/** The event hook body rules, each refusal as the cause it gives (pure; the HTTP suite covers the common ones). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readHookInput } from './hook-input.js';

const channel = (config: unknown) => ({ type: 'HTTP', version: '1.0.0', config });
const body = (fields: Record<string, unknown> = {}) => ({
  name: 'Hook',
  events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'] },
  channel: channel({ uri: 'https://hooks.example.com/h' }),
  ...fields,
});

function causes(input: unknown): string[] {
  const read = readHookInput(input);
  assert.equal(read.ok, false, 'refused');
  return read.ok ? [] : read.causes.map((c) => `${c.field ?? ''}: ${c.message}`);
}

describe('event hook body rules', () => {
  it('reads a minimal body: no headers, no auth scheme, no description', () => {
    assert.deepEqual(readHookInput(body()), {
      ok: true,
      input: { name: 'Hook', description: null, events: ['user.lifecycle.create'], uri: 'https://hooks.example.com/h', headers: [], authScheme: null },
    });
    const withNulls = readHookInput(body({ description: null, channel: channel({ uri: 'https://hooks.example.com/h', headers: null, authScheme: null }) }));
    assert.equal(withNulls.ok, true);
  });

  it('keeps an auth scheme without a value as "keep the stored one"', () => {
    const read = readHookInput(body({ channel: channel({ uri: 'https://hooks.example.com/h', authScheme: { type: 'HEADER', key: 'X-Key' } }) }));
    assert.ok(read.ok);
    assert.deepEqual(read.input.authScheme, { key: 'X-Key', value: undefined });
  });

  const refused: [string, unknown, string[]][] = [
    ['not an object', 'hook', ['eventHook: must be a JSON object']],
    ['a name of another type', body({ name: 7 }), ['name: must be a string']],
    ['a long description', body({ description: 'd'.repeat(1025) }), ['description: must be at most 1024 characters']],
    ['events of another type', body({ events: ['user.lifecycle.create'] }), ['events: must be an object']],
    [
      'too many event types',
      body({ events: { type: 'EVENT_TYPE', items: Array.from({ length: 301 }, () => 'user.lifecycle.create') } }),
      ['events.items: must list at most 300 event types'],
    ],
    ['a channel of another type', body({ channel: 'HTTP' }), ['channel: must be an object']],
    ['a config of another type', body({ channel: { type: 'HTTP', version: '1.0.0', config: [] } }), ['channel.config: must be an object']],
    ['no URI', body({ channel: channel({}) }), ['channel.config.uri: The field cannot be left blank']],
    ['a URI of another type', body({ channel: channel({ uri: 42 }) }), ['channel.config.uri: must be a string']],
    [
      'headers of another type',
      body({ channel: channel({ uri: 'https://h.example.com', headers: { a: 'b' } }) }),
      ['channel.config.headers: must be an array of {key, value}'],
    ],
    [
      'too many headers',
      body({ channel: channel({ uri: 'https://h.example.com', headers: Array.from({ length: 21 }, (_, i) => ({ key: `X-${i}`, value: 'v' })) }) }),
      ['channel.config.headers: must list at most 20 headers'],
    ],
    [
      'an empty header name',
      body({ channel: channel({ uri: 'https://h.example.com', headers: [{ key: '', value: 'v' }] }) }),
      ['channel.config.headers[0].key: The field cannot be left blank'],
    ],
    [
      'a long header value',
      body({ channel: channel({ uri: 'https://h.example.com', headers: [{ key: 'X-Long', value: 'v'.repeat(1025) }] }) }),
      ['channel.config.headers[0].value: must be at most 1024 characters'],
    ],
    [
      'an auth scheme of another type',
      body({ channel: channel({ uri: 'https://h.example.com', authScheme: 'Basic x' }) }),
      ['channel.config.authScheme: must be an object'],
    ],
    [
      'an auth scheme without a key',
      body({ channel: channel({ uri: 'https://h.example.com', authScheme: { type: 'HEADER', value: 's' } }) }),
      ['channel.config.authScheme.key: The field cannot be left blank'],
    ],
    [
      'an auth key and value of other types',
      body({ channel: channel({ uri: 'https://h.example.com', authScheme: { type: 'HEADER', key: 1, value: 2 } }) }),
      ['channel.config.authScheme.key: must be a string', 'channel.config.authScheme.value: must be a string'],
    ],
    [
      'an empty secret',
      body({ channel: channel({ uri: 'https://h.example.com', authScheme: { type: 'HEADER', key: 'Authorization', value: '' } }) }),
      ['channel.config.authScheme.value: The field cannot be left blank'],
    ],
    [
      'a secret too long',
      body({ channel: channel({ uri: 'https://h.example.com', authScheme: { type: 'HEADER', key: 'Authorization', value: 's'.repeat(2049) } }) }),
      ['channel.config.authScheme.value: must be at most 2048 characters'],
    ],
  ];
  for (const [what, input, expected] of refused) {
    it(`refuses ${what}`, () => assert.deepEqual(causes(input), expected));
  }

  it('allows a tab in a header value (a field value may hold HTAB), not DEL', () => {
    assert.equal(readHookInput(body({ channel: channel({ uri: 'https://h.example.com', headers: [{ key: 'X-Tab', value: 'a\tb' }] }) })).ok, true);
    assert.deepEqual(causes(body({ channel: channel({ uri: 'https://h.example.com', headers: [{ key: 'X-Del', value: 'a\u007f' }] }) })), [
      'channel.config.headers[0].value: must not contain control characters (CR, LF, NUL…)',
    ]);
  });
});
