/**
 * Timer values of BPMN timer events: `timeDate` (ISO-8601 instant), `timeDuration`
 * (ISO-8601 duration such as `PT1H` or `P1DT2H`), `timeCycle` (`R3/PT10M`, `R/PT1H`,
 * `R2/2026-01-01T00:00:00Z/P1D`, `R/PT1H/2027-01-01T00:00:00Z`) or a Quartz cron expression.
 * As in Flowable, a cycle has at most three parts: a start and an end together are refused.
 */
import { Cron } from 'croner';
import { WeirError } from '../errors.ts';

interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION =
  /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export const parseIsoDuration = (text: string): Duration | undefined => {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const n = (i: number): number => (m[i] ? Number(m[i]) : 0);
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
};

/** Add a duration to an instant, calendar-aware for years, months and days (in UTC). */
export const addDuration = (from: Date, d: Duration): Date => {
  const t = new Date(from.getTime());
  if (d.years) t.setUTCFullYear(t.getUTCFullYear() + d.years);
  if (d.months) t.setUTCMonth(t.getUTCMonth() + d.months);
  if (d.weeks || d.days) t.setUTCDate(t.getUTCDate() + d.weeks * 7 + d.days);
  return new Date(t.getTime() + ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000);
};

export const parseInstant = (text: string): Date | undefined => {
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return undefined;
  const d = new Date(text.trim());
  return Number.isNaN(d.getTime()) ? undefined : d;
};

export interface TimerSchedule {
  /** when the timer fires first */
  dueAt: Date;
  /** the cycle to compute later occurrences from, with the remaining count (`R2/PT1M`), or null */
  repeat: string | null;
  endAt: Date | null;
}

