// The `dothi` command.
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { createApp, createStore, startCitySimulator, type RunningSimulator } from './app.js';
import { authCommandUsage, createAuth, isAuthCommand, runAuthCommand } from './auth/index.js';
import { simCommand, simUsage } from './cli-sim.js';
import { isDothiError, loadConfig, silentLogger, systemClock } from './kernel/index.js';

const usage = `dothi — open smart-city operations platform

Usage:
  dothi serve        run the platform, configured by environment variables (see README)
  dothi demo         run the demo city on this machine (what \`npm start\` runs)
${authCommandUsage}
${simUsage}
  dothi --help       show this help
  dothi --version    show the version

Every setting is an environment variable; README.md lists them all.`;

async function serve(demo: boolean): Promise<number> {
  const config = loadConfig({ ...(demo ? { DOTHI_LOG_LEVEL: 'info' } : {}), ...process.env });
  const app = await createApp(config);
  const address = await app.listen();
  app.log.info({ address }, `dothi listening on ${address}`);
  if (app.bootstrapAdmin !== undefined) {
    const { username, password } = app.bootstrapAdmin;
    process.stdout.write(`\n  First start: admin account '${username}', one-time password: ${password}\n`);
  }
  let city: RunningSimulator | undefined;
  if (demo) {
    // The platform keeps serving if the demo city cannot start; the log says why.
    city = await startCitySimulator(app, address).catch((err: unknown) => {
      app.log.error({ err }, 'the demo city simulator could not start');
      return undefined;
    });
    if (city !== undefined) app.log.info(city.sim.stats(), 'the demo city is running');
  }
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
  await city?.close();
  await app.close();
  return 0;
}

/** The user, apikey and audit commands, against the configured store. */
async function authCommand(command: Parameters<typeof runAuthCommand>[1], argv: string[]): Promise<number> {
  const config = loadConfig();
  const store = createStore(config);
  try {
    await store.migrate();
    const auth = createAuth({ store, clock: systemClock, log: silentLogger, config });
    const io = {
      out: (t: string) => void process.stdout.write(t),
      now: () => systemClock.now(),
      actor: `cli:${userInfo().username}`,
    };
    return await runAuthCommand(auth, command, argv, io);
  } finally {
    await store.close();
  }
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
    if (isAuthCommand(command)) return await authCommand(command, argv.slice(1));
    if (command === 'sim')
      return await simCommand(loadConfig(process.env), argv.slice(argv.indexOf('sim') + 1));
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
