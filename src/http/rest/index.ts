/**
 * The REST API as one Fastify plugin: Flowable's `/process-api`, `/external-job-api`, `/form-api`, `/content-api` and
 * `/idm-api` (whose users and groups are also served as `/process-api/identity`). Authentication is installed on the root app
 * (see `server.ts`), so this plugin only routes.
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { RestContext } from './context.ts';
import { activityInstanceRoutes } from './activity-instances.ts';
import { changeStateRoutes } from './change-state.ts';
import { injectRoutes } from './inject.ts';
import { migrationRoutes } from './migration.ts';
import { batchRoutes } from './batches.ts';
import { processInstanceBulkRoutes } from './process-instance-bulk.ts';
import { conditionalEventRoutes } from './conditional-events.ts';
import { executionRoutes } from './executions.ts';
import { externalWorkerRoutes } from './external-worker.ts';
import { historyRoutes } from './history.ts';
import { idmRoutes } from './idm.ts';
import { idmPrivilegeRoutes } from './idm-privileges.ts';
import { deadLetterBulkRoutes } from './deadletter-bulk.ts';
import { historyJobRoutes } from './history-jobs.ts';
import { identityUserExtraRoutes } from './identity-user-extras.ts';
import { idmEngineRoutes } from './idm-engine.ts';
import { managementPropertyRoutes } from './management-properties.ts';
import { managementTableRoutes } from './management-tables.ts';
import { modelRoutes } from './models.ts';
import { managementRoutes } from './management.ts';
import { processInstanceRoutes } from './process-instances.ts';
import { instanceIdentityLinkRoutes } from './instance-identity-links.ts';
import { processInstanceVariableRoutes } from './process-instance-variables.ts';
import { repositoryRoutes } from './repository.ts';
import { definitionIdentityLinkRoutes } from './definition-identity-links.ts';
import { definitionModelRoutes } from './definition-model.ts';
import { diagramRoutes } from './diagrams.ts';
import { formDataRoutes } from './form-data.ts';
import { formRepositoryRoutes } from './form-api/form-repository.ts';
import { formRuntimeRoutes } from './form-api/form-runtime.ts';
import { taskFormRoutes } from './form-api/task-forms.ts';
import { caseTaskApi, taskRoutes } from './tasks.ts';
import { taskVariableRoutes } from './task-variables.ts';
import { taskLinkAndCommentRoutes } from './task-links-comments.ts';
import { standaloneTaskRoutes } from './standalone-tasks.ts';
import { taskAttachmentRoutes } from './task-attachments.ts';
import { taskEventRoutes } from './task-events.ts';
import { historicRecordRoutes } from './historic-records.ts';
import { contentItemRoutes } from './content/content-items.ts';
import { contentItemDataRoutes } from './content/content-item-data.ts';
import { conversationRoutes } from './conversations/conversations.ts';
import { messageRoutes } from './conversations/messages.ts';

import { executionVariableRoutes } from './execution-variables.ts';
import { variableDataRoutes } from './variable-data.ts';
import { taskVariableUploadRoutes } from './task-variable-uploads.ts';
import { variableInstanceRoutes } from './variable-instances.ts';
import { variablesAsyncRoutes } from './variables-async.ts';
import { searchRoutes } from './search-api/search-queries.ts';
import { dmnRuleRoutes } from './dmn-api/dmn-rules.ts';
import { dmnHistoryRoutes } from './dmn-api/dmn-history.ts';
import { dmnRepositoryRoutes } from './dmn-api/dmn-repository.ts';
import { dmnDecisionViewRoutes } from './dmn-api/dmn-decision-views.ts';
import { dmnManagementRoutes } from './dmn-api/dmn-management.ts';
import { appDeploymentRoutes } from './app-api/app-deployments.ts';
import { appDefinitionRoutes } from './app-api/app-definitions.ts';
import { cmmnRepositoryRoutes } from './cmmn-api/cmmn-repository.ts';
import { cmmnCaseInstanceRoutes } from './cmmn-api/cmmn-case-instances.ts';
import { cmmnPlanItemRoutes } from './cmmn-api/cmmn-plan-items.ts';
import { cmmnPlanItemVariableRoutes } from './cmmn-api/cmmn-plan-item-variables.ts';
import { cmmnHistoryRoutes } from './cmmn-api/cmmn-history.ts';
import { cmmnCaseLinkRoutes } from './cmmn-api/cmmn-case-links.ts';
import { cmmnHistoryTaskRoutes } from './cmmn-api/cmmn-history-tasks.ts';
import { cmmnManagementRoutes } from './cmmn-api/cmmn-management.ts';
import { cmmnMigrationRoutes } from './cmmn-api/cmmn-migration.ts';
import { cmmnCaseLifecycleRoutes } from './cmmn-api/cmmn-case-lifecycle.ts';
import { cmmnDefinitionExtraRoutes } from './cmmn-api/cmmn-definition-extras.ts';
import { cmmnEventSubscriptionRoutes } from './cmmn-api/cmmn-event-subscriptions.ts';
import { cmmnDiagramRoutes } from './cmmn-api/cmmn-diagrams.ts';

export type { RestContext } from './context.ts';

/** Form fields of a deployment upload: five are known, the rest are refused by name. */
const MAX_FORM_FIELDS = 20;

