/**
 * /logs: the System Log (`GET /api/v1/logs`), newest first, a page at a time through the `Link`
 * cursors; filters by event type, actor, target, outcome, keywords and time range; each event
 * expands to its JSON; and a live tail that follows Okta's polling cursor (an ASCENDING query
 * without `until` always carries a `next` link, which sees each event once, in commit order).
 */
import { Fragment, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError, query } from '../../api/client';
import { useAction, usePaged } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { Pager } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField, TextField } from '../../components/Field';
import { Empty, Loading, PageHeader, Section, Status } from '../../components/ui';
import { EMPTY_FORM, filterOf, formProblems, instantOf, KNOWN_EVENT_TYPES, keywordsOf, looksLikeId, OUTCOMES, type LogForm, type LogQuery } from './log-query';
import { Instant, SuggestField } from './parts';
import type { LogEvent } from './types';

const PAGE_SIZE = 25;
/** The live tail checks this often. */
const TAIL_INTERVAL_MS = 5_000;
/** One check reads at most this many events a page, and at most TAIL_PAGES pages. */
const TAIL_PAGE_SIZE = 100;
const TAIL_PAGES = 5;
/** The tail keeps the newest events only: a page left open for a day stays light. */
const TAIL_MAX = 500;

const ORDERS = [
  { value: 'DESCENDING', label: 'Newest first' },
  { value: 'ASCENDING', label: 'Oldest first' },
] as const;

function firstQuery(): LogQuery {
  return {
    filter: undefined,
    q: undefined,
    since: undefined,
    until: undefined,
    order: 'DESCENDING',
    appliedAt: new Date().toISOString(),
    actorNote: undefined,
  };
}

function pathOf(q: LogQuery): string {
  // Oldest first without an end would be Okta's endless polling query: bound it at the moment the filters were applied.
  const until = q.until ?? (q.order === 'ASCENDING' ? q.appliedAt : undefined);
  return `/api/v1/logs${query({ sortOrder: q.order, limit: PAGE_SIZE, filter: q.filter, q: q.q, since: q.since, until })}`;
}

interface UserBody {
  readonly id: string;
  readonly profile: { readonly login: string };
}

