import { parseJdbcUrl, toPostgresUrl } from './jdbc-url.ts';
import { configKeys } from './keys.ts';
import type { Setting } from './resolve.ts';

/**
 * Spring's `spring.datasource.*` onto Weir's `database.url`, so a Flowable user's file reaches
 * the same PostgreSQL. `database.url` (or `DATABASE_URL`) wins when both are given, whatever
 * their sources: it is Weir's own name, so giving it is the more deliberate act. Either way
 * the choice is stated in one warning, since one of the two lines is then ignored.
 */

const URL_KEY = 'spring.datasource.url';

const described = (key: string, setting: Setting): string => `'${key}' (from ${setting.origin.label})`;

/** Sets `database.url` from the Spring keys when it is unset; returns the warnings to log. */
export const applyDatasource = (settings: Map<string, Setting>): string[] => {
  const given = (key: string): Setting | undefined => {
    const setting = settings.get(key);
    return setting?.value === undefined ? undefined : setting;
  };
  const spring = given(URL_KEY);
  const username = given('spring.datasource.username');
  const password = given('spring.datasource.password');
  if (!spring) {
    return [username, password]
      .filter((setting) => setting !== undefined)
      .map((setting) => `${described(setting.entry.key, setting)} has no effect: '${URL_KEY}' is unset`);
  }
  const own = given('database.url');
  if (own) {
    return [`${described('database.url', own)} is used; ${described(URL_KEY, spring)} is ignored`];
  }
  const jdbc = parseJdbcUrl(spring.value as string);
  // Validation let only PostgreSQL URLs through; this narrows the type.
  if (jdbc.kind !== 'postgres') return [];
  const target = toPostgresUrl(
    jdbc,
    username?.value as string | undefined,
    password?.value as string | undefined,
  );
  const entry = configKeys.find((key) => key.key === 'database.url');
  if (!entry) throw new Error('The registry has no database.url');
  settings.set('database.url', {
    entry,
    value: target.url,
    display: target.url,
    origin: { source: spring.origin.source, label: `${URL_KEY} in ${spring.origin.label}` },
  });
  return target.dropped.length === 0
    ? []
    : [
        `JDBC parameters ${target.dropped.join(', ')} in ${described(URL_KEY, spring)} have no effect in Weir`,
      ];
};
