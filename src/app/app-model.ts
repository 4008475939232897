/**
 * The `.app` resource: Flowable's app model JSON (`BaseAppModel`): key, name, description,
 * theme, icon, usersAccess and groupsAccess, all texts. As Flowable's reader does, unknown
 * properties are ignored and numbers or booleans read as texts; a value that is an object or
 * an array, or a model without a key, is a deploy-time problem naming the resource.
 */
export interface AppModel {
  readonly key: string;
  readonly name: string | null;
  readonly description: string | null;
  readonly theme: string | null;
  readonly icon: string | null;
  readonly usersAccess: string | null;
  readonly groupsAccess: string | null;
}

/** Flowable's app deployer reads resources whose name ends with `.app` (case matters). */
export const isAppResource = (name: string): boolean => name.endsWith('.app');

const fields = ['key', 'name', 'description', 'theme', 'icon', 'usersAccess', 'groupsAccess'] as const;

const asText = (value: unknown): string | null | undefined => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
};

export const readAppModel = (
  resourceName: string,
  content: Uint8Array,
): { model?: AppModel; problems: string[] } => {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(content).toString('utf8'));
  } catch (error) {
    return { problems: [`${resourceName}: the app model is not JSON: ${(error as Error).message}`] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { problems: [`${resourceName}: the app model must be a JSON object`] };
  const problems: string[] = [];
  const read: Record<string, string | null> = {};
  for (const field of fields) {
    const text = asText((json as Record<string, unknown>)[field]);
    if (text === undefined) problems.push(`${resourceName}: '${field}' must be a text`);
    else read[field] = text;
  }
  if (problems.length === 0 && !read.key?.trim())
    problems.push(`${resourceName}: the app model has no 'key'; an app definition is versioned by its key`);
  if (problems.length > 0) return { problems };
  return { model: { ...read, key: read.key! } as AppModel, problems };
};
