import type { Logger } from '../../kernel/index.js';

// A background task of the temporal service (pruning, roll-ups): runs at start, then every
// `intervalMs`, one run at a time; a failed run is logged and the next one tries again.

export interface PeriodicTask {
  /** Runs now, then every `intervalMs`. */
  start(): void;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

export function createPeriodicTask(opts: {
  name: string;
  intervalMs: number;
  log: Logger;
  /** Resolves to how much it did (logged when more than zero). */
  run(): Promise<number>;
}): PeriodicTask {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(async () => {
      try {
        const n = await opts.run();
        if (n > 0) opts.log.info({ task: opts.name, count: n }, `${opts.name} done`);
      } catch (err) {
        opts.log.error({ err, task: opts.name }, `${opts.name} failed`);
      }
    });
  };
  return {
    start() {
      if (timer !== undefined) return;
      run();
      timer = setInterval(run, opts.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
