// The test rendering of deploy/nginx/herald.conf changes only the lines the file marks
// `# herald:NAME` (one line per value: several nodes, several `server` lines with the shipped
// options) and fails loudly when the file and the renderer drift apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HERALD_CONF_PATH, renderHeraldConf, renderMarkedConf, type HeraldConfValues } from '../testing/render-herald-conf.js';

const values: HeraldConfValues = {
  'chat-node': ['127.0.0.1:41001', '127.0.0.1:41002'],
  'push-node': ['127.0.0.1:41003'],
  'chat-listen': ['127.0.0.1:42001'],
  'chat-http-listen': ['127.0.0.1:42002'],
  'push-listen': ['127.0.0.1:42003'],
  'chat-name': ['localhost'],
  'push-name': ['localhost'],
  'chat-cert': ['/tmp/t/server.crt'],
  'chat-key': ['/tmp/t/server.key'],
  'push-cert': ['/tmp/t/server.crt'],
  'push-key': ['/tmp/t/server.key'],
};

test('herald.conf renders: marked values swapped, one server line per node with the shipped options, every other line as shipped', () => {
  const shipped = readFileSync(HERALD_CONF_PATH, 'utf8');
  const out = renderHeraldConf(values);
  assert.match(out, /^ {4}server 127\.0\.0\.1:41001 max_fails=1 fail_timeout=10s;$/m);
  assert.match(out, /^ {4}server 127\.0\.0\.1:41002 max_fails=1 fail_timeout=10s;$/m);
  assert.match(out, /^ {4}listen 127\.0\.0\.1:42001 ssl http2;$/m);
  assert.match(out, /^ {4}listen 127\.0\.0\.1:42003 ssl;$/m);
  assert.match(out, /^ {4}ssl_certificate_key \/tmp\/t\/server\.key;$/m);
  assert.ok(!/example\.com|8065|8066/.test(out.split('\n').filter((l) => !l.trimStart().startsWith('#')).join('\n')), 'no shipped value left in a directive');
  const unmarked = (t: string) => t.split('\n').filter((l) => !/;\s*#\s*herald:/.test(l) && !/127\.0\.0\.1:4\d{4}|\/tmp\/t\/|^\s*server_name localhost;/.test(l));
  assert.deepEqual(unmarked(out), unmarked(shipped));
});

test('drift is loud: a marker without a value, a value without a marker, a marked line of another shape', () => {
  const { 'push-key': _, ...missing } = values;
  assert.throws(() => renderHeraldConf(missing as HeraldConfValues), /no value given for marker herald:push-key/);
  assert.throws(() => renderHeraldConf({ ...values, 'chat-node': [] }), /herald:chat-node needs at least one value/);
  assert.throws(() => renderMarkedConf('listen 80; # herald:a\n', { a: ['1'], b: ['2'] }), /no line marked herald:b/);
  assert.throws(() => renderMarkedConf('}  # herald:a\n', { a: ['1'] }), /line 1: a marked line must be/);
  assert.equal(renderMarkedConf('# lines marked `# herald:NAME` change\nlisten 80;  # herald:a\n', { a: ['1', '2'] }), '# lines marked `# herald:NAME` change\nlisten 1;\nlisten 2;\n');
});
