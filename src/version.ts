/** Weir's version, from package.json: shown by `weir version`, `/actuator/info` and the node registry. */
import packageJson from '../package.json' with { type: 'json' };

export const weirVersion: string = packageJson.version;
