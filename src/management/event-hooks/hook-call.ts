/**
 * A call to a hook's receiver as Okta makes it: `Accept: application/json`, the hook's custom
 * headers, and its auth header carrying the secret (developer.okta.com, "Event hooks", HTTP
 * headers). The secret is opened here, just before the call, and goes nowhere else.
 */
import type { EventHookRecord } from '../../store/event-hook-store.js';
import type { HookSecrets } from './hook-secrets.js';
import type { OutboundCall } from './outbound-call.js';

export type HookCall = { readonly ok: true; readonly call: OutboundCall } | { readonly ok: false; readonly error: string };

export function hookCall(
  hook: EventHookRecord,
  secrets: HookSecrets,
  request: { readonly method: 'GET' | 'POST'; readonly headers?: Readonly<Record<string, string>>; readonly body?: string },
): HookCall {
  const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
  for (const header of hook.headers) headers[header.key] = header.value;
  if (hook.authScheme !== null) {
    const secret = secrets.open(hook.id, hook.authScheme.sealedValue);
    if (secret === undefined) return { ok: false, error: "the hook's auth header value cannot be decrypted with this master key" };
    headers[hook.authScheme.key] = secret;
  }
  return { ok: true, call: { method: request.method, url: hook.uri, headers, ...(request.body === undefined ? {} : { body: request.body }) } };
}
