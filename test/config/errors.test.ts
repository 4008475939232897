import { describe, expect, it } from 'vitest';
import { isWeirError } from '../../src/errors.ts';
import { loadConfig } from '../../src/config/index.ts';
import { useTempDir } from './temp-dir.ts';

const dir = useTempDir();

/** The code and message `loadConfig` fails with; fails the test when it does not throw. */
const failure = (options: {
  argv?: string[];
  env?: Record<string, string>;
}): { code: string; message: string } => {
  try {
    loadConfig({ argv: options.argv ?? [], env: options.env ?? {}, cwd: dir.path() });
  } catch (error) {
    if (!isWeirError(error)) throw error;
    expect(error.message).not.toContain('\n');
    return { code: error.code, message: error.message };
  }
  throw new Error('loadConfig did not throw');
};

describe('unknown keys', () => {
  it('a misspelt key in a file names the file and the nearest valid key', () => {
    dir.write('application.properties', 'flowable.auto-deployment.use-lok=true\n');
    expect(failure({})).toEqual({
      code: 'WEIR_CONFIG_UNKNOWN_KEY',
      message:
        "Unknown configuration key 'flowable.auto-deployment.use-lok' (from application.properties); did you mean 'flowable.auto-deployment.use-lock'?",
    });
  });

  it('a misspelt flag names the nearest valid key', () => {
    expect(failure({ argv: ['--server.prot=8091'] })).toEqual({
      code: 'WEIR_CONFIG_UNKNOWN_KEY',
      message: "Unknown configuration key 'server.prot' (from --flag); did you mean 'server.port'?",
    });
  });

  it('an unknown engine under flowable.auto-deployment.engine suggests the real one', () => {
    dir.write(
      'application.yaml',
      'flowable:\n  auto-deployment:\n    engine:\n      bpm:\n        use-lock: true\n',
    );
    expect(failure({})).toEqual({
      code: 'WEIR_CONFIG_UNKNOWN_KEY',
      message:
        "Unknown configuration key 'flowable.auto-deployment.engine.bpm.use-lock' (from application.yaml); did you mean 'flowable.auto-deployment.engine.bpmn.use-lock'?",
    });
  });

  it('an unknown FLOWABLE_ environment variable names the nearest valid variable', () => {
    expect(failure({ env: { FLOWABLE_AUTO_DEPLOYMENT_USE_LOK: 'true' } })).toEqual({
      code: 'WEIR_CONFIG_UNKNOWN_KEY',
      message:
        "Unknown configuration key 'FLOWABLE_AUTO_DEPLOYMENT_USE_LOK' (from environment); did you mean 'FLOWABLE_AUTO_DEPLOYMENT_USE_LOCK'?",
    });
  });

  it('an unknown WEIR_ environment variable is an error too', () => {
    expect(failure({ env: { WEIR_HEARTBEAT: 'PT1S' } })).toEqual({
      code: 'WEIR_CONFIG_UNKNOWN_KEY',
      message:
        "Unknown configuration key 'WEIR_HEARTBEAT' (from environment); did you mean 'WEIR_HEARTBEAT_INTERVAL'?",
    });
  });
});

