package smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdkeksnetkit.GuardrailInfo;
import io.github.cdkeksnetkit.GuardrailLevel;
import io.github.cdkeksnetkit.MaxPods;
import io.github.cdkeksnetkit.MaxPodsOptions;
import io.github.cdkeksnetkit.MaxPodsResult;
import io.github.cdkeksnetkit.NetkitGuardrails;
import io.github.cdkeksnetkit.NetworkBaseline;
import io.github.cdkeksnetkit.NetworkObservabilityOptions;
import io.github.cdkeksnetkit.PodNetworking;
import io.github.cdkeksnetkit.PodNetworkingOptions;
import io.github.cdkeksnetkit.TunedNodegroup;
import io.github.cdkeksnetkit.TunedNodegroupOptions;
import io.github.cdkeksnetkit.VpcCniOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.eks_v2.Cluster;
import software.amazon.awscdk.services.eks_v2.DefaultCapacityType;
import software.amazon.awscdk.services.eks_v2.KubectlProviderOptions;
import software.amazon.awscdk.services.eks_v2.KubernetesVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;

/** cdk-eks-netkit from Java: an app with a cluster, the baseline and node groups, synthesized and checked. */
class NetkitSmokeTest {
  private static Map<String, Object> baselineTemplate;
  private static Map<String, Object> tunedTemplate;
  private static TunedNodegroup tuned;

  /** A cluster with a kubectl provider; the layer is imported by ARN (synth only, nothing deploys). */
  private static Cluster newCluster(Stack stack) {
    return Cluster.Builder.create(stack, "Cluster")
        .version(KubernetesVersion.V1_35)
        .defaultCapacity(0)
        .defaultCapacityType(DefaultCapacityType.NODEGROUP)
        .serviceIpv4Cidr("172.20.0.0/16")
        .kubectlProviderOptions(KubectlProviderOptions.builder()
            .kubectlLayer(LayerVersion.fromLayerVersionArn(stack, "Kubectl",
                "arn:aws:lambda:us-east-1:123456789012:layer:kubectl:1"))
            .build())
        .build();
  }

