/** The JSON `/app-api` answers with, in Flowable's shapes. */
import type { AppDefinitionRow, AppDeploymentRow } from '../../../persistence/app-sql.ts';
import { iso, type Urls } from '../context.ts';
import { resourceMediaType } from '../responses.ts';
import type { Answer } from '../schemas/common.ts';
import type { AppDefinition, AppDeployment, AppDeploymentResource } from '../schemas/app.ts';
import { isAppResource } from '../../../app/app-model.ts';

export const appDeploymentResponse = (d: AppDeploymentRow, urls: Urls): Answer<typeof AppDeployment> => ({
  id: d.id,
  name: d.name,
  deploymentTime: iso(d.deployedAt),
  category: d.category,
  url: urls('app-api/app-repository/deployments/%s', d.id),
  tenantId: d.tenantId,
});

export const appDefinitionResponse = (a: AppDefinitionRow, urls: Urls): Answer<typeof AppDefinition> => ({
  id: a.id,
  url: urls('app-api/app-repository/app-definitions/%s', a.id),
  category: a.category,
  name: a.name,
  key: a.key,
  description: a.description,
  version: a.version,
  resourceName: a.resourceName,
  deploymentId: a.deploymentId,
  tenantId: a.tenantId,
});

/** A `.app` file is JSON, which the process repository's media types do not know by that name. */
export const appResourceMediaType = (name: string): string =>
  isAppResource(name) ? 'application/json' : resourceMediaType(name);

export const appResourceResponse = (
  deploymentId: string,
  name: string,
  urls: Urls,
): Answer<typeof AppDeploymentResource> => ({
  id: name,
  url: urls('app-api/app-repository/deployments/%s/resources/%s', deploymentId, name),
  contentUrl: urls('app-api/app-repository/deployments/%s/resourcedata/%s', deploymentId, name),
  mediaType: appResourceMediaType(name),
  type: isAppResource(name) ? 'appDefinition' : 'resource',
});
