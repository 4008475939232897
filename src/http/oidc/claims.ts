/**
 * From the claims of an ID token or a JWT access token to a Weir user: the user id from
 * `user-name-attribute`, the profile and groups from Flowable's
 * `flowable.common.app.security.oauth2.*-attribute` claims. A groups claim may be an array or a
 * comma-separated string, as Flowable's mapper reads it.
 */
import type { ClaimMapping } from '../../config/oidc-keys.ts';
import type { ClaimedIdentity } from '../../engine/user-provisioning.ts';

export type Claims = Readonly<Record<string, unknown>>;

const text = (claims: Claims, name: string): string | undefined => {
  const value = claims[name];
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
};

export const userIdOf = (claims: Claims, userNameAttribute: string): string | undefined =>
  text(claims, userNameAttribute);

/** Undefined when the mapping names no groups claim, or the token carries none and no defaults apply. */
export const groupsOf = (claims: Claims, mapping: ClaimMapping): string[] | undefined => {
  const claim = mapping.groupsAttribute === undefined ? undefined : claims[mapping.groupsAttribute];
  let named: string[] | undefined;
  if (Array.isArray(claim)) named = claim.filter((item): item is string => typeof item === 'string');
  else if (typeof claim === 'string') named = claim.split(',');
  if (named === undefined && mapping.groupsAttribute === undefined && mapping.defaultGroups.length === 0)
    return undefined;
  const groups = [...(named ?? []), ...mapping.defaultGroups].map((group) => group.trim()).filter(Boolean);
  return [...new Set(groups)].sort();
};

export const identityOf = (claims: Claims, userId: string, mapping: ClaimMapping): ClaimedIdentity => ({
  userId,
  firstName: text(claims, mapping.firstNameAttribute),
  lastName: text(claims, mapping.lastNameAttribute),
  displayName: text(claims, mapping.fullNameAttribute),
  email: text(claims, mapping.emailAttribute),
  groups: groupsOf(claims, mapping),
});
