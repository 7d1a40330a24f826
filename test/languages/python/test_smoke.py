"""cdk-eks-netkit from Python: the wheel built in this run, in a fresh virtualenv (see run.sh).

Every ```python block of the README and docs/*.md runs as written (a block that names its file, `# tests/test_x.py`,
is run with pytest), and the templates the baseline example and a second app synthesize are checked for what a Python
user relies on: max pods in the node bootstrap and the VPC CNI add-on configuration.
"""

import base64
import email
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from aws_cdk import App, Stack
from aws_cdk import aws_eks_v2 as eks
from aws_cdk import aws_lambda as lambda_
from cdk_eks_netkit import (
    GuardrailLevel,
    KubeProxyMode,
    MaxPods,
    NetkitGuardrails,
    NodeLocalDnsCache,
    PodNetworking,
    TunedNodegroup,
)

ROOT = Path(__file__).resolve().parents[3]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def python_blocks() -> list:
    """(where, code) of every ```python block of the README and docs/*.md."""
    blocks = []
    for document in DOCUMENTS:
        text = document.read_text()
        for match in re.finditer(r"^```python\n(.*?)^```$", text, re.S | re.M):
            line = text[: match.start()].count("\n") + 1
            blocks.append((f"{document.relative_to(ROOT)}:{line}", match.group(1)))
    return blocks


def readme_python_example() -> str:
    """The baseline example for Python users: the block that builds the stack "NetkitPython"."""
    [code] = [code for _, code in python_blocks() if 'Stack(app, "NetkitPython")' in code]
    return code


