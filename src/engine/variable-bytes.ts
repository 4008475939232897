/**
 * Binary and serializable variables. Their bytes live in their own table
 * (`weir_variable_bytes`), written in the command's transaction; the variable itself holds a
 * reference `{bytesId, size}`, so an instance document stays small however large the files
 * its variables carry. A new value is a new row: history rows keep pointing at the value they
 * recorded. "serializable" is Flowable's Java-serialised object: Weir keeps the bytes as given
 * and never deserialises them.
 */
import { WeirError } from '../errors.ts';
import { insertVariableBytes } from '../persistence/variable-bytes-sql.ts';
import type { CommandContext } from './context.ts';
import type { StoredVariable, VariableType } from './runtime-types.ts';
import { newId } from './ids.ts';

export type BytesType = 'binary' | 'serializable';

/** Bytes on their way in: the engine stores them and keeps a reference. */
export interface VariableBytes {
  readonly kind: 'variableBytes';
  readonly bytes: Buffer;
  readonly type: BytesType;
}

export const variableBytes = (bytes: Buffer, type: BytesType): VariableBytes => ({
  kind: 'variableBytes',
  bytes,
  type,
});

const isVariableBytes = (value: unknown): value is VariableBytes =>
  typeof value === 'object' &&
  value !== null &&
  (value as VariableBytes).kind === 'variableBytes' &&
  Buffer.isBuffer((value as VariableBytes).bytes);

export interface BytesRef {
  readonly bytesId: string;
  readonly size: number;
}

export const isBytesType = (type: string | null | undefined): type is BytesType =>
  type === 'binary' || type === 'serializable';

export const isBytesRef = (value: unknown): value is BytesRef =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as BytesRef).bytesId === 'string' &&
  typeof (value as BytesRef).size === 'number';

/** The reference of a stored binary or serializable variable, else undefined. */
export const bytesRefOf = (v: Pick<StoredVariable, 'type' | 'value'>): BytesRef | undefined =>
  isBytesType(v.type) && isBytesRef(v.value) ? v.value : undefined;

/**
 * Stores the bytes in this command's transaction, checked against the variable size limit,
 * and answers the value and type to write: the reference in place of the bytes. Any other
 * value passes through unchanged.
 */
export const storeBytesOf = async (
  ctx: CommandContext,
  processInstanceId: string | null,
  name: string,
  value: unknown,
  type: VariableType | undefined,
): Promise<{ value: unknown; type: VariableType | undefined }> => {
  if (!isVariableBytes(value)) return { value, type };
  const max = ctx.services.config.maxVariableSize;
  if (value.bytes.length > max) {
    throw new WeirError(
      'WEIR_VARIABLE_TOO_LARGE',
      `Variable '${name}' is ${value.bytes.length} bytes, more than the limit of ${max} bytes (weir.variables.max-size)`,
    );
  }
  const ref: BytesRef = { bytesId: newId(), size: value.bytes.length };
  await insertVariableBytes(ctx.tx, {
    id: ref.bytesId,
    processInstanceId,
    bytes: value.bytes,
    createdAt: ctx.now,
  });
  return { value: ref, type: value.type };
};
