/** Response schemas of `/process-api/repository`: deployments, their resources, process definitions. */
import Type from 'typebox';
import { AlwaysNull, Flag, Link, Text, TextOrNull, Timestamp } from './common.ts';

export const Deployment = Type.Object({
  id: Text(),
  name: TextOrNull(),
  deploymentTime: Timestamp(),
  category: TextOrNull(),
  key: TextOrNull(),
  parentDeploymentId: Text(),
  url: Link(),
  tenantId: Text("'' when none"),
});

/** A form or DMN deployment: the child deployment of an app's or a process's, or one of its own. */
export const ChildDeployment = Type.Object({
  id: Text(),
  name: TextOrNull(),
  deploymentTime: Timestamp(),
  category: TextOrNull(),
  url: Link(),
  parentDeploymentId: TextOrNull('The process deployment it came with; null when deployed on its own'),
  tenantId: Text(),
});

/** What a form definition and a decision answer alike (Flowable's FormDefinitionResponse, DecisionResponse). */
export const childDefinitionFields = {
  id: Text(),
  url: Link(),
  category: TextOrNull(),
  name: TextOrNull(),
  key: Text(),
  description: TextOrNull(),
  version: Type.Integer(),
  resourceName: Text('The file that defines it'),
  deploymentId: Text('Its form or DMN deployment'),
  tenantId: Text("'' when none"),
};

export const DeploymentResource = Type.Object({
  id: Text('The resource name'),
  url: Link(),
  contentUrl: Link('Where the bytes are'),
  mediaType: Text(),
  type: Type.Enum(['processDefinition', 'processImage', 'resource'], { type: 'string' }),
});

export const ProcessDefinition = Type.Object({
  id: Text(),
  url: Link(),
  key: Text(),
  version: Type.Integer(),
  name: TextOrNull(),
  description: TextOrNull(),
  tenantId: Text(),
  deploymentId: Text(),
  deploymentUrl: Link(),
  resource: Link(),
  diagramResource: AlwaysNull(),
  category: TextOrNull(),
  graphicalNotationDefined: Flag(),
  suspended: Flag(),
  startFormDefined: Flag(),
});
