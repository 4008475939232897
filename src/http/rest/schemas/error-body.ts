/**
 * The error envelope every route answers a refusal with (`../../errors.ts`): Flowable's
 * `{message, exception}`, plus `fields` naming each bad field of a refused form submission.
 */
import Type from 'typebox';

export const ErrorBody = Type.Object(
  {
    message: Type.String({ description: "The status's generic phrase: 'Not found', 'Bad request'" }),
    exception: Type.String({ description: 'What was wrong; for a 500, the error id in the log' }),
    fields: Type.Optional(
      Type.Array(Type.Object({ id: Type.String(), message: Type.String() }), {
        description: 'WEIR_FORM_INVALID: each bad field of a form submission',
      }),
    ),
  },
  { additionalProperties: false },
);
