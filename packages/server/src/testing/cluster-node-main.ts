// A chat-server node on its own (spawnNode in cluster-nodes.ts runs it): options as JSON in
// argv[2]; prints {"url", "nodeId"} once it listens, then runs until killed.
import { pino } from 'pino';
import { createChatServer, type ChatServerOptions } from '../chat-server.js';

const opts = JSON.parse(process.argv[2] ?? '{}') as Pick<ChatServerOptions, 'dataDir' | 'databaseUrl' | 'redisUrl' | 'cluster'>;
const server = await createChatServer({ ...opts, port: 0, host: '127.0.0.1', logger: pino({ level: 'silent' }), passwordCost: { log2N: 10, r: 8, p: 1 } });
process.stdout.write(`${JSON.stringify({ url: server.url, nodeId: server.nodeId })}\n`);
