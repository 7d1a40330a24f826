import * as fc from 'fast-check';
import { nodeBootFacts, userDataFacts } from '../../lib/guardrails/user-data-facts';
import { NodeImage } from '../../lib/node-spec/node-image';
import { nodeBoot, nodeUserData, resolveNodeSpec } from '../../lib/node-spec/node-spec';

/**
 * Max-pods values as a set (the rendered AL2023 user data states one value twice: config and flag), and the shell as
 * its non-blank lines (MIME ends each part with a line break).
 */
const comparable = (facts: ReturnType<typeof userDataFacts>) => ({
  ...facts,
  maxPods: [...new Set(facts.maxPods)].sort((a, b) => a - b),
  shell: facts.shell.split('\n').filter((line) => line.trim() !== ''),
});

describe('what a library node group tells its nodes', () => {
  // The guardrails read the library's node groups from what they render instead of parsing their user data back:
  // both readings must agree for every spec the library can render.
  test('reads the same as parsing the rendered user data', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(NodeImage.AL2023, NodeImage.BOTTLEROCKET),
        fc.boolean(),
        fc.boolean(),
        fc.subarray([
          'echo hello',
          '/etc/eks/bootstrap.sh my-cluster --max-pods 58',
          'sysctl -w vm.max_map_count=262144',
        ]),
        fc.option(fc.integer({ min: 4, max: 737 }), { nil: undefined }),
        fc.integer({ min: 0, max: 50 }),
        (image, withKubelet, dataVolume, scripts, maxPods, registryPullQps) => {
          const shellScripts = image === NodeImage.BOTTLEROCKET ? [] : scripts;
          const spec = resolveNodeSpec(
            { nodeImage: image, dataVolume: dataVolume ? { sizeGiB: 100 } : undefined },
            shellScripts,
          );
          const kubelet = withKubelet
            ? { maxPods, registryPullQps, registryBurst: registryPullQps + 1, maxParallelImagePulls: 5 }
            : undefined;
          expect(comparable(nodeBootFacts(nodeBoot(spec, kubelet)))).toEqual(
            comparable(userDataFacts(nodeUserData(spec, kubelet))),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  test('a max-pods flag in a user script is seen beside the kubelet setting', () => {
    const spec = resolveNodeSpec({}, ['/etc/eks/bootstrap.sh c --max-pods 58']);
    const facts = nodeBootFacts(
      nodeBoot(spec, { maxPods: 29, registryPullQps: 5, registryBurst: 10, maxParallelImagePulls: 5 }),
    );
    expect(facts.maxPods).toEqual([29, 58]);
    expect(facts.registryPullQps).toBe(5);
  });
});
