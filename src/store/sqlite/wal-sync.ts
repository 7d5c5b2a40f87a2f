import { open as fsOpen, type FileHandle } from 'node:fs/promises';

/**
 * fdatasync of a database's WAL file through a descriptor of its own, opened on first use, in
 * libuv's thread pool: the commits written so far are then on stable storage. Used by the main
 * writer connection (sqlite-store.ts) and the writer thread (write-worker.ts).
 */
export function walSyncer(dbPath: string) {
  let handle: Promise<FileHandle> | undefined;
  return {
    sync: async () => {
      handle ??= fsOpen(`${dbPath}-wal`, 'r');
      await (await handle).datasync();
    },
    close: async () => {
      if (handle !== undefined) await (await handle).close();
    },
  };
}