const bad = (what: string, text: string, expected: string): never => {
  throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Timer ${what} '${text}' is not valid: expected ${expected}`);
};

export const scheduleTimeDate = (text: string | Date): TimerSchedule => {
  const d = text instanceof Date ? text : parseInstant(text);
  if (!d) return bad('date', String(text), 'an ISO-8601 date-time such as 2026-12-01T10:00:00Z');
  return { dueAt: d, repeat: null, endAt: null };
};

export const scheduleTimeDuration = (text: string, now: Date): TimerSchedule => {
  const d = parseIsoDuration(text);
  if (!d) return bad('duration', text, 'an ISO-8601 duration such as PT5M');
  return { dueAt: addDuration(now, d), repeat: null, endAt: null };
};

/** How often `firstAfter` steps before giving up on catching up (a tiny period long overdue). */
const MAX_STEPS = 100_000;

/**
 * The first point of the grid `anchor + k * duration` (k >= 0) that lies after `now`. Flowable
 * keeps a cycle on the grid of its start: occurrences missed while the timer was overdue are
 * skipped, and a timer fired early (moved to executable) leaves the next occurrence where it was.
 */
const firstAfter = (anchor: Date, duration: Duration, now: Date): Date => {
  let at = anchor;
  for (let step = 0; at.getTime() <= now.getTime(); step++) {
    if (step >= MAX_STEPS) return now;
    const next = addDuration(at, duration);
    if (next.getTime() <= at.getTime()) return now;
    at = next;
  }
  return at;
};

interface ParsedCycle {
  count: number;
  start: Date | undefined;
  duration: Duration;
  end: Date | null;
}

/** `R[n]/duration`, `R[n]/start/duration` or `R[n]/duration/end`. */
const parseCycle = (text: string): ParsedCycle => {
  const parts = text.trim().split('/');
  const r = /^R(\d*)$/.exec(parts[0] ?? '');
  if (!r || parts.length < 2 || parts.length > 3) {
    return bad('cycle', text, 'an ISO-8601 repetition such as R3/PT10M or a cron expression');
  }
  const count = r[1] === '' ? Infinity : Number(r[1]);
  let start: Date | undefined;
  let duration: Duration | undefined;
  let end: Date | null = null;
  for (const part of parts.slice(1)) {
    const asDuration = parseIsoDuration(part);
    if (asDuration) duration = asDuration;
    else if (!duration && !start)
      start = parseInstant(part) ?? bad('cycle', text, 'a start date or a duration');
    else end = parseInstant(part) ?? bad('cycle', text, 'an end date');
  }
  if (!duration) return bad('cycle', text, 'a duration such as PT10M');
  if (count === 0) return bad('cycle', text, 'at least one repetition');
  return { count, start, duration, end };
};

const durationPart = (text: string): string =>
  text
    .trim()
    .split('/')
    .slice(1)
    .find((p) => parseIsoDuration(p)) ?? 'PT0S';

/** The stored repeat after one more firing (`R3/PT1H` fired once: `R2/PT1H`), or null when used up. */
const remainingRepeat = (count: number, text: string): string | null => {
  const remaining = count - 1;
  return remaining > 0 ? `R${remaining === Infinity ? '' : remaining}/${durationPart(text)}` : null;
};

/**
 * First occurrence of a cycle. `repeat` keeps the cycle with its remaining count so that the
 * next occurrence is computed from it when this one fires; null when this is the last one.
 * The end is the earlier of `flowable:endDate` and the cycle's own end.
 */
export const scheduleTimeCycle = (text: string, now: Date, endDate?: Date | null): TimerSchedule => {
  if (isCronExpression(text)) {
    const dueAt = nextCronRun(text, now);
    if (!dueAt) return bad('cycle', text, 'a cron expression with a future occurrence');
    return { dueAt, repeat: text.trim(), endAt: endDate ?? null };
  }
  const cycle = parseCycle(text);
  const dueAt = cycle.start
    ? cycle.start.getTime() > now.getTime()
      ? cycle.start
      : firstAfter(cycle.start, cycle.duration, now)
    : addDuration(now, cycle.duration);
  const ends = [endDate ?? null, cycle.end].filter((d): d is Date => d !== null);
  const endAt = ends.length > 0 ? new Date(Math.min(...ends.map((d) => d.getTime()))) : null;
  return { dueAt, repeat: remainingRepeat(cycle.count, text), endAt };
};

/**
 * The occurrence after the one scheduled at `scheduled` of a stored repeat (`R2/PT1M`), seen
 * at `now`; undefined when the cycle is used up or the occurrence is past `endAt` (inclusive).
 */
export const nextOccurrence = (
  repeat: string,
  scheduled: Date,
  endAt: Date | null,
  now: Date = scheduled,
): { dueAt: Date; repeat: string | null } | undefined => {
  // fired early (moved to executable), the occurrence it was scheduled for is still the next one
  const early = scheduled.getTime() > now.getTime();
  let next: { dueAt: Date | undefined; repeat: string | null };
  if (isCronExpression(repeat)) {
    next = { dueAt: early ? scheduled : nextCronRun(repeat, now), repeat };
  } else {
    const cycle = parseCycle(repeat);
    const dueAt = early ? scheduled : firstAfter(scheduled, cycle.duration, now);
    next = { dueAt, repeat: remainingRepeat(cycle.count, repeat) };
  }
  if (!next.dueAt) return undefined;
  if (endAt && next.dueAt.getTime() > endAt.getTime()) return undefined;
  return { dueAt: next.dueAt, repeat: next.repeat };
};

export const isCronExpression = (text: string): boolean => {
  const fields = text.trim().split(/\s+/).length;
  return fields === 6 || fields === 7;
};

/**
 * Flowable's cron cycles are Quartz expressions: seconds first, `?` for "no value", day of
 * week 1-7 from Sunday, and `0/5` steps. Evaluated in UTC.
 */
const nextCronRun = (expression: string, after: Date): Date | undefined => {
  let cron: Cron;
  try {
    cron = new Cron(expression.trim(), {
      paused: true,
      timezone: 'UTC',
      sloppyRanges: true,
      alternativeWeekdays: true,
      mode: '6-or-7-parts',
    });
  } catch (error) {
    return bad('cycle', expression, `a Quartz cron expression (${(error as Error).message})`);
  }
  return cron.nextRun(after) ?? undefined;
};
