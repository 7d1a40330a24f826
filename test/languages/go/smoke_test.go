// cdk-eks-netkit from Go: the module this run built (dist/go, wired in by run.sh with a replace directive) in an
// app with a cluster, the baseline and node groups, synthesized and checked.
package smoke

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseksv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk-eks-netkit/cdk-eks-netkit-go/cdkeksnetkit"
	"gopkg.in/yaml.v3"
)

type object = map[string]interface{}

// newCluster is a cluster with a kubectl provider; the layer is imported by ARN (synth only, nothing deploys).
func newCluster(stack awscdk.Stack) awseksv2.Cluster {
	return awseksv2.NewCluster(stack, jsii.String("Cluster"), &awseksv2.ClusterProps{
		Version:             awseksv2.KubernetesVersion_V1_35(),
		DefaultCapacity:     jsii.Number(0),
		DefaultCapacityType: awseksv2.DefaultCapacityType_NODEGROUP,
		ServiceIpv4Cidr:     jsii.String("172.20.0.0/16"),
		KubectlProviderOptions: &awseksv2.KubectlProviderOptions{
			KubectlLayer: awslambda.LayerVersion_FromLayerVersionArn(stack, jsii.String("Kubectl"),
				jsii.String("arn:aws:lambda:us-east-1:123456789012:layer:kubectl:1")),
		},
	})
}

func synth(stack awscdk.Stack) object {
	return *assertions.Template_FromStack(stack, nil).ToJSON()
}

func resources(template object, kind string) []object {
	var found []object
	for _, r := range template["Resources"].(object) {
		if r.(object)["Type"] == kind {
			found = append(found, r.(object)["Properties"].(object))
		}
	}
	return found
}

// nodeConfigs returns the nodeadm NodeConfig drop-ins in each launch template's user data (MIME, cloud-config part).
func nodeConfigs(t *testing.T, template object) []object {
	var configs []object
	for _, lt := range resources(template, "AWS::EC2::LaunchTemplate") {
		var text string
		switch userData := lt["LaunchTemplateData"].(object)["UserData"].(type) {
		case string:
			decoded, err := base64.StdEncoding.DecodeString(userData)
			if err != nil {
				t.Fatal(err)
			}
			text = string(decoded)
		case object:
			text = userData["Fn::Base64"].(string)
		}
		head, body, _ := strings.Cut(text, "\n\n")
		_, params, err := mime.ParseMediaType(strings.TrimPrefix(strings.Split(head, "\n")[1], "Content-Type: "))
		if err != nil {
			t.Fatalf("user data is not MIME multipart: %v", err)
		}
		reader := multipart.NewReader(strings.NewReader(strings.ReplaceAll(body, "\n", "\r\n")), params["boundary"])
		for part, err := reader.NextPart(); err == nil; part, err = reader.NextPart() {
			if !strings.HasPrefix(part.Header.Get("Content-Type"), "text/cloud-config") {
				continue
			}
			var cloudConfig struct {
				WriteFiles []struct{ Path, Content string } `yaml:"write_files"`
			}
			if err := yaml.NewDecoder(part).Decode(&cloudConfig); err != nil {
				t.Fatal(err)
			}
			for _, file := range cloudConfig.WriteFiles {
				if strings.HasPrefix(file.Path, "/etc/eks/nodeadm.d/") {
					var config object
					if err := yaml.Unmarshal([]byte(strings.ReplaceAll(file.Content, "\r\n", "\n")), &config); err != nil {
						t.Fatal(err)
					}
					configs = append(configs, config)
				}
			}
		}
	}
	return configs
}

func kubeletMaxPods(config object) interface{} {
	return config["spec"].(object)["kubelet"].(object)["config"].(object)["maxPods"]
}

