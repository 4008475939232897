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
