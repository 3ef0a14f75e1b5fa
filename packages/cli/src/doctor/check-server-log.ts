// Step 6, second half: the seed's DEBUG line for the procedure's push, found through System
// Console > Logs (GET /api/v4/logs): `Sending push notification to <device> wi msg of '…'`. With it
// and without the push, the push left the chat server and was lost after it (the seed: "a message
// was sent to the … server and was not received by your mobile application").
import { apiCall } from './api.js';
import type { Check } from './types.js';

const LINES = 2000;

export const serverLogCheck: Check = {
  hop: 'server-log',
  title: 'Server log',
  async run(state, report) {
    const device = state.device;
    if (!state.procedure || !device) return; // the procedure was skipped and said why
    if (!state.isAdmin || !state.debugLog) {
      report({ hop: 'server-log', status: 'skip', message: 'Server log: skipped (reading the log and its level needs a system admin)' });
      return;
    }
    // "63c06ca…" when redacted, the whole token in test mode (TPNS): both start with 7 characters.
    const needle = `Sending push notification to ${device.token.slice(0, 7)}`;
    const deadline = Date.now() + Math.min(state.opts.timeoutMs, 3000);
    let line: string | undefined;
    let problem = '';
    for (;;) {
      const r = await apiCall(state, 'GET', `/logs?page=0&logs_per_page=${LINES}`).catch((e: Error) => e);
      if (r instanceof Error) problem = r.message;
      else if (r.status !== 200) problem = `GET /api/v4/logs answered ${r.status}`;
      else line = (r.json<string[]>() ?? []).find((l) => l.includes(needle) && l.includes(' wi msg of '));
      if (line || Date.now() >= deadline) break;
      await new Promise((res) => setTimeout(res, 200));
    }
    if (line) {
      let msg = line;
      try {
        msg = String((JSON.parse(line) as { msg?: string }).msg ?? line);
      } catch {
        // a plain line
      }
      report({
        hop: 'server-log',
        status: 'ok',
        message: `Server log: ${msg}`,
        ...(state.procedure.delivered ? {} : { hint: 'The chat server sent the push to the push service; it was lost after that (push service -> provider -> device).' }),
      });
      return;
    }
    report({
      hop: 'server-log',
      status: 'fail',
      message: `Server log: no "${needle}… wi msg of" line in the last ${LINES} lines${problem ? ` (${problem})` : ''}`,
      hint: state.procedure.delivered
        ? 'The push arrived, yet the server did not log it at DEBUG: check LogSettings (EnableFile, FileLevel) and that GET /api/v4/logs reads the file log.'
        : 'The chat server never sent the push: check push notifications are on and account A\'s notification settings and presence.',
    });
  },
};
