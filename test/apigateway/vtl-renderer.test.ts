/**
 * The renderer is Apache Velocity on Java, so the templates' idioms behave as on API Gateway: the
 * cases where a JavaScript Velocity (velocityjs) differs are pinned here.
 */
import { VtlRenderer } from './vtl-renderer';

let renderer: VtlRenderer;

beforeAll(() => {
  renderer = VtlRenderer.start();
}, 300_000);

afterAll(async () => {
  await renderer.stop();
});

const render = async (template: string, body = '{}', context = {}) => (await renderer.render(template, body, context)).output;

test('.replaceAll is Java\'s regex replaceAll: the partition-key idiom undoes escapeJavaScript\'s \\\'', async () => {
  const body = JSON.stringify({ key: 'k\'1"\\' });
  expect(await render('$util.escapeJavaScript($input.path(\'$.key\'))', body)).toBe('k\\\'1\\"\\\\');
  expect(await render('$util.escapeJavaScript($input.path(\'$.key\')).replaceAll("\\\\\'", "\'")', body)).toBe('k\'1\\"\\\\');
  expect(await render('#set($s = "a.b.c")$s.replaceAll(".", "-")')).toBe('-----');
});

test('.contains exists on strings; a missing value is null, falsy in #if and empty with $!', async () => {
  expect(await render('#set($t = "KMSThrottlingException")$t.contains(\'Throttling\') $t.contains(\'Validation\')')).toBe('true false');
  expect(await render('#if($input.path(\'$.missing\'))yes#{else}no#end[$!input.path(\'$.missing\')]')).toBe('no[]');
});

test('$foreach.index and $foreach.hasNext; numbers compare as numbers', async () => {
  const body = JSON.stringify({ n: 2, list: ['a', 'b', 'c'] });
  expect(await render('#foreach($x in $input.path(\'$.list\'))$foreach.index:$x#if($foreach.hasNext),#end#end', body)).toBe('0:a,1:b,2:c');
  expect(await render('#if($input.path(\'$.n\') > 0)positive#end', body)).toBe('positive');
});

test('$input.json gives compact JSON text; $input.body the raw body; base64 of UTF-8', async () => {
  const body = '{ "data": { "a": [1, "é/x"] } }';
  expect(await render('$input.json(\'$.data\')', body)).toBe('{"a":[1,"é/x"]}');
  expect(await render('$input.body', body)).toBe(body);
  expect(await render('$util.base64Encode("é")')).toBe(Buffer.from('é').toString('base64'));
});

test('#set on $context.responseOverride.status is read back; $context variables are given', async () => {
  const rendered = await renderer.render('#set($context.responseOverride.status = 429)$context.requestId', '', { requestId: 'r-1' });
  expect([rendered.output, rendered.context.responseOverride.status]).toEqual(['r-1', 429]);
});

test('a template Velocity cannot parse, or a path that is not JSONPath, is an error, not an empty output', async () => {
  await expect(renderer.render('#if($x)unclosed', '')).rejects.toThrow(/Velocity could not render the template: .*ParseErrorException/);
  await expect(renderer.render('$input.path(\'$[?(@.a\')', '{"records": []}')).rejects.toThrow(/Velocity could not render the template: .*InvalidPathException/);
  // A body that is not JSON has no values (a Kinesis error page, for example).
  expect(await render('[$!input.path(\'$.a\')]', 'not json')).toBe('[]');
});

test('model errors are the JSON-schema validator\'s', async () => {
  const schema = JSON.stringify({ type: 'object', required: ['a'], properties: { a: { type: 'string', minLength: 1 } } });
  expect(await renderer.modelErrors(schema, '{"a": ""}')).toEqual(['string "" is too short (length: 0, required minimum: 1)']);
  expect(await renderer.modelErrors(schema, '{"a": "x"}')).toEqual([]);
});
