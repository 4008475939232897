import { expect, test } from 'vitest';
import { ensureAdminUser } from '../../src/http/auth/bootstrap-admin.ts';
import { authenticate } from '../../src/http/auth/basic-auth.ts';
import { CredentialCache } from '../../src/http/auth/credential-cache.ts';
import { openTestDatabase } from '../helpers/database.ts';

const capturingLog = () => {
  const warnings: { obj: object; msg?: string }[] = [];
  return { warnings, info: () => {}, warn: (obj: object, msg?: string) => warnings.push({ obj, msg }) };
};

test('a configured password without a user id is the password of admin; a later, different one is reported, not applied', async () => {
  const { db, close } = await openTestDatabase('postgres');
  try {
    const log = capturingLog();
    const printed: string[] = [];
    const first = await ensureAdminUser(db, { http: { adminPassword: 'first-pw' } }, log, (line) =>
      printed.push(line),
    );
    expect(first).toEqual({ userId: 'admin', created: true });
    expect(printed).toEqual([]);
    expect(await authenticate(db, new CredentialCache(), 'admin', 'first-pw')).toBeDefined();

    const again = await ensureAdminUser(db, { http: { adminPassword: 'second-pw' } }, log, () => {});
    expect(again).toEqual({ userId: 'admin', created: false, passwordDiffers: true });
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0].obj).toEqual({ userId: 'admin' });
    expect(log.warnings[0].msg).toContain("Run 'weir admin reset-password admin'");
    expect(log.warnings[0].msg).not.toContain('second-pw');
    expect(await authenticate(db, new CredentialCache(), 'admin', 'second-pw')).toBeUndefined();

    const same = await ensureAdminUser(db, { http: { adminPassword: 'first-pw' } }, log, () => {});
    expect(same).toEqual({ userId: 'admin', created: false, passwordDiffers: false });
    expect(log.warnings).toHaveLength(1);
  } finally {
    await close();
  }
});
