/** @module metrics: Prometheus metrics of one installation (its own registry, so several can run in one process). */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  readonly verses = new Counter({ name: 'inkverse_verses_total', help: 'Verses finished, by source and end reason.', labelNames: ['source', 'reason'] as const, registers: [this.registry] });
  readonly tokens = new Counter({ name: 'inkverse_tokens_total', help: 'Tokens streamed to clients.', registers: [this.registry] });
  readonly prompts = new Counter({ name: 'inkverse_prompts_total', help: 'Prompts submitted, by source and outcome (accepted or an error code).', labelNames: ['source', 'outcome'] as const, registers: [this.registry] });
  readonly queue = new Gauge({ name: 'inkverse_queue_length', help: 'Prompts waiting.', registers: [this.registry] });
  readonly clients = new Gauge({ name: 'inkverse_clients', help: 'Connected socket.io clients, by namespace.', labelNames: ['namespace'] as const, registers: [this.registry] });
  readonly modelReady = new Gauge({ name: 'inkverse_model_ready', help: '1 when the model is loaded and writing.', registers: [this.registry] });
  readonly firstToken = new Histogram({
    name: 'inkverse_first_token_seconds',
    help: 'Time from verse start to its first token.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [this.registry],
  });
  readonly paramChanges = new Counter({ name: 'inkverse_param_changes_total', help: 'Parameter changes applied, by origin.', labelNames: ['origin'] as const, registers: [this.registry] });

  readonly moderation = new Counter({ name: 'inkverse_moderation_total', help: 'Moderation decisions, by target (prompt, line, token) and action (refused, masked, redrafted).', labelNames: ['target', 'action'] as const, registers: [this.registry] });
  readonly linesCopied = new Counter({ name: 'inkverse_lines_copied_total', help: 'Lines shown that are found word for word in existing poems (the training corpus or the source index).', registers: [this.registry] });
  readonly redrafts = new Counter({ name: 'inkverse_line_redrafts_total', help: 'Drafted lines refused by a line judge and written again, by judge (moderation, originality).', labelNames: ['judge'] as const, registers: [this.registry] });
  readonly activityDropped = new Counter({ name: 'inkverse_activity_dropped_total', help: 'Controller activity events not forwarded to the console (rate limit).', registers: [this.registry] });

  readonly slowReaders = new Counter({ name: 'inkverse_slow_readers_total', help: 'Sockets disconnected because their unsent data passed server.maxBufferedBytes, by namespace.', labelNames: ['namespace'] as const, registers: [this.registry] });
  readonly open = new Gauge({ name: 'inkverse_open', help: '1 inside the opening hours (config hours), 0 outside.', registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'inkverse_' });
  }

  /** Reports the OSC server's counters (`inkverse_osc_<name>`), read at each scrape. */
  watchOsc(stats: () => Record<string, number>): void {
    const gauge = new Gauge({
      name: 'inkverse_osc',
      help: 'OSC input counters since start, by kind: packets, denied (outside osc.allow), limited (over a sender rate), malformed, messages, unmatched, refused, scheduled, dropped, overflow, busyMaxMs.',
      labelNames: ['kind'] as const,
      registers: [this.registry],
      collect() {
        for (const [kind, value] of Object.entries(stats())) this.set({ kind }, value);
      },
    });
    void gauge;
  }

  /** Reports the generator thread's heap (`inkverse_generator_heap_bytes`), read at each scrape: the main thread's own heap is in the default metrics. */
  watchGenerator(memory: () => { heapUsed: number; heapTotal: number; external: number; arrayBuffers: number } | null): void {
    const gauge = new Gauge({
      name: 'inkverse_generator_heap_bytes',
      help: "The generator worker thread's V8 heap, by kind: used, total, external, array_buffers (as its process.memoryUsage() last reported, after each verse or draft batch).",
      labelNames: ['kind'] as const,
      registers: [this.registry],
      collect() {
        const m = memory();
        if (!m) return;
        this.set({ kind: 'used' }, m.heapUsed);
        this.set({ kind: 'total' }, m.heapTotal);
        this.set({ kind: 'external' }, m.external);
        this.set({ kind: 'array_buffers' }, m.arrayBuffers);
      },
    });
    void gauge;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
