/**
 * The definition a migration document names, for both migrations (process and case): by id,
 * or by key with an optional version (the latest without one) and tenant. A document that
 * names none that exists gets Flowable's message, which the validating routes return as it
 * is and the migrating ones throw (`refuseMissing`).
 */
import { WeirError } from '../errors.ts';

export interface MigrationTargetRef {
  readonly id?: string;
  readonly key?: string;
  readonly version?: number;
  readonly tenantId?: string;
}

export interface MigrationTargetLookups<Definition> {
  byId(id: string): Promise<Definition | undefined>;
  byKey(key: string, version: number | undefined, tenantId: string): Promise<Definition | undefined>;
}

export type Missing = { readonly message: string };

const describe = (ref: MigrationTargetRef): string =>
  ref.id
    ? `id '${ref.id}'`
    : `key '${ref.key}', version '${ref.version ?? 'latest'}' and tenant '${ref.tenantId ?? ''}'`;

/** The named definition, or the message saying which one was not found (`kind`: process, case). */
export const findMigrationTarget = async <Definition>(
  kind: 'process' | 'case',
  ref: MigrationTargetRef,
  lookups: MigrationTargetLookups<Definition>,
): Promise<Definition | Missing> => {
  const definition = ref.id
    ? await lookups.byId(ref.id)
    : ref.key
      ? await lookups.byKey(ref.key, ref.version, ref.tenantId ?? '')
      : undefined;
  return definition ?? { message: `Cannot find the ${kind} definition to migrate to, with ${describe(ref)}` };
};

export const isMissing = <T extends object>(target: T | Missing): target is Missing => 'message' in target;

/** The target, or WEIR_ILLEGAL_ARGUMENT with the message of the one not found. */
export const refuseMissing = <T extends object>(target: T | Missing): T => {
  if (isMissing(target)) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', target.message);
  return target;
};
