// The seed's troubleshooting step 1: System Console > Logging > File Log Level = DEBUG, so the
// "Sending push notification to …" line reaches the log GET /api/v4/logs reads. Set for the test
// only when needed, and restored afterwards (a cleanup).
import { api } from './api.js';
import type { DoctorState, Report, ServerConfigView } from './types.js';

export async function ensureDebugFileLog(state: DoctorState, report: Report): Promise<void> {
  if (!state.token || !state.isAdmin) return;
  const cfg = await api<ServerConfigView>(state, 'GET', '/config');
  const { EnableFile, FileLevel } = cfg.LogSettings;
  if (EnableFile && FileLevel === 'DEBUG') {
    state.debugLog = true;
    return;
  }
  await api(state, 'PUT', '/config/patch', { LogSettings: { EnableFile: true, FileLevel: 'DEBUG' } });
  state.debugLog = true;
  report({ hop: 'server-log', status: 'info', message: `Server log: file log set to DEBUG for the test (was ${EnableFile ? FileLevel : 'off'}; restored at the end)` });
  state.cleanups.push({
    what: `restored the file log level to ${EnableFile ? FileLevel : 'off'}`,
    run: async () => void (await api(state, 'PUT', '/config/patch', { LogSettings: { EnableFile, FileLevel } })),
  });
}
