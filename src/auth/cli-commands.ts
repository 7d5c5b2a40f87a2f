import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DothiError } from '../kernel/index.js';
import type { Auth } from './auth.js';
import { toJsonLine, toSyslog } from './audit-log.js';
import { parseScope } from './scope-fields.js';
import { checkPassword, generatePassword } from './secrets.js';

// `dothi user`, `dothi apikey` and `dothi audit`: administration from the command line, against
// the store the configuration names. Secrets are printed once, to stdout, and never logged.

export const authCommandUsage = `  dothi user add NAME --role ROLE[,ROLE] [--agency A] [--tenants T,..] [--types T,..] [--password-file F]
  dothi apikey create --name NAME --role ROLE [--agency A] [--tenants T,..] [--types T,..] [--expires 30d|ISO]
  dothi apikey revoke ID
  dothi audit verify          check the audit log's hash chain; names every record that does not fit
  dothi audit export [--format jsonl|syslog]`;

export interface CommandIo {
  out(text: string): void;
  now(): number;
  /** Who runs the command, for the audit log (`cli:<os user>`). */
  actor: string;
}

const options = {
  role: { type: 'string' },
  agency: { type: 'string' },
  tenants: { type: 'string' },
  types: { type: 'string' },
  name: { type: 'string' },
  expires: { type: 'string' },
  format: { type: 'string' },
  'password-file': { type: 'string' },
} as const;

const usageError = (text: string) => new DothiError('BAD_REQUEST_DATA', text);

function scopeOf(v: Record<string, string | undefined>) {
  return parseScope({ roles: v.role, agency: v.agency, tenants: v.tenants, types: v.types });
}

/** `30d`, `12h`, `90m` from now, or an ISO date-time. */
export function parseExpiry(text: string, now: number): number {
  const m = /^(\d+)([mhd])$/.exec(text);
  if (m !== null)
    return now + Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw usageError(`--expires: '${text}' is neither a duration (30d) nor a date-time`);
  return t;
}

async function user(auth: Auth, args: string[], v: Record<string, string | undefined>, io: CommandIo) {
  const [verb, username] = args;
  if (verb !== 'add' || username === undefined) throw usageError('usage: dothi user add NAME --role ROLE');
  const given =
    v['password-file'] === undefined ? undefined : readFileSync(v['password-file'], 'utf8').trim();
  const password = given === undefined ? generatePassword() : checkPassword(given);
  const scope = scopeOf(v);
  await auth.accounts.add({ username, password, ...scope });
  await auth.audit.record({
    actor: io.actor,
    source: 'cli',
    action: 'user.add',
    target: username,
    after: scope,
  });
  io.out(`user ${username} created${given === undefined ? `; one-time password: ${password}` : ''}\n`);
  return 0;
}

async function apikey(auth: Auth, args: string[], v: Record<string, string | undefined>, io: CommandIo) {
  const [verb, id] = args;
  if (verb === 'revoke' && id !== undefined) {
    await auth.apiKeys.revoke(id);
    await auth.audit.record({ actor: io.actor, source: 'cli', action: 'apikey.revoke', target: id });
    io.out(`API key ${id} revoked\n`);
    return 0;
  }
  if (verb !== 'create' || v.name === undefined)
    throw usageError('usage: dothi apikey create --name NAME --role ROLE');
  const expiresAt = v.expires === undefined ? undefined : parseExpiry(v.expires, io.now());
  const input = { name: v.name, ...scopeOf(v), ...(expiresAt === undefined ? {} : { expiresAt }) };
  const created = await auth.apiKeys.create(input);
  await auth.audit.record({
    actor: io.actor,
    source: 'cli',
    action: 'apikey.create',
    target: created.id,
    after: input,
  });
  io.out(`API key ${created.id} created; it is shown only now:\n${created.key}\n`);
  return 0;
}

async function audit(auth: Auth, args: string[], v: Record<string, string | undefined>, io: CommandIo) {
  if (args[0] === 'verify') {
    const r = await auth.audit.verify();
    for (const p of r.problems) io.out(`record ${p.seq}: ${p.problem}\n`);
    io.out(
      r.problems.length === 0
        ? `audit log intact: ${r.checked} records\n`
        : `audit log TAMPERED: ${r.problems.length} problems in ${r.checked} records\n`,
    );
    return r.problems.length === 0 ? 0 : 3;
  }
  if (args[0] !== 'export') throw usageError('usage: dothi audit verify | dothi audit export');
  const format = v.format ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'syslog') throw usageError('--format must be jsonl or syslog');
  for (let after = 0; ;) {
    const page = await auth.audit.list({ after, limit: 1000 });
    for (const r of page) io.out(`${format === 'jsonl' ? toJsonLine(r) : toSyslog(r)}\n`);
    if (page.length < 1000) return 0;
    after = page[page.length - 1]!.seq;
  }
}

const commands = { user, apikey, audit } as const;

export function isAuthCommand(name: string): name is keyof typeof commands {
  return Object.hasOwn(commands, name);
}

/** Runs `dothi <command> ...argv`; resolves to the exit code. */
export async function runAuthCommand(
  auth: Auth,
  command: keyof typeof commands,
  argv: string[],
  io: CommandIo,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (err) {
    throw usageError((err as Error).message);
  }
  const { positionals, values } = parsed;
  return commands[command](auth, positionals, values as Record<string, string | undefined>, io);
}
