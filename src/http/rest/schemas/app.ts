/** Response schemas of `/app-api`: app deployments, their resources, app definitions and models. */
import Type from 'typebox';
import { Link, Text, TextOrNull, Timestamp } from './common.ts';
import { childDefinitionFields } from './repository.ts';

/** Flowable's AppDeploymentResponse. */
export const AppDeployment = Type.Object({
  id: Text(),
  name: TextOrNull(),
  deploymentTime: Timestamp(),
  category: TextOrNull(),
  url: Link(),
  tenantId: Text("'' when none"),
});

/** Flowable's AppDefinitionResponse: the fields of a form definition's or a decision's. */
export const AppDefinition = Type.Object({
  ...childDefinitionFields,
  resourceName: Text('The `.app` file that defines it'),
  deploymentId: Text('Its app deployment'),
});

/** Flowable's AppDeploymentResourceResponse. */
export const AppDeploymentResource = Type.Object({
  id: Text('The resource name'),
  url: Link(),
  contentUrl: Link('Where the bytes are'),
  mediaType: Text(),
  type: Type.Enum(['appDefinition', 'resource'], { type: 'string' }),
});

/** The `.app` model as Flowable's app engine writes it back (`BaseAppModel`). */
export const AppModelJson = Type.Object({
  key: Text(),
  name: TextOrNull(),
  description: TextOrNull(),
  theme: TextOrNull(),
  icon: TextOrNull(),
  usersAccess: TextOrNull('Comma-separated user ids, as the app model holds them'),
  groupsAccess: TextOrNull('Comma-separated group ids, as the app model holds them'),
});
