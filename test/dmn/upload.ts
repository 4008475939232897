/** Deploying files through a multipart upload route as the admin, for the DMN tests. */
import { expect } from 'vitest';
import { basic, multipart, type HttpHarness } from '../http/harness.ts';

/** POST `files` (and form `fields`) to `url`; the deployment must be created. */
export const uploadAsAdmin = async (
  h: HttpHarness,
  url: string,
  files: { name: string; content: string }[],
  fields: Record<string, string> = {},
): Promise<{ id: string }> => {
  const { payload, contentType } = multipart(files, fields);
  const response = await h.app.inject({
    method: 'POST',
    url,
    headers: { authorization: basic('admin'), 'content-type': contentType },
    payload,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
};
