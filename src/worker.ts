/**
 * A worker thread of the lint pool (src/pool.ts): receives file paths, lints them one at a time with
 * its own configuration resolver, and posts back each outcome. Nothing here throws past a file.
 */
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { ProjectResolver, lintFileDetailed, type EngineOptions } from './engine.js';
import type { WorkerReply, WorkerRequest } from './pool.js';

const opts = (workerData as { opts: EngineOptions }).opts;
const resolver = new ProjectResolver(opts);
let chain: Promise<void> = Promise.resolve();

async function handle(m: WorkerRequest): Promise<WorkerReply> {
  try {
    const project = await resolver.forDir(path.dirname(m.path));
    const outcome = await lintFileDetailed(m.path, m.explicit, project, opts);
    // a clean file's text is not sent back (memory and copying)
    if (outcome && outcome.result.messages.length === 0) delete outcome.result.source;
    return { id: m.id, outcome };
  } catch (e) {
    return { id: m.id, error: ((e as Error)?.message ?? String(e)).split('\n')[0]! };
  }
}

parentPort!.on('message', (m: WorkerRequest) => {
  chain = chain.then(async () => {
    const reply = await handle(m);
    try {
      parentPort!.postMessage(reply);
    } catch (e) {
      // a result that cannot be copied (a plugin put a function in a finding): report that instead
      parentPort!.postMessage({ id: m.id, error: `its result could not be passed back (${(e as Error).message.split('\n')[0]})` } satisfies WorkerReply);
    }
  });
});
