import { Annotations, AspectPriority, Aspects, IAspect, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ALL_GUARDRAILS } from './all-guardrails';
import { Finding, Guardrail, GuardrailLevel, GuardrailSettings } from './guardrail';
import { StackFacts, stackFacts } from './stack-facts';
import { Ec2ApiLimit } from '../capacity/ec2-api-buckets';
import { validateProps } from '../private/prop-rules';
import { NetkitValidationError, isNetkitValidationError, raise } from '../private/validation-error';
import { checkScope } from '../private/validators';

/** One guardrail of the pack, as documented. */
export interface GuardrailInfo {
  /** Stable ID, e.g. `NETKIT-CAP1`. */
  readonly id: string;
  /** Whether a finding fails synth or is printed. */
  readonly level: GuardrailLevel;
  /** What it catches. */
  readonly what: string;
  /** How to fix it. */
  readonly fix: string;
}

/** Thresholds of the guardrails that have one. */
export interface NetkitGuardrailsOptions {
  /**
   * The seconds of EC2 API throttling a node group's scale-up from its minimum to its maximum size may need before
   * NETKIT-API1 warns: the least time EC2's documented token buckets take to serve the VPC CNI's calls.
   * @default 60
   * @see https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html
   */
  readonly ec2ApiBurstSeconds?: number;

  /**
   * The share (%) of EC2's API rate limits that other callers in the account and Region (other clusters, CI,
   * the console) take during a scale-up; NETKIT-API1 leaves it to them.
   * @default 0
   */
  readonly otherEc2ApiTrafficPercent?: number;

  /**
   * The account's own EC2 API request limits, per API (e.g. `AssignPrivateIpAddresses`), for NETKIT-API1 in place of
   * AWS's defaults. AWS lets an account view its current limits and raise them; APIs left out keep the defaults.
   * @default - AWS's documented default bucket sizes and refill rates
   * @see https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html
   */
  readonly ec2ApiLimits?: Record<string, Ec2ApiLimit>;
}

/** NETKIT-API1's default: a minute of throttled EC2 calls while pods wait in ContainerCreating. */
const DEFAULT_EC2_API_BURST_SECONDS = 60;

/** The construct metadata type an acknowledgement is stored under (visible in the cloud assembly). */
export const ACKNOWLEDGEMENT_METADATA_TYPE = 'cdk-eks-netkit:acknowledgement';

/**
 * The scale-readiness guardrail pack: read-only checks, run at synth over every stack below where it is enabled,
 * that catch the EKS networking failures the library exists for. They read the synthesized resources (node groups,
 * launch templates, add-ons, manifests), so they check plain aws-cdk-lib constructs as well as the library's.
 *
 * Errors fail `cdk synth`; warnings are printed (and fail `cdk synth --strict`). Acknowledge a finding you accept
 * with {@link NetkitGuardrails.acknowledge}.
 */
export class NetkitGuardrails implements IAspect {
  /**
   * Turn the pack on for an app, a stage or a stack, with the thresholds of the guardrails that have one. The options
   * have one home: a pack enabled again below or above with other options is an error naming both scopes; enabled
   * again with the same options, the first pack is returned and no second one runs.
   */
  public static enable(scope: IConstruct, options: NetkitGuardrailsOptions = {}): NetkitGuardrails {
    raise(undefined, checkScope('scope', scope));
    // The pack checks the stacks it visits: from a construct inside a stack it would reach none.
    if (!Stage.isStage(scope) && !Stack.isStack(scope)) {
      throw new NetkitValidationError(
        `enable: scope ${scope.node.path} is inside a stack, where the guardrails would check nothing; enable them on ` +
          'the App, a Stage or a Stack (e.g. NetkitGuardrails.enable(Stack.of(construct)))',
        scope,
      );
    }
    const pack = new NetkitGuardrails(options);
    pack.explicitScope = scope;
    const existing = packsAround(scope).filter((p) => p.explicitScope !== undefined);
    const other = existing.find((p) => !sameSettings(p.settings, pack.settings));
    // The app's path is empty: the message names it as "the app" instead of a bare ": " prefix.
    if (other) throw new NetkitValidationError(twoHomes(other, pack, scope), scope.node.path ? scope : undefined);
    if (existing.length > 0 && existing.some((p) => p.explicitScope === scope)) {
      return existing.find((p) => p.explicitScope === scope)!;
    }
    // CDK runs a Stage's aspects when it synthesizes that stage, before the app's own: the pack joins the stages
    // that exist below its scope (one created later is caught at synth, see reachStages).
    for (const stage of [scope, ...scope.node.findAll().filter((c) => c !== scope && Stage.isStage(c))]) {
      Aspects.of(stage).add(pack, { priority: AspectPriority.READONLY });
    }
    return pack;
  }