function Filters({ onApply }: { onApply: (applied: LogQuery) => void }) {
  const { api, may } = useSession();
  const [form, setForm] = useState<LogForm>(EMPTY_FORM);
  const [problems, setProblems] = useState<string[]>([]);
  const set =
    <K extends keyof LogForm>(key: K) =>
    (value: LogForm[K]) =>
      setForm((f) => ({ ...f, [key]: value }));

  /** The actor field as an actor id: an id as it is, a login resolved to its user when the admin may read users. */
  const actorOf = async (text: string): Promise<{ id: string | undefined; note: string | undefined }> => {
    const actor = text.trim();
    if (actor === '') return { id: undefined, note: undefined };
    if (looksLikeId(actor) || !may('GET', '/api/v1/users/:userId', { userId: actor })) return { id: actor, note: undefined };
    try {
      const user = await api.get<UserBody>(`/api/v1/users/${encodeURIComponent(actor)}`);
      return { id: user.id, note: `Actor: the user ${user.profile.login} (${user.id}).` };
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        return { id: actor, note: `No user has the login ${actor}: showing events whose actor id is ${actor}.` };
      }
      throw error;
    }
  };

  const apply = useAction(async (f: LogForm) => {
    const actor = await actorOf(f.actor);
    const applied: LogQuery = {
      filter: filterOf(f, actor.id),
      q: keywordsOf(f.keywords),
      since: instantOf(f.since),
      until: instantOf(f.until),
      order: f.order,
      appliedAt: new Date().toISOString(),
      actorNote: actor.note,
    };
    onApply(applied);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = formProblems(form);
    setProblems(found);
    if (found.length === 0) void apply.run(form);
  };

  const clear = () => {
    setForm(EMPTY_FORM);
    setProblems([]);
    apply.clear();
    void apply.run(EMPTY_FORM);
  };

  return (
    <form onSubmit={submit} aria-label="Filter events" noValidate>
      {problems.length > 0 ? (
        <div className="notice notice-error" role="alert">
          <strong>Check the filters.</strong>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ErrorNotice error={apply.error} onDismiss={apply.clear} />
      <div className="grid">
        <SuggestField
          label="Event type"
          value={form.eventType}
          onChange={set('eventType')}
          suggestions={KNOWN_EVENT_TYPES}
          hint="A type from the list matches exactly; other text matches the types it starts, as user.lifecycle."
        />
        <TextField label="Actor" value={form.actor} onChange={set('actor')} hint="A user’s login, or the id of a user, app or client." />
        <TextField label="Target ID" value={form.target} onChange={set('target')} hint="The id of a user, group, app, token, zone or hook." />
        <SelectField
          label="Outcome"
          value={form.outcome}
          onChange={set('outcome')}
          options={[{ value: '', label: 'Any outcome' }, ...OUTCOMES.map((o) => ({ value: o, label: o }))]}
        />
        <TextField label="Keywords" value={form.keywords} onChange={set('keywords')} hint="Every word must appear in the event (message, names, ids)." />
        <TextField label="Since" type="datetime-local" value={form.since} onChange={set('since')} hint="Your local time. Empty: 7 days before Until." />
        <TextField label="Until" type="datetime-local" value={form.until} onChange={set('until')} hint="Your local time. Empty: now." />
        <SelectField label="Order" value={form.order} onChange={set('order')} options={ORDERS} />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={apply.busy}>
          Apply filters
        </button>
        <button type="button" onClick={clear} disabled={apply.busy}>
          Clear filters
        </button>
        {apply.busy ? <span role="status">Applying…</span> : null}
      </div>
    </form>
  );
}

/** Ids and logins are long words: they may wrap anywhere rather than widen the table. */
const ANYWHERE = { overflowWrap: 'anywhere' } as const;

/** An event type that may wrap after its dots and underscores, not in the middle of a word. */
function breakable(text: string) {
  const parts = text.split(/(?<=[._])/);
  return parts.map((part, i) => (
    <Fragment key={i}>
      {part}
      {i < parts.length - 1 ? <wbr /> : null}
    </Fragment>
  ));
}

function actorOf(event: LogEvent) {
  const a = event.actor;
  const name = a.displayName ?? a.alternateId ?? a.id;
  return (
    <>
      {name}
      <br />
      <span className="muted">
        {a.type} <code style={ANYWHERE}>{a.alternateId !== null && a.alternateId !== name ? a.alternateId : a.id}</code>
      </span>
    </>
  );
}

function targetsOf(event: LogEvent) {
  if (event.target.length === 0) return <span className="muted">None</span>;
  return (
    <ul style={{ margin: 0, paddingLeft: '1rem' }}>
      {event.target.map((t, i) => (
        <li key={`${t.id}-${i}`}>
          {t.displayName ?? t.alternateId ?? t.id} <span className="muted">{t.type}</span> <code style={ANYWHERE}>{t.id}</code>
        </li>
      ))}
    </ul>
  );
}

function EventRows({ event, expanded, fresh, onToggle }: { event: LogEvent; expanded: boolean; fresh: boolean; onToggle: () => void }) {
  const jsonId = `event-json-${event.uuid}`;
  return (
    <>
      <tr>
        <td>
          <Instant iso={event.published} />
          {fresh ? (
            <>
              {' '}
              <span className="badge badge-good">New</span>
            </>
          ) : null}
        </td>
        <td>
          <code>{breakable(event.eventType)}</code>
        </td>
        <td>{actorOf(event)}</td>
        <td>{targetsOf(event)}</td>
        <td>
          <Status value={event.outcome.result} />
          {event.outcome.reason !== null ? <div className="muted">{event.outcome.reason}</div> : null}
        </td>
        <td>{event.displayMessage ?? <span className="muted">No message</span>}</td>
        <td>
          <button type="button" aria-expanded={expanded} aria-controls={expanded ? jsonId : undefined} onClick={onToggle}>
            Details
          </button>
        </td>
      </tr>
      {expanded ? (
        <tr id={jsonId}>
          <td colSpan={7}>
            <pre className="json" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: 0 }}>
              {JSON.stringify(event, null, 2)}
            </pre>
          </td>
        </tr>
      ) : null}
    </>
  );
}

