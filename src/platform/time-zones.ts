/**
 * IANA time zones: the names a user picks from (their account's clock) and the check of a name typed in, sent
 * by a browser or stored. A name is what Intl accepts, written as Intl resolves it (`utc` → `UTC`).
 */

/** Every zone this runtime knows, for the account page's searchable list (UTC among them). */
export const TIME_ZONES: readonly string[] = (() => {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : [...zones, 'UTC'].sort();
})();

const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;

/** The zone `name` names, as Intl writes it, or undefined for anything that is no IANA zone. */
export function timeZoneName(name: unknown): string | undefined {
  if (typeof name !== 'string' || !ZONE_NAME.test(name.trim())) return undefined;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name.trim() }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