  /**
   * The pack for a construct of the library that turns the guardrails on (NetworkBaseline): it takes the options of
   * a pack the app enabled, whichever was created first, and runs only where no such pack does.
   * @internal
   */
  public static _enableDefault(scope: IConstruct): void {
    if (packsRunningFor(scope).length > 0) return;
    Aspects.of(scope).add(new NetkitGuardrails({}), { priority: AspectPriority.READONLY });
  }

  /**
   * Accept a guardrail's findings on a construct and everything below it; the reason is printed instead. It is
   * stored as construct metadata (type `cdk-eks-netkit:acknowledgement`), so the cloud assembly records it.
   * @param id the guardrail ID, e.g. `NETKIT-DNS2`
   * @param reason why it is acceptable here
   */
  public static acknowledge(scope: IConstruct, id: string, reason: string): void {
    raise(undefined, checkScope('scope', scope));
    if (!ALL_GUARDRAILS.some((g) => g.id === id)) {
      throw new NetkitValidationError(
        `acknowledge: '${id}' is not a guardrail ID; IDs are ${ALL_GUARDRAILS.map((g) => g.id).join(', ')}`,
      );
    }
    if (typeof reason !== 'string' || !reason.trim()) {
      throw new NetkitValidationError(`acknowledge ${id}: give the reason it is acceptable here`, scope);
    }
    // One reason per guardrail and construct: a second would leave the record saying two things.
    const earlier = scope.node.metadata.find((m) => m.type === ACKNOWLEDGEMENT_METADATA_TYPE && m.data?.id === id);
    if (earlier) {
      throw new NetkitValidationError(
        `acknowledge ${id}: already acknowledged here ('${earlier.data.reason}'); acknowledge it once, with one reason`,
        scope,
      );
    }
    scope.node.addMetadata(ACKNOWLEDGEMENT_METADATA_TYPE, { id, reason });
  }

  /** Every guardrail: ID, level, what it catches and the fix. */
  public static inventory(): GuardrailInfo[] {
    return ALL_GUARDRAILS.map(({ id, level, what, fix }) => ({ id, level, what, fix }));
  }

  private readonly settings: GuardrailSettings;
  /** Where `enable` turned it on: undefined for the default pack of a library construct. */
  private explicitScope?: IConstruct;

  /** The pack as an aspect; {@link NetkitGuardrails.enable} adds it at the read-only priority. */
  public constructor(options: NetkitGuardrailsOptions = {}) {
    // null is how other jsii languages may leave the options out.
    options = options ?? {};
    validateProps(undefined, 'NetkitGuardrailsOptions', options, '', 'options');
    this.settings = {
      ec2ApiBurstSeconds: options.ec2ApiBurstSeconds ?? DEFAULT_EC2_API_BURST_SECONDS,
      otherEc2ApiTrafficPercent: options.otherEc2ApiTrafficPercent ?? 0,
      ec2ApiLimits: options.ec2ApiLimits ?? {},
    };
  }

  public visit(node: IConstruct): void {
    if (Stage.isStage(node)) this.reachStages(node);
    if (!Stack.isStack(node)) return;
    // One pack runs per stack: of those CDK runs there, the app's own (outermost first), else a library default.
    // Read now, once every pack exists.
    const running = packsRunningFor(node);
    const runner = running.find((p) => p.explicitScope !== undefined) ?? running[0];
    if (runner !== this) return;
    // The options have one home, the outermost enable(), even where a stage runs its own copy of the pack.
    const explicit = packsAround(node).filter((p) => p.explicitScope !== undefined);
    const home = explicit[0] ?? this;
    const clash = explicit.find((p) => !sameSettings(p.settings, home.settings));
    if (clash) {
      Annotations.of(node).addError(`[NETKIT-FACTS] ${twoHomes(home, clash, node)}`);
      return;
    }
    const settings = home.settings;
    const facts = stackFacts(node);
    for (const problem of facts.unreadable) {
      Annotations.of(problem.construct).addWarningV2(
        'NETKIT-FACTS',
        `[NETKIT-FACTS] the guardrails could not read this resource (${problem.message}); it was left out of their checks`,
      );
    }
    for (const problem of facts.uncheckable) {
      Annotations.of(problem.construct).addWarningV2(
        'NETKIT-FACTS',
        `[NETKIT-FACTS] could not check: ${problem.message}`,
      );
    }
    for (const guardrail of ALL_GUARDRAILS) {
      for (const finding of isolated(guardrail, facts, settings)) {
        if (finding.uncheckable) {
          Annotations.of(finding.construct).addWarningV2(
            'NETKIT-FACTS',
            `[NETKIT-FACTS] could not check: ${finding.message}`,
          );
          continue;
        }
        const annotations = Annotations.of(finding.construct);
        const reason = acknowledgedReason(finding.construct, guardrail.id);
        const message = `[${guardrail.id}] ${finding.message}`;
        if (reason !== undefined) annotations.addInfo(`${message} (acknowledged: ${reason})`);
        else if (guardrail.level === GuardrailLevel.ERROR) annotations.addError(message);
        else annotations.addWarningV2(guardrail.id, message);
      }
    }
  }

