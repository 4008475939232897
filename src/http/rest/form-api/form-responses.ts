/** The form engine's answers, in the JSON shapes of Flowable's form REST API. */
import type { FormField } from '../../../forms/form-model.ts';
import type { FormDefinitionRow, FormInstanceRow } from '../../../persistence/forms-sql.ts';
import type { Answer } from '../schemas/common.ts';
import { iso, type Urls } from '../context.ts';
import type { FormDefinition, FormInstance, FormInstanceModel, FormModel } from '../schemas/forms.ts';

/**
 * A form with its fields' values: what `GET runtime/tasks/{id}/form` and the start form answer
 * (Flowable's `FormModelResponse`); the form API adds its `url`.
 */
export const formModelResponse = (
  form: FormDefinitionRow,
  fields: readonly FormField[],
): Answer<typeof FormModel> => ({
  id: form.id,
  name: form.name,
  description: form.description,
  key: form.key,
  version: form.version,
  fields: [...fields],
  outcomes: [...form.model.outcomes],
  outcomeVariableName: form.model.outcomeVariableName,
});

export const formDefinitionResponse = (f: FormDefinitionRow, urls: Urls): Answer<typeof FormDefinition> => ({
  id: f.id,
  url: urls('form-api/form-repository/form-definitions/%s', f.id),
  category: f.category,
  name: f.name,
  key: f.key,
  description: f.description,
  version: f.version,
  resourceName: f.resourceName,
  deploymentId: f.deploymentId,
  tenantId: f.tenantId,
});

export const formInstanceResponse = (f: FormInstanceRow, urls: Urls): Answer<typeof FormInstance> => ({
  id: f.id,
  formDefinitionId: f.formDefinitionId,
  taskId: f.taskId,
  processInstanceId: f.processInstanceId,
  processDefinitionId: f.processDefinitionId,
  scopeId: f.scopeId,
  scopeType: f.scopeType,
  scopeDefinitionId: f.scopeDefinitionId,
  submittedDate: iso(f.submittedAt),
  submittedBy: f.submittedBy,
  // Weir keeps the values on the form instance itself: its id is where they are
  formValuesId: f.id,
  tenantId: f.tenantId,
  url: urls('form-api/form/form-instance/%s', f.id),
});

/** A form as it was submitted (Flowable's `FormInstanceModelResponse`). */
export const formInstanceModelResponse = (
  form: FormDefinitionRow,
  fields: readonly FormField[],
  instance: FormInstanceRow | undefined,
  urls: Urls,
): Answer<typeof FormInstanceModel> => ({
  id: form.id,
  name: form.name,
  description: form.description,
  key: form.key,
  version: form.version,
  formInstanceId: instance?.id ?? null,
  submittedBy: instance?.submittedBy ?? null,
  submittedDate: iso(instance?.submittedAt),
  selectedOutcome: instance?.outcome ?? null,
  taskId: instance?.taskId ?? null,
  processInstanceId: instance?.processInstanceId ?? null,
  processDefinitionId: instance?.processDefinitionId ?? null,
  tenantId: instance?.tenantId ?? form.tenantId,
  url: urls('form-api/form/form-instance-model'),
  fields: [...fields],
  outcomes: [...form.model.outcomes],
  outcomeVariableName: form.model.outcomeVariableName,
});
