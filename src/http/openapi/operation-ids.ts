/**
 * The `operationId` of every operation in `/openapi.json`: a client generator's method names,
 * so they must be stable and unique. Where Flowable's REST API publishes an operation, Weir
 * uses Flowable's name for it (the `nickname` of its Swagger annotations, else the Java
 * method name its Swagger document shows), so that code generated against Flowable's
 * specification reads the same against Weir's. Where two of Flowable's names clash in one
 * document (the IDM app's users and the process API's identity alias; each engine's `engine`
 * info), the second one names its API. Weir's own routes get a camelCase name in the same style.
 *
 * Keys are `METHOD /path/{param}` as the document writes paths. A route missing here has no
 * `operationId`, which the tests refuse (test/http/openapi.test.ts).
 */
export const operationIds: Readonly<Record<string, string>> = {
  // actuator
  'GET /actuator/cluster': 'getClusterNodes',
  'GET /actuator/health': 'getHealth',
  'GET /actuator/info': 'getInfo',
  'GET /actuator/prometheus': 'getPrometheusMetrics',
  // app-api (Flowable's names; where the process API has the same one, the app's is named for it)
  'GET /app-api/app-management/engine': 'getAppEngineInfo',
  'GET /app-api/app-repository/app-definitions': 'listAppDefinitions',
  'GET /app-api/app-repository/app-definitions/{appDefinitionId}': 'getAppDefinition',
  'PUT /app-api/app-repository/app-definitions/{appDefinitionId}': 'executeAppDefinitionAction',
  'GET /app-api/app-repository/app-definitions/{appDefinitionId}/model': 'getAppModel',
  'GET /app-api/app-repository/app-definitions/{appDefinitionId}/resourcedata': 'getAppDefinitionContent',
  'POST /app-api/app-repository/deployments': 'uploadAppDeployment',
  'GET /app-api/app-repository/deployments': 'listAppDeployments',
  'GET /app-api/app-repository/deployments/{deploymentId}': 'getAppDeployment',
  'DELETE /app-api/app-repository/deployments/{deploymentId}': 'deleteAppDeployment',
  'GET /app-api/app-repository/deployments/{deploymentId}/resources': 'listAppDeploymentResources',
  'GET /app-api/app-repository/deployments/{deploymentId}/resources/{resourceId}':
    'getAppDeploymentResourceInfo',
  'GET /app-api/app-repository/deployments/{deploymentId}/resourcedata/{resourceId}':
    'getAppDeploymentResource',
  // auth
  'POST /auth/login': 'signIn',
  'POST /auth/logout': 'signOut',
  'GET /auth/session': 'getSession',
  'GET /auth/providers': 'listIdentityProviders',
  'GET /auth/oidc/{registrationId}/login': 'startOidcSignIn',
  'GET /auth/oidc/{registrationId}/callback': 'completeOidcSignIn',
  // cmmn-api (Flowable's names; where the process API has the same one, the case API's is named for it)
  'POST /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}/change-state': 'changePlanItemState',
  'POST /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}/migrate': 'migrateCaseInstance',
  'POST /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}/validate-migration':
    'validateCaseInstanceMigration',
  'POST /cmmn-api/cmmn-repository/case-definitions/{caseDefinitionId}/migrate':
    'migrateInstancesOfCaseDefinition',
  'POST /cmmn-api/cmmn-repository/case-definitions/{caseDefinitionId}/batch-migrate':
    'batchMigrateInstancesOfCaseDefinition',
  'POST /cmmn-api/cmmn-repository/case-definitions/{caseDefinitionId}/migrate-historic-instances':
    'migrateHistoricInstancesOfCaseDefinition',
  'POST /cmmn-api/cmmn-repository/case-definitions/{caseDefinitionId}/batch-migrate-historic-instances':
    'batchMigrateHistoricInstancesOfCaseDefinition',
  'POST /cmmn-api/cmmn-history/historic-case-instances/{caseInstanceId}/migrate':
    'migrateHistoricCaseInstance',
  'GET /cmmn-api/cmmn-management/jobs': 'listCaseJobs',
  'GET /cmmn-api/cmmn-management/jobs/{jobId}': 'getCaseJob',
  'POST /cmmn-api/cmmn-management/jobs/{jobId}': 'executeCaseJobAction',
  'GET /cmmn-api/cmmn-management/timer-jobs': 'listCaseTimerJobs',
  'GET /cmmn-api/cmmn-management/timer-jobs/{jobId}': 'getCaseTimerJob',
  'POST /cmmn-api/cmmn-management/timer-jobs/{jobId}': 'executeCaseTimerJobAction',
  'GET /cmmn-api/cmmn-management/deadletter-jobs': 'listCaseDeadLetterJobs',
  'GET /cmmn-api/cmmn-management/deadletter-jobs/{jobId}': 'getCaseDeadLetterJob',
  'POST /cmmn-api/cmmn-management/deadletter-jobs/{jobId}': 'executeCaseDeadLetterJobAction',
  'DELETE /cmmn-api/cmmn-management/jobs/{jobId}': 'deleteCaseJob',
  'DELETE /cmmn-api/cmmn-management/timer-jobs/{jobId}': 'deleteCaseTimerJob',
  'DELETE /cmmn-api/cmmn-management/deadletter-jobs/{jobId}': 'deleteCaseDeadLetterJob',
  'GET /cmmn-api/cmmn-management/jobs/{jobId}/exception-stacktrace': 'getCaseJobStacktrace',
  'GET /cmmn-api/cmmn-management/timer-jobs/{jobId}/exception-stacktrace': 'getCaseTimerJobStacktrace',
  'GET /cmmn-api/cmmn-management/deadletter-jobs/{jobId}/exception-stacktrace':
    'getCaseDeadLetterJobStacktrace',
  'GET /cmmn-api/cmmn-history/historic-milestone-instances/{milestoneInstanceId}':
    'getHistoricMilestoneInstance',
  // cmmn-api: the case lifecycle, definitions and management
  'GET /cmmn-api/cmmn-management/suspended-jobs': 'listCaseSuspendedJobs',
  'GET /cmmn-api/cmmn-management/suspended-jobs/{jobId}': 'getCaseSuspendedJob',
  'DELETE /cmmn-api/cmmn-management/suspended-jobs/{jobId}': 'deleteCaseSuspendedJob',
  'GET /cmmn-api/cmmn-management/suspended-jobs/{jobId}/exception-stacktrace':
    'getCaseSuspendedJobStacktrace',
  'GET /cmmn-api/cmmn-management/history-jobs': 'listCaseHistoryJobs',
  'GET /cmmn-api/cmmn-management/history-jobs/{jobId}': 'getCaseHistoryJob',
  'DELETE /cmmn-api/cmmn-management/history-jobs/{jobId}': 'deleteCaseHistoryJob',
  'POST /cmmn-api/cmmn-management/history-jobs/{jobId}': 'executeCaseHistoryJob',
  'POST /cmmn-api/cmmn-management/deadletter-jobs': 'executeCaseDeadLetterJobActions',
  'PUT /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}': 'updateCaseInstance',
  'DELETE /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}/delete': 'deleteCaseInstance',
  'POST /cmmn-api/cmmn-runtime/case-instances/delete': 'bulkDeleteCaseInstances',
  'GET /cmmn-api/cmmn-runtime/event-subscriptions': 'listCaseEventSubscriptions',
  'GET /cmmn-api/cmmn-runtime/event-subscriptions/{eventSubscriptionId}': 'getCaseEventSubscription',
  'DELETE /cmmn-api/cmmn-history/historic-case-instances/{caseInstanceId}': 'deleteHistoricCaseInstance',
  'POST /cmmn-api/cmmn-history/historic-case-instances/delete': 'bulkDeleteHistoricCaseInstances',
  'GET /cmmn-api/cmmn-history/historic-case-instances/{caseInstanceId}/stage-overview':
    'getHistoricStageOverview',
  'DELETE /cmmn-api/cmmn-history/historic-task-instances/{taskId}': 'deleteCaseHistoricTaskInstance',
  'GET /cmmn-api/cmmn-history/historic-task-instances/{taskId}/form': 'getCaseHistoricTaskInstanceForm',
  'PUT /cmmn-api/cmmn-repository/case-definitions/{caseDefinitionId}': 'executeCaseDefinitionAction',
  'GET /cmmn-api/cmmn-repository/case-definitions/{caseDefinitionId}/identitylinks':
    'listCaseDefinitionIdentityLinks',
  'POST /cmmn-api/cmmn-repository/case-definitions/{caseDefinitionId}/identitylinks':
    'createCaseDefinitionIdentityLink',
  'GET /cmmn-api/cmmn-repository/case-definitions/{caseDefinitionId}/identitylinks/{family}/{identityId}':
    'getCaseDefinitionIdentityLink',
  'DELETE /cmmn-api/cmmn-repository/case-definitions/{caseDefinitionId}/identitylinks/{family}/{identityId}':
    'deleteCaseDefinitionIdentityLink',
  'GET /cmmn-api/cmmn-repository/case-definitions/{caseDefinitionId}/model': 'getCmmnModelResource',
  'GET /cmmn-api/cmmn-repository/case-definitions/{caseDefinitionId}/decisions':
    'listCaseDefinitionDecisions',
  'GET /cmmn-api/cmmn-repository/case-definitions/{caseDefinitionId}/decision-tables':
    'listCaseDefinitionDecisionTables',
  'GET /cmmn-api/cmmn-repository/case-definitions/{caseDefinitionId}/form-definitions':
    'listCaseDefinitionFormDefinitions',
  'GET /cmmn-api/cmmn-repository/case-definitions/{caseDefinitionId}/start-form':
    'getCaseDefinitionStartForm',
  'GET /cmmn-api/cmmn-repository/deployments/{deploymentId}/resources/{resourceId}':
    'getCaseDeploymentResource',
  'GET /cmmn-api/cmmn-repository/case-definitions/{caseDefinitionId}/image': 'getCaseDefinitionImage',
  'GET /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}/diagram': 'getCaseInstanceDiagram',
  // end of the case lifecycle block
  'POST /cmmn-api/cmmn-repository/deployments': 'uploadCaseDeployment',
  'GET /cmmn-api/cmmn-repository/deployments': 'listCaseDeployments',
  'GET /cmmn-api/cmmn-repository/deployments/{deploymentId}': 'getCaseDeployment',
  'DELETE /cmmn-api/cmmn-repository/deployments/{deploymentId}': 'deleteCaseDeployment',
  'GET /cmmn-api/cmmn-repository/deployments/{deploymentId}/resources': 'listCaseDeploymentResources',
  'GET /cmmn-api/cmmn-repository/deployments/{deploymentId}/resourcedata/{resourceId}':
    'getCaseDeploymentResourceData',
  'GET /cmmn-api/cmmn-management/engine': 'getCmmnEngineInfo',
  'GET /cmmn-api/cmmn-repository/case-definitions': 'listCaseDefinitions',
  'GET /cmmn-api/cmmn-repository/case-definitions/{caseDefinitionId}': 'getCaseDefinition',
  'GET /cmmn-api/cmmn-repository/case-definitions/{caseDefinitionId}/resourcedata':
    'getCaseDefinitionResource',
  'GET /cmmn-api/cmmn-runtime/case-instances': 'listCaseInstances',
  'POST /cmmn-api/cmmn-runtime/case-instances': 'createCaseInstance',
  'POST /cmmn-api/cmmn-query/case-instances': 'queryCaseInstances',
  'GET /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}': 'getCaseInstance',
  'DELETE /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}': 'terminateCaseInstance',
  'GET /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}/stage-overview': 'getStageOverview',
  'GET /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}/variables': 'listCaseInstanceVariables',
  'POST /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}/variables': 'createCaseInstanceVariable',
  'PUT /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}/variables': 'createOrUpdateCaseVariable',
  'GET /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}/variables/{variableName}':
    'getCaseInstanceVariable',
  'PUT /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}/variables/{variableName}':
    'updateCaseInstanceVariable',
  'DELETE /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}/variables/{variableName}':
    'deleteCaseInstanceVariable',
  'GET /cmmn-api/cmmn-runtime/tasks': 'listCaseTasks',
  'POST /cmmn-api/cmmn-query/tasks': 'queryCaseTasks',
  'GET /cmmn-api/cmmn-runtime/tasks/{taskId}': 'getCaseTask',
  'PUT /cmmn-api/cmmn-runtime/tasks/{taskId}': 'updateCaseTask',
  'POST /cmmn-api/cmmn-runtime/tasks/{taskId}': 'executeCaseTaskAction',
  'GET /cmmn-api/cmmn-runtime/tasks/{taskId}/identitylinks': 'listCaseTaskIdentityLinks',
  'POST /cmmn-api/cmmn-runtime/tasks/{taskId}/identitylinks': 'createCaseTaskIdentityLinks',
  'DELETE /cmmn-api/cmmn-runtime/tasks/{taskId}/identitylinks/{family}/{identityId}/{type}':
    'deleteCaseTaskIdentityLink',
  // case tasks and variables (helper "tasks"): the process API has Flowable's names, so these name the case API
  'POST /cmmn-api/cmmn-runtime/tasks': 'createCaseTask',
  'PUT /cmmn-api/cmmn-runtime/tasks': 'bulkUpdateCaseTasks',
  'DELETE /cmmn-api/cmmn-runtime/tasks/{taskId}': 'deleteCaseTask',
  'GET /cmmn-api/cmmn-runtime/tasks/{taskId}/form': 'getCaseTaskForm',
  'GET /cmmn-api/cmmn-runtime/tasks/{taskId}/subtasks': 'listCaseTaskSubtasks',
  'GET /cmmn-api/cmmn-runtime/tasks/{taskId}/identitylinks/{family}': 'listCaseTaskIdentityLinksForFamily',
  'GET /cmmn-api/cmmn-runtime/tasks/{taskId}/identitylinks/{family}/{identityId}/{type}':
    'getCaseTaskIdentityLink',
  'GET /cmmn-api/cmmn-runtime/tasks/{taskId}/variables': 'listCaseTaskVariables',
  'POST /cmmn-api/cmmn-runtime/tasks/{taskId}/variables': 'createCaseTaskVariable',
  'DELETE /cmmn-api/cmmn-runtime/tasks/{taskId}/variables': 'deleteAllLocalCaseTaskVariables',
  'GET /cmmn-api/cmmn-runtime/tasks/{taskId}/variables/{variableName}': 'getCaseTaskVariable',
  'PUT /cmmn-api/cmmn-runtime/tasks/{taskId}/variables/{variableName}': 'updateCaseTaskVariable',
  'DELETE /cmmn-api/cmmn-runtime/tasks/{taskId}/variables/{variableName}': 'deleteCaseTaskVariable',
  'GET /cmmn-api/cmmn-runtime/tasks/{taskId}/variables/{variableName}/data': 'getCaseTaskVariableData',
  'GET /cmmn-api/cmmn-runtime/variable-instances': 'listCaseVariableInstances',
  'POST /cmmn-api/cmmn-query/variable-instances': 'queryCaseVariableInstances',
  'GET /cmmn-api/cmmn-runtime/variable-instances/{varInstanceId}/data': 'getCaseVariableInstanceData',
  'DELETE /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}/variables': 'deleteCaseVariable',
  'POST /cmmn-api/cmmn-runtime/plan-item-instances/{planItemInstanceId}/variables':
    'createPlanItemInstanceVariable',
  'PUT /cmmn-api/cmmn-runtime/plan-item-instances/{planItemInstanceId}/variables/{variableName}':
    'updatePlanItemVariable',
  'DELETE /cmmn-api/cmmn-runtime/plan-item-instances/{planItemInstanceId}/variables/{variableName}':
    'deletePlanItemVariable',
  'GET /cmmn-api/cmmn-runtime/plan-item-instances/{planItemInstanceId}/variables/{variableName}/data':
    'getPlanItemInstanceVariableData',
  'POST /cmmn-api/cmmn-runtime/plan-item-instances/{planItemInstanceId}/variables-async':
    'createPlanItemInstanceVariableAsync',
  'PUT /cmmn-api/cmmn-runtime/plan-item-instances/{planItemInstanceId}/variables-async/{variableName}':
    'updatePlanItemVariableAsync',
  'POST /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}/variables-async':
    'createCaseInstanceVariableAsync',
  'PUT /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}/variables-async':
    'createOrUpdateCaseVariableAsync',
  'PUT /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}/variables-async/{variableName}':
    'updateCaseInstanceVariableAsync',
  'GET /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}/variables/{variableName}/data':
    'getCaseInstanceVariableData',
  'GET /cmmn-api/cmmn-history/historic-case-instances/{caseInstanceId}/variables/{variableName}/data':
    'getHistoricCaseInstanceVariableData',
  'GET /cmmn-api/cmmn-history/historic-task-instances/{taskId}/variables/{variableName}/data':
    'getCaseHistoricTaskInstanceVariableData',
  'GET /cmmn-api/cmmn-history/historic-variable-instances/{varInstanceId}/data':
    'getHistoricCaseVariableInstanceData',
  'GET /cmmn-api/cmmn-runtime/plan-item-instances': 'listPlanItemInstances',
  'POST /cmmn-api/cmmn-query/plan-item-instances': 'queryPlanItemInstances',
  'GET /cmmn-api/cmmn-runtime/plan-item-instances/{planItemInstanceId}': 'getPlanItemInstance',
  'PUT /cmmn-api/cmmn-runtime/plan-item-instances/{planItemInstanceId}': 'performPlanItemInstanceAction',
  'GET /cmmn-api/cmmn-history/historic-case-instances': 'listHistoricCaseInstances',
  'POST /cmmn-api/cmmn-query/historic-case-instances': 'queryHistoricCaseInstance',
  'GET /cmmn-api/cmmn-history/historic-case-instances/{caseInstanceId}': 'getHistoricCaseInstance',
  'GET /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}/identitylinks': 'listCaseInstanceIdentityLinks',
  'POST /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}/identitylinks':
    'createCaseInstanceIdentityLinks',
  'GET /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}/identitylinks/{family}/{identityId}/{type}':
    'getCaseInstanceIdentityLinks',
  'DELETE /cmmn-api/cmmn-runtime/case-instances/{caseInstanceId}/identitylinks/{family}/{identityId}/{type}':
    'deleteCaseInstanceIdentityLinks',
  'GET /cmmn-api/cmmn-history/historic-case-instances/{caseInstanceId}/identitylinks':
    'listHistoricCaseInstanceIdentityLinks',
  'GET /cmmn-api/cmmn-history/historic-task-instances': 'listCaseHistoricTaskInstances',
  'POST /cmmn-api/cmmn-query/historic-task-instances': 'queryCaseHistoricTaskInstance',
  'GET /cmmn-api/cmmn-history/historic-task-instances/{taskId}': 'getCaseHistoricTaskInstance',
  'GET /cmmn-api/cmmn-history/historic-task-instances/{taskId}/identitylinks':
    'listCaseHistoricTaskInstanceIdentityLinks',
  'GET /cmmn-api/cmmn-history/historic-planitem-instances': 'listHistoricPlanItemInstances',
  'POST /cmmn-api/cmmn-query/historic-planitem-instances': 'queryHistoricPlanItemInstance',
  'GET /cmmn-api/cmmn-history/historic-planitem-instances/{planItemInstanceId}':
    'getHistoricPlanItemInstance',
  'GET /cmmn-api/cmmn-history/historic-milestone-instances': 'listHistoricMilestoneInstances',
  'POST /cmmn-api/cmmn-query/historic-milestone-instances': 'queryHistoricMilestoneInstance',
  'GET /cmmn-api/cmmn-history/historic-variable-instances': 'listHistoricCaseVariableInstances',
  'POST /cmmn-api/cmmn-query/historic-variable-instances': 'queryHistoricCaseVariableInstance',
  // content-api
  'GET /content-api/content-management/engine': 'getContentEngineInfo',
  'GET /content-api/content-service/content-items': 'listContentItems',
  'POST /content-api/content-service/content-items': 'createContentItem',
  'GET /content-api/content-service/content-items/{contentItemId}': 'getContentItem',
  'PUT /content-api/content-service/content-items/{contentItemId}': 'updateContentItem',
  'DELETE /content-api/content-service/content-items/{contentItemId}': 'deleteContentItem',
  'GET /content-api/content-service/content-items/{contentItemId}/data': 'getContentItemData',
  'POST /content-api/content-service/content-items/{contentItemId}/data': 'saveContentItemData',
  'POST /content-api/query/content-items': 'getQueryResult',
  // conversation-api
  'GET /conversation-api/conversations': 'listConversations',
  'POST /conversation-api/conversations': 'createConversation',
  'GET /conversation-api/conversations/{conversationId}': 'getConversation',
  'DELETE /conversation-api/conversations/{conversationId}': 'deleteConversation',
  'GET /conversation-api/conversations/{conversationId}/messages': 'listConversationMessages',
  'POST /conversation-api/conversations/{conversationId}/messages': 'postConversationMessage',
  'GET /conversation-api/conversations/{conversationId}/messages/poll': 'pollConversationMessages',
  'GET /conversation-api/conversations/{conversationId}/messages/{messageId}': 'getConversationMessage',
  'GET /conversation-api/conversations/{conversationId}/participants': 'listConversationParticipants',
  'POST /conversation-api/conversations/{conversationId}/participants': 'addConversationParticipant',
  'DELETE /conversation-api/conversations/{conversationId}/participants/groups/{participantId}':
    'removeConversationGroup',
  'DELETE /conversation-api/conversations/{conversationId}/participants/users/{participantId}':
    'removeConversationUser',
  'PUT /conversation-api/conversations/{conversationId}/read': 'markConversationRead',
  'GET /conversation-api/management/relay': 'getConversationRelay',
  'POST /conversation-api/query/conversations': 'queryConversations',
  // dmn-api
  'GET /dmn-api/dmn-history/historic-decision-executions': 'listHistoricDecisionExecutions',
  'GET /dmn-api/dmn-history/historic-decision-executions/{historicDecisionExecutionId}':
    'getHistoricDecisionExecution',
  'GET /dmn-api/dmn-history/historic-decision-executions/{historicDecisionExecutionId}/auditdata':
    'getHistoricDecisionExecutionAuditData',
  'GET /dmn-api/dmn-repository/decision-tables': 'listDecisionTables',
  'GET /dmn-api/dmn-repository/decision-tables/{decisionId}': 'getDecisionTable',
  'GET /dmn-api/dmn-management/engine': 'getDmnEngineInfo',
  'GET /dmn-api/dmn-repository/decision-tables/{decisionId}/model': 'getDecisionTableModel',
  'GET /dmn-api/dmn-repository/decision-tables/{decisionId}/resourcedata': 'getDecisionTableResource',
  'GET /dmn-api/dmn-repository/decisions': 'listDecisions',
  'GET /dmn-api/dmn-repository/decisions/{decisionId}': 'getDecision',
  'GET /dmn-api/dmn-repository/decisions/{decisionId}/image': 'getImageResource',
  'GET /dmn-api/dmn-repository/decisions/{decisionId}/model': 'getDecisionModel',
  'GET /dmn-api/dmn-repository/decisions/{decisionId}/resourcedata': 'getDecisionResource',
  'POST /dmn-api/dmn-repository/deployments': 'uploadDecisionDeployment',
  'GET /dmn-api/dmn-repository/deployments': 'listDecisionDeployments',
  'GET /dmn-api/dmn-repository/deployments/{deploymentId}': 'getDecisionDeployment',
  'DELETE /dmn-api/dmn-repository/deployments/{deploymentId}': 'deleteDecisionDeployment',
  'GET /dmn-api/dmn-repository/deployments/{deploymentId}/resourcedata/{resourceId}':
    'getDecisionTableDeploymentResource',
  'POST /dmn-api/dmn-rule/execute': 'execute',
  'POST /dmn-api/dmn-rule/execute/single-result': 'executeWithSingleResult',
  'POST /dmn-api/dmn-rule/execute-decision': 'executeDecision',
  'POST /dmn-api/dmn-rule/execute-decision/single-result': 'executeDecisionWithSingleResult',
  'POST /dmn-api/dmn-rule/execute-decision-service': 'executeDecisionService',
  'POST /dmn-api/dmn-rule/execute-decision-service/single-result': 'executeDecisionServiceWithSingleResult',
  // WebSockets: the GET that upgrades
  'GET /events': 'openEventStream',
  'GET /stomp': 'openStompConnection',
  // external-job-api
  'POST /external-job-api/acquire/jobs': 'acquireAndLockJobs',
  'POST /external-job-api/acquire/jobs/{jobId}/bpmnError': 'bpmnErrorJob',
  'POST /external-job-api/acquire/jobs/{jobId}/cmmnTerminate': 'terminateCmmnJob',
  'POST /external-job-api/acquire/jobs/{jobId}/complete': 'completeJob',
  'POST /external-job-api/acquire/jobs/{jobId}/fail': 'failJob',
  'GET /external-job-api/jobs': 'listExternalWorkerJobs',
  'GET /external-job-api/jobs/{jobId}': 'getExternalWorkerJob',
  'POST /external-job-api/unacquire/jobs': 'unacquireJobs',
  'POST /external-job-api/unacquire/jobs/{jobId}': 'unaquireJob',
  // form-api
  'GET /form-api/form-management/engine': 'getFormEngineInfo',
  'POST /form-api/form-repository/deployments': 'uploadFormDeployment',
  'GET /form-api/form-repository/deployments': 'listFormDeployments',
  'GET /form-api/form-repository/deployments/{deploymentId}': 'getFormDeployment',
  'DELETE /form-api/form-repository/deployments/{deploymentId}': 'deleteFormDeployment',
  'GET /form-api/form-repository/deployments/{deploymentId}/resourcedata/{resourceId}':
    'getFormDeploymentResource',
  'GET /form-api/form-repository/form-definitions': 'listFormDefinitions',
  'GET /form-api/form-repository/form-definitions/{formDefinitionId}': 'getForm',
  'GET /form-api/form-repository/form-definitions/{formDefinitionId}/model': 'getFormDefinitionFormModel',
  'GET /form-api/form-repository/form-definitions/{formDefinitionId}/resourcedata':
    'getFormDefinitionContent',
  'POST /form-api/form/form-instance-model': 'getFormInstanceModel',
  'GET /form-api/form/form-instance/{formInstanceId}': 'getFormInstance',
  'GET /form-api/form/form-instances': 'listFormInstances',
  'POST /form-api/form/form-instances': 'storeFormInstance',
  'POST /form-api/form/model': 'getFormModel',
  'POST /form-api/query/form-instances': 'queryFormInstances',
  // idm-api
  'GET /idm-api/groups': 'listGroups',
  'POST /idm-api/groups': 'createGroup',
  'GET /idm-api/groups/{groupId}': 'getGroup',
  'PUT /idm-api/groups/{groupId}': 'updateGroup',
  'DELETE /idm-api/groups/{groupId}': 'deleteGroup',
  'POST /idm-api/groups/{groupId}/members': 'createMembership',
  'DELETE /idm-api/groups/{groupId}/members/{userId}': 'deleteMembership',
  'GET /idm-api/idm-management/engine': 'getIdmEngineInfo',
  'GET /idm-api/privileges': 'listPrivileges',
  'GET /idm-api/privileges/{privilegeId}': 'getPrivilege',
  'DELETE /idm-api/privileges/{privilegeId}/group/{groupId}': 'deleteGroupPrivilege',
  'GET /idm-api/privileges/{privilegeId}/groups': 'listPrivilegeGroups',
  'POST /idm-api/privileges/{privilegeId}/groups': 'addGroupPrivilege',
  'GET /idm-api/privileges/{privilegeId}/users': 'listPrivilegeUsers',
  'POST /idm-api/privileges/{privilegeId}/users': 'addUserPrivilege',
  'DELETE /idm-api/privileges/{privilegeId}/users/{userId}': 'deleteUserPrivilege',
  'GET /idm-api/users': 'listUsers',
  'POST /idm-api/users': 'createUser',
  'GET /idm-api/users/{userId}': 'getUser',
  'PUT /idm-api/users/{userId}': 'updateUser',
  'DELETE /idm-api/users/{userId}': 'deleteUser',
  // process-api/form
  'GET /process-api/form/form-data': 'getFormData',
  'POST /process-api/form/form-data': 'submitForm',
  // process-api/history
  'GET /process-api/history/historic-activity-instances': 'listHistoricActivityInstances',
  'GET /process-api/history/historic-detail': 'listHistoricDetails',
  'GET /process-api/history/historic-detail/{detailId}/data': 'getHistoricDetailVariableData',
  'GET /process-api/history/historic-process-instances': 'listHistoricProcessInstances',
  'GET /process-api/history/historic-process-instances/{processInstanceId}': 'getHistoricProcessInstance',
  'DELETE /process-api/history/historic-process-instances/{processInstanceId}':
    'deleteHistoricProcessInstance',
  'GET /process-api/history/historic-process-instances/{processInstanceId}/comments':
    'listHistoricProcessInstanceComments',
  'POST /process-api/history/historic-process-instances/{processInstanceId}/comments': 'createComment',
  'GET /process-api/history/historic-process-instances/{processInstanceId}/comments/{commentId}':
    'getComment',
  'DELETE /process-api/history/historic-process-instances/{processInstanceId}/comments/{commentId}':
    'deleteComment',
  'GET /process-api/history/historic-process-instances/{processInstanceId}/identitylinks':
    'listHistoricProcessInstanceIdentityLinks',
  'GET /process-api/history/historic-process-instances/{processInstanceId}/variables/{variableName}/data':
    'getHistoricProcessInstanceVariableData',
  'POST /process-api/history/historic-process-instances/delete': 'bulkDeleteHistoricProcessInstances',
  'GET /process-api/history/historic-task-instances': 'listHistoricTaskInstances',
  'GET /process-api/history/historic-task-instances/{taskId}': 'getTaskInstance',
  'DELETE /process-api/history/historic-task-instances/{taskId}': 'deleteTaskInstance',
  'GET /process-api/history/historic-task-instances/{taskId}/form': 'getHistoricTaskForm',
  'GET /process-api/history/historic-task-instances/{taskId}/identitylinks':
    'listHistoricTaskInstanceIdentityLinks',
  'GET /process-api/history/historic-task-instances/{taskId}/variables/{variableName}/data':
    'getHistoricTaskInstanceVariableData',
  'GET /process-api/history/historic-task-log-entries': 'getHistoricTaskLogEntries',
  'GET /process-api/history/historic-variable-instances': 'listHistoricVariableInstances',
  'GET /process-api/history/historic-variable-instances/{varInstanceId}/data':
    'getHistoricInstanceVariableData',
  // process-api/identity
  'GET /process-api/identity/groups': 'listIdentityGroups',
  'POST /process-api/identity/groups': 'createIdentityGroup',
  'GET /process-api/identity/groups/{groupId}': 'getIdentityGroup',
  'PUT /process-api/identity/groups/{groupId}': 'updateIdentityGroup',
  'DELETE /process-api/identity/groups/{groupId}': 'deleteIdentityGroup',
  'POST /process-api/identity/groups/{groupId}/members': 'createIdentityMembership',
  'DELETE /process-api/identity/groups/{groupId}/members/{userId}': 'deleteIdentityMembership',
  'GET /process-api/identity/users': 'listIdentityUsers',
  'POST /process-api/identity/users': 'createIdentityUser',
  'GET /process-api/identity/users/{userId}': 'getIdentityUser',
  'PUT /process-api/identity/users/{userId}': 'updateIdentityUser',
  'DELETE /process-api/identity/users/{userId}': 'deleteIdentityUser',
  'GET /process-api/identity/users/{userId}/info': 'listUserInfo',
  'POST /process-api/identity/users/{userId}/info': 'createUserInfo',
  'GET /process-api/identity/users/{userId}/info/{key}': 'getUserInfo',
  'PUT /process-api/identity/users/{userId}/info/{key}': 'updateUserInfo',
  'DELETE /process-api/identity/users/{userId}/info/{key}': 'deleteUserInfo',
  'GET /process-api/identity/users/{userId}/picture': 'getUserPicture',
  'PUT /process-api/identity/users/{userId}/picture': 'updateUserPicture',
  // process-api/management
  'GET /process-api/management/batch-parts/{batchPartId}': 'getBatchPart',
  'GET /process-api/management/batch-parts/{batchPartId}/batch-part-document': 'getBatchPartDocument',
  'GET /process-api/management/batches': 'listBatches',
  'GET /process-api/management/batches/{batchId}': 'getBatch',
  'DELETE /process-api/management/batches/{batchId}': 'deleteBatch',
  'GET /process-api/management/batches/{batchId}/batch-document': 'getBatchDocument',
  'GET /process-api/management/batches/{batchId}/batch-parts': 'listBatchesPart',
  'GET /process-api/management/batches/{batchId}/summary': 'getBatchSummary',
  'GET /process-api/management/deadletter-jobs': 'listDeadLetterJobs',
  'POST /process-api/management/deadletter-jobs': 'executeDeadLetterJobActions',
  'GET /process-api/management/deadletter-jobs/{jobId}': 'getDeadletterJob',
  'DELETE /process-api/management/deadletter-jobs/{jobId}': 'deleteDeadLetterJob',
  'POST /process-api/management/deadletter-jobs/{jobId}': 'executeDeadLetterJobAction',
  'GET /process-api/management/deadletter-jobs/{jobId}/exception-stacktrace': 'getDeadLetterJobStacktrace',
  'GET /process-api/management/engine': 'getEngineInfo',
  'GET /process-api/management/engine-properties': 'getEngineProperties',
  'POST /process-api/management/engine-properties': 'createEngineProperty',
  'PUT /process-api/management/engine-properties/{engineProperty}': 'updateEngineProperty',
  'DELETE /process-api/management/engine-properties/{engineProperty}': 'deleteEngineProperty',
  'GET /process-api/management/history-jobs': 'listHistoryJobs',
  'GET /process-api/management/history-jobs/{jobId}': 'getHistoryJob',
  'DELETE /process-api/management/history-jobs/{jobId}': 'deleteHistoryJob',
  'POST /process-api/management/history-jobs/{jobId}': 'executeHistoryJob',
  'GET /process-api/management/jobs': 'listJobs',
  'GET /process-api/management/jobs/{jobId}': 'getJob',
  'DELETE /process-api/management/jobs/{jobId}': 'deleteJob',
  'POST /process-api/management/jobs/{jobId}': 'executeJobAction',
  'GET /process-api/management/jobs/{jobId}/exception-stacktrace': 'getJobStacktrace',
  'GET /process-api/management/properties': 'getProperties',
  'GET /process-api/management/suspended-jobs': 'listSuspendedJobs',
  'GET /process-api/management/suspended-jobs/{jobId}': 'getSuspendedJob',
  'DELETE /process-api/management/suspended-jobs/{jobId}': 'deleteSuspendedJob',
  'GET /process-api/management/suspended-jobs/{jobId}/exception-stacktrace': 'getSuspendedJobStacktrace',
  'GET /process-api/management/tables': 'listTables',
  'GET /process-api/management/tables/{tableName}': 'getTable',
  'GET /process-api/management/tables/{tableName}/columns': 'getTableMetaData',
  'GET /process-api/management/tables/{tableName}/data': 'getTableData',
  'GET /process-api/management/timer-jobs': 'listTimerJobs',
  'GET /process-api/management/timer-jobs/{jobId}': 'getTimerJob',
  'DELETE /process-api/management/timer-jobs/{jobId}': 'deleteTimerJob',
  'POST /process-api/management/timer-jobs/{jobId}': 'executeTimerJobAction',
  'GET /process-api/management/timer-jobs/{jobId}/exception-stacktrace': 'getTimerJobStacktrace',
  // process-api/query
  'POST /process-api/query/activity-instances': 'queryActivityInstances',
  'POST /process-api/query/executions': 'queryExecutions',
  'POST /process-api/query/historic-activity-instances': 'queryHistoricActivityInstances',
  'POST /process-api/query/historic-detail': 'queryHistoricDetail',
  'POST /process-api/query/historic-process-instances': 'queryHistoricProcessInstance',
  'POST /process-api/query/historic-task-instances': 'queryHistoricTaskInstance',
  'POST /process-api/query/historic-variable-instances': 'queryHistoricVariableInstances',
  'POST /process-api/query/process-instances': 'queryProcessInstances',
  'POST /process-api/query/tasks': 'queryTasks',
  'POST /process-api/query/variable-instances': 'queryVariableInstances',
  // process-api/repository
  'POST /process-api/repository/deployments': 'uploadDeployment',
  'GET /process-api/repository/deployments': 'listDeployments',
  'GET /process-api/repository/deployments/{deploymentId}': 'getDeployment',
  'DELETE /process-api/repository/deployments/{deploymentId}': 'deleteDeployment',
  'GET /process-api/repository/deployments/{deploymentId}/resourcedata/{resourceId}':
    'getDeploymentResourceData',
  'GET /process-api/repository/deployments/{deploymentId}/resources': 'listDeploymentResources',
  'GET /process-api/repository/deployments/{deploymentId}/resources/{resourceId}': 'getDeploymentResource',
  'GET /process-api/repository/models': 'listModels',
  'POST /process-api/repository/models': 'createModel',
  'GET /process-api/repository/models/{modelId}': 'getModel',
  'PUT /process-api/repository/models/{modelId}': 'updateModel',
  'DELETE /process-api/repository/models/{modelId}': 'deleteModel',
  'GET /process-api/repository/models/{modelId}/source': 'getModelBytes',
  'PUT /process-api/repository/models/{modelId}/source': 'setModelSource',
  'GET /process-api/repository/models/{modelId}/source-extra': 'getExtraEditorSource',
  'PUT /process-api/repository/models/{modelId}/source-extra': 'setExtraEditorSource',
  'GET /process-api/repository/process-definitions': 'listProcessDefinitions',
  'GET /process-api/repository/process-definitions/{processDefinitionId}': 'getProcessDefinition',
  'PUT /process-api/repository/process-definitions/{processDefinitionId}': 'executeProcessDefinitionAction',
  'POST /process-api/repository/process-definitions/{processDefinitionId}/batch-migrate':
    'batchMigrateInstancesOfProcessDefinition',
  'GET /process-api/repository/process-definitions/{processDefinitionId}/decision-tables':
    'listProcessDefinitionDecisionTables',
  'GET /process-api/repository/process-definitions/{processDefinitionId}/decisions':
    'listProcessDefinitionDecisions',
  'GET /process-api/repository/process-definitions/{processDefinitionId}/form-definitions':
    'listProcessDefinitionFormDefinitions',
  'GET /process-api/repository/process-definitions/{processDefinitionId}/identitylinks':
    'listProcessDefinitionIdentityLinks',
  'POST /process-api/repository/process-definitions/{processDefinitionId}/identitylinks':
    'createIdentityLink',
  'GET /process-api/repository/process-definitions/{processDefinitionId}/identitylinks/{family}/{identityId}':
    'getIdentityLink',
  'DELETE /process-api/repository/process-definitions/{processDefinitionId}/identitylinks/{family}/{identityId}':
    'deleteIdentityLink',
  'GET /process-api/repository/process-definitions/{processDefinitionId}/image': 'getModelResource',
  'POST /process-api/repository/process-definitions/{processDefinitionId}/migrate':
    'migrateInstancesOfProcessDefinition',
  'GET /process-api/repository/process-definitions/{processDefinitionId}/model': 'getBpmnModelResource',
  'GET /process-api/repository/process-definitions/{processDefinitionId}/resourcedata':
    'getProcessDefinitionResource',
  'GET /process-api/repository/process-definitions/{processDefinitionId}/start-form':
    'getProcessDefinitionStartForm',
  // process-api/runtime
  'GET /process-api/runtime/activity-instances': 'listActivityInstances',
  'GET /process-api/runtime/event-subscriptions': 'listEventSubscriptions',
  'GET /process-api/runtime/event-subscriptions/{eventSubscriptionId}': 'getEventSubscription',
  'GET /process-api/runtime/executions': 'listExecutions',
  'PUT /process-api/runtime/executions': 'executeExecutionAction',
  'GET /process-api/runtime/executions/{executionId}': 'getExecution',
  'PUT /process-api/runtime/executions/{executionId}': 'performExecutionAction',
  'GET /process-api/runtime/executions/{executionId}/activities': 'listExecutionActiveActivities',
  'POST /process-api/runtime/executions/{executionId}/change-state': 'changeExecutionActivityState',
  'GET /process-api/runtime/executions/{executionId}/variables': 'listExecutionVariables',
  'POST /process-api/runtime/executions/{executionId}/variables': 'createExecutionVariable',
  'PUT /process-api/runtime/executions/{executionId}/variables': 'createOrUpdateExecutionVariable',
  'DELETE /process-api/runtime/executions/{executionId}/variables': 'deleteLocalVariables',
  'POST /process-api/runtime/executions/{executionId}/variables-async': 'createExecutionVariableAsync',
  'PUT /process-api/runtime/executions/{executionId}/variables-async': 'createOrUpdateExecutionVariableAsync',
  'PUT /process-api/runtime/executions/{executionId}/variables-async/{variableName}':
    'updateExecutionVariableAsync',
  'GET /process-api/runtime/executions/{executionId}/variables/{variableName}': 'getExecutionVariable',
  'PUT /process-api/runtime/executions/{executionId}/variables/{variableName}': 'updateExecutionVariable',
  'DELETE /process-api/runtime/executions/{executionId}/variables/{variableName}': 'deletedExecutionVariable',
  'GET /process-api/runtime/executions/{executionId}/variables/{variableName}/data':
    'getExecutionVariableData',
  'GET /process-api/runtime/process-instances': 'listProcessInstances',
  'POST /process-api/runtime/process-instances': 'createProcessInstance',
  'GET /process-api/runtime/process-instances/{processInstanceId}': 'getProcessInstance',
  'DELETE /process-api/runtime/process-instances/{processInstanceId}': 'deleteProcessInstance',
  'PUT /process-api/runtime/process-instances/{processInstanceId}': 'updateProcessInstance',
  'POST /process-api/runtime/process-instances/{processInstanceId}/change-state': 'changeActivityState',
  'GET /process-api/runtime/process-instances/{processInstanceId}/diagram': 'getProcessInstanceDiagram',
  'POST /process-api/runtime/process-instances/{processInstanceId}/evaluate-conditions': 'evaluateConditions',
  'GET /process-api/runtime/process-instances/{processInstanceId}/identitylinks':
    'listProcessInstanceIdentityLinks',
  'POST /process-api/runtime/process-instances/{processInstanceId}/identitylinks':
    'createProcessInstanceIdentityLinks',
  'GET /process-api/runtime/process-instances/{processInstanceId}/identitylinks/{family}/{identityId}/{type}':
    'getProcessInstanceIdentityLinks',
  'DELETE /process-api/runtime/process-instances/{processInstanceId}/identitylinks/{family}/{identityId}/{type}':
    'deleteProcessInstanceIdentityLinks',
  'POST /process-api/runtime/process-instances/{processInstanceId}/inject': 'injectActivityInProcessInstance',
  'POST /process-api/runtime/process-instances/{processInstanceId}/migrate': 'migrateProcessInstance',
  'POST /process-api/runtime/process-instances/{processInstanceId}/validate-migration':
    'validateProcessInstanceMigration',
  'GET /process-api/runtime/process-instances/{processInstanceId}/variables': 'listProcessInstanceVariables',
  'POST /process-api/runtime/process-instances/{processInstanceId}/variables':
    'createProcessInstanceVariable',
  'PUT /process-api/runtime/process-instances/{processInstanceId}/variables': 'createOrUpdateProcessVariable',
  'DELETE /process-api/runtime/process-instances/{processInstanceId}/variables': 'deleteLocalProcessVariable',
  'POST /process-api/runtime/process-instances/{processInstanceId}/variables-async':
    'createProcessInstanceVariableAsync',
  'PUT /process-api/runtime/process-instances/{processInstanceId}/variables-async':
    'createOrUpdateProcessVariableAsync',
  'PUT /process-api/runtime/process-instances/{processInstanceId}/variables-async/{variableName}':
    'updateProcessInstanceVariableAsync',
  'GET /process-api/runtime/process-instances/{processInstanceId}/variables/{variableName}':
    'getProcessInstanceVariable',
  'PUT /process-api/runtime/process-instances/{processInstanceId}/variables/{variableName}':
    'updateProcessInstanceVariable',
  'DELETE /process-api/runtime/process-instances/{processInstanceId}/variables/{variableName}':
    'deleteProcessInstanceVariable',
  'GET /process-api/runtime/process-instances/{processInstanceId}/variables/{variableName}/data':
    'getProcessInstanceVariableData',
  'POST /process-api/runtime/process-instances/delete': 'deleteProcessInstances',
  'POST /process-api/runtime/signals': 'signalEventReceived',
  'GET /process-api/runtime/tasks': 'listTasks',
  'POST /process-api/runtime/tasks': 'createTask',
  'PUT /process-api/runtime/tasks': 'bulkUpdateTasks',
  'GET /process-api/runtime/tasks/{taskId}': 'getTask',
  'PUT /process-api/runtime/tasks/{taskId}': 'updateTask',
  'POST /process-api/runtime/tasks/{taskId}': 'executeTaskAction',
  'DELETE /process-api/runtime/tasks/{taskId}': 'deleteTask',
  'GET /process-api/runtime/tasks/{taskId}/attachments': 'listTaskAttachments',
  'POST /process-api/runtime/tasks/{taskId}/attachments': 'createAttachment',
  'GET /process-api/runtime/tasks/{taskId}/attachments/{attachmentId}': 'getAttachment',
  'DELETE /process-api/runtime/tasks/{taskId}/attachments/{attachmentId}': 'deleteAttachment',
  'GET /process-api/runtime/tasks/{taskId}/attachments/{attachmentId}/content': 'getAttachmentContent',
  'GET /process-api/runtime/tasks/{taskId}/comments': 'listTaskComments',
  'POST /process-api/runtime/tasks/{taskId}/comments': 'createTaskComments',
  'GET /process-api/runtime/tasks/{taskId}/comments/{commentId}': 'getTaskComment',
  'DELETE /process-api/runtime/tasks/{taskId}/comments/{commentId}': 'deleteTaskComment',
  'GET /process-api/runtime/tasks/{taskId}/events': 'listTaskEvents',
  'GET /process-api/runtime/tasks/{taskId}/events/{eventId}': 'getEvent',
  'DELETE /process-api/runtime/tasks/{taskId}/events/{eventId}': 'deleteEvent',
  'GET /process-api/runtime/tasks/{taskId}/form': 'getTaskForm',
  'GET /process-api/runtime/tasks/{taskId}/identitylinks': 'listTasksInstanceIdentityLinks',
  'POST /process-api/runtime/tasks/{taskId}/identitylinks': 'createTaskInstanceIdentityLinks',
  'GET /process-api/runtime/tasks/{taskId}/identitylinks/{family}': 'listIdentityLinksForFamily',
  'DELETE /process-api/runtime/tasks/{taskId}/identitylinks/{family}/{identityId}/{type}':
    'deleteTaskInstanceIdentityLinks',
  'GET /process-api/runtime/tasks/{taskId}/identitylinks/{family}/{identityId}/{type}':
    'getTaskInstanceIdentityLinks',
  'GET /process-api/runtime/tasks/{taskId}/subtasks': 'listTaskSubtasks',
  'GET /process-api/runtime/tasks/{taskId}/variables': 'listTaskVariables',
  'POST /process-api/runtime/tasks/{taskId}/variables': 'createTaskVariable',
  'DELETE /process-api/runtime/tasks/{taskId}/variables': 'deleteAllLocalTaskVariables',
  'GET /process-api/runtime/tasks/{taskId}/variables/{variableName}': 'getTaskInstanceVariable',
  'PUT /process-api/runtime/tasks/{taskId}/variables/{variableName}': 'updateTaskInstanceVariable',
  'DELETE /process-api/runtime/tasks/{taskId}/variables/{variableName}': 'deleteTaskInstanceVariable',
  'GET /process-api/runtime/tasks/{taskId}/variables/{variableName}/data': 'getTaskVariableData',
  'GET /process-api/runtime/variable-instances': 'listVariableInstances',
  'GET /process-api/runtime/variable-instances/{varInstanceId}/data': 'getVariableInstanceData',
  // search-api
  'POST /search-api/counts/case-instances': 'countCaseInstances',
  'POST /search-api/counts/historic-process-instances': 'countHistoricProcessInstances',
  'POST /search-api/counts/process-instances': 'countProcessInstances',
  'POST /search-api/counts/tasks': 'countTasks',
  'POST /search-api/query/case-instances': 'searchCaseInstances',
  'POST /search-api/query/historic-process-instances': 'searchHistoricProcessInstances',
  'POST /search-api/query/process-instances': 'searchProcessInstances',
  'POST /search-api/query/tasks': 'searchTasks',
};

export const operationIdOf = (method: string, path: string): string | undefined =>
  operationIds[`${method} ${path}`];
