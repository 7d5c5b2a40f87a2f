// A test reporter that prints nothing while the tests run and, at the end, every failed test
// again with its file, its suite path and its error, so that the tail of a long CI log names
// what failed. It runs beside the default TAP reporter (see scripts/test.js).
export default async function* failuresReporter(source) {
  const failures = [];
  const names = [];
  for await (const event of source) {
    if (event.type === 'test:start') {
      names[event.data.nesting] = event.data.name;
    } else if (event.type === 'test:fail') {
      const { data } = event;
      // A suite fails when a test in it fails; name the test, not every suite around it.
      if (data.details?.error?.failureType === 'subtestsFailed') continue;
      const path = [...names.slice(0, data.nesting), data.name].join(' > ');
      const cause = data.details?.error?.cause ?? data.details?.error;
      const text = cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
      failures.push(`✖ ${data.file ?? '?'}\n  ${path}\n  ${text.split('\n').slice(0, 14).join('\n  ')}`);
    }
  }
  if (failures.length === 0) return;
  yield `\n# ${failures.length} failed:\n${failures.join('\n\n')}\n`;
}
