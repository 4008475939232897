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

/** A flow element of `BpmnModel` JSON: the fields every element has; the rest depend on `kind`. */
const ModelFlowElement = Type.Object(
  {
    id: Text(),
    kind: Text('The element: userTask, serviceTask, exclusiveGateway, sequenceFlow, ...'),
    name: Type.Optional(Text()),
    xmlRowNumber: Type.Integer({ description: 'Line of the element in the deployed XML' }),
    xmlColumnNumber: Type.Integer(),
  },
  {
    additionalProperties: true,
    description:
      "Weir's parsed element: a node has incomingFlows and outgoingFlows, a sequence flow sourceRef, targetRef and conditionExpression; other fields follow the element's kind",
  },
);

const ModelProcess = Type.Object(
  {
    id: Text('The process definition key'),
    name: Type.Optional(Text()),
    executable: Flag(),
    flowElements: Type.Array(ModelFlowElement),
    xmlRowNumber: Type.Integer(),
    xmlColumnNumber: Type.Integer(),
  },
  {
    additionalProperties: true,
    description:
      'Also the start events, child ids, listeners, candidate starters and data objects Weir parsed',
  },
);

const Point = Type.Object({ x: Type.Number(), y: Type.Number() });

/** `GET process-definitions/{id}/model`: Flowable's `BpmnModel` names where Weir's model meets them. */
export const BpmnModelJson = Type.Object({
  mainProcess: ModelProcess,
  processes: Type.Array(ModelProcess),
  locationMap: Type.Record(
    Type.String(),
    Type.Object({
      x: Type.Number(),
      y: Type.Number(),
      width: Type.Number(),
      height: Type.Number(),
      expanded: Flag('A subprocess drawn expanded'),
    }),
    { description: "Each drawn element's bounds, by element id" },
  ),
  flowLocationMap: Type.Record(Type.String(), Type.Array(Point), {
    description: "Each drawn flow's waypoints, by flow id",
  }),
});
