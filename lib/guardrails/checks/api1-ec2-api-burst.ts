import { ec2ApiBudget, ec2ApiBudgetFix, largestUnthrottledStep } from '../../capacity/ec2-api-budget';
import { burstEc2ApiCalls } from '../../capacity/ec2-api-calls';
import { isNetkitValidationError } from '../../private/validation-error';
import { Finding, Guardrail, GuardrailLevel } from '../guardrail';
import { clustersWithMode } from '../stack-facts';

const int = (value: string | undefined) => (value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined);

/**
 * A node group whose scale-up from minimum to maximum needs more EC2 API calls than EC2's token buckets serve within
 * the budget: the enterprise case study's Monday, pods in ContainerCreating while ipamd is throttled.
 */
export const ec2ApiBurst: Guardrail = {
  id: 'NETKIT-API1',
  level: GuardrailLevel.WARNING,
  what: "node groups whose scale-up from minimum to maximum size needs more than the budget (60 s by default) of EC2 API throttling for the VPC CNI's calls (the EC2 call model, full nodes)",
  fix: 'prefix delegation with MINIMUM_IP_TARGET, smaller scale-up steps, or a higher EC2 rate limit (cdk-eks-netkit plan --from-nodes); set the budget with NetkitGuardrails.enable(scope, { ec2ApiBurstSeconds })',
  check: (facts, settings) =>
    clustersWithMode(facts).flatMap((cluster) => {
      const env = cluster.cniAddon?.env ?? {};
      const warm = {
        warmEniTarget: int(env.WARM_ENI_TARGET),
        warmIpTarget: int(env.WARM_IP_TARGET),
        minimumIpTarget: int(env.MINIMUM_IP_TARGET),
        warmPrefixTarget: int(env.WARM_PREFIX_TARGET),
      };
      return cluster.nodegroups.flatMap((ng): Finding[] => {
        if (ng.minSize === undefined || ng.maxSize === undefined || ng.instanceTypes.length === 0) return [];
        if (ng.maxSize <= ng.minSize) return [];
        let burst;
        try {
          burst = burstEc2ApiCalls(
            [
              {
                name: ng.resource.node.path,
                instanceTypes: ng.instanceTypes,
                fromNodes: ng.minSize,
                toNodes: ng.maxSize,
              },
            ],
            cluster.podNetworking,
            warm,
          );
        } catch (err) {
          if (isNetkitValidationError(err)) return []; // an unknown type: nothing to count with
          throw err;
        }
        const budget = ec2ApiBudget(burst.calls, settings.otherEc2ApiTrafficPercent);
        const seconds = budget.minimumSeconds.overall;
        if (seconds <= settings.ec2ApiBurstSeconds) return [];
        const [group] = burst.groups;
        const step = largestUnthrottledStep(group.perNode, settings.otherEc2ApiTrafficPercent);
        return [
          {
            construct: ng.resource,
            message:
              `scaling from ${ng.minSize} to ${ng.maxSize} full ${group.instanceType} nodes (${cluster.podNetworking.describe()}) ` +
              `makes at least ${budget.calls[budget.bindingApi]} ${budget.bindingApi} calls: EC2's default rate limits need ` +
              `at least ${seconds} s for them (budget ${settings.ec2ApiBurstSeconds} s), while pods wait in ContainerCreating. ` +
              `Fix: ${ec2ApiBudgetFix(budget, cluster.podNetworking, warm, step)}`,
          },
        ];
      });
    }),
};
