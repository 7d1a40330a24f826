import { Lazy } from 'aws-cdk-lib';

const HEAD_KEYS = ['apiVersion', 'kind', 'metadata'];

/**
 * Kubernetes objects whose bodies are rendered at synth. Their heads (apiVersion, kind, metadata) are fixed now,
 * from `heads` (aws-eks-v2 adds its prune label to each object's metadata when the manifest is created); every other
 * key of each head is a placeholder whose value is read from `render()` when the template is written, so
 * constructs created later still count.
 */
export function lazyObjectBodies(
  heads: Array<Record<string, any>>,
  render: () => Array<Record<string, any>>,
): Array<Record<string, any>> {
  return heads.map((head, i) =>
    Object.fromEntries(
      Object.entries(head).map(([key, value]) =>
        HEAD_KEYS.includes(key) ? [key, value] : [key, Lazy.any({ produce: () => render()[i][key] })],
      ),
    ),
  );
}
