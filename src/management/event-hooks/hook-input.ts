/**
 * The body of a create or replace (Okta `EventHook`), checked field by field: every problem is one
 * E0000001 cause naming its field, so that one answer lists everything to fix. Read-only fields a
 * client echoes back from a GET (`id`, `status`, `verificationStatus`, `created`, `createdBy`,
 * `lastUpdated`, `_links`, `channel.config.method`) are ignored, never applied.
 *
 * Header names are RFC 9110 tokens (§5.6.2) and values field values without control characters
 * (§5.5): nothing in them can split a request. Headers that belong to the call itself are refused
 * (Okta: "Some reserved headers, such as Accept, are disallowed").
 */
import type { ErrorCause } from '../../errors/domain-error.js';
import type { EventHookHeader } from '../../store/event-hook-store.js';
import { identifierProblem } from '../identifiers.js';
import { isHookEventType } from './eligible-event-types.js';
import { hookUriProblem } from './hook-uri.js';

export interface HookInput {
  readonly name: string;
  readonly description: string | null;
  readonly events: readonly string[];
  readonly uri: string;
  readonly headers: readonly EventHookHeader[];
  /** The auth header; `value` undefined when the body left it out (a replace keeps the stored one). */
  readonly authScheme: { readonly key: string; readonly value: string | undefined } | null;
}

export type HookInputResult = { readonly ok: true; readonly input: HookInput } | { readonly ok: false; readonly causes: readonly ErrorCause[] };

const MAX_NAME = 255;
const MAX_DESCRIPTION = 1024;
/** Okta: "a limit of 300 eligible event types per hook". */
const MAX_EVENT_TYPES = 300;
const MAX_HEADERS = 20;
const MAX_HEADER_NAME = 128;
const MAX_HEADER_VALUE = 1024;
const MAX_SECRET = 2048;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** A control character other than HTAB (RFC 9110 §5.5: a field value is VCHAR, SP, HTAB, obs-text). */
function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

/** Lower-cased header names the caller may not set: they describe the call, or are Okta's own. */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'accept',
  'accept-charset',
  'accept-encoding',
  'connection',
  'content-encoding',
  'content-length',
  'content-type',
  'expect',
  'host',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'x-okta-verification-challenge',
]);

const BLANK = 'The field cannot be left blank';

type Fields = Readonly<Record<string, unknown>>;

function objectOf(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
}

function headerNameProblem(name: string): string | undefined {
  if (name === '') return BLANK;
  if (name.length > MAX_HEADER_NAME || !TOKEN.test(name)) return `must be an HTTP header name of at most ${MAX_HEADER_NAME} token characters`;
  if (RESERVED_HEADERS.has(name.toLowerCase())) return `'${name}' is set by Tessera for every call and cannot be configured`;
  return undefined;
}

function headerValueProblem(value: string, max: number): string | undefined {
  if (value.length > max) return `must be at most ${max} characters`;
  return hasControl(value) ? 'must not contain control characters (CR, LF, NUL…)' : undefined;
}

class Causes {
  readonly list: ErrorCause[] = [];
  add(field: string, message: string): void {
    this.list.push({ field, message });
  }
}

function readName(body: Fields, causes: Causes): string {
  const name = body['name'];
  if (name === undefined || name === null || (typeof name === 'string' && name.trim() === '')) causes.add('name', BLANK);
  else if (typeof name !== 'string') causes.add('name', 'must be a string');
  else if (name.length > MAX_NAME) causes.add('name', `must be at most ${MAX_NAME} characters`);
  else {
    const problem = identifierProblem(name);
    if (problem !== undefined) causes.add('name', problem);
    return name;
  }
  return '';
}

function readDescription(body: Fields, causes: Causes): string | null {
  const description = body['description'];
  if (description === undefined || description === null) return null;
  if (typeof description !== 'string') causes.add('description', 'must be a string');
  else if (description.length > MAX_DESCRIPTION) causes.add('description', `must be at most ${MAX_DESCRIPTION} characters`);
  else return description;
  return null;
}

function readEvents(body: Fields, causes: Causes): string[] {
  const events = objectOf(body['events']);
  if (events === undefined) {
    causes.add('events', body['events'] === undefined || body['events'] === null ? BLANK : 'must be an object');
    return [];
  }
  if (events['type'] !== 'EVENT_TYPE') causes.add('events.type', "must be 'EVENT_TYPE'");
  if (events['filter'] !== undefined && events['filter'] !== null) causes.add('events.filter', 'event hook filters are not supported');
  const items = events['items'];
  if (!Array.isArray(items) || items.length === 0) {
    causes.add('events.items', 'must list at least one event type');
    return [];
  }
  if (items.length > MAX_EVENT_TYPES) {
    causes.add('events.items', `must list at most ${MAX_EVENT_TYPES} event types`);
    return [];
  }
  const out: string[] = [];
  items.forEach((item: unknown, index) => {
    if (typeof item !== 'string') causes.add(`events.items[${index}]`, 'must be a string');
    else if (!isHookEventType(item)) causes.add(`events.items[${index}]`, `'${item.slice(0, 100)}' is not an event type an event hook can subscribe to`);
    else out.push(item);
  });
  if (new Set(out).size !== out.length) causes.add('events.items', 'must not list the same event type twice');
  return out;
}

