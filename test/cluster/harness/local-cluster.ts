import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ClusterTools, clusterTools } from './tools';

// A real control plane for one test file: Debian's etcd and kube-apiserver on free loopback ports, in a temporary
// directory, with a static token (the cluster admin, in system:masters), RBAC authorization and privileged
// containers allowed (EKS's DaemonSets are privileged). No controller-manager, scheduler or nodes: objects are stored,
// validated, defaulted and authorized exactly as a cluster does, but nothing runs.

/** The service CIDR the harness serves (EKS's default for IPv4 clusters), so kube-dns can hold 172.20.0.10. */
export const SERVICE_CIDR = '172.20.0.0/16';

/** A free TCP port on the loopback address. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export interface KubectlResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class LocalCluster {
  /**
   * Start etcd and kube-apiserver; resolves when the API server reports ready. `users` get a static token each
   * (no groups: what they may do is only what RBAC grants them), e.g. the managed scraper's `aps-collector-user`.
   */
  public static async start(users: string[] = []): Promise<LocalCluster> {
    const tools = clusterTools();
    const dir = fs.mkdtempSync(path.join(tmpdir(), 'netkit-cluster-'));
    const cluster = new LocalCluster(tools, dir, users);
    try {
      await cluster.boot();
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  /** The admin kubeconfig (token auth, the API server's self-signed certificate not verified). */
  public readonly kubeconfig: string;
  /** Milliseconds from starting etcd to the API server's /readyz answering ok. */
  public startupMs = 0;
  private readonly processes: ChildProcess[] = [];
  private readonly logs: string[] = [];
  private readonly token = randomBytes(16).toString('hex');
  private port = 0;

  /** Static tokens of the extra users. */
  public readonly userTokens: Record<string, string>;

  private constructor(
    public readonly tools: ClusterTools,
    public readonly dir: string,
    users: string[],
  ) {
    this.kubeconfig = path.join(dir, 'kubeconfig');
    this.userTokens = Object.fromEntries(users.map((user) => [user, randomBytes(16).toString('hex')]));
  }

  /** The API server's URL. */
  public get server(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  /** Run the layer's kubectl as the cluster admin. */
  public kubectl(args: string[], input?: string): KubectlResult {
    const run = spawnSync(path.join(this.tools.layerBin, 'kubectl'), ['--kubeconfig', this.kubeconfig, ...args], {
      encoding: 'utf8',
      input,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
  }

  /** Run kubectl and fail with its output unless it succeeds. */
  public kubectlOk(args: string[], input?: string): string {
    const result = this.kubectl(args, input);
    if (result.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
    return result.stdout;
  }

  /** An object as JSON, or undefined when it does not exist. */
  public get(kind: string, name: string, namespace?: string): any {
    const result = this.kubectl(['get', kind, name, ...(namespace ? ['-n', namespace] : []), '-o', 'json']);
    if (result.status !== 0) {
      if (/NotFound|not found/.test(result.stderr)) return undefined;
      throw new Error(`kubectl get ${kind} ${name} failed: ${result.stderr}`);
    }
    return JSON.parse(result.stdout);
  }

  /**
   * Server-side apply as a field manager, as EKS applies its add-ons (field manager `eks`): later applies by the same
   * manager with `force` take back the fields it owns.
   */
  public serverSideApply(objects: unknown[], fieldManager: string, force = false): void {
    this.kubectlOk(
      ['apply', '--server-side', `--field-manager=${fieldManager}`, ...(force ? ['--force-conflicts'] : []), '-f', '-'],
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }),
    );
  }

  /** Stop both processes and remove the directory. */
  public async stop(): Promise<void> {
    await Promise.all(
      this.processes.reverse().map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
          }),
      ),
    );
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** The tail of both processes' logs, for a failure message. */
  public logTail(): string {
    return this.logs.join('').slice(-6000);
  }

  private launch(command: string, args: string[]): ChildProcess {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.logs.push(`[${path.basename(command)}] ${chunk.toString()}`);
      if (this.logs.length > 400) this.logs.splice(0, this.logs.length - 400);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.processes.push(child);
    return child;
  }

  private async boot(): Promise<void> {
    const started = Date.now();
    const [etcdClient, etcdPeer, apiserver] = [await freePort(), await freePort(), await freePort()];
    this.port = apiserver;
    const etcd = this.launch(this.tools.etcd, [
      '--name=netkit',
      `--data-dir=${path.join(this.dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=netkit=http://127.0.0.1:${etcdPeer}`,
      '--listen-metrics-urls=',
      '--log-level=warn',
    ]);

    // Service-account tokens need a signing key; the admin authenticates with a static token.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const saKey = path.join(this.dir, 'sa.key');
    fs.writeFileSync(saKey, privateKey.export({ type: 'pkcs1', format: 'pem' }));
    const tokens = path.join(this.dir, 'tokens.csv');
    const userLines = Object.entries(this.userTokens).map(([user, token]) => `${token},${user},${user}\n`);
    fs.writeFileSync(tokens, [`${this.token},netkit-admin,netkit-admin,"system:masters"\n`, ...userLines].join(''));
    const apiserverProcess = this.launch(this.tools.kubeApiServer, [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiserver}`,
      `--cert-dir=${path.join(this.dir, 'certs')}`,
      `--token-auth-file=${tokens}`,
      '--authorization-mode=RBAC',
      '--allow-privileged=true',
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      `--service-account-key-file=${saKey}`,
      `--service-account-signing-key-file=${saKey}`,
      '--service-account-issuer=https://kubernetes.default.svc',
      '--enable-priority-and-fairness=false',
      '--profiling=false',
      '--v=0',
    ]);

    fs.writeFileSync(
      this.kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'netkit', cluster: { server: this.server, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'netkit-admin', user: { token: this.token } }],
        contexts: [{ name: 'netkit', context: { cluster: 'netkit', user: 'netkit-admin' } }],
        'current-context': 'netkit',
      }),
      { mode: 0o600 },
    );

    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      for (const [name, child] of [
        ['etcd', etcd],
        ['kube-apiserver', apiserverProcess],
      ] as const) {
        if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${this.logTail()}`);
      }
      if ((await this.readyz()) === 'ok') {
        this.startupMs = Date.now() - started;
        return;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`kube-apiserver was not ready within 180 s:\n${this.logTail()}`);
  }

  private readyz(): Promise<string> {
    return new Promise((resolve) => {
      const request = https.get(
        `${this.server}/readyz`,
        { rejectUnauthorized: false, headers: { Authorization: `Bearer ${this.token}` }, timeout: 2000 },
        (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve(response.statusCode === 200 ? body.trim() : `${response.statusCode}`));
        },
      );
      request.on('error', () => resolve('unreachable'));
      request.on('timeout', () => request.destroy());
    });
  }
}
