import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { freePort } from './local-cluster';

// Prometheus (built from its Go module, Kubernetes discovery only) with one configuration, on a free loopback port,
// its TSDB in a temporary directory. Nothing it discovers listens, so every target is down: what the tests read is
// discovery and relabelling (GET /api/v1/targets), not samples.

/** One target as GET /api/v1/targets reports it. */
export interface PrometheusTarget {
  readonly scrapePool: string;
  /** Labels after relabelling (active targets only). */
  readonly labels: Record<string, string>;
  /** Labels as discovered, before relabelling. */
  readonly discoveredLabels: Record<string, string>;
}

export interface PrometheusTargets {
  readonly activeTargets: PrometheusTarget[];
  readonly droppedTargets: PrometheusTarget[];
}

export class LocalPrometheus {
  /** Start `binary` with `config` (an object, written as YAML); resolves when /-/ready answers 200. */
  public static async start(binary: string, config: unknown): Promise<LocalPrometheus> {
    const dir = fs.mkdtempSync(path.join(tmpdir(), 'netkit-prometheus-'));
    const prometheus = new LocalPrometheus(dir, await freePort());
    try {
      await prometheus.boot(binary, config);
    } catch (err) {
      await prometheus.stop();
      throw err;
    }
    return prometheus;
  }

  private child?: ChildProcess;
  private readonly logs: string[] = [];

  private constructor(
    public readonly dir: string,
    public readonly port: number,
  ) {}

  /** GET /api/v1/targets (active and dropped). */
  public async targets(): Promise<PrometheusTargets> {
    const body = JSON.parse(await this.get('/api/v1/targets?state=any'));
    if (body.status !== 'success') throw new Error(`/api/v1/targets answered ${JSON.stringify(body)}`);
    return body.data;
  }

  /** The tail of Prometheus's log, for a failure message. */
  public logTail(): string {
    return this.logs.join('').slice(-6000);
  }

  public async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private async boot(binary: string, config: unknown): Promise<void> {
    const configFile = path.join(this.dir, 'prometheus.yml');
    fs.writeFileSync(configFile, stringify(config), { mode: 0o600 });
    this.child = spawn(
      binary,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${path.join(this.dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${this.port}`,
        '--log.level=info',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (chunk: Buffer) => {
      this.logs.push(chunk.toString());
      if (this.logs.length > 400) this.logs.splice(0, this.logs.length - 400);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) {
        throw new Error(`prometheus exited (${this.child.exitCode}):\n${this.logTail()}`);
      }
      const ready = await this.get('/-/ready').then(
        () => true,
        () => false,
      );
      if (ready) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`prometheus was not ready within 60 s:\n${this.logTail()}`);
  }

  private get(urlPath: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const request = http.get({ host: '127.0.0.1', port: this.port, path: urlPath, timeout: 5000 }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () =>
          response.statusCode === 200 ? resolve(body) : reject(new Error(`${urlPath}: ${response.statusCode} ${body}`)),
        );
      });
      request.on('error', reject);
      request.on('timeout', () => request.destroy(new Error(`${urlPath}: timed out`)));
    });
  }
}
