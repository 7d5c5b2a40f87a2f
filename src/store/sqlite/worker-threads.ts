// What the worker threads of this folder (read-worker.ts, write-worker.ts) share with the main
// thread: the source they start from, and errors as they cross back.

/**
 * The source a worker starts from. In the transpiled build the worker is the .js file beside this
 * one. Under the tsx loader (tests, scripts) it is the .ts file, and a worker does not inherit the
 * loader's hooks: the worker registers them itself before it loads the file.
 */
export function workerSource(name: 'read-worker' | 'write-worker'): string {
  const ts = import.meta.url.endsWith('.ts');
  const file = JSON.stringify(new URL(`./${name}.${ts ? 'ts' : 'js'}`, import.meta.url).href);
  if (!ts) return `import(${file});`;
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return `import(${tsx}).then((t) => { t.register(); return import(${file}); });`;
}

/** An error as it crosses from a worker thread to the main thread. */
export interface ThreadError {
  message: string;
  code?: string;
  name: string;
}

export function threadError(e: unknown): ThreadError {
  const err = e as Error & { code?: unknown };
  return {
    message: err.message,
    name: err.name,
    ...(typeof err.code === 'string' ? { code: err.code } : {}),
  };
}
