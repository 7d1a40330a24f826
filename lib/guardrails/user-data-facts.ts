import { parseMimeMultipart } from '../bootstrap/mime';
import type { NodeBoot } from '../node-spec/node-spec';
import { fromToml } from '../private/toml';
import { fromYaml } from '../private/yaml';

/** What node user data says, read without running it. */
export interface UserDataFacts {
  /** Every max-pods value it sets: NodeConfig config, `--max-pods` flags and shell arguments, Bottlerocket max-pods. */
  readonly maxPods: number[];
  /** registryPullQPS / registry-qps, when set. */
  readonly registryPullQps?: number;
  /** Shell the node runs at boot: shell parts, boothooks, cloud-config runcmd and bootcmd. */
  readonly shell: string;
}

const MAX_PODS_FLAG = /--max-pods[= ]+(\d+)/g;

/** Read user data (MIME multi-part, a single NodeConfig, a shell script, or Bottlerocket TOML). */
export function userDataFacts(text: string): UserDataFacts {
  const parts = /^Content-Type:\s*multipart\//im.test(text)
    ? parseMimeMultipart(text)
    : [{ contentType: guessType(text), body: text }];
  const maxPods: number[] = [];
  let registryPullQps: number | undefined;
  const shell: string[] = [];
  const readNodeConfig = (doc: any) => {
    const kubelet = doc?.spec?.kubelet;
    if (typeof kubelet?.config?.maxPods === 'number') maxPods.push(kubelet.config.maxPods);
    if (typeof kubelet?.config?.registryPullQPS === 'number') registryPullQps = kubelet.config.registryPullQPS;
    for (const flag of listOf(kubelet?.flags)) {
      for (const m of String(flag).matchAll(MAX_PODS_FLAG)) maxPods.push(Number(m[1]));
    }
  };
  for (const part of parts) {
    const type = part.contentType.split(';')[0].trim().toLowerCase();
    if (type === 'application/node.eks.aws') {
      tryParse(() => readNodeConfig(fromYaml(part.body)));
    } else if (type === 'text/cloud-config') {
      tryParse(() => {
        const config = fromYaml(part.body) ?? {};
        for (const file of listOf(config?.write_files)) {
          if (String(file?.path ?? '').startsWith('/etc/eks/nodeadm.d/')) {
            readNodeConfig(fromYaml(String(file.content ?? '')));
          }
        }
        for (const cmd of [...listOf(config?.runcmd), ...listOf(config?.bootcmd)]) {
          shell.push(Array.isArray(cmd) ? cmd.join(' ') : String(cmd));
        }
      });
    } else if (type === 'application/toml' || type === 'text/toml') {
      tryParse(() => {
        const k8s = fromToml(part.body)?.settings?.kubernetes ?? {};
        if (typeof k8s['max-pods'] === 'number') maxPods.push(k8s['max-pods']);
        if (typeof k8s['registry-qps'] === 'number') registryPullQps = k8s['registry-qps'];
      });
    } else {
      shell.push(part.body);
    }
  }
  const shellText = shell.join('\n');
  return { maxPods: [...maxPods, ...maxPodsFlags(shellText)], registryPullQps, shell: shellText };
}

/**
 * What a node group of the library tells its nodes, read from what it renders rather than parsed back: the same
 * facts as {@link userDataFacts} of the rendered user data.
 */
export function nodeBootFacts(boot: NodeBoot): UserDataFacts {
  const shell = boot.shellParts.join('\n');
  const maxPods = boot.kubelet?.maxPods;
  return {
    maxPods: [...(maxPods !== undefined ? [maxPods] : []), ...maxPodsFlags(shell)],
    registryPullQps: boot.kubelet?.registryPullQps,
    shell,
  };
}

function maxPodsFlags(shell: string): number[] {
  return [...shell.matchAll(MAX_PODS_FLAG)].map((m) => Number(m[1]));
}

/** A list of the user data's schema; other shapes (which nodeadm and cloud-init refuse) hold nothing to read. */
function listOf(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

function guessType(text: string): string {
  if (/^\s*\[settings/m.test(text)) return 'application/toml';
  if (/^\s*apiVersion:\s*node\.eks\.aws/m.test(text)) return 'application/node.eks.aws';
  if (/^#cloud-config/.test(text)) return 'text/cloud-config';
  return 'text/x-shellscript';
}

/** Malformed user data is not this check's business; other tools report it. */
function tryParse(read: () => void): void {
  try {
    read();
  } catch {
    // ignore
  }
}
