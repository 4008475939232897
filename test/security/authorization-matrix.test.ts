/**
 * Every route of the server against every kind of caller (docs/security.md, "Authorization").
 * The routes come from the server's own route table, so a route added without an entry in
 * `route-matrix.ts` fails the first test. A request that changes something gets a fresh world
 * per caller, so what one caller did never decides what the next one gets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../http/harness.ts';
import { gateAnswer, routeMatrix, type RouteCase } from './route-matrix.ts';
import {
  createSecurityHarness,
  identities,
  type Identity,
  type SecurityHarness,
  type World,
} from './world.ts';

let h: SecurityHarness;
let shared: World;
let uploadXml: string;

beforeAll(async () => {
  h = await createSecurityHarness();
  shared = await h.world();
  uploadXml = (
    await h.send(
      'admin',
      'GET',
      `/process-api/repository/deployments/${shared.deploymentId}/resourcedata/${shared.resourceName}`,
    )
  ).body;
}, 120_000);
afterAll(() => h.close());

const stopsAtGate = (who: Identity): who is 'anonymous' | 'wrongPassword' | 'noPrivilege' =>
  who === 'anonymous' || who === 'wrongPassword' || who === 'noPrivilege';

/** Changing a deployment or definition needs one of its own; the idm routes need only people. */
const worldOptions = (key: string) => ({
  deployment: /^(DELETE|PUT) \/process-api\/repository\//.test(key),
  idm: key.includes(' /idm-api/') || key.includes(' /process-api/identity/'),
  forms: key.includes(' /form-api/'),
});

const call = (who: Identity, method: string, c: RouteCase, w: World) => {
  if (c.upload) {
    const { payload, contentType } = multipart([{ name: 'uploaded.bpmn20.xml', content: uploadXml }]);
    return h.send(who, method, c.url(w), payload, contentType);
  }
  return h.send(who, method, c.url(w), c.body?.(w));
};

describe('the authorization matrix', () => {
  it('has an entry for every route of the server and none for a route it lacks', () => {
    const routes = h.app.routeTable.map((r) => `${r.method} ${r.url}`);
    expect(routes.length).toBeGreaterThan(80);
    expect(routes.filter((r) => !(r in routeMatrix))).toEqual([]);
    expect(Object.keys(routeMatrix).filter((key) => !routes.includes(key))).toEqual([]);
  });

  for (const [key, c] of Object.entries(routeMatrix)) {
    it(`${key}`, async () => {
      const method = key.slice(0, key.indexOf(' '));
      const changes = method !== 'GET' && !key.includes('/query/') && !c.upload;
      const expected: Record<string, number> = {};
      const actual: Record<string, string | number> = {};
      for (const who of identities) {
        expected[who] = stopsAtGate(who)
          ? gateAnswer(c.gate ?? 'rest', who, c.expect.outsider)
          : c.expect[who];
        const world = changes && !stopsAtGate(who) ? await h.world(worldOptions(key)) : shared;
        const response = await call(who, method, c, world);
        actual[who] =
          response.statusCode === expected[who]
            ? response.statusCode
            : `${response.statusCode} ${response.body.slice(0, 160)}`;
      }
      expect(actual).toEqual(expected);
    }, 60_000);
  }
});
