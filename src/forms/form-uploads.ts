/**
 * Upload fields and the content engine, as Flowable's form field handler links them. A client
 * stores each file first as a content item (`POST /content-api/content-service/content-items`,
 * with no task or instance it is its creator's alone, or already with the task's id), then
 * submits the items' ids as the field's value. The submission, inside the command that
 * completes the task or starts the instance, checks every id and links the items: their task,
 * their process instance and the `field` they were submitted for.
 *
 * An id is accepted when its item exists and is the submitter's own unattached upload, or
 * already belongs to this task or to this submission's process instance. Anything else (an
 * item of another task or instance, someone else's upload) is refused with the field named,
 * so a submission can never pull another instance's files into this one.
 */
import type { Queryable } from '../persistence/database.ts';
import {
  listContentItems,
  lockContentItems,
  updateContentItem,
  type ContentItemRow,
} from '../persistence/content-sql.ts';
import type { FormField, FormModel } from './form-model.ts';
import { uploadIdsIn, type FormSubmission, type UploadCheck } from './form-values.ts';

/** Where a submission attaches its files: the task and instance it is for (none yet: a start form). */
export interface UploadScope {
  readonly taskId: string | null;
  readonly processInstanceId: string | null;
  /** who submits: their own unattached uploads are theirs to attach */
  readonly userId: string | null;
}

const isUnattached = (item: ContentItemRow): boolean =>
  item.taskId === null && item.processInstanceId === null && item.scopeId === null;

const belongs = (item: ContentItemRow, scope: UploadScope): boolean => {
  if (isUnattached(item)) return scope.userId !== null && item.createdBy === scope.userId;
  if (scope.taskId !== null && item.taskId === scope.taskId) return true;
  return (
    scope.processInstanceId !== null &&
    item.processInstanceId === scope.processInstanceId &&
    (item.taskId === null || item.taskId === scope.taskId)
  );
};

export interface Uploads {
  /** the check `readFormSubmission` asks about each upload field */
  readonly check: UploadCheck;
  /** link the submitted items to where the submission went (the new instance of a start form) */
  link(tx: Queryable, submission: FormSubmission, target: LinkTarget): Promise<void>;
}

export interface LinkTarget {
  readonly taskId: string | null;
  readonly processInstanceId: string | null;
  readonly tenantId: string;
  readonly at: Date;
  readonly by: string | null;
}

/** Lock the items the upload fields of `given` name, in `tx`, and judge them against `scope`. */
export const prepareUploads = async (
  tx: Queryable,
  model: FormModel,
  given: Readonly<Record<string, unknown>>,
  scope: UploadScope,
): Promise<Uploads> => {
  const named = model.fields
    .filter((field) => field.type === 'upload' && !field.readOnly)
    .flatMap((field) => uploadIdsIn(given[field.id]) ?? []);
  const items = new Map((await lockContentItems(tx, [...new Set(named)])).map((item) => [item.id, item]));
  const check: UploadCheck = (_field, ids) => {
    const problems = ids.flatMap((id) => {
      const item = items.get(id);
      // someone else's unattached upload is as invisible to the submitter as a missing one
      if (!item || (isUnattached(item) && !belongs(item, scope)))
        return [`content item '${id}' does not exist (upload the file first, then submit its id)`];
      if (!belongs(item, scope)) return [`content item '${id}' belongs to another task or process instance`];
      return [];
    });
    return problems.length > 0 ? problems.join('; ') : null;
  };
  return {
    check,
    async link(inner, submission, target) {
      for (const { fieldId, ids } of submission.uploads) {
        for (const id of ids) {
          const item = items.get(id);
          if (!item || !belongs(item, scope)) continue; // not validated (formFieldValidation off): not linked
          await updateContentItem(inner, {
            ...item,
            taskId: item.taskId ?? target.taskId,
            processInstanceId: target.processInstanceId,
            field: fieldId,
            tenantId: target.tenantId,
            lastModifiedAt: target.at,
            lastModifiedBy: target.by ?? item.lastModifiedBy,
          });
        }
      }
    },
  };
};

/** What a form model shows of a content item in an upload field's value (Flowable shows the items). */
export interface UploadedItem {
  readonly id: string;
  readonly name: string;
  readonly mimeType: string | null;
  readonly contentAvailable: boolean;
  readonly field: string | null;
  readonly created: Date;
  readonly createdBy: string | null;
}

/**
 * The fields with each upload field's ids replaced by the items, as Flowable's form field
 * handler enriches a form model. Only items of the given task or instance are shown: a value
 * that names another instance's item shows just its id.
 */
export const withUploadedItems = async (
  db: Queryable,
  fields: readonly FormField[],
  scope: Pick<UploadScope, 'taskId' | 'processInstanceId'>,
): Promise<FormField[]> => {
  const ids = fields.flatMap((field) =>
    field.type === 'upload' && Array.isArray(field.value) ? (field.value as string[]) : [],
  );
  if (ids.length === 0) return [...fields];
  const page = { start: 0, size: ids.length, sort: 'created', order: 'asc' } as const;
  const found = await listContentItems(db, { ids }, page);
  const shown = new Map(
    found.rows
      .filter((item) => belongs(item, { ...scope, userId: null }))
      .map((item): [string, UploadedItem] => [
        item.id,
        {
          id: item.id,
          name: item.name,
          mimeType: item.mimeType,
          contentAvailable: item.contentAvailable,
          field: item.field,
          created: item.createdAt,
          createdBy: item.createdBy,
        },
      ]),
  );
  return fields.map((field) =>
    field.type === 'upload' && Array.isArray(field.value)
      ? { ...field, value: (field.value as string[]).map((id) => shown.get(id) ?? { id }) }
      : field,
  );
};
