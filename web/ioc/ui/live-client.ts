import { liveUrl, readLiveStream, type LiveEvent, type LiveViewRequest } from '../core/live-stream.js';
import { apiFetch } from './api.js';

/**
 * Keeps one live view open for the current area and layers; reopens it when they change or the
 * connection drops (after a pause). Changes are pushed by the server; nothing is polled.
 */
export class LiveClient {
  private abort: AbortController | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly onEvent: (e: LiveEvent) => void,
    private readonly onState: (live: boolean) => void,
  ) {}

  open(req: LiveViewRequest): void {
    this.close();
    const abort = new AbortController();
    this.abort = abort;
    void this.run(req, abort.signal);
  }

  close(): void {
    clearTimeout(this.retry);
    this.abort?.abort();
    this.abort = undefined;
  }

  private async run(req: LiveViewRequest, signal: AbortSignal): Promise<void> {
    try {
      const res = await apiFetch(liveUrl(req), { signal, headers: { accept: 'text/event-stream' } });
      await readLiveStream(res.body!, (e) => {
        if (e.kind === 'ready') this.onState(true);
        this.onEvent(e);
      });
    } catch {
      // Aborted on purpose, or the connection failed: either way the view reopens below.
    }
    if (signal.aborted) return;
    this.onState(false);
    this.retry = setTimeout(() => this.open(req), 3000);
  }
}
