/** The sign-in form and the "signed in" page (server-rendered; see html.ts for escaping and headers). */
import { escapeHtml, page } from './html.js';

export interface SignInFormView {
  readonly csrfToken: string;
  readonly fromURI: string | undefined;
  readonly username: string;
  readonly error: string | undefined;
}

export function signInForm(view: SignInFormView): string {
  const error = view.error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(view.error)}</p>\n`;
  const from = view.fromURI === undefined ? '' : `<input type="hidden" name="fromURI" value="${escapeHtml(view.fromURI)}">\n`;
  return page(
    'Sign in',
    `<h1>Sign in</h1>
${error}<form method="post" action="/login">
<input type="hidden" name="csrf" value="${escapeHtml(view.csrfToken)}">
${from}<label for="username">Username</label>
<input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(view.username)}">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>`,
  );
}

export function signedInPage(login: string | undefined): string {
  const who = login === undefined ? 'You are not signed in. <a href="/login">Sign in</a>' : `You are signed in as ${escapeHtml(login)}.`;
  return page('Signed in', `<h1>${login === undefined ? 'Not signed in' : 'Signed in'}</h1>\n<p>${who}</p>`);
}

export function errorPage(message: string): string {
  return page('Sign in', `<h1>Sign in</h1>\n<p class="error" role="alert">${escapeHtml(message)}</p>\n<p><a href="/login">Back to sign in</a></p>`);
}
