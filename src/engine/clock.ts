/** Where the engine reads the time. Tests move a `SettableClock` instead of sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class SettableClock implements Clock {
  #time: number;

  constructor(start: Date | number = Date.now()) {
    this.#time = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.#time);
  }

  set(time: Date | number): void {
    this.#time = typeof time === 'number' ? time : time.getTime();
  }

  advance(ms: number): void {
    this.#time += ms;
  }
}
