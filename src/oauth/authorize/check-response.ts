/**
 * What the client asks back: `response_type=code` only (the authorization code flow; the app
 * must allow it), delivered by `response_mode` `query` (default for code, OAuth 2.0 Multiple
 * Response Types §2.1) or `form_post` (OAuth 2.0 Form Post Response Mode).
 */
import { grantTypesOf, responseTypesOf, type AppRecord } from '../../store/oauth-records.js';
import { AuthorizeError } from './authorize-error.js';
import { param, type AuthorizeParams } from './params.js';

export type ResponseMode = 'query' | 'form_post';

/** Checked first after the redirect URI, so that every later error is delivered the way asked. */
export function checkResponseMode(params: AuthorizeParams): ResponseMode {
  const mode = param(params, 'response_mode') ?? 'query';
  if (mode !== 'query' && mode !== 'form_post') {
    throw new AuthorizeError(
      'unsupported_response_mode',
      `The response mode '${mode}' is not supported by the authorization server. Supported response modes: [query, form_post].`,
    );
  }
  return mode;
}

export function checkResponseType(app: AppRecord, params: AuthorizeParams): void {
  const type = param(params, 'response_type');
  if (type === undefined) throw new AuthorizeError('invalid_request', "The 'response_type' parameter is required.");
  if (type !== 'code') {
    throw new AuthorizeError('unsupported_response_type', `The response type is not supported by the authorization server. Configured response types: [code].`);
  }
  if (!responseTypesOf(app).includes('code') || !grantTypesOf(app).includes('authorization_code')) {
    throw new AuthorizeError(
      'unauthorized_client',
      `The client is not authorized to use the provided response type. Configured response types: [${responseTypesOf(app).join(', ')}].`,
    );
  }
}
