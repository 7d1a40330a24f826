import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { parse } from 'yaml';
import { addReferenceStacks } from '../../bin/reference-app';
import {
  ClusterAuthenticationMode,
  ClusterNetworkingContext,
  EnaMetricNaming,
  NetworkObservability,
  NetworkObservabilityProps,
} from '../../lib';
import { scraperRbacRules } from '../../lib/observability/scraper-access';
import { testApp } from '../util';

/**
 * What Prometheus's Kubernetes service discovery lists and watches for each role (prometheus.io, configuration,
 * <kubernetes_sd_config>), written out here independently of the library.
 */
const WATCHED: Record<string, string[]> = {
  node: ['/nodes'],
  pod: ['/pods'],
  service: ['/services'],
  endpoints: ['/endpoints', '/services', '/pods'],
  endpointslice: ['discovery.k8s.io/endpointslices', '/services', '/pods'],
  ingress: ['networking.k8s.io/ingresses'],
};

/** The scrape configuration a template's scraper runs. */
function scraperConfig(template: Template): any {
  const scrapers = Object.values(template.findResources('AWS::APS::Scraper'));
  expect(scrapers).toHaveLength(1);
  return parse(scrapers[0].Properties.ScrapeConfiguration.ConfigurationBlob['Fn::Base64']);
}

/** The Kubernetes objects of every manifest in a template. */
function manifests(template: Template): any[] {
  return Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource')).flatMap((r) =>
    typeof r.Properties.Manifest === 'string' ? JSON.parse(r.Properties.Manifest) : [],
  );
}

/** "group/resource" pairs a ClusterRole grants, with the verbs of each. */
function grants(rules: any[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const rule of rules) {
    expect(rule.nonResourceURLs).toBeUndefined();
    for (const group of rule.apiGroups) for (const resource of rule.resources) out[`${group}/${resource}`] = rule.verbs;
  }
  return out;
}

/** Assert the scraper's RBAC in a template grants what its discovery watches, no more, to aps-collector-user. */
function expectLeastPrivilegeScraperRbac(template: Template): void {
  const config = scraperConfig(template);
  const roles = config.scrape_configs.flatMap((job: any) => job.kubernetes_sd_configs.map((sd: any) => sd.role));
  const expected: Record<string, string[]> = {};
  for (const role of roles) for (const resource of WATCHED[role]) expected[resource] = ['get', 'list', 'watch'];
  // Every target is scraped at its pod IP: no job goes through the API server, so targets need no grant.
  expect(config.scrape_configs.filter((job: any) => job.authorization || job.scheme === 'https')).toEqual([]);

  const objects = manifests(template);
  const [role] = objects.filter((o) => o.kind === 'ClusterRole' && o.metadata.name === 'netkit-aps-collector');
  expect(grants(role.rules)).toEqual(expected);
  const bindings = objects.filter((o) => o.kind === 'ClusterRoleBinding' && o.roleRef.name === role.metadata.name);
  expect(bindings).toHaveLength(1);
  expect(bindings[0].roleRef).toEqual({
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name: role.metadata.name,
  });
  expect(bindings[0].subjects).toEqual([
    { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'aps-collector-user' },
  ]);
  // Nothing else in the stack binds aps-collector-user (no cluster-admin, no system:masters).
  const toUser = objects.filter(
    (o) => /RoleBinding$/.test(o.kind) && JSON.stringify(o.subjects).includes('aps-collector-user'),
  );
  expect(toUser).toEqual(bindings);
}

test('every reference stack with a scraper grants exactly what its scrape configuration discovers, to aps-collector-user', () => {
  const stacks = addReferenceStacks(testApp());
  const withScraper = stacks.filter(
    (s) => Object.keys(Template.fromStack(s).findResources('AWS::APS::Scraper')).length,
  );
  expect(withScraper.map((s) => s.stackName)).toEqual(stacks.map((s) => s.stackName));
  for (const stack of withScraper) {
    const template = Template.fromStack(stack);
    expectLeastPrivilegeScraperRbac(template);
    // AMP creates the scraper's access entry itself (API and API_AND_CONFIG_MAP); a second one would fail.
    expect(JSON.stringify(template.findResources('AWS::EKS::AccessEntry'))).not.toContain('Scraper');
  }
});

function importedCluster(stack: Stack, withKubectl = true): eks.ICluster {
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-1234',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    privateSubnetIds: ['subnet-a', 'subnet-b'],
  });
  return eks.Cluster.fromClusterAttributes(stack, 'Cluster', {
    clusterName: 'existing',
    clusterSecurityGroupId: 'sg-1234',
    vpc,
    kubectlProvider: withKubectl
      ? eks.KubectlProvider.fromKubectlProviderAttributes(stack, 'Kubectl', {
          serviceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:kubectl',
          role: iam.Role.fromRoleArn(stack, 'KubectlRole', 'arn:aws:iam::111111111111:role/kubectl'),
        })
      : undefined,
  });
}

function onImported(props: Partial<NetworkObservabilityProps>, withKubectl = true) {
  const stack = new Stack(testApp(), 'Imported', { env: { account: '111111111111', region: 'eu-west-1' } });
  new NetworkObservability(stack, 'Network', { cluster: importedCluster(stack, withKubectl), ...props });
  return stack;
}

test('a new aws-eks-v2 cluster is API mode: the scraper gets its RBAC and no access entry or aws-auth step', () => {
  const stack = new Stack(testApp(), 'New', { env: { account: '111111111111', region: 'eu-west-1' } });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_35,
    defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    defaultCapacity: 0,
    kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') },
  });
  new NetworkObservability(stack, 'Network', { cluster });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::EKS::Cluster', { AccessConfig: { AuthenticationMode: 'API' } });
  expectLeastPrivilegeScraperRbac(template);
  expect(Object.keys(template.findOutputs('*'))).not.toContainEqual(expect.stringMatching(/AwsAuth/));
});