func TestBaseline(t *testing.T) {
	stack := awscdk.NewStack(awscdk.NewApp(nil), jsii.String("NetkitGo"), nil)
	baseline := cdkeksnetkit.NewNetworkBaseline(stack, jsii.String("Network"), &cdkeksnetkit.NetworkBaselineProps{
		Cluster:              newCluster(stack),
		VpcCniOptions:        &cdkeksnetkit.VpcCniOptions{PodNetworking: cdkeksnetkit.PodNetworking_PrefixDelegation(nil)},
		ObservabilityOptions: &cdkeksnetkit.NetworkObservabilityOptions{AlertEmails: jsii.Strings("oncall@example.com")},
	})
	baseline.AddNodegroup(jsii.String("Workers"), &cdkeksnetkit.TunedNodegroupOptions{
		InstanceTypes: jsii.Strings("m6i.2xlarge"), MinSize: jsii.Number(2), MaxSize: jsii.Number(10),
	})
	template := synth(stack)

	t.Run("node group max pods", func(t *testing.T) {
		// m6i.2xlarge with prefixes: 4 ENIs x (15 - 1) x 16 + 2 = 898, capped at 110 for 8 vCPUs.
		configs := nodeConfigs(t, template)
		if len(configs) != 1 || kubeletMaxPods(configs[0]) != 110 {
			t.Fatalf("want one NodeConfig with maxPods 110, got %v", configs)
		}
	})

	t.Run("VPC CNI configuration", func(t *testing.T) {
		for _, addon := range resources(template, "AWS::EKS::Addon") {
			if addon["AddonName"] != "vpc-cni" {
				continue
			}
			text, ok := addon["ConfigurationValues"].(string)
			if !ok {
				for _, p := range addon["ConfigurationValues"].(object)["Fn::Join"].([]interface{})[1].([]interface{}) {
					if s, isString := p.(string); isString {
						text += s
					} else {
						text += "TOKEN"
					}
				}
			}
			var config struct{ Env map[string]string }
			if err := json.Unmarshal([]byte(text), &config); err != nil {
				t.Fatal(err)
			}
			if config.Env["ENABLE_PREFIX_DELEGATION"] != "true" || config.Env["WARM_PREFIX_TARGET"] != "1" {
				t.Fatalf("vpc-cni env: %v", config.Env)
			}
			return
		}
		t.Fatal("no vpc-cni add-on")
	})
}

func TestTunedNodegroup(t *testing.T) {
	stack := awscdk.NewStack(awscdk.NewApp(nil), jsii.String("Tuned"), nil)
	nodes := cdkeksnetkit.NewTunedNodegroup(stack, jsii.String("Nodes"), &cdkeksnetkit.TunedNodegroupProps{
		Cluster:       newCluster(stack),
		InstanceTypes: jsii.Strings("m5.large"),
		PodNetworking: cdkeksnetkit.PodNetworking_SecondaryIps(nil),
		MinSize:       jsii.Number(1),
		MaxSize:       jsii.Number(3),
	})
	// m5.large: 3 ENIs x (10 IPv4 - 1) + 2 = 29.
	if want := float64(3*(10-1) + 2); *nodes.MaxPods() != want {
		t.Fatalf("MaxPods() = %v, want %v", *nodes.MaxPods(), want)
	}
	if got := kubeletMaxPods(nodeConfigs(t, synth(stack))[0]); got != 29 {
		t.Fatalf("NodeConfig maxPods = %v, want 29", got)
	}
}

func TestMaxPodsCalculate(t *testing.T) {
	result := cdkeksnetkit.MaxPods_Calculate(jsii.String("m5.large"), &cdkeksnetkit.MaxPodsOptions{
		PodNetworking: cdkeksnetkit.PodNetworking_SecondaryIps(&cdkeksnetkit.PodNetworkingOptions{CustomNetworking: jsii.Bool(true)}),
	})
	// Custom networking takes the primary ENI: (3 - 1) x (10 - 1) + 2 = 20.
	if *result.EniLimit != (3-1)*(10-1)+2 || *result.Recommended != 20 {
		t.Fatalf("m5.large custom networking: eniLimit %v, recommended %v", *result.EniLimit, *result.Recommended)
	}
}

func TestBadInstanceTypeIsAClearError(t *testing.T) {
	defer func() {
		if message := fmt.Sprint(recover()); !strings.Contains(message, "did you mean m5.large") {
			t.Fatalf("want an error naming m5.large, got %q", message)
		}
	}()
	cdkeksnetkit.MaxPods_Calculate(jsii.String("m5.larg"), nil)
}

func TestGuardrailLevelsAreAnEnum(t *testing.T) {
	levels := map[cdkeksnetkit.GuardrailLevel]bool{}
	for _, info := range *cdkeksnetkit.NetkitGuardrails_Inventory() {
		levels[info.Level] = true
	}
	if len(levels) != 2 || !levels[cdkeksnetkit.GuardrailLevel_ERROR] || !levels[cdkeksnetkit.GuardrailLevel_WARNING] {
		t.Fatalf("levels: %v", levels)
	}
}