function readHeaders(config: Fields, causes: Causes): EventHookHeader[] {
  const headers = config['headers'];
  if (headers === undefined || headers === null) return [];
  if (!Array.isArray(headers)) {
    causes.add('channel.config.headers', 'must be an array of {key, value}');
    return [];
  }
  if (headers.length > MAX_HEADERS) {
    causes.add('channel.config.headers', `must list at most ${MAX_HEADERS} headers`);
    return [];
  }
  const out: EventHookHeader[] = [];
  headers.forEach((entry: unknown, index) => {
    const field = `channel.config.headers[${index}]`;
    const header = objectOf(entry);
    const key = header?.['key'];
    const value = header?.['value'];
    if (typeof key !== 'string' || typeof value !== 'string') return causes.add(field, 'must be {key, value} with two strings');
    const problem = headerNameProblem(key);
    if (problem !== undefined) return causes.add(`${field}.key`, problem);
    const valueProblem = headerValueProblem(value, MAX_HEADER_VALUE);
    if (valueProblem !== undefined) return causes.add(`${field}.value`, valueProblem);
    out.push({ key, value });
  });
  const names = out.map((h) => h.key.toLowerCase());
  if (new Set(names).size !== names.length) causes.add('channel.config.headers', 'must not name the same header twice');
  return out;
}

function readAuthScheme(config: Fields, headers: readonly EventHookHeader[], causes: Causes): HookInput['authScheme'] {
  const raw = config['authScheme'];
  if (raw === undefined || raw === null) return null;
  const scheme = objectOf(raw);
  if (scheme === undefined) {
    causes.add('channel.config.authScheme', 'must be an object');
    return null;
  }
  if (scheme['type'] !== 'HEADER') causes.add('channel.config.authScheme.type', "must be 'HEADER'");
  const key = scheme['key'];
  const value = scheme['value'];
  let ok = true;
  if (typeof key !== 'string') {
    causes.add('channel.config.authScheme.key', key === undefined || key === null ? BLANK : 'must be a string');
    ok = false;
  } else {
    const problem = headerNameProblem(key) ?? (headers.some((h) => h.key.toLowerCase() === key.toLowerCase()) ? 'is also a custom header' : undefined);
    if (problem !== undefined) {
      causes.add('channel.config.authScheme.key', problem);
      ok = false;
    }
  }
  if (value !== undefined && value !== null) {
    const problem = typeof value !== 'string' ? 'must be a string' : value === '' ? BLANK : headerValueProblem(value, MAX_SECRET);
    if (problem !== undefined) {
      causes.add('channel.config.authScheme.value', problem);
      ok = false;
    }
  }
  return ok && typeof key === 'string' ? { key, value: typeof value === 'string' ? value : undefined } : null;
}

/** The hook a body describes, or every cause it fails with. */
export function readHookInput(body: unknown): HookInputResult {
  const fields = objectOf(body);
  if (fields === undefined) return { ok: false, causes: [{ field: 'eventHook', message: 'must be a JSON object' }] };
  const causes = new Causes();
  const name = readName(fields, causes);
  const description = readDescription(fields, causes);
  const events = readEvents(fields, causes);
  const channel = objectOf(fields['channel']);
  let uri = '';
  let headers: EventHookHeader[] = [];
  let authScheme: HookInput['authScheme'] = null;
  if (channel === undefined) {
    causes.add('channel', fields['channel'] === undefined || fields['channel'] === null ? BLANK : 'must be an object');
  } else {
    if (channel['type'] !== 'HTTP') causes.add('channel.type', "must be 'HTTP'");
    if (channel['version'] !== '1.0.0') causes.add('channel.version', "must be '1.0.0'");
    const config = objectOf(channel['config']);
    if (config === undefined) causes.add('channel.config', channel['config'] === undefined || channel['config'] === null ? BLANK : 'must be an object');
    else {
      const given = config['uri'];
      if (typeof given !== 'string' || given === '')
        causes.add('channel.config.uri', given === undefined || given === null || given === '' ? BLANK : 'must be a string');
      else {
        const problem = hookUriProblem(given);
        if (problem !== undefined) causes.add('channel.config.uri', problem);
        uri = given;
      }
      headers = readHeaders(config, causes);
      authScheme = readAuthScheme(config, headers, causes);
    }
  }
  if (causes.list.length > 0) return { ok: false, causes: causes.list };
  return { ok: true, input: { name, description, events, uri, headers, authScheme } };
}