test.each([ClusterAuthenticationMode.API, ClusterAuthenticationMode.API_AND_CONFIG_MAP])(
  'an imported %s cluster gets the RBAC, and no aws-auth warning',
  (clusterAuthenticationMode) => {
    const stack = onImported({ clusterAuthenticationMode });
    expectLeastPrivilegeScraperRbac(Template.fromStack(stack));
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('aps-collector-user'))).toEqual([]);
  },
);

test('the Showmax exporter is discovered the same way: same least-privilege RBAC', () => {
  expectLeastPrivilegeScraperRbac(
    Template.fromStack(
      onImported({
        clusterAuthenticationMode: ClusterAuthenticationMode.API,
        enaMetricNaming: EnaMetricNaming.SHOWMAX,
      }),
    ),
  );
});

test('CONFIG_MAP: the RBAC, the path-less role ARN aws-auth needs as an output, and a warning that says what to run', () => {
  const stack = onImported({ clusterAuthenticationMode: ClusterAuthenticationMode.CONFIG_MAP });
  const template = Template.fromStack(stack);
  expectLeastPrivilegeScraperRbac(template);
  const [output] = Object.values(template.findOutputs('*', { Value: Match.anyValue() })).filter((o) =>
    JSON.stringify(o).includes('RoleArn'),
  );
  // AWS's example: the scraper role ARN with its service-role path, and the form aws-auth accepts.
  const roleArn =
    'arn:aws:iam::111122223333:role/aws-service-role/scraper.aps.amazonaws.com/AWSServiceRoleForAmazonPrometheusScraper_1234abcd-56ef-7';
  expect(evaluate(output.Value, roleArn)).toBe(
    'arn:aws:iam::111122223333:role/AWSServiceRoleForAmazonPrometheusScraper_1234abcd-56ef-7',
  );
  const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('aps-collector-user'));
  expect(warnings).toHaveLength(1);
});

/** Evaluate Fn::Join / Fn::Select / Fn::Split over the scraper's RoleArn attribute. */
function evaluate(value: any, roleArn: string): any {
  if (typeof value === 'string') return value;
  if (value['Fn::GetAtt']) return roleArn;
  if (value['Fn::Join']) return value['Fn::Join'][1].map((v: any) => evaluate(v, roleArn)).join(value['Fn::Join'][0]);
  if (value['Fn::Select']) return evaluate(value['Fn::Select'][1], roleArn)[value['Fn::Select'][0]];
  if (value['Fn::Split']) return evaluate(value['Fn::Split'][1], roleArn).split(value['Fn::Split'][0]);
  throw new Error(`cannot evaluate ${JSON.stringify(value)}`);
}

const synth = (stack: Stack) => () => Template.fromStack(stack);

test('an imported cluster must say how it authenticates: the error names the prop, the values and the construct', () => {
  expect(synth(onImported({}))).toThrow(
    /Imported\/Network.*clusterAuthenticationMode is not set, and cluster Imported\/Cluster is imported.*API, API_AND_CONFIG_MAP or CONFIG_MAP/s,
  );
  expect(synth(onImported({ managedScraper: false, enaMetricNaming: EnaMetricNaming.SHOWMAX }))).not.toThrow();
});

test('the mode is read at synth: declared on the context after NetworkObservability, it counts', () => {
  const stack = new Stack(testApp(), 'Imported', { env: { account: '111111111111', region: 'eu-west-1' } });
  const cluster = importedCluster(stack, true);
  new NetworkObservability(stack, 'Network', { cluster });
  ClusterNetworkingContext.of(cluster).declare({ authenticationMode: ClusterAuthenticationMode.CONFIG_MAP });
  const template = Template.fromStack(stack);
  expect(Object.keys(template.findOutputs('*'))).toContainEqual(expect.stringMatching(/ScraperRoleForAwsAuth/));
  expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('aps-collector-user'))).toHaveLength(1);
});

test('CONFIG_MAP without a kubectl provider is an error; API without one only skips the RBAC, saying so', () => {
  expect(
    synth(
      onImported(
        { clusterAuthenticationMode: ClusterAuthenticationMode.CONFIG_MAP, enaMetricNaming: EnaMetricNaming.SHOWMAX },
        false,
      ),
    ),
  ).toThrow(/clusterAuthenticationMode is CONFIG_MAP.*no kubectl provider.*kubectlProviderOptions/);
  const stack = onImported(
    { clusterAuthenticationMode: ClusterAuthenticationMode.API, enaMetricNaming: EnaMetricNaming.SHOWMAX },
    false,
  );
  Template.fromStack(stack).resourceCountIs('Custom::AWSCDK-EKS-KubernetesResource', 0);
  expect(Annotations.fromStack(stack).findInfo('*', Match.stringLikeRegexp('access entry AMP creates'))).toHaveLength(
    1,
  );
});

test('scraperRbacRules derives from every discovery role, merges by API group, and refuses API-server targets', () => {
  expect(
    scraperRbacRules({
      scrape_configs: [
        { job_name: 'a', kubernetes_sd_configs: [{ role: 'endpointslice' }] },
        { job_name: 'b', kubernetes_sd_configs: [{ role: 'pod', attach_metadata: { node: true } }] },
      ],
    }),
  ).toEqual([
    { apiGroups: [''], resources: ['nodes', 'pods', 'services'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
  ]);
  expect(() =>
    scraperRbacRules({
      scrape_configs: [
        { job_name: 'cadvisor', authorization: { type: 'Bearer' }, kubernetes_sd_configs: [{ role: 'node' }] },
      ],
    }),
  ).toThrow(/cadvisor scrapes through the API server/);
});
