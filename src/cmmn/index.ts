/**
 * The case engine. Importing it registers the engine with the process engine: `.cmmn` files in
 * process and app deployments become case deployments, and tasks, jobs and processes of cases
 * call back into it (engine/scope-hooks.ts); the cases a command held go to the search index.
 */
import { registerChildDeployer } from '../engine/child-deployer-registry.ts';
import { caseChildDeployer } from './runtime/case-deploy.ts';
import { registerCaseHooks } from './runtime/case-hooks.ts';
import { registerCaseSearch } from './runtime/case-search.ts';

registerChildDeployer(caseChildDeployer);
registerCaseHooks();
registerCaseSearch();

export * from './case-commands.ts';
export * from './case-migration-commands.ts';
export { isCmmnResource, parseCmmn } from './model/index.ts';
export { caseModelOf } from './runtime/case-context.ts';
export { addCaseIdentityLink, removeCaseIdentityLink, isCaseStarter } from './case-links.ts';
export { maySeeCase, requireVisibleCase } from './case-access.ts';
