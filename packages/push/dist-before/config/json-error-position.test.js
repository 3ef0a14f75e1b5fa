// locateJsonError points at the first offending character of invalid JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { locateJsonError } from './json-position.js';
test('valid JSON has no error', () => {
    for (const ok of ['{}', '[]', '0', '-1.5e3', '"a\\u00e9\\n"', ' {"a": [1, true, null, {"b": "c"}]} ', 'false']) {
        assert.equal(locateJsonError(ok), undefined, ok);
        JSON.parse(ok); // agrees with the real parser
    }
});
test('each kind of error is found where it is', () => {
    const cases = [
        ['{"a":}', 1, 6, /expected a JSON value/],
        ['{"a": 1,\n}', 2, 1, /double-quoted property name/],
        ['{"a" 1}', 1, 6, /expected ':'/],
        ['[1 2]', 1, 4, /expected ',' or ']'/],
        ['{"a": "x\ny"}', 1, 9, /control character/],
        ['{"a": "\\q"}', 1, 9, /invalid escape/],
        ['{"a": 1} x', 1, 10, /unexpected text after/],
        ['{"a": tru}', 1, 7, /expected a JSON value/],
        ['{"a": 01}', 1, 8, /expected ',' or '}'/],
        ['{"a": "open', 1, 12, /unexpected end of input/],
    ];
    for (const [text, line, column, problem] of cases) {
        assert.throws(() => JSON.parse(text), SyntaxError, text);
        const at = locateJsonError(text);
        assert.ok(at, text);
        assert.deepEqual([at.line, at.column], [line, column], text);
        assert.match(at.problem, problem, text);
    }
});
//# sourceMappingURL=json-error-position.test.js.map