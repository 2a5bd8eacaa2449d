/**
 * Unique keys for human-chosen names. NFKC folds compatibility forms (full-width letters,
 * ligatures) and `toLowerCase` folds case, so `Ada@Example.com` and `ａｄａ@example.com`
 * are the same login (look-alike duplicates are refused; UAX #15).
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().normalize('NFKC');
}
