import { randomUUID } from 'node:crypto';

/** Ids are UUIDs: any node creates them without asking the database or the others. */
export const newId = (): string => randomUUID();
