/**
 * Durations as Flowable's Spring properties write them, ISO-8601 (`PT5M`, `P1DT2H`, `PT0.5S`)
 * or Spring's simple form (`5s`, `500ms`), parsed to whole milliseconds. Only the parts `java.time.Duration` accepts are allowed: days,
 * hours, minutes and seconds (with a fraction). Years, months and weeks have no fixed length,
 * so a value such as `P1M` is refused rather than guessed.
 */

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;

const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:[.,](\d{1,9}))?S)?)?$/i;

/**
 * Spring Boot's simple duration form (`DurationStyle.SIMPLE`): a whole number and a unit, as a
 * Flowable `application.properties` often writes them (`flowable.http.connect-timeout=5s`).
 */
const SIMPLE_DURATION = /^(\d+)(ns|us|ms|s|m|h|d)$/i;
const SIMPLE_UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  ms: 1,
  s: MS_PER_SECOND,
  m: MS_PER_MINUTE,
  h: MS_PER_HOUR,
  d: MS_PER_DAY,
};

/**
 * Milliseconds, or `undefined` when the text is neither a non-negative ISO-8601 duration nor
 * Spring's simple form (`500ms`, `5s`, `10m`). Spring reads a bare number as milliseconds
 * for most keys, but Weir does not guess: `5000` is refused.
 */
export const parseDuration = (text: string): number | undefined => {
  const simple = SIMPLE_DURATION.exec(text.trim());
  if (simple) {
    const total = Math.round(Number(simple[1]) * SIMPLE_UNIT_MS[simple[2].toLowerCase()]);
    return Number.isSafeInteger(total) ? total : undefined;
  }
  const match = ISO_DURATION.exec(text);
  if (!match) return undefined;
  const [, days, hours, minutes, seconds, fraction] = match;
  const timePart = text.toUpperCase().split('T')[1];
  // `P` and `PT` alone match the pattern but name no length at all.
  if (days === undefined && hours === undefined && minutes === undefined && seconds === undefined) {
    return undefined;
  }
  if (timePart !== undefined && hours === undefined && minutes === undefined && seconds === undefined) {
    return undefined;
  }
  const fractionMs = fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * MS_PER_SECOND);
  const total =
    Number(days ?? 0) * MS_PER_DAY +
    Number(hours ?? 0) * MS_PER_HOUR +
    Number(minutes ?? 0) * MS_PER_MINUTE +
    Number(seconds ?? 0) * MS_PER_SECOND +
    fractionMs;
  return Number.isSafeInteger(total) ? total : undefined;
};

/** The shortest ISO-8601 text for a number of milliseconds, for messages and docs. */
export const formatDuration = (ms: number): string => {
  if (ms === 0) return 'PT0S';
  const days = Math.floor(ms / MS_PER_DAY);
  let rest = ms % MS_PER_DAY;
  const hours = Math.floor(rest / MS_PER_HOUR);
  rest %= MS_PER_HOUR;
  const minutes = Math.floor(rest / MS_PER_MINUTE);
  rest %= MS_PER_MINUTE;
  const seconds = rest / MS_PER_SECOND;
  let time = '';
  if (hours) time += `${hours}H`;
  if (minutes) time += `${minutes}M`;
  if (seconds) time += `${seconds}S`;
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
};
