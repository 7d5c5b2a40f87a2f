/** Builds every web app whose sources changed since its last build (or all, with force). */
export function buildWeb(opts?: { force?: boolean }): Promise<void>;