export const restApi: FastifyPluginAsync<{ rest: RestContext }> = async (app, { rest }) => {
  const { maxBodySize, maxDeploymentResources } = rest.limits;
  await app.register(multipart, {
    // The whole-request budget is kept by the deployment route (deployment-upload.ts); these
    // are busboy's backstops, one file above ours so that our clearer message comes first.
    limits: {
      fileSize: maxBodySize,
      files: maxDeploymentResources + 1,
      fields: MAX_FORM_FIELDS,
      parts: maxDeploymentResources + 1 + MAX_FORM_FIELDS,
      fieldSize: 64 * 1024,
    },
    throwFileSizeLimit: true,
  });
  const options = { rest };
  await app.register(repositoryRoutes, options);
  await app.register(dmnRuleRoutes, options);
  await app.register(dmnHistoryRoutes, options);
  await app.register(dmnRepositoryRoutes, options);
  await app.register(dmnDecisionViewRoutes, options);
  await app.register(dmnManagementRoutes, options);
  await app.register(appDeploymentRoutes, options);
  await app.register(appDefinitionRoutes, options);
  await app.register(cmmnRepositoryRoutes, options);
  await app.register(cmmnCaseInstanceRoutes, options);
  await app.register(cmmnPlanItemRoutes, options);
  await app.register(cmmnPlanItemVariableRoutes, options);
  await app.register(cmmnHistoryRoutes, options);
  await app.register(cmmnCaseLinkRoutes, options);
  await app.register(cmmnHistoryTaskRoutes, options);
  await app.register(cmmnManagementRoutes, options);
  await app.register(cmmnMigrationRoutes, options);
  await app.register(cmmnCaseLifecycleRoutes, options);
  await app.register(cmmnDefinitionExtraRoutes, options);
  await app.register(cmmnEventSubscriptionRoutes, options);
  await app.register(cmmnDiagramRoutes, options);
  await app.register(taskRoutes, {
    ...options,
    taskApi: caseTaskApi,
  });
  for (const plugin of [taskVariableRoutes, taskVariableUploadRoutes, standaloneTaskRoutes])
    await app.register(plugin, { ...options, taskApi: caseTaskApi });
  await app.register(definitionIdentityLinkRoutes, options);
  await app.register(definitionModelRoutes, options);
  await app.register(diagramRoutes, options);
  await app.register(formDataRoutes, options);
  await app.register(formRepositoryRoutes, options);
  await app.register(formRuntimeRoutes, options);
  await app.register(taskFormRoutes, options);

  await app.register(processInstanceBulkRoutes, options);
  await app.register(processInstanceRoutes, options);
  await app.register(processInstanceVariableRoutes, options);
  await app.register(conditionalEventRoutes, options);
  await app.register(instanceIdentityLinkRoutes, options);
  await app.register(executionRoutes, options);
  await app.register(changeStateRoutes, options);
  await app.register(injectRoutes, options);
  await app.register(migrationRoutes, options);
  await app.register(batchRoutes, options);
  await app.register(taskRoutes, options);
  await app.register(taskVariableRoutes, options);
  await app.register(taskLinkAndCommentRoutes, options);
  await app.register(standaloneTaskRoutes, options);
  await app.register(taskAttachmentRoutes, options);
  await app.register(taskEventRoutes, options);
  await app.register(historyRoutes, options);
  await app.register(historicRecordRoutes, options);
  await app.register(activityInstanceRoutes, options);
  await app.register(managementRoutes, options);
  await app.register(executionVariableRoutes, options);
  await app.register(variablesAsyncRoutes, options);
  await app.register(variableDataRoutes, options);
  await app.register(taskVariableUploadRoutes, options);
  await app.register(variableInstanceRoutes, options);
  await app.register(externalWorkerRoutes, options);
  await app.register(managementPropertyRoutes, options);
  await app.register(managementTableRoutes, options);
  await app.register(historyJobRoutes, options);
  await app.register(deadLetterBulkRoutes, options);
  await app.register(modelRoutes, options);
  await app.register(idmRoutes, options);
  await app.register(idmPrivilegeRoutes, options);
  await app.register(idmRoutes, { rest, api: 'process-api/identity' });
  await app.register(identityUserExtraRoutes, options);
  await app.register(idmEngineRoutes, options);
  if (rest.search) await app.register(searchRoutes, { rest, search: rest.search });
  await app.register(contentItemRoutes, options);
  await app.register(contentItemDataRoutes, options);
  await app.register(conversationRoutes, options);
  await app.register(messageRoutes, { rest, feeds: rest.conversations });
};
