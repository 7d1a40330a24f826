import { Duration, Lazy, Token } from 'aws-cdk-lib';
import {
  checkAddonVersion,
  checkAnnotations,
  checkArn,
  checkBoolean,
  checkCidr,
  checkDnsLabel,
  checkDuration,
  checkEmail,
  checkEnum,
  checkImage,
  checkIpAddress,
  checkKubernetesName,
  checkLabelKey,
  checkLabelValue,
  checkLabels,
  checkList,
  checkNodegroupName,
  checkNumber,
  checkObject,
  checkTagKey,
  checkTagValue,
  checkTags,
  checkUrl,
  describeValue,
  problemMessage,
} from '../../lib/private/validators';

const message = (check: ReturnType<typeof checkNumber>) => (check ? problemMessage(check) : undefined);
const tokenString = Token.asString(Lazy.string({ produce: () => 'x' }));
const tokenNumber = Token.asNumber(Lazy.number({ produce: () => 1 }));

describe('Kubernetes names', () => {
  test.each([
    ['kube-system', true],
    ['a', true],
    ['a'.repeat(63), true],
    ['a'.repeat(64), false],
    ['Kube-System', false],
    ['bad_name', false],
    ['-lead', false],
    ['trail-', false],
    ['dotted.name', false],
    ['café', false],
    ['', false],
  ])('DNS label %j → %s', (value, ok) => {
    expect(checkDnsLabel('namespace', value) === undefined).toBe(ok);
  });

  test.each([
    ['node-agent', true],
    ['a.b-c.d', true],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, true], // 253 characters
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`, false], // 254
    ['Bad_Name', false],
    ['a..b', false],
    ['.a', false],
    ['名前', false],
  ])('object name %j → %s', (value, ok) => {
    expect(checkKubernetesName('name', value) === undefined).toBe(ok);
  });

  test('the message names the prop, echoes the value and gives an example', () => {
    expect(message(checkDnsLabel('namespace', 'Kube_System'))).toBe(
      "namespace ('Kube_System') is not a DNS label: use 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit; e.g. 'kube-system'",
    );
  });

  test('a number where a name belongs', () => {
    expect(message(checkKubernetesName('name', 42))).toBe('name (42) is a number, not a string; pass text');
  });

  test.each([
    ['team', true],
    ['example.com/team', true],
    ['app.kubernetes.io/name', true],
    ['Example.com/team', false],
    ['/team', false],
    ['example.com/', false],
    ['a/b/c', false],
    ['x'.repeat(64), false],
    ['team name', false],
  ])('label key %j → %s', (value, ok) => {
    expect(checkLabelKey('labels key', value) === undefined).toBe(ok);
  });

  test.each([
    ['', true],
    ['web', true],
    ['v1.2_3-x', true],
    ['web; rm -rf /', false],
    ['-web', false],
    ['x'.repeat(64), false],
  ])('label value %j → %s', (value, ok) => {
    expect(checkLabelValue('labels', value) === undefined).toBe(ok);
  });

  test('labels: a count limit and a non-string value', () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expect(message(checkLabels('labels', many, 50, 'EKS quota'))).toBe(
      "labels ('51 entries') has more than the 50 entries allowed (EKS quota); remove some",
    );
    expect(message(checkLabels('labels', { team: 7 }))).toMatch(/^labels\['team'\] \(7\) is a number, not a string/);
  });

  test('annotations: keys are qualified names; 256 KiB in all', () => {
    expect(checkAnnotations('annotations', { 'example.com/owner': 'me' })).toBeUndefined();
    expect(message(checkAnnotations('annotations', { 'Example.com/x': 'y' }))).toMatch(
      /is not a Kubernetes annotation key/,
    );
    expect(message(checkAnnotations('annotations', { a: 'x'.repeat(256 * 1024) }))).toMatch(/exceeds the 256 KiB/);
  });
});

describe('EKS and EC2 names', () => {
  test.each([
    ['web-nodes', true],
    ['Web_Nodes_1', true],
    ['a'.repeat(63), true],
    ['a'.repeat(64), false],
    ['_web', false],
    ['web nodes', false],
  ])('node group name %j → %s', (value, ok) => {
    expect(checkNodegroupName('nodegroupName', value) === undefined).toBe(ok);
  });

  test.each([
    ['v1.20.4-eksbuild.2', true],
    ['1.20.4-eksbuild.2', false],
    ['v1.35', false],
    ['latest', false],
  ])('add-on version %j → %s', (value, ok) => {
    expect(checkAddonVersion('addonVersion', value) === undefined).toBe(ok);
  });

  test.each([
    ['team', true],
    ['cost center:owner/@x=+-.', true],
    ['k'.repeat(128), true],
    ['k'.repeat(129), false],
    ['', false],
    ['aws:createdBy', false],
    ['AWS:thing', false],
    ['team#1', false],
  ])('tag key %j → %s', (value, ok) => {
    expect(checkTagKey('tags key', value) === undefined).toBe(ok);
  });

  test.each([
    ['', true],
    ['v'.repeat(256), true],
    ['v'.repeat(257), false],
    ['a*b', false],
  ])('tag value %j → %s', (value, ok) => {
    expect(checkTagValue('tags', value) === undefined).toBe(ok);
  });

  test('at most 50 tags', () => {
    const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expect(message(checkTags('tags', tags))).toMatch(
      /has more than the 50 entries allowed \(EC2 allows 50 tags per resource\)/,
    );
  });
});

describe('image references', () => {
  test.each([
    ['busybox', true],
    ['busybox:1.37.0', true],
    ['public.ecr.aws/docker/library/busybox:1.37.0', true],
    ['localhost:5000/team/agent:v1', true],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-public/docker/library/busybox:1.37.0', true],
    [`busybox@sha256:${'a'.repeat(64)}`, true],
    [`busybox:1.37.0@sha256:${'0123456789abcdef'.repeat(4)}`, true],
    ['[fd00::1]:5000/busybox:1', true],
    ['BusyBox:1.37.0', false],
    ['@sha256:abc', false],
    ['busybox:', false],
    ['https://public.ecr.aws/docker/library/busybox:1.37.0', false],
    ['busybox@sha256:abc', false],
    ['busy box', false],
    ['-busybox', false],
    ['', false],
  ])('%j → %s', (value, ok) => {
    expect(checkImage('gateImage', value) === undefined).toBe(ok);
  });

  test('messages say what is wrong', () => {
    expect(message(checkImage('gateImage', 'BusyBox:1.37.0'))).toMatch(/upper-case letters in the repository path/);
    expect(message(checkImage('gateImage', 'busybox:'))).toMatch(/ends without its tag or digest/);
    expect(message(checkImage('gateImage', 'https://x.io/a:1'))).toMatch(/is a URL, not an image reference/);
    expect(message(checkImage('gateImage', `busybox@sha256:${'a'.repeat(63)}`))).toMatch(/63 hex digits, not 64/);
  });
});

describe('ARNs', () => {
  const rule = {
    service: 'aps',
    resourceType: 'workspace',
    region: 'eu-west-1',
    example: 'arn:aws:aps:eu-west-1:123456789012:workspace/ws-1',
  };
  test.each([
    ['arn:aws:aps:eu-west-1:123456789012:workspace/ws-1', undefined],
    ['arn:aws:aps:us-east-1:123456789012:workspace/ws-1', /is in us-east-1 but the stack deploys to eu-west-1/],
    ['arn:aws:sns:eu-west-1:123456789012:workspace/ws-1', /is an ARN of sns, not of aps/],
    ['arn:aws:aps:eu-west-1:123456789012:rulegroupsnamespace/ws-1', /is not an aps workspace ARN/],
    ['arn:aws:aps:eu-west-1:1234:workspace/ws-1', /no valid 12-digit account/],
    ['arn:amazon:aps:eu-west-1:123456789012:workspace/ws-1', /unknown partition 'amazon'/],
    ['arn:aws:aps::123456789012:workspace/ws-1', /no valid Region/],
    ['ws-1', /is not an ARN/],
    ['arn:aws:aps:eu-west-1:123456789012:', /names no resource/],
  ])('%s', (value, expected) => {
    const found = message(checkArn('workspaceArn', value, rule));
    if (expected === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(expected);
  });

  test('a token Region in the stack does not constrain; partition and account are checked when concrete', () => {
    expect(
      checkArn('x', 'arn:aws-cn:sns:cn-north-1:123456789012:t', {
        service: 'sns',
        region: Token.asString({ resolve: () => 'r' }),
        example: '',
      }),
    ).toBeUndefined();
    expect(
      message(
        checkArn('x', 'arn:aws-cn:sns:cn-north-1:123456789012:t', { service: 'sns', partition: 'aws', example: '' }),
      ),
    ).toMatch(/partition aws-cn but the stack deploys to aws/);
    expect(
      message(
        checkArn('x', 'arn:aws:sns:eu-west-1:111111111111:t', { service: 'sns', account: '123456789012', example: '' }),
      ),
    ).toMatch(/in account 111111111111/);
  });
});

describe('e-mail and URLs', () => {
  test.each([
    ['oncall@example.com', true],
    ['a.b+c@sub.example.co.uk', true],
    ['oncall', false],
    ['oncall@localhost', false],
    ['a@b@example.com', false],
    ['on call@example.com', false],
    ['oncall@-example.com', false],
  ])('e-mail %j → %s', (value, ok) => {
    expect(checkEmail('alertEmails[0]', value) === undefined).toBe(ok);
  });

  test.each([
    ['https://hooks.example.com/alerts', true],
    ['https://hooks.example.com:8443/a?b=c', true],
    ['https://192.0.2.4/x', true],
    ['https://[2001:db8::1]/x', true],
    ['https://', false],
    ['https:///path', false],
    ['http://hooks.example.com', false],
    ['https://hooks example.com', false],
    ['https://hooks.example.com:99999/', false],
    ['hooks.example.com', false],
  ])('https URL %j → %s', (value, ok) => {
    expect(checkUrl('alertHttpsUrls[0]', value) === undefined).toBe(ok);
  });
});

describe('addresses and CIDRs of either family', () => {
  test.each([
    ['10.0.1.0/24', undefined],
    ['2600:1f14::/56', undefined],
    ['0.0.0.0/0', undefined],
    ['10.0.1.5/24', /has host bits set; a CIDR starts at its network address; use 10\.0\.1\.0\/24/],
    ['10.0.1.0/33', /is not a CIDR/],
    ['10.0.1.0', /is not a CIDR/],
    ['fd00::1/64', /use fd00:0:0:0:0:0:0:0\/64/],
  ])('CIDR %s', (value, expected) => {
    const found = message(checkCidr('subnetCidrs', value));
    if (expected === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(expected);
  });

  test('family restrictions', () => {
    expect(checkCidr('x', '2600:1f14::/56', 4)).toBeDefined();
    expect(checkIpAddress('kubeDnsIp', 'fd00::a', 4)).toBeDefined();
    expect(checkIpAddress('kubeDnsIp', 'fd00::a', 6)).toBeUndefined();
  });
});

describe('numbers', () => {
  test.each([
    [5, undefined],
    [0, /must be a whole number from 1 to 450/],
    [451, /must be a whole number from 1 to 450/],
    [2.5, /must be a whole number from 1 to 450; e\.g\. 3/],
    [NaN, /is not a finite number/],
    [Infinity, /is not a finite number/],
    ['120', /^maxSize \('120'\) is a string, not a number; pass 120 without quotes$/],
    ['', /is a string, not a number; pass a whole number from 1 to 450/],
    [true, /is a boolean, not a number/],
    [[1], /is a list, not a number/],
  ])('%p', (value, expected) => {
    const found = message(checkNumber('maxSize', value, { min: 1, max: 450 }));
    if (expected === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(expected);
  });

  test('units and sources are in the range', () => {
    expect(message(checkNumber('sizeGiB', 0, { min: 1, unit: 'GiB', source: 'EBS' }))).toBe(
      'sizeGiB (0) must be a whole number ≥ 1 GiB (EBS)',
    );
    expect(checkNumber('ratio', 0.25, { min: 0, max: 1, integer: false })).toBeUndefined();
  });

  test('tokens are skipped and never printed as numbers', () => {
    expect(checkNumber('budget', tokenNumber, { min: 0 })).toBeUndefined();
    expect(describeValue(tokenNumber)).toBe('a deploy-time token');
    expect(describeValue(tokenString)).toBe('a deploy-time token');
    expect(describeValue(tokenNumber)).not.toMatch(/e\+/);
  });
});

describe('enum values from other CDK languages', () => {
  const Mode = { IPTABLES: 'iptables', IPVS: 'ipvs' };
  test('the wrong case names the value meant and the values allowed', () => {
    expect(message(checkEnum('mode', 'IPVS', Mode, 'KubeProxyMode'))).toBe(
      "mode ('IPVS') must be one of iptables, ipvs (enum values are case-sensitive strings); did you mean KubeProxyMode.IPVS ('ipvs')?",
    );
  });
  test('a number where a string enum belongs says it is a number', () => {
    expect(message(checkEnum('ipv4PrefixSize', 32, { AUTO: 'Auto', SINGLE_ADDRESS: '32' }))).toMatch(
      /^ipv4PrefixSize \(32\) is a number; it must be one of Auto, 32/,
    );
  });
  test('unknown values list the allowed ones', () => {
    expect(message(checkEnum('mode', 'nftables', Mode))).toBe("mode ('nftables') must be one of iptables, ipvs");
    expect(checkEnum('mode', 'ipvs', Mode)).toBeUndefined();
  });
});

describe('durations', () => {
  test.each([
    [Duration.minutes(5), undefined],
    ['120s', undefined],
    ['1h30m', undefined],
    [Duration.seconds(30), /is shorter than 1 min \(AMP\)/],
    [Duration.days(30), /is longer than 1 d/],
    ['5 minutes', /is not a duration with units/],
    [300, /is a number without a unit; pass Duration\.seconds\(300\)/],
    [
      Duration.seconds(90),
      /must be whole minutes, the unit the library renders it in; e\.g\. Duration\.minutes\(1\) or Duration\.minutes\(2\)/,
    ],
    ['90s', /must be whole minutes, the unit the library renders it in$/],
    [{}, /is an object, not a Duration/],
  ])('%p', (value, expected) => {
    const found = message(
      checkDuration(
        'ruleWindow',
        value,
        { minSeconds: 60, maxSeconds: 86400, multipleOfSeconds: 60, source: 'AMP' },
        true,
      ),
    );
    if (expected === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(expected);
  });
});

test('a Duration prop refuses a string, and a token string where an object belongs', () => {
  expect(message(checkDuration('alertFor', '5m'))).toBe(
    "alertFor ('5m') is a string, not a Duration; pass e.g. Duration.minutes(5)",
  );
  expect(message(checkObject('cluster', tokenString, 'an aws-eks-v2 cluster', () => false, 'pass one'))).toBe(
    'cluster (a deploy-time token) is not an aws-eks-v2 cluster; pass one',
  );
  expect(message(checkNumber('maxSize', tokenString))).toMatch(
    /^maxSize \(a deploy-time token\) is a string, not a number/,
  );
});

describe('types and objects', () => {
  test('booleans, lists and required objects', () => {
    expect(message(checkBoolean('guardrails', 'true'))).toBe(
      "guardrails ('true') is a string, not true or false; pass true or false without quotes",
    );
    expect(message(checkList('instanceTypes', [], { minItems: 1 }))).toMatch(/^instanceTypes \(\[\]\) is empty/);
    expect(message(checkList('instanceTypes', 'm5.large'))).toMatch(/is a string, not a list/);
    expect(message(checkList('clusterDns', ['a', 'a']))).toMatch(
      /clusterDns\[1\] \('a'\) is listed twice, also as clusterDns\[0\]/,
    );
    expect(message(checkObject('nodeClass', undefined, 'an AutoModeNodeClass', () => true, 'pass one'))).toBe(
      'nodeClass (undefined) is missing: nodeClass must be an AutoModeNodeClass; pass one',
    );
    class KarpenterNodeClass {}
    expect(
      message(checkObject('nodeClass', new KarpenterNodeClass(), 'an AutoModeNodeClass', () => false, 'pass one')),
    ).toBe('nodeClass (a KarpenterNodeClass) is not an AutoModeNodeClass; pass one');
  });
});