describe('bad values', () => {
  it('a malformed duration says what an ISO-8601 duration looks like', () => {
    expect(failure({ argv: ['--flowable.auto-deployment.lock-wait-time=PT5X'] })).toEqual({
      code: 'WEIR_CONFIG_BAD_VALUE',
      message:
        "Bad value 'PT5X' for 'flowable.auto-deployment.lock-wait-time' (from --flag): expected an ISO-8601 duration such as PT5M",
    });
  });

  it.each(['5 min', '5mins', 'P1M', 'PT', 'P1DT', '-PT5M', '300000'])(
    '%s is not an accepted duration',
    (text) => {
      expect(failure({ argv: [`--weir.events.replay-window=${text}`] }).message).toBe(
        `Bad value '${text}' for 'weir.events.replay-window' (from --flag): expected an ISO-8601 duration such as PT5M`,
      );
    },
  );

  it("Spring's simple durations are read as Spring reads them", () => {
    const replayWindow = (text: string) =>
      loadConfig({ argv: [`--weir.events.replay-window=${text}`], env: {}, cwd: dir.path() }).http
        .eventReplayWindow;
    expect(replayWindow('5m')).toBe(5 * 60_000);
    expect(replayWindow('90s')).toBe(90_000);
    expect(replayWindow('1500ms')).toBe(1_500);
  });

  it('a duration below its floor names the floor', () => {
    expect(failure({ env: { WEIR_HEARTBEAT_INTERVAL: 'PT0.05S' } })).toEqual({
      code: 'WEIR_CONFIG_BAD_VALUE',
      message:
        "Bad value 'PT0.05S' for 'weir.heartbeat-interval' (from environment variable WEIR_HEARTBEAT_INTERVAL): expected an ISO-8601 duration of at least PT0.1S",
    });
  });

  it('a non-integer names the allowed range', () => {
    expect(failure({ env: { DATABASE_POOL_SIZE: 'ten' } })).toEqual({
      code: 'WEIR_CONFIG_BAD_VALUE',
      message:
        "Bad value 'ten' for 'database.pool-size' (from environment variable DATABASE_POOL_SIZE): expected a whole number from 1 to 1000",
    });
  });

  it('an integer out of range names the allowed range', () => {
    dir.write('application.properties', 'database.pool-size=0\n');
    expect(failure({}).message).toBe(
      "Bad value '0' for 'database.pool-size' (from application.properties): expected a whole number from 1 to 1000",
    );
  });

  it('a port out of range is refused', () => {
    expect(failure({ argv: ['--server.port', '70000'] }).message).toBe(
      "Bad value '70000' for 'server.port' (from --flag): expected a port number from 0 to 65535",
    );
  });

  it('a boolean must be true or false', () => {
    dir.write('application.yaml', 'flowable:\n  auto-deployment:\n    use-lock: "yes"\n');
    expect(failure({})).toEqual({
      code: 'WEIR_CONFIG_BAD_VALUE',
      message:
        "Bad value 'yes' for 'flowable.auto-deployment.use-lock' (from application.yaml): expected true or false",
    });
  });

  it('an unknown enum value lists the allowed ones', () => {
    expect(failure({ argv: ['--weir.history-level=everything'] }).message).toBe(
      "Bad value 'everything' for 'weir.history-level' (from --flag): expected one of none, activity, audit, full",
    );
  });

  it('a malformed byte size shows the accepted forms', () => {
    expect(failure({ argv: ['--weir.script.memory-limit=64 megabytes'] }).message).toBe(
      "Bad value '64 megabytes' for 'weir.script.memory-limit' (from --flag): expected a size such as 10MB, 512KB or 1048576 (bytes)",
    );
  });

  it('a database URL that is not PostgreSQL is refused without echoing its password', () => {
    expect(failure({ env: { DATABASE_URL: 'mysql://root:topsecret@db/weir' } })).toEqual({
      code: 'WEIR_CONFIG_BAD_VALUE',
      message:
        "Bad value 'mysql://root:****@db/weir' for 'database.url' (from environment variable DATABASE_URL): expected a PostgreSQL URL such as postgres://user:password@localhost:5432/weir",
    });
  });

  it('an empty value for a key with a default is refused', () => {
    expect(failure({ argv: ['--server.port='] }).message).toBe(
      "Bad value '' for 'server.port' (from --flag): expected a port number from 0 to 65535",
    );
  });

  it('a value overridden by a higher source is still checked', () => {
    dir.write('application.properties', 'server.port=eighty\n');
    expect(failure({ argv: ['--server.port=80'] }).message).toBe(
      "Bad value 'eighty' for 'server.port' (from application.properties): expected a port number from 0 to 65535",
    );
  });

  it('a node must not be declared stale before it has missed a heartbeat', () => {
    expect(failure({ argv: ['--weir.node-stale-after=PT2S'] })).toEqual({
      code: 'WEIR_CONFIG_BAD_VALUE',
      message:
        "Bad value 'PT2S' for 'weir.node-stale-after' (from --flag): expected a duration longer than 'weir.heartbeat-interval' (PT2S)",
    });
  });

  it('core-pool-size may not exceed max-pool-size', () => {
    expect(failure({ env: { FLOWABLE_PROCESS_ASYNC_EXECUTOR_MAX_POOL_SIZE: '4' } }).message).toBe(
      "Bad value '8' for 'flowable.process.async.executor.core-pool-size' (from default): expected a number no larger than 'flowable.process.async.executor.max-pool-size' (4)",
    );
  });
});

describe('arguments and files', () => {
  it('a --config file that does not exist is an error', () => {
    expect(failure({ argv: ['--config', 'missing.yaml'] })).toEqual({
      code: 'WEIR_CONFIG_FILE',
      message: `Configuration file 'missing.yaml' given by --config does not exist (looked for ${dir.path()}/missing.yaml)`,
    });
  });

  it('--config without a file name is an error', () => {
    expect(failure({ argv: ['--config'] })).toEqual({
      code: 'WEIR_CONFIG_FILE',
      message: "Missing file name after '--config'",
    });
  });

  it('a --config file of another format is refused', () => {
    dir.write('weir.conf', 'server.port=1\n');
    expect(failure({ argv: ['--config=weir.conf'] }).message).toBe(
      "Configuration file 'weir.conf' must end in .properties, .yaml or .yml",
    );
  });

  it('a stray argument is named', () => {
    expect(failure({ argv: ['--server.port=8091', 'start'] })).toEqual({
      code: 'WEIR_CONFIG_UNKNOWN_KEY',
      message: "Unexpected argument 'start'; configuration flags look like --server.port=8091",
    });
  });

  it('several stray arguments are all named', () => {
    expect(failure({ argv: ['server.port=1', '--server.address=::', 'now'] }).message).toBe(
      "Unexpected arguments 'server.port=1', 'now'; configuration flags look like --server.port=8091",
    );
  });

  it('a flag without its value is an error', () => {
    expect(failure({ argv: ['--server.port', '--server.address=::'] })).toEqual({
      code: 'WEIR_CONFIG_BAD_VALUE',
      message: "Missing value for 'server.port' (from --flag)",
    });
  });

  it('invalid YAML names the file', () => {
    dir.write('application.yaml', 'server:\n  port: [8091\n');
    const { code, message } = failure({});
    expect(code).toBe('WEIR_CONFIG_FILE');
    expect(message).toMatch(/^Configuration file 'application\.yaml' is not valid YAML: /);
  });

  it('both application.properties and application.yaml in one folder is an error', () => {
    dir.write('application.properties', 'server.port=1\n');
    dir.write('application.yaml', 'server:\n  port: 2\n');
    expect(failure({})).toEqual({
      code: 'WEIR_CONFIG_FILE',
      message: `Found both application.properties and application.yaml in ${dir.path()}; keep one, or choose with --config FILE`,
    });
  });
});
