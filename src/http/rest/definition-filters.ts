/**
 * The query filters Flowable's lists of versioned definitions share (form definitions, app
 * definitions); see src/persistence/definition-filters-sql.ts for what each does.
 */
import { Bool, Int, Str } from './list-route.ts';

export const versionedDefinitionFilters = {
  category: Str(),
  categoryLike: Str(),
  categoryNotEquals: Str(),
  key: Str(),
  keyLike: Str(),
  name: Str(),
  nameLike: Str(),
  resourceName: Str(),
  resourceNameLike: Str(),
  version: Int(),
  versionGreaterThan: Int(),
  versionGreaterThanOrEquals: Int(),
  versionLowerThan: Int(),
  versionLowerThanOrEquals: Int(),
  deploymentId: Str(),
  tenantId: Str(),
  tenantIdLike: Str(),
  withoutTenantId: Bool(),
  latest: Bool('Only the latest version of each key'),
};
