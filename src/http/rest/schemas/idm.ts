/** Response schemas of the identity API: `/idm-api` and its alias `/process-api/identity`. */
import Type from 'typebox';
import { Link, LinkOrNull, Text, TextOrNull } from './common.ts';

export const User = Type.Object({
  id: Text(),
  firstName: TextOrNull(),
  lastName: TextOrNull(),
  displayName: Text('The display name, else first and last name, else the id'),
  email: TextOrNull(),
  tenantId: Text(),
  url: Link(),
  pictureUrl: LinkOrNull(),
});

export const Group = Type.Object({
  id: Text(),
  name: TextOrNull(),
  type: TextOrNull(),
  url: Link(),
});

export const Membership = Type.Object({ userId: Text(), groupId: Text(), url: Link() });

export const Privilege = Type.Object({ id: Text(), name: Text() });

export const UserPrivilege = Type.Object({ privilegeId: Text(), userId: Text() });
export const GroupPrivilege = Type.Object({ privilegeId: Text(), groupId: Text() });
