/**
 * Validates and normalises the date-time strings Okta accepts in filters, such as
 * `lastUpdated gt "2013-06-01T00:00:00.000Z"`.
 *
 * Accepted: the RFC 3339 §5.6 `date-time` profile of ISO 8601 with upper-case `T` and
 * `Z`, seconds required, zero to three fraction digits, and a `Z` or `±HH:MM` offset
 * (Okta's E0000030 text shows `2013-01-01T12:00:00.000-07:00`). The result is always
 * UTC in `YYYY-MM-DDTHH:mm:ss.sssZ`, the form storage keeps, so text comparison and
 * time comparison agree.
 *
 * @module
 */

/** Returns the normalised form, or `undefined` when `text` is not a valid date-time. */
export function normaliseDateTime(text: string): string | undefined {
  const reader = new FixedReader(text);
  const year = reader.digits(4);
  const month = reader.expect('-') ? reader.digits(2) : -1;
  const day = reader.expect('-') ? reader.digits(2) : -1;
  const hour = reader.expect('T') ? reader.digits(2) : -1;
  const minute = reader.expect(':') ? reader.digits(2) : -1;
  const second = reader.expect(':') ? reader.digits(2) : -1;
  const millisecond = reader.expect('.') ? reader.fraction() : 0;
  const offsetMinutes = reader.offset();
  if (
    !reader.atEnd() ||
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    // RFC 3339 allows second 60 for leap seconds; no store can hold one, so refuse it.
    second < 0 ||
    second > 59 ||
    millisecond < 0 ||
    offsetMinutes === undefined
  ) {
    return undefined;
  }
  const local = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, millisecond);
  if (local.getUTCMonth() !== month - 1 || local.getUTCDate() !== day) return undefined; // 2021-02-30
  const normalised = new Date(local.getTime() - offsetMinutes * 60_000).toISOString();
  // An offset can push year 0000 or 9999 outside the four-digit form (toISOString gives ±YYYYYY).
  return normalised.length === 24 ? normalised : undefined;
}

/** A cursor over fixed-width fields; every read is bounded, nothing backtracks. */
class FixedReader {
  private index = 0;

  constructor(private readonly text: string) {}

  /** Reads exactly `count` decimal digits; -1 if they are not there. */
  digits(count: number): number {
    if (this.index + count > this.text.length) return -1;
    let value = 0;
    for (let offset = 0; offset < count; offset += 1) {
      const code = this.text.charCodeAt(this.index + offset);
      if (code < 0x30 || code > 0x39) return -1;
      value = value * 10 + (code - 0x30);
    }
    this.index += count;
    return value;
  }

  /** Consumes `char` if it is next. */
  expect(char: string): boolean {
    if (this.text.charAt(this.index) !== char) return false;
    this.index += 1;
    return true;
  }

  /** After the dot: one to three digits as milliseconds; -1 otherwise. */
  fraction(): number {
    let digits = 0;
    let value = 0;
    while (digits < 4) {
      const code = this.text.charCodeAt(this.index);
      if (!(code >= 0x30 && code <= 0x39)) break;
      value = value * 10 + (code - 0x30);
      digits += 1;
      this.index += 1;
    }
    if (digits === 0 || digits > 3) return -1;
    return value * 10 ** (3 - digits);
  }

  /** `Z` → 0, `±HH:MM` → signed minutes east of UTC, anything else → undefined. */
  offset(): number | undefined {
    if (this.expect('Z')) return 0;
    const sign = this.expect('+') ? 1 : this.expect('-') ? -1 : 0;
    if (sign === 0) return undefined;
    const hours = this.digits(2);
    const minutes = this.expect(':') ? this.digits(2) : -1;
    if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return undefined;
    return sign * (hours * 60 + minutes);
  }

  atEnd(): boolean {
    return this.index === this.text.length;
  }
}
