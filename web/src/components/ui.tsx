/** Small building blocks every page uses: headings, loading and empty states, times, badges. */
import { useId, type ReactNode } from 'react';

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {description !== undefined ? <p className="muted">{description}</p> : null}
      </div>
      {actions !== undefined ? <div className="actions">{actions}</div> : null}
    </header>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status">
      {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={id}>
      <div className="card-header">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** An ISO time as a local date and time, with the exact value on hover and for machines. */
export function Time({ iso, never = 'Never' }: { iso: string | null | undefined; never?: string }) {
  if (iso === null || iso === undefined) return <span className="muted">{never}</span>;
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={iso}>
      {Number.isNaN(date.getTime()) ? iso : dateTime.format(date)}
    </time>
  );
}

export function Badge({ tone = 'neutral', children }: { tone?: 'neutral' | 'good' | 'warn' | 'bad'; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

const STATUS_TONES: Readonly<Record<string, 'good' | 'warn' | 'bad' | 'neutral'>> = {
  ACTIVE: 'good',
  VERIFIED: 'good',
  SUCCESS: 'good',
  STAGED: 'neutral',
  PROVISIONED: 'neutral',
  INACTIVE: 'neutral',
  UNVERIFIED: 'warn',
  RECOVERY: 'warn',
  PASSWORD_EXPIRED: 'warn',
  LOCKED_OUT: 'bad',
  SUSPENDED: 'warn',
  DEPROVISIONED: 'bad',
  FAILURE: 'bad',
  DENY: 'bad',
};

export function Status({ value }: { value: string }) {
  return <Badge tone={STATUS_TONES[value] ?? 'neutral'}>{value}</Badge>;
}
