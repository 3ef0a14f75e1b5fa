#!/usr/bin/env node
// Sends one push to a running Herald sandbox with a third-party APNs client (@parse/node-apn),
// then reads it back from the sandbox inbox. Start the sandbox first (`npm start` or
// `npm run herald -- sandbox`). Usage: node send-with-node-apn.mjs [--data .herald/sandbox]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import apn from '@parse/node-apn';

const i = process.argv.indexOf('--data');
const data = resolve(i > 0 ? process.argv[i + 1] : '.herald/sandbox');
const running = JSON.parse(readFileSync(join(data, 'running.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(data, 'sandbox.json'), 'utf8'));
const { hostname, port } = new URL(running.origin);
const admin = (path, body) =>
  fetch(running.adminUrl + path, { method: body ? 'POST' : 'GET', body: body && JSON.stringify(body) }).then((r) => r.json());

// 1. A device registers with "Apple" (the sandbox) and gets a token.
const topic = manifest.apns.topics[0];
const device = await admin('/apns/devices', { topic });
console.log(`registered device ${device.token.slice(0, 12)}… for ${topic}`);

// 2. The provider sends to it with the team's .p8 key, exactly as it would to api.push.apple.com.
const provider = new apn.Provider({
  token: { key: join(data, 'apns-auth-key.p8'), keyId: manifest.apns.keyId, teamId: manifest.apns.teamId },
  address: hostname,
  port: Number(port),
  ca: readFileSync(join(data, 'ca.pem')),
});
const note = new apn.Notification({ alert: { title: 'Town Square', body: 'Hello from node-apn' }, topic, badge: 1, sound: 'default' });
const result = await provider.send(note, device.token);
provider.shutdown();
if (result.failed.length > 0) {
  console.error('APNs refused the push:', JSON.stringify(result.failed[0].response ?? result.failed[0].error));
  process.exit(1);
}
console.log('APNs accepted it');

// 3. The device's inbox shows what arrived.
const { deliveries } = await admin(`/inbox?token=${device.token}&wait=5000`);
console.log('the device received:', JSON.stringify(deliveries[0]?.payload));
