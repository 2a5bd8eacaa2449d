/**
 * `prompt` and `max_age` (OpenID Connect Core §3.1.2.1): `none` (never show the sign-in page;
 * `login_required` instead), `login` (sign in again even with a session), `consent` (accepted:
 * Tessera's apps are consented by admins, there is no consent screen); `none` cannot be combined.
 * `max_age` asks for a sign-in no older than that many seconds.
 */
import { AuthorizeError } from './authorize-error.js';
import { param, type AuthorizeParams } from './params.js';

export interface Prompt {
  readonly none: boolean;
  readonly login: boolean;
  readonly maxAgeSeconds: number | undefined;
}

const PROMPT_VALUES: readonly string[] = ['none', 'login', 'consent'];

export function checkPrompt(params: AuthorizeParams): Prompt {
  const values = (param(params, 'prompt') ?? '').split(' ').filter((v) => v !== '');
  const unsupported = values.filter((v) => !PROMPT_VALUES.includes(v));
  if (unsupported.length > 0) throw new AuthorizeError('invalid_request', `The 'prompt' parameter value is not supported: ${unsupported.join(' ')}.`);
  if (values.includes('none') && values.length > 1)
    throw new AuthorizeError('invalid_request', "The 'prompt' value 'none' cannot be combined with other values.");
  const maxAge = param(params, 'max_age');
  if (maxAge !== undefined && !/^\d{1,9}$/.test(maxAge)) throw new AuthorizeError('invalid_request', "The 'max_age' parameter must be a number of seconds.");
  return { none: values.includes('none'), login: values.includes('login'), maxAgeSeconds: maxAge === undefined ? undefined : Number(maxAge) };
}