@pytest.mark.parametrize("where,code", python_blocks(), ids=[where for where, _ in python_blocks()])
def test_every_python_block_runs(where, code, tmp_path):
    file = re.match(r"# ((?:tests?/)?test_\w+\.py)\n", code)
    if not file:
        exec(compile(code, where, "exec"), {"__name__": where})
        return
    # A test file: run by pytest as a user runs it, once writing its snapshot, then once comparing with it.
    path = tmp_path / file.group(1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(code)
    for env in ({"UPDATE_SNAPSHOTS": "1"}, {"UPDATE_SNAPSHOTS": "0"}):
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", str(path)],
            cwd=tmp_path,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, f"{where}: pytest failed\n{result.stdout}\n{result.stderr}"
        assert re.search(r"\b[1-9]\d* passed", result.stdout), result.stdout


def test_the_docs_have_python_blocks_and_a_pytest_example():
    wheres = [where for where, code in python_blocks()]
    assert len(wheres) >= 2
    assert any(code.startswith("# tests/test_") for _, code in python_blocks()), wheres


def node_configs(template: dict) -> list:
    """The nodeadm NodeConfig drop-ins in each launch template's user data (base64 MIME, a cloud-config part)."""
    configs = []
    for resource in template["Resources"].values():
        if resource["Type"] != "AWS::EC2::LaunchTemplate":
            continue
        user_data = resource["Properties"]["LaunchTemplateData"]["UserData"]
        # Fn::Base64 over the MIME text when the text holds no tokens stays unencoded in the template.
        text = user_data["Fn::Base64"] if isinstance(user_data, dict) else base64.b64decode(user_data).decode()
        assert isinstance(text, str), f"user data holds tokens: {user_data}"
        mime = email.message_from_string(text)
        for part in mime.walk():
            if part.get_content_type() != "text/cloud-config":
                continue
            for file in yaml.safe_load(part.get_payload()).get("write_files", []):
                if file["path"].startswith("/etc/eks/nodeadm.d/"):
                    configs.append(yaml.safe_load(file["content"]))
    return configs


def addon_configuration(template: dict, name: str) -> dict:
    """An add-on's ConfigurationValues as JSON, with CloudFormation tokens (the cluster endpoint) as placeholders."""
    [addon] = [
        r["Properties"]
        for r in template["Resources"].values()
        if r["Type"] == "AWS::EKS::Addon" and r["Properties"]["AddonName"] == name
    ]
    values = addon["ConfigurationValues"]
    if isinstance(values, dict):
        _, parts = values["Fn::Join"]
        values = "".join(p if isinstance(p, str) else "TOKEN" for p in parts)
    return json.loads(values)


def new_cluster(stack: Stack) -> eks.Cluster:
    """A cluster with a kubectl provider; the layer is imported by ARN (synth only, nothing deploys)."""
    return eks.Cluster(
        stack,
        "Cluster",
        version=eks.KubernetesVersion.V1_35,
        default_capacity=0,
        default_capacity_type=eks.DefaultCapacityType.NODEGROUP,
        kubectl_provider_options=eks.KubectlProviderOptions(
            kubectl_layer=lambda_.LayerVersion.from_layer_version_arn(
                stack, "Kubectl", "arn:aws:lambda:us-east-1:123456789012:layer:kubectl:1"
            )
        ),
    )


@pytest.fixture(scope="module")
def readme_template(tmp_path_factory) -> dict:
    scope: dict = {}
    exec(readme_python_example(), scope)  # the README block runs as written, app.synth() included
    app = scope["app"]
    return app.synth().get_stack_by_name("NetkitPython").template


def test_readme_example_node_group_max_pods(readme_template):
    # m6i.2xlarge with prefix delegation: 4 ENIs x (15 - 1) IPv4 slots x 16 + 2 = 898, capped at 110 for 8 vCPUs.
    assert (4 * (15 - 1) * 16 + 2, 8) == (898, 8)
    [config] = node_configs(readme_template)
    assert config["kind"] == "NodeConfig"
    assert config["spec"]["kubelet"]["config"]["maxPods"] == 110


def test_readme_example_vpc_cni_configuration(readme_template):
    env = addon_configuration(readme_template, "vpc-cni")["env"]
    assert env["ENABLE_PREFIX_DELEGATION"] == "true"
    assert env["WARM_PREFIX_TARGET"] == "1"


def test_tuned_nodegroup_takes_secondary_ip_max_pods(tmp_path):
    app = App(outdir=str(tmp_path))
    stack = Stack(app, "Tuned")
    cluster = new_cluster(stack)
    nodes = TunedNodegroup(
        stack,
        "Nodes",
        cluster=cluster,
        instance_types=["m5.large"],
        pod_networking=PodNetworking.secondary_ips(),
        min_size=1,
        max_size=3,
    )
    # m5.large: 3 ENIs x (10 IPv4 - 1) + 2 = 29, under the 110 cap.
    assert nodes.max_pods == 3 * (10 - 1) + 2
    [config] = node_configs(app.synth().get_stack_by_name("Tuned").template)
    assert config["spec"]["kubelet"]["config"]["maxPods"] == 29


def test_max_pods_calculate():
    result = MaxPods.calculate("m5.large", pod_networking=PodNetworking.secondary_ips(custom_networking=True))
    # Custom networking takes the primary ENI: (3 - 1) x (10 - 1) + 2 = 20.
    assert result.eni_limit == (3 - 1) * (10 - 1) + 2
    assert result.recommended == 20
    assert result.vcpus == 2
    assert "custom networking" in result.explanation


def test_bad_instance_type_is_a_clear_error():
    with pytest.raises(RuntimeError, match=r"'m5\.larg' is unknown.*did you mean m5\.large"):
        MaxPods.calculate("m5.larg")


def test_enums_are_enums():
    levels = {g.level for g in NetkitGuardrails.inventory()}
    assert levels == {GuardrailLevel.ERROR, GuardrailLevel.WARNING}
    stack = Stack(App(), "Dns")
    cluster = new_cluster(stack)
    # kube-proxy's mode is an enum, type-checked by the bindings: a plain string is refused, never read as iptables.
    with pytest.raises(TypeError, match="kube_proxy_mode"):
        NodeLocalDnsCache(stack, "Dns", cluster=cluster, kube_dns_ip="172.20.0.10", kube_proxy_mode="IPVS")
    dns = NodeLocalDnsCache(stack, "Dns2", cluster=cluster, kube_dns_ip="172.20.0.10", kube_proxy_mode=KubeProxyMode.IPVS)
    assert dns.local_ip == "169.254.20.10"
