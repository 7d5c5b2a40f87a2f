// The `dothi` command.
import { parseArgs } from 'node:util';
import { createApp } from './app.js';
import { isDothiError, loadConfig } from './kernel/index.js';

const usage = `dothi — open smart-city operations platform

Usage:
  dothi serve        run the platform, configured by environment variables (see README)
  dothi demo         run the demo city on this machine (what \`npm start\` runs)
  dothi --help       show this help
  dothi --version    show the version

Every setting is an environment variable; README.md lists them all.`;

async function serve(demo: boolean): Promise<number> {
  const config = loadConfig({ ...(demo ? { DOTHI_LOG_LEVEL: 'info' } : {}), ...process.env });
  const app = await createApp(config);
  const address = await app.listen();
  app.log.info({ address }, `dothi listening on ${address}`);
  if (app.adminToken !== undefined) {
    process.stdout.write(
      `\n  dothi is running at ${address}\n  API token: Authorization: Bearer ${app.adminToken}\n\n`,
    );
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  app.log.info({}, 'shutting down');
  await app.close();
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
  });
  const command = positionals[0];
  if (values.version === true) {
    const pkg = (await import('../package.json', { with: { type: 'json' } })).default as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  if (values.help === true || command === 'help' || command === undefined) {
    process.stdout.write(`${usage}\n`);
    return command === undefined && values.help !== true ? 1 : 0;
  }
  try {
    if (command === 'serve') return await serve(false);
    if (command === 'demo') return await serve(true);
  } catch (err) {
    if (isDothiError(err)) {
      process.stderr.write(`dothi: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  process.stderr.write(`dothi: unknown command '${command}'\n\n${usage}\n`);
  return 1;
}