  /**
   * A pack enabled on an app or stage does not reach a stage created after it (CDK synthesizes that stage, running
   * only the aspects on and below it, before the app's): an error, not stacks left unchecked.
   */
  private reachStages(root: IConstruct): void {
    if (this.explicitScope !== root) return;
    const missed = root.node
      .findAll()
      .filter((c): c is Stack => Stack.isStack(c) && Stage.of(c) !== root && packsRunningFor(c).length === 0);
    if (missed.length === 0) return;
    const stage = Stage.of(missed[0])!;
    throw new NetkitValidationError(
      `NetkitGuardrails.enable(${root.node.path || 'app'}) does not reach stack ${missed[0].node.path}: its stage ` +
        `${stage.node.path} was created after enable(), and CDK synthesizes a stage with only the aspects on and below ` +
        'it. Call NetkitGuardrails.enable after creating the stages, or NetkitGuardrails.enable(stage) in each stage',
      root,
    );
  }
}

/**
 * A guardrail's findings; a check that meets something it did not expect reports that as its own finding on the
 * stack, naming the check, instead of aborting synth. User errors (a construct's validation) still stop synth.
 */
function isolated(guardrail: Guardrail, facts: StackFacts, settings: GuardrailSettings): Finding[] {
  try {
    return guardrail.check(facts, settings);
  } catch (err) {
    if (isNetkitValidationError(err)) throw err;
    return [
      {
        construct: facts.stack,
        message: `the check could not run on this stack (${(err as Error)?.message ?? String(err)}); its result is unknown`,
      },
    ];
  }
}

/** The packs CDK runs on a construct: those on its scopes from its own stage (or app) down to it, outermost first. */
function packsRunningFor(scope: IConstruct): NetkitGuardrails[] {
  const stage = Stage.of(scope);
  const scopes = scope.node.scopes;
  return packsOn(stage ? scopes.slice(scopes.indexOf(stage)) : scopes);
}

/** The packs on a construct and on every scope above it, outermost first. */
function packsAround(scope: IConstruct): NetkitGuardrails[] {
  return packsOn(scope.node.scopes);
}

function packsOn(scopes: readonly IConstruct[]): NetkitGuardrails[] {
  const packs = scopes.flatMap((s) =>
    Aspects.of(s).all.filter((a): a is NetkitGuardrails => a instanceof NetkitGuardrails),
  );
  return [...new Set(packs)];
}

function sameSettings(a: GuardrailSettings, b: GuardrailSettings): boolean {
  return (
    a.ec2ApiBurstSeconds === b.ec2ApiBurstSeconds &&
    a.otherEc2ApiTrafficPercent === b.otherEc2ApiTrafficPercent &&
    sameLimits(a.ec2ApiLimits, b.ec2ApiLimits)
  );
}

/** The same APIs with the same bucket sizes and refill rates, in whatever order they were written. */
function sameLimits(a: GuardrailSettings['ec2ApiLimits'], b: GuardrailSettings['ec2ApiLimits']): boolean {
  const apis = Object.keys(a);
  return (
    apis.length === Object.keys(b).length &&
    apis.every(
      (api) =>
        b[api] !== undefined &&
        a[api].bucketMaximumCapacity === b[api].bucketMaximumCapacity &&
        a[api].bucketRefillRate === b[api].bucketRefillRate,
    )
  );
}

/** Two packs with different options over one scope: say where each was enabled, with what. */
function twoHomes(a: NetkitGuardrails, b: NetkitGuardrails, scope: IConstruct): string {
  const where = (p: NetkitGuardrails) => (p as any).explicitScope?.node.path || '(the app)';
  const settingsOf = (p: NetkitGuardrails): GuardrailSettings => (p as any).settings;
  // Only the options that differ, spaced so long limits stay readable.
  const differing = (Object.keys(settingsOf(a)) as Array<keyof GuardrailSettings>).filter(
    (k) => !sameSettings(settingsOf(a), { ...settingsOf(a), [k]: settingsOf(b)[k] }),
  );
  const what = (p: NetkitGuardrails) =>
    differing.map((k) => `${k} ${JSON.stringify(settingsOf(p)[k]).replace(/([,:])/g, '$1 ')}`).join(', ');
  return (
    `NetkitGuardrails is enabled twice over ${scope.node.path || 'the app'} with different options: ${what(a)} at ${where(a)} ` +
    `and ${what(b)} at ${where(b)}. The guardrail options have one home: enable the pack once, on the app, with the options`
  );
}

function acknowledgedReason(construct: IConstruct, id: string): string | undefined {
  for (const scope of [...construct.node.scopes].reverse()) {
    const entry = scope.node.metadata.find((m) => m.type === ACKNOWLEDGEMENT_METADATA_TYPE && m.data?.id === id);
    if (entry) return entry.data.reason;
  }
  return undefined;
}
