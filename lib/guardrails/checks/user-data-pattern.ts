import { Finding, Guardrail, GuardrailLevel } from '../guardrail';

/** A guardrail that flags node user data whose boot shell matches a pattern. */
export function userDataPattern(id: string, what: string, fix: string, pattern: RegExp, why: string): Guardrail {
  return {
    id,
    level: GuardrailLevel.ERROR,
    what,
    fix,
    check: (facts) =>
      facts.clusters.flatMap((cluster) =>
        cluster.nodegroups.flatMap((ng): Finding[] => {
          const match = ng.userData?.shell.match(pattern);
          return match
            ? [
                {
                  construct: ng.launchTemplate ?? ng.resource,
                  message: `user data runs '${match[0].trim()}': ${why}. ${fix.charAt(0).toUpperCase()}${fix.slice(1)}`,
                },
              ]
            : [];
        }),
      ),
  };
}
