/**
 * ISO-8601 durations as Okta uses them for `tokenWindow` (Okta Management API, `TimeDuration`).
 * Only the fixed-length units are accepted (weeks, days, hours, minutes, seconds):
 * years and months have no fixed length, so they cannot define an idle window.
 */

const DURATION = /^P(?:(\d{1,6})W)?(?:(\d{1,6})D)?(?:T(?:(\d{1,6})H)?(?:(\d{1,6})M)?(?:(\d{1,6})S)?)?$/;

/** Parses `P30D`, `PT5M`, `P1DT12H`… into milliseconds; `undefined` when malformed or zero. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (match === null || text === 'P' || text.endsWith('T')) return undefined;
  const [, weeks, days, hours, minutes, seconds] = match;
  const ms =
    Number(weeks ?? 0) * 604_800_000 +
    Number(days ?? 0) * 86_400_000 +
    Number(hours ?? 0) * 3_600_000 +
    Number(minutes ?? 0) * 60_000 +
    Number(seconds ?? 0) * 1000;
  return ms > 0 ? ms : undefined;
}
