/** Small pieces the ops pages share: a time with seconds, a text field with suggestions, a list of chips, a tone per delivery status. */
import { useId, type ReactNode } from 'react';
import { Badge } from '../../components/ui';

const withSeconds = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** An ISO time with its seconds (a log needs them), the exact value on hover and for machines. */
export function Instant({ iso, never = 'Never' }: { iso: string | null | undefined; never?: string }) {
  if (iso === null || iso === undefined) return <span className="muted">{never}</span>;
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={iso}>
      {Number.isNaN(date.getTime()) ? iso : withSeconds.format(date)}
    </time>
  );
}

/** A labelled text input with a `<datalist>` of suggestions (any other text is allowed too). */
export function SuggestField({
  label,
  value,
  onChange,
  suggestions,
  hint,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  suggestions: readonly string[];
  hint?: ReactNode;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        list={listId}
        value={value}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={hint !== undefined ? hintId : undefined}
      />
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      {hint !== undefined ? (
        <small id={hintId} className="muted">
          {hint}
        </small>
      ) : null}
    </div>
  );
}

export function Chips({ items, empty }: { items: readonly string[]; empty: string }) {
  if (items.length === 0) return <span className="muted">{empty}</span>;
  return (
    <ul className="chips">
      {items.map((i) => (
        <li key={i}>
          <code>{i}</code>
        </li>
      ))}
    </ul>
  );
}

const DELIVERY_TONES: Readonly<Record<string, 'good' | 'warn' | 'bad' | 'neutral'>> = {
  DELIVERED: 'good',
  SUCCESS: 'good',
  PENDING: 'warn',
  FAILED: 'bad',
  FAILURE: 'bad',
  ABANDONED: 'neutral',
};

/** A delivery's status or an attempt's outcome as a badge. */
export function DeliveryStatus({ value }: { value: string }) {
  return <Badge tone={DELIVERY_TONES[value] ?? 'neutral'}>{value}</Badge>;
}

/** Text lines, trimmed, without the empty ones. */
export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}
