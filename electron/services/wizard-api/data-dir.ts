// Where browser mode keeps its projects: TCW_DATA_DIR (tests), else the platform's per-user config
// folder (XDG_CONFIG_HOME or ~/.config on Linux). Electron uses app.getPath('userData') instead.
import { homedir } from 'node:os';
import { join, isAbsolute } from 'node:path';

export function browserModeDataDir(
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.TCW_DATA_DIR && isAbsolute(env.TCW_DATA_DIR)) return env.TCW_DATA_DIR;
  if (platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'tcw');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'tcw');
  if (env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME)) return join(env.XDG_CONFIG_HOME, 'tcw');
  return join(home, '.config', 'tcw');
}
