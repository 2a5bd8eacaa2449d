/** An error from the API (or anything else), in words: never swallowed, always announced. */
import { ApiError } from '../api/client';

export function messageOf(error: unknown): { title: string; summary: string; causes: readonly string[]; code: string | undefined } {
  if (error instanceof ApiError) {
    const title = error.refused
      ? 'Not allowed'
      : error.status === 404
        ? 'Not found'
        : error.status >= 500
          ? 'The server could not do this'
          : 'The request was refused';
    return { title, summary: error.summary, causes: error.causes, code: error.errorCode };
  }
  if (error instanceof TypeError) return { title: 'The server could not be reached', summary: error.message, causes: [], code: undefined };
  return { title: 'Something went wrong', summary: error instanceof Error ? error.message : String(error), causes: [], code: undefined };
}

export function ErrorNotice({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  if (error === undefined || error === null) return null;
  const { title, summary, causes, code } = messageOf(error);
  return (
    <div className="notice notice-error" role="alert">
      <strong>{title}.</strong> {summary}
      {causes.length > 0 ? (
        <ul>
          {causes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      ) : null}
      {code !== undefined ? <span className="muted"> ({code})</span> : null}
      {onDismiss !== undefined ? (
        <button type="button" className="link" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}

export function SuccessNotice({ children }: { children: React.ReactNode }) {
  return (
    <div className="notice notice-success" role="status">
      {children}
    </div>
  );
}
