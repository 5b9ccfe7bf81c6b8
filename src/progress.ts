/**
 * A one-line progress indicator on stderr for long runs: only when stderr is a terminal and not in CI
 * (so it never ends up in logs, pipes or redirected output). It appears after a short delay, so quick
 * runs print nothing, and it erases itself before the report is written.
 */

export interface ProgressStream { isTTY?: boolean; columns?: number; write(s: string): boolean }

/** Whether a progress line may be shown on this stream with this environment. */
export function progressEnabled(stream: ProgressStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!stream.isTTY) return false;
  if (env.CI && env.CI !== 'false' && env.CI !== '0') return false;
  for (const k of ['GITHUB_ACTIONS', 'GITLAB_CI', 'BUILDKITE', 'TF_BUILD', 'JENKINS_URL', 'TEAMCITY_VERSION']) if (env[k]) return false;
  if (env.TERM === 'dumb') return false;
  if (env.CAMPAIGN_LINT_NO_PROGRESS) return false;
  return true;
}

export interface Progress {
  update(done: number, total: number, file?: string): void;
  done(): void;
}

const noop: Progress = { update() {}, done() {} };

export function createProgress(stream: ProgressStream, opts: { enabled?: boolean; delayMs?: number; cwd?: string } = {}): Progress {
  if (!(opts.enabled ?? progressEnabled(stream))) return noop;
  const started = Date.now();
  const delay = opts.delayMs ?? 400;
  let shown = false;
  let last = 0;
  return {
    update(done, total, file) {
      const now = Date.now();
      if (now - started < delay || now - last < 80) return;
      last = now;
      shown = true;
      const width = Math.max(20, (stream.columns || 80) - 1);
      let name = file ? (opts.cwd && file.startsWith(opts.cwd) ? file.slice(opts.cwd.length + 1) : file) : '';
      const head = `Checking ${done}/${total} `;
      if (head.length + name.length > width) name = '…' + name.slice(name.length - (width - head.length - 1));
      stream.write(`\r\x1b[2K${head}${name}`);
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
