/**
 * The request body of an operation: the route's JSON body schema; for variable uploads
 * (`variable-upload.ts`) the JSON schema and the upload's form; for a route that takes
 * `multipart/form-data` only (deployments, content), the deployment's form.
 */
const variableUploadForm = {
  'multipart/form-data': {
    schema: {
      type: 'object',
      properties: {
        file: { type: 'string', format: 'binary' },
        name: { type: 'string' },
        type: { type: 'string', enum: ['binary', 'serializable'] },
        scope: { type: 'string', enum: ['local', 'global'] },
      },
    },
  },
};

const deploymentForm = {
  'multipart/form-data': {
    schema: {
      type: 'object',
      properties: {
        file: { type: 'string', format: 'binary' },
        deploymentName: { type: 'string' },
        deploymentKey: { type: 'string' },
        tenantId: { type: 'string' },
        category: { type: 'string' },
        enableDuplicateFiltering: { type: 'boolean' },
      },
    },
  },
};

export const requestBodyOf = (schema: Record<string, unknown>): Record<string, unknown> | undefined => {
  const { body, consumes } = schema;
  const byType = (body as { content?: Record<string, unknown> } | undefined)?.content;
  if (byType) {
    const json = { 'application/json': byType['application/json'] };
    return { required: true, content: { ...json, ...variableUploadForm } };
  }
  if (body) return { required: true, content: { 'application/json': { schema: body } } };
  if (Array.isArray(consumes) && consumes.includes('multipart/form-data'))
    return { required: true, content: deploymentForm };
  return undefined;
};
