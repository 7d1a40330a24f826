"""The release workflow, as far as it can run without credentials: the workflow lints, publishes every language from
the one build, and each publish step's input passes the checks its registry makes, dry-run on the packages in dist/
(`npx projen package:js|python|java|go`, built by .ci/run). The first release's version and changelog come from a
version bump in a scratch clone.
"""

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
ACTIONLINT = "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12"
PACKAGE = json.loads((ROOT / "package.json").read_text())


def run(*args, cwd=ROOT, env=None, check=True):
    result = subprocess.run(args, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    if check and result.returncode != 0:
        pytest.fail(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def only(pattern: str) -> Path:
    found = sorted(DIST.glob(pattern))
    assert len(found) == 1, f"dist/{pattern}: expected one file, found {[str(f) for f in found]} (run npx projen package:…)"
    return found[0]


def test_actionlint_passes_the_workflows():
    # actionlint (pinned, built from its Go module) with shellcheck over the run: scripts; projen's generated steps
    # carry shellcheck notes of severity info/style, which are not failures.
    result = run("go", "run", ACTIONLINT, "-no-color", env={"SHELLCHECK_OPTS": "--severity=warning"}, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert shutil.which("shellcheck"), "shellcheck is not installed: actionlint would skip the run: scripts"


def test_the_release_workflow_publishes_every_language_from_one_build():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    jobs = workflow["jobs"]
    release_steps = [step.get("run", "") for step in jobs["release"]["steps"]]
    assert "npx projen release" in release_steps
    publishers = {"release_npm": "publib-npm", "release_pypi": "publib-pypi", "release_maven": "publib-maven",
                  "release_golang": "publib-golang"}
    for job, command in publishers.items():
        assert job in jobs, f"no {job} job in {WORKFLOW.name}"
        assert "release" in jobs[job]["needs"], f"{job} does not wait for the release build"
        runs = " ".join(step.get("run", "") for step in jobs[job]["steps"])
        assert command in runs
        # Each publish job takes its package from the release build's artifact, never from a build of its own.
        assert any("download-artifact" in step.get("uses", "") for step in jobs[job]["steps"])
    # Pushes to main release; the release task does not run the tests (CI ran them on the commit) but checks the API.
    assert workflow[True]["push"]["branches"] == ["main"]  # PyYAML reads the key `on` as True
    tasks = json.loads((ROOT / ".projen" / "tasks.json").read_text())["tasks"]
    steps = [step.get("exec") or step.get("spawn") for step in tasks["release"]["steps"]]
    assert steps.index("bump") < steps.index("compile") < steps.index("bash scripts/check-api.sh") < steps.index("package")
    assert "test" not in steps and "build" not in steps


def test_npm_publish_dry_run():
    tarball = only("js/cdk-eks-netkit@*.jsii.tgz")
    result = run("npm", "publish", "--dry-run", "--json", "--ignore-scripts", str(tarball), cwd=tarball.parent)
    report = json.loads(result.stdout[result.stdout.index("{"):])
    published = report.get("cdk-eks-netkit", report)  # npm 11 keys the report by package name
    assert published["name"] == "cdk-eks-netkit"
    assert published["version"] == PACKAGE["version"]
    files = {f["path"] for f in published["files"]}
    assert {"package.json", ".jsii", "README.md", "lib/index.js", "lib/index.d.ts"} <= files
    assert not [f for f in files if f.endswith(".ts") and not f.endswith(".d.ts")]


def test_pypi_packages_pass_twine_check():
    wheel = only("python/cdk_eks_netkit-*.whl")
    sdist = only("python/cdk_eks_netkit-*.tar.gz")
    result = run("twine", "check", "--strict", str(wheel), str(sdist))
    assert result.stdout.count("PASSED") == 2, result.stdout


def test_maven_central_bundle_is_complete():
    [pom] = sorted((DIST / "java").rglob("cdk-eks-netkit-*.pom"))
    base = pom.with_suffix("")
    # Central requires the jar with its sources and javadoc jars, and these POM elements.
    for suffix in (".jar", "-sources.jar", "-javadoc.jar"):
        assert Path(f"{base}{suffix}").is_file(), f"no {base.name}{suffix}"
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    project = ET.parse(pom).getroot()
    for element in ("m:groupId", "m:artifactId", "m:version", "m:name", "m:description", "m:url",
                    "m:licenses/m:license/m:name", "m:developers/m:developer/m:name", "m:scm/m:url"):
        found = project.find(element, ns)
        assert found is not None and (found.text or "").strip(), f"the POM has no {element}"
    assert project.find("m:groupId", ns).text == "io.github.cdk-eks-netkit"
    assert project.find("m:version", ns).text == PACKAGE["version"]


def test_go_module_is_what_the_go_repository_receives():
    [go_mod] = sorted((DIST / "go").rglob("go.mod"))
    module = re.search(r"^module (\S+)$", go_mod.read_text(), re.M).group(1)
    # publib-golang pushes dist/go to the repository the module path names; the module is its package directory.
    assert module == "github.com/cdk-eks-netkit/cdk-eks-netkit-go/cdkeksnetkit"
    assert (go_mod.parent / "version").read_text().strip() == PACKAGE["version"]
    # That the module builds and works is the Go smoke test's (test/languages/go), run on the same dist/go.


def test_the_first_release_is_0_1_0_with_a_changelog_from_the_commits(tmp_path):
    clone = tmp_path / "clone"
    run("git", "clone", "--quiet", "--no-local", str(ROOT), str(clone))
    (clone / "node_modules").symlink_to(ROOT / "node_modules")
    git = ("git", "-c", "user.name=release test", "-c", "user.email=release@example.com")
    run(*git, "commit", "--quiet", "--allow-empty", "-m", "feat: a construct users asked for", cwd=clone)
    run(*git, "commit", "--quiet", "--allow-empty", "-m", "fix: a prop that was ignored", cwd=clone)
    run("npx", "projen", "bump", cwd=clone)
    assert (clone / "dist" / "version.txt").read_text().strip() == "0.1.0"
    assert (clone / "dist" / "releasetag.txt").read_text().strip() == "v0.1.0"
    changelog = (clone / "dist" / "changelog.md").read_text()
    assert "a construct users asked for" in changelog and "a prop that was ignored" in changelog
    # After a release is tagged, the commits decide: a fix is a patch.
    run(*git, "tag", "v0.1.0", cwd=clone)
    run("npx", "projen", "unbump", cwd=clone)
    run(*git, "commit", "--quiet", "--allow-empty", "-m", "fix: another one", cwd=clone)
    run("npx", "projen", "bump", cwd=clone)
    assert (clone / "dist" / "version.txt").read_text().strip() == "0.1.1"
