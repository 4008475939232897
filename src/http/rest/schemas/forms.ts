/** Response schemas of the form engine (`/form-api`, and the task and start forms of `/process-api`). */
import Type from 'typebox';
import { AnyValue, Flag, Link, Text, TextOrNull, Timestamp, TimestampOrNull } from './common.ts';
import { Nullable } from '../context.ts';
import { childDefinitionFields } from './repository.ts';
import type { FormField } from '../../../forms/form-model.ts';

const FormOption = Type.Object({ id: TextOrNull(), name: TextOrNull() });

/** A field in Flowable's serialised shape: FormField, OptionFormField or ExpressionFormField. */
export const FormFieldAnswer = Type.Unsafe<FormField>(
  Type.Object({
    fieldType: Type.Enum(['FormField', 'OptionFormField', 'ExpressionFormField'], { type: 'string' }),
    id: Text(),
    name: TextOrNull(),
    type: Text('text, integer, dropdown, expression, ...'),
    value: AnyValue('The current value, when the form is shown for a task or a submitted instance'),
    required: Flag(),
    readOnly: Flag(),
    overrideId: Flag(),
    placeholder: TextOrNull(),
    layout: Type.Union([Type.Object({ row: Nullable(Type.Integer()) }), Type.Null()]),
    params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    optionType: Type.Optional(TextOrNull()),
    hasEmptyValue: Type.Optional(Nullable(Type.Boolean())),
    options: Type.Optional(Type.Array(FormOption)),
    optionsExpression: Type.Optional(TextOrNull()),
    expression: Type.Optional(TextOrNull()),
  }),
);

const formModelFields = {
  id: Text('The form definition id'),
  name: TextOrNull(),
  description: TextOrNull(),
  key: Text(),
  version: Type.Integer(),
  fields: Type.Array(FormFieldAnswer),
  outcomes: Type.Array(FormOption),
  outcomeVariableName: TextOrNull(),
};

/** A form with its fields' values (Flowable's `FormModelResponse`). */
export const FormModel = Type.Object(formModelFields);

/** The same, as the form API answers it: with its `url`. */
export const FormModelWithUrl = Type.Object({ ...formModelFields, url: Link() });

export const FormDefinition = Type.Object(childDefinitionFields);

export const FormInstance = Type.Object({
  id: Text(),
  formDefinitionId: Text(),
  taskId: TextOrNull(),
  processInstanceId: TextOrNull(),
  processDefinitionId: TextOrNull(),
  scopeId: TextOrNull(),
  scopeType: TextOrNull(),
  scopeDefinitionId: TextOrNull(),
  submittedDate: Timestamp(),
  submittedBy: TextOrNull(),
  formValuesId: Text(),
  tenantId: Text(),
  url: Link(),
});

/** A form as it was submitted (Flowable's `FormInstanceModelResponse`). */
export const FormInstanceModel = Type.Object({
  ...formModelFields,
  formInstanceId: TextOrNull(),
  submittedBy: TextOrNull(),
  submittedDate: TimestampOrNull(),
  selectedOutcome: TextOrNull(),
  taskId: TextOrNull(),
  processInstanceId: TextOrNull(),
  processDefinitionId: TextOrNull(),
  tenantId: Text(),
  url: Link(),
});

/** A form definition's model as deployed (Flowable's `SimpleFormModel`): no values, no id. */
export const FormDefinitionModel = Type.Object({
  key: Text(),
  name: TextOrNull(),
  description: TextOrNull(),
  fields: Type.Array(FormFieldAnswer),
  outcomes: Type.Array(FormOption),
  outcomeVariableName: TextOrNull(),
  version: Type.Integer(),
});

/** A `flowable:formProperty` field as Flowable's legacy form REST resource shows it (`RestFormProperty`). */
const LegacyFormProperty = Type.Object({
  id: Text(),
  name: TextOrNull(),
  type: TextOrNull('string, long, double, boolean, date, enum, or a custom type name'),
  value: TextOrNull('The current value as text: the variable on a task, the default on a start form'),
  readable: Flag(),
  writable: Flag(),
  required: Flag(),
  datePattern: TextOrNull('Only for date properties'),
  enumValues: Type.Array(Type.Object({ id: Text(), name: TextOrNull() })),
});

/** Flowable's `FormDataResponse`: the legacy form of a task or of a definition's start event. */
export const LegacyFormData = Type.Object({
  formKey: TextOrNull(),
  deploymentId: TextOrNull(),
  processDefinitionId: TextOrNull('Set for a start form'),
  processDefinitionUrl: Nullable(Link()),
  taskId: TextOrNull('Set for a task form'),
  taskUrl: Nullable(Link()),
  formProperties: Type.Array(LegacyFormProperty),
});
