/**
 * A pool of worker threads that parse and lint files (src/worker.ts). Each worker resolves its own
 * configuration and rules, so only file paths go in and results come out. The pool never loses a
 * file: a worker that crashes (out of memory, a native error) is replaced and its files are retried
 * one at a time; a file that crashes a worker twice, or runs past the time limit, gets one fatal
 * finding and the run goes on. Ordering is the caller's job (results are placed by index).
 */
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { EngineOptions, FileOutcome } from './engine.js';
import { fatalResult } from './linter.js';

interface Task {
  id: number;
  path: string;
  explicit: boolean;
  resolve: (o: FileOutcome | null) => void;
  /** it was in flight when a worker crashed: run it alone next time */
  suspect: boolean;
  started?: number;
}

interface Slot {
  worker: Worker;
  inflight: Map<number, Task>;
  dead: boolean;
}

export interface WorkerRequest { id: number; path: string; explicit: boolean }
export type WorkerReply = { id: number; outcome: FileOutcome | null } | { id: number; error: string };

/** How many files a worker holds at once (one running, one waiting, so it never idles between messages). */
const DEPTH = 2;

/** Each worker's heap: a share of the machine's memory, at most 4 GB (a file that needs more gets a fatal finding). */
export const WORKER_HEAP_MB = Math.max(512, Math.min(4096, Math.floor(os.totalmem() / 1048576 / (Math.max(2, os.availableParallelism?.() ?? os.cpus().length) + 1))));
function limits() { return { maxOldGenerationSizeMb: WORKER_HEAP_MB }; }

function spawnWorker(opts: EngineOptions): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // running from TypeScript source (tests): load the worker through tsx
    const tsxDir = path.dirname(createRequire(here).resolve('tsx/package.json'));
    const tsx = pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
    const entry = new URL('./worker.ts', here).href;
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(boot, { eval: true, workerData: { opts }, resourceLimits: limits() });
  }
  return new Worker(new URL('./worker.js', here), { workerData: { opts }, resourceLimits: limits() });
}

export class LintPool {
  private slots: Slot[] = [];
  private queue: Task[] = [];
  private seq = 0;
  private closing = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly timeout: number;

  constructor(private size: number, private opts: EngineOptions, o: { fileTimeout?: number } = {}) {
    this.timeout = o.fileTimeout ?? 300_000;
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
    this.timer = setInterval(() => this.checkTimeouts(), Math.min(1000, Math.max(50, this.timeout / 4)));
    this.timer.unref();
  }

  run(path: string, explicit: boolean): Promise<FileOutcome | null> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.seq++, path, explicit, resolve, suspect: false });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.slots.map((s) => s.worker.terminate().catch(() => 0)));
    this.slots = [];
  }

  private spawn(): Slot {
    const slot: Slot = { worker: spawnWorker(this.opts), inflight: new Map(), dead: false };
    slot.worker.on('message', (m: WorkerReply) => {
      const t = slot.inflight.get(m.id);
      if (!t) return;
      slot.inflight.delete(m.id);
      t.resolve('error' in m ? { result: fatalResult(t.path, `campaign-lint failed while checking this file: ${m.error}. Please report this bug.`) } : m.outcome);
      this.pump();
    });
    slot.worker.on('error', (e) => this.crashed(slot, e.message.split('\n')[0] ?? 'unknown error'));
    slot.worker.on('exit', (code) => { if (!slot.dead && !this.closing) this.crashed(slot, `the worker stopped (exit code ${code})`); });
    return slot;
  }

  private replace(slot: Slot): void {
    slot.dead = true;
    void slot.worker.terminate().catch(() => 0);
    const i = this.slots.indexOf(slot);
    if (i >= 0 && !this.closing) this.slots[i] = this.spawn();
  }

  private crashed(slot: Slot, reason: string): void {
    if (slot.dead || this.closing) return;
    const tasks = [...slot.inflight.values()];
    slot.inflight.clear();
    this.replace(slot);
    for (const t of tasks) {
      if (t.suspect || tasks.length === 1) {
        t.resolve({ result: fatalResult(t.path, /memory/i.test(reason)
          ? `This file needs more memory than campaign-lint can give it (${WORKER_HEAP_MB} MB), so it was skipped. Split it into smaller files.`
          : `campaign-lint crashed while checking this file (${reason}). The other files were checked; please report this file.`) });
      } else {
        t.suspect = true;
        this.queue.unshift(t);
      }
    }
    this.pump();
  }

  private checkTimeouts(): void {
    const now = Date.now();
    for (const slot of [...this.slots]) {
      for (const t of slot.inflight.values()) {
        // only the file the worker is running counts: the waiting one has not started
        if (t.started !== undefined && now - t.started > this.timeout && t === slot.inflight.values().next().value) {
          slot.inflight.delete(t.id);
          const rest = [...slot.inflight.values()];
          slot.inflight.clear();
          this.replace(slot);
          t.resolve({ result: fatalResult(t.path, `Checking this file took longer than ${Math.round(this.timeout / 1000)} seconds, so it was skipped. Split it into smaller files, or report it if it is small.`) });
          for (const r of rest) { r.started = undefined; this.queue.unshift(r); }
          this.pump();
          break;
        }
      }
    }
  }

  private pump(): void {
    for (const slot of this.slots) {
      while (this.queue.length && !slot.dead) {
        const head = this.queue[0]!;
        // a suspect file runs alone; nothing joins a worker running a suspect file
        if ([...slot.inflight.values()].some((t) => t.suspect)) break;
        if (head.suspect ? slot.inflight.size > 0 : slot.inflight.size >= DEPTH) break;
        this.queue.shift();
        // the first file in flight is the running one; its clock starts now, a waiting one's when it moves up
        slot.inflight.set(head.id, head);
        if (slot.inflight.size === 1) head.started = Date.now();
        slot.worker.postMessage({ id: head.id, path: head.path, explicit: head.explicit } satisfies WorkerRequest);
      }
    }
    // a waiting file becomes the running one when the one before it finishes
    for (const slot of this.slots) {
      const first = slot.inflight.values().next().value as Task | undefined;
      if (first && first.started === undefined) first.started = Date.now();
    }
  }
}
