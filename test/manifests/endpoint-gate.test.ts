import { spawn } from 'node:child_process';
import { AddressInfo, createServer, Server } from 'node:net';
import { GATE_SCRIPT, gateInitContainer, gatePatches } from '../../lib/manifests/endpoint-gate';
import { requireTool } from '../required-tools';

// The gate runs for real under sh, with netcat-openbsd's nc standing in for busybox's (both take -z -w).
interface GateRun {
  readonly code: number | null;
  readonly stderr: string;
  readonly timedOut: boolean;
}

function runGate(env: Record<string, string>, limitMs: number): Promise<GateRun> {
  // Without nc the gate would loop until the test's limit with nothing to say.
  requireTool('nc', 'netcat-openbsd', 'the gate script probes the endpoint with nc -z -w');
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', GATE_SCRIPT], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stderr = '';
    let timedOut = false;
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, timedOut });
    });
  });
}

function listen(port = 0): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((socket) => socket.end());
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** A loopback port with nothing listening on it. */
async function freePort(): Promise<number> {
  const server = await listen();
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

test('returns as soon as the endpoint accepts connections', async () => {
  const server = await listen();
  try {
    const { port } = server.address() as AddressInfo;
    const run = await runGate({ GATE_HOST: '127.0.0.1', GATE_PORT: String(port), GATE_TIMEOUT_SECONDS: '1' }, 10_000);
    expect(run).toEqual({
      code: 0,
      timedOut: false,
      stderr: expect.stringContaining(`127.0.0.1:${port} accepts connections`),
    });
  } finally {
    server.close();
  }
});

test('keeps waiting while nothing listens, and returns once a listener comes up', async () => {
  const port = await freePort();
  const gate = runGate({ GATE_HOST: '127.0.0.1', GATE_PORT: String(port), GATE_TIMEOUT_SECONDS: '1' }, 15_000);
  await new Promise((r) => setTimeout(r, 2500));
  const server = await listen(port);
  try {
    const run = await gate;
    expect(run.code).toBe(0);
    expect(run.timedOut).toBe(false);
    expect(run.stderr.match(/waiting for 127\.0\.0\.1/g)?.length).toBeGreaterThanOrEqual(2);
  } finally {
    server.close();
  }
});

test('never gives up on its own while the endpoint stays down (stopped by the test after 3 s)', async () => {
  const port = await freePort();
  const run = await runGate({ GATE_HOST: '127.0.0.1', GATE_PORT: String(port), GATE_TIMEOUT_SECONDS: '1' }, 3000);
  expect(run.timedOut).toBe(true);
  expect(run.stderr).toMatch(/waiting for 127\.0\.0\.1/);
});

test('falls back to the kubernetes Service address the kubelet injects', async () => {
  const server = await listen();
  try {
    const { port } = server.address() as AddressInfo;
    const run = await runGate({ KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(port) }, 10_000);
    expect(run.code).toBe(0);
  } finally {
    server.close();
  }
});

test('exits non-zero at once when its address variables are empty, so the kubelet restarts it', async () => {
  const run = await runGate({ GATE_HOST: '', KUBERNETES_SERVICE_HOST: '' }, 5000);
  expect(run).toEqual({ code: 1, timedOut: false, stderr: expect.stringMatching(/no address to wait for/) });
});

test('the patch adds one init container by name, with the pinned ECR Public image, and the restore patch deletes it', () => {
  const { apply, restore } = gatePatches({ host: 'api.example', port: 443, timeoutSeconds: 2 }, 'r1');
  const container = (apply as any).spec.template.spec.initContainers[0];
  expect(container).toMatchObject({
    name: 'netkit-wait-for-endpoint',
    image: expect.stringMatching(/^public\.ecr\.aws\/docker\/library\/busybox:\d+\.\d+\.\d+$/),
    env: [
      { name: 'GATE_HOST', value: 'api.example' },
      { name: 'GATE_PORT', value: '443' },
      { name: 'GATE_TIMEOUT_SECONDS', value: '2' },
    ],
  });
  expect((restore as any).spec.template.spec.initContainers).toEqual([
    { name: 'netkit-wait-for-endpoint', $patch: 'delete' },
  ]);
  expect(gateInitContainer({ timeoutSeconds: 2 }).env).toEqual([{ name: 'GATE_TIMEOUT_SECONDS', value: '2' }]);
});
