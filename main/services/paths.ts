import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Descent Lab';

/**
 * The folder Electron's app.getPath('userData') gives this app on each OS, so that the web
 * preview and the CLI find the same sessions and settings as the installed app.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const home = os.homedir();
  if (env.DESCENT_LAB_DATA_DIR) return path.resolve(env.DESCENT_LAB_DATA_DIR);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}