function EventTable({
  events,
  expanded,
  fresh,
  onToggle,
}: {
  events: readonly LogEvent[];
  expanded: ReadonlySet<string>;
  fresh: ReadonlySet<string>;
  onToggle: (uuid: string) => void;
}) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">System Log events</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Event type</th>
            <th scope="col">Actor</th>
            <th scope="col">Target</th>
            <th scope="col">Outcome</th>
            <th scope="col">Message</th>
            <th scope="col">JSON</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <EventRows key={e.uuid} event={e} expanded={expanded.has(e.uuid)} fresh={fresh.has(e.uuid)} onToggle={() => onToggle(e.uuid)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Where a live tail starts: the newest event shown (its time and, to find it again, its uuid), or a time. */
interface TailStart {
  readonly since: string;
  readonly uuid: string | undefined;
}

/**
 * The live tail: while `on`, every few seconds, the events committed since the last check,
 * newest first; stops when turned off, when the query changes, and when the page is left.
 *
 * The first check reads ASCENDING from the newest shown event's time (`since` is inclusive, and
 * other events may share that millisecond): what comes after that event in commit order is new.
 * Every later check follows the `next` link, Okta's polling cursor, which hands out each event
 * once, when it is committed.
 */
function useTail(q: LogQuery, on: boolean, start: () => TailStart, shown: () => ReadonlySet<string>, onError: (error: unknown) => void) {
  const { api } = useSession();
  const [tail, setTail] = useState<readonly LogEvent[]>([]);
  const [arrived, setArrived] = useState(0);
  const [checkedAt, setCheckedAt] = useState<string | undefined>(undefined);
  const startRef = useRef(start);
  startRef.current = start;
  const shownRef = useRef(shown);
  shownRef.current = shown;
  const errorRef = useRef(onError);
  errorRef.current = onError;

  // A new query starts a new tail.
  useEffect(() => {
    setTail([]);
    setArrived(0);
  }, [q]);

  useEffect(() => {
    if (!on) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cursor: string | undefined;
    const tick = async () => {
      try {
        const from = cursor === undefined ? startRef.current() : undefined;
        const got: LogEvent[] = [];
        let path = cursor ?? `/api/v1/logs${query({ sortOrder: 'ASCENDING', limit: TAIL_PAGE_SIZE, since: from?.since, filter: q.filter, q: q.q })}`;
        for (let i = 0; i < TAIL_PAGES; i++) {
          const page = await api.page<LogEvent>(path);
          if (stopped) return;
          got.push(...page.items);
          if (page.next === undefined) break;
          path = page.next;
          cursor = page.next;
          if (page.items.length < TAIL_PAGE_SIZE) break;
        }
        setCheckedAt(new Date().toISOString());
        const anchor = from?.uuid === undefined ? -1 : got.findIndex((e) => e.uuid === from.uuid);
        const known = shownRef.current();
        const fresh = got.slice(anchor + 1).filter((e) => !known.has(e.uuid));
        if (fresh.length > 0) {
          const newestFirst = fresh.reverse();
          setTail((before) => [...newestFirst, ...before].slice(0, TAIL_MAX));
          setArrived((a) => a + fresh.length);
        }
      } catch (error) {
        if (!stopped) errorRef.current(error);
        return;
      }
      if (!stopped) timer = setTimeout(() => void tick(), TAIL_INTERVAL_MS);
    };
    timer = setTimeout(() => void tick(), 0);
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [api, on, q]);

  return { tail, arrived, checkedAt };
}

function LiveTailToggle({ checked, why, onChange }: { checked: boolean; why: string | undefined; onChange: (on: boolean) => void }) {
  const disabled = why !== undefined && !checked;
  const id = useId();
  return (
    <div className="field field-check">
      <input id={id} type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} aria-describedby={`${id}-hint`} />
      <label htmlFor={id}>Live tail</label>
      <small id={`${id}-hint`} className="muted">
        {why ?? 'Checks every 5 seconds for new events matching the filters and adds them at the top of the first page.'}
      </small>
    </div>
  );
}

export function LogsPage() {
  const [applied, setApplied] = useState<LogQuery>(firstQuery);
  const [live, setLive] = useState(false);
  const [tailError, setTailError] = useState<unknown>(undefined);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const paged = usePaged<LogEvent>(pathOf(applied));

  const tailable = applied.order === 'DESCENDING' && applied.until === undefined;
  const tailing = live && tailable;
  const itemsRef = useRef(paged.items);
  itemsRef.current = paged.items;
  const tailRef = useRef<readonly LogEvent[]>([]);
  const { tail, arrived, checkedAt } = useTail(
    applied,
    tailing,
    () => {
      const newest = tailRef.current[0] ?? itemsRef.current[0];
      return newest === undefined ? { since: applied.appliedAt, uuid: undefined } : { since: newest.published, uuid: newest.uuid };
    },
    () => new Set([...tailRef.current, ...itemsRef.current].map((e) => e.uuid)),
    (error) => {
      setTailError(error);
      setLive(false);
    },
  );
  tailRef.current = tail;

  const firstPage = paged.pageNumber === 1;
  const rows = useMemo(() => {
    if (!firstPage || tail.length === 0) return paged.items;
    const seen = new Set<string>();
    const out: LogEvent[] = [];
    for (const e of [...tail, ...paged.items]) {
      if (seen.has(e.uuid)) continue;
      seen.add(e.uuid);
      out.push(e);
    }
    return out;
  }, [firstPage, tail, paged.items]);
  const fresh = useMemo(() => new Set(tail.map((e) => e.uuid)), [tail]);

  const toggle = (uuid: string) =>
    setExpanded((before) => {
      const after = new Set(before);
      if (after.has(uuid)) after.delete(uuid);
      else after.add(uuid);
      return after;
    });

  const onApply = (q: LogQuery) => {
    setApplied(q);
    // The same filters again read the first page again.
    paged.reload();
    setTailError(undefined);
  };

  return (
    <>
      <PageHeader title="System Log" description="Everything Tessera records: sign-ins, admin changes, refusals, token and hook events." />
      <Section title="Filters">
        <Filters onApply={onApply} />
      </Section>
      <Section
        title="Events"
        actions={
          <div className="actions">
            <button type="button" onClick={paged.reload} disabled={paged.loading}>
              Refresh
            </button>
          </div>
        }
      >
        <LiveTailToggle
          checked={tailing}
          why={
            !tailable
              ? 'Live tail follows new events: it needs the order Newest first and no Until time.'
              : !firstPage && !tailing
                ? 'Live tail starts from the newest event: go back to the first page to turn it on.'
                : undefined
          }
          onChange={(on) => {
            setTailError(undefined);
            setLive(on);
          }}
        />
        <p role="status" className="muted">
          {tailing
            ? arrived > 0
              ? `Live tail on: ${arrived} new ${arrived === 1 ? 'event' : 'events'} since it started.`
              : 'Live tail on: waiting for new events.'
            : ''}
          {tailing && !firstPage ? ' New events are added to the first page.' : ''}
        </p>
        {tailing && checkedAt !== undefined ? (
          <p className="muted" aria-hidden="true">
            Last checked <Instant iso={checkedAt} />
          </p>
        ) : null}
        <ErrorNotice error={tailError} onDismiss={() => setTailError(undefined)} />
        {applied.actorNote !== undefined ? <p className="muted">{applied.actorNote}</p> : null}
        <ErrorNotice error={paged.error} />
        {paged.loading && rows.length === 0 ? (
          <Loading what="Reading the System Log" />
        ) : paged.error !== undefined ? null : rows.length === 0 ? (
          <Empty>No events match these filters. Widen the time range, clear a filter, or turn on Live tail to wait for new events.</Empty>
        ) : (
          <EventTable events={rows} expanded={expanded} fresh={fresh} onToggle={toggle} />
        )}
        <Pager paged={paged} label="System Log events" />
      </Section>
    </>
  );
}