  @BeforeAll
  static void synthesize() {
    App app = new App();
    Stack stack = new Stack(app, "NetkitJava");
    NetworkBaseline baseline = NetworkBaseline.Builder.create(stack, "Network")
        .cluster(newCluster(stack))
        .vpcCniOptions(VpcCniOptions.builder().podNetworking(PodNetworking.prefixDelegation()).build())
        .observabilityOptions(NetworkObservabilityOptions.builder().alertEmails(List.of("oncall@example.com")).build())
        .build();
    baseline.addNodegroup("Workers",
        TunedNodegroupOptions.builder().instanceTypes(List.of("m6i.2xlarge")).minSize(2).maxSize(10).build());
    baselineTemplate = Template.fromStack(stack).toJSON();

    Stack tunedStack = new Stack(new App(), "Tuned");
    tuned = TunedNodegroup.Builder.create(tunedStack, "Nodes")
        .cluster(newCluster(tunedStack))
        .instanceTypes(List.of("m5.large"))
        .podNetworking(PodNetworking.secondaryIps())
        .minSize(1)
        .maxSize(3)
        .build();
    tunedTemplate = Template.fromStack(tunedStack).toJSON();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> resources(Map<String, Object> template, String type) {
    Map<String, Map<String, Object>> all = (Map<String, Map<String, Object>>) template.get("Resources");
    return all.entrySet().stream()
        .filter(e -> type.equals(e.getValue().get("Type")))
        .collect(Collectors.toMap(Map.Entry::getKey, e -> (Map<String, Object>) e.getValue().get("Properties")));
  }

  /** The nodeadm NodeConfig drop-ins in each launch template's user data (MIME with a cloud-config part). */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> nodeConfigs(Map<String, Object> template) {
    List<Map<String, Object>> configs = new ArrayList<>();
    for (Map<String, Object> props : resources(template, "AWS::EC2::LaunchTemplate").values()) {
      Object userData = ((Map<String, Object>) props.get("LaunchTemplateData")).get("UserData");
      String mime = userData instanceof Map
          ? (String) ((Map<String, Object>) userData).get("Fn::Base64")
          : new String(Base64.getDecoder().decode((String) userData), StandardCharsets.UTF_8);
      Matcher boundary = Pattern.compile("boundary=\"([^\"]+)\"").matcher(mime);
      assertTrue(boundary.find(), "user data is not MIME multipart");
      for (String part : mime.split(Pattern.quote("--" + boundary.group(1)))) {
        String[] headersAndBody = part.split("\n\n", 2);
        if (headersAndBody.length < 2 || !headersAndBody[0].contains("Content-Type: text/cloud-config")) continue;
        Map<String, Object> cloudConfig = new Yaml().load(headersAndBody[1]);
        for (Map<String, Object> file : (List<Map<String, Object>>) cloudConfig.get("write_files")) {
          if (((String) file.get("path")).startsWith("/etc/eks/nodeadm.d/")) {
            configs.add(new Yaml().load((String) file.get("content")));
          }
        }
      }
    }
    return configs;
  }

  @SuppressWarnings("unchecked")
  private static Object at(Map<String, Object> map, String... keys) {
    Object value = map;
    for (String key : keys) value = ((Map<String, Object>) value).get(key);
    return value;
  }

  @Test
  void baselineNodegroupRendersPrefixDelegationMaxPods() {
    // m6i.2xlarge with prefixes: 4 ENIs x (15 - 1) x 16 + 2 = 898, capped at 110 for 8 vCPUs.
    assertEquals(898, 4 * (15 - 1) * 16 + 2);
    List<Map<String, Object>> configs = nodeConfigs(baselineTemplate);
    assertEquals(1, configs.size());
    assertEquals(110, at(configs.get(0), "spec", "kubelet", "config", "maxPods"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void vpcCniConfigurationEnablesPrefixDelegation() {
    Map<String, Object> addon = resources(baselineTemplate, "AWS::EKS::Addon").values().stream()
        .filter(p -> "vpc-cni".equals(p.get("AddonName")))
        .findFirst()
        .orElseThrow();
    Object values = addon.get("ConfigurationValues");
    String json = values instanceof String ? (String) values
        : ((List<Object>) ((List<Object>) ((Map<String, Object>) values).get("Fn::Join")).get(1)).stream()
            .map(p -> p instanceof String ? (String) p : "TOKEN")
            .collect(Collectors.joining());
    Map<String, Object> config = new Yaml().load(json); // JSON is YAML
    assertEquals("true", at(config, "env", "ENABLE_PREFIX_DELEGATION"));
    assertEquals("1", at(config, "env", "WARM_PREFIX_TARGET"));
  }

  @Test
  void tunedNodegroupTakesSecondaryIpMaxPods() {
    // m5.large: 3 ENIs x (10 IPv4 - 1) + 2 = 29.
    assertEquals(3 * (10 - 1) + 2, tuned.getMaxPods().intValue());
    assertEquals(29, at(nodeConfigs(tunedTemplate).get(0), "spec", "kubelet", "config", "maxPods"));
  }

  @Test
  void maxPodsCalculate() {
    MaxPodsResult result = MaxPods.calculate("m5.large", MaxPodsOptions.builder()
        .podNetworking(PodNetworking.secondaryIps(PodNetworkingOptions.builder().customNetworking(true).build()))
        .build());
    // Custom networking takes the primary ENI: (3 - 1) x (10 - 1) + 2 = 20.
    assertEquals((3 - 1) * (10 - 1) + 2, result.getEniLimit().intValue());
    assertEquals(20, result.getRecommended().intValue());
  }

  @Test
  void badInstanceTypeIsAClearError() {
    RuntimeException error = assertThrows(RuntimeException.class, () -> MaxPods.calculate("m5.larg"));
    assertTrue(error.getMessage().contains("did you mean m5.large"), error.getMessage());
  }

  @Test
  void guardrailLevelsAreAnEnum() {
    Set<GuardrailLevel> levels = EnumSet.noneOf(GuardrailLevel.class);
    for (GuardrailInfo info : NetkitGuardrails.inventory()) levels.add(info.getLevel());
    assertEquals(EnumSet.of(GuardrailLevel.ERROR, GuardrailLevel.WARNING), levels);
  }
}
