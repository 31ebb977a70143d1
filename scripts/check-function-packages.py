#!/usr/bin/env python3
"""Checks the function packages `sam build` made (.aws-sam/build/<Function>): each carries no class of the local
runtime or the emulator, no AWS SDK client for a service its IAM policy in template.yaml does not grant (a
DynamoDB stream event source grants the stream, so DynamoDB), and fits the size goal (zipped, as Lambda receives
it). A package that takes secondlook-similar (IngestFunction's) must hold the similar rules' model and the native
libraries as plain files, once, and embed a text with them on a Linux x86_64 host (scripts/PackagedModelProbe.java). Prints one line per function; exits 1 when a package carries laptop-only code or an ungranted client, and
also when one is over the size goal if --enforce-size is given (BENCHMARKS.md records the sizes against it).

Usage: scripts/check-function-packages.py [BUILD_DIR] [--max-mb N] [--enforce-size]
"""
import io
import os
import re
import subprocess
import sys
import zipfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVICES = {"dynamodb", "s3", "sqs", "sns", "kms", "cloudformation", "bedrockruntime", "ssm", "sfn", "lambda"}
FORBIDDEN_JARS = ("secondlook-local", "secondlook-emulator", "secondlook-cli", "junit", "snakeyaml")


def load_template(path):
    class Loader(yaml.SafeLoader):
        pass

    def any_tag(loader, suffix, node):
        if isinstance(node, yaml.ScalarNode):
            return {suffix: loader.construct_scalar(node)}
        if isinstance(node, yaml.SequenceNode):
            return {suffix: loader.construct_sequence(node, deep=True)}
        return {suffix: loader.construct_mapping(node, deep=True)}

    Loader.add_multi_constructor("!", any_tag)
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Loader)


def actions(node):
    """Every IAM action string under a policy document, through !If branches."""
    found = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "Action":
                found += v if isinstance(v, list) else [v]
            else:
                found += actions(v)
    elif isinstance(node, list):
        for v in node:
            found += actions(v)
    return [a for a in found if isinstance(a, str)]


def artifact(jar):
    """The artifact id of a jar in a package: `sam build` names them group.artifact-version.jar."""
    name = re.sub(r"-\d[\w.\-]*\.jar$", "", jar)
    for group in ("software.amazon.awssdk.", "dev.secondlook."):
        if name.startswith(group):
            return name[len(group):]
    return name


def granted_services(fn):
    props = fn.get("Properties", {})
    services = {a.split(":")[0].lower() for a in actions(props.get("Policies", []))}
    for event in props.get("Events", {}).values():
        if event.get("Type") == "DynamoDB":
            services.add("dynamodb")
    # IAM names Bedrock's runtime actions bedrock:InvokeModel; the SDK's client is bedrockruntime
    if "bedrock" in services:
        services.add("bedrockruntime")
    return services


# A package that takes secondlook-similar (IngestFunction's) must hold the similar rules' model and the Linux x86_64
# native libraries as plain files (functions/ingest/pom.xml): that jar carries none of them, and they are opened in
# place. No jar may carry a second copy, nor the unshaded originals of what that jar carries.
MODEL_FILES = ["bge-small-en-v1.5-q.onnx", "ai/onnxruntime/native/linux-x64/libonnxruntime.so",
               "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so", "native/lib/linux-x86_64/cpu/libtokenizers.so"]
GLOBAL_ARCHITECTURES = None
SHADED_INTO_SIMILAR = ("langchain4j-embeddings", "onnxruntime", "ai.djl", "tokenizers", "jna")


def takes_similar(jars):
    return any(artifact(j).startswith("secondlook-similar") for j in jars)


def check_model_files(name, fn, pkg, jars):
    """Failures of a package that must hold the model as plain files; runs one embedding with the package."""
    failures = []
    archs = fn.get("Properties", {}).get("Architectures") or GLOBAL_ARCHITECTURES or ["x86_64"]
    if archs != ["x86_64"]:
        failures.append(f"{name}: runs on {archs}, but its package carries Linux x86_64 libraries only")
    for f in MODEL_FILES:
        if not os.path.isfile(os.path.join(pkg, f)):
            failures.append(f"{name}: {f} is not a plain file in the package")
    for jar in jars:
        if artifact(jar).split(".")[-1].startswith(SHADED_INTO_SIMILAR) or artifact(jar).startswith(SHADED_INTO_SIMILAR):
            failures.append(f"{name}: {jar} is in the package beside secondlook-similar, which carries it shaded")
        with zipfile.ZipFile(os.path.join(pkg, "lib", jar)) as z:
            doubled = [e for e in z.namelist() if e.endswith(".onnx") or e.startswith("ai/onnxruntime/native/")
                       or (e.startswith("native/lib/") and e.endswith(".so"))]
        if doubled:
            failures.append(f"{name}: {jar} carries a second copy of {doubled[0]}")
    if failures:
        return failures
    if sys.platform != "linux" or os.uname().machine not in ("x86_64", "amd64"):
        print(f"{name}: the model's files are in place; one embedding from the package needs a Linux x86_64 host "
              f"(this is {sys.platform} {os.uname().machine}): not run")
        return []
    try:
        probe = subprocess.run(["java", "-cp", os.pathsep.join([pkg, os.path.join(pkg, "lib", "*")]),
                                os.path.join(ROOT, "scripts", "PackagedModelProbe.java")],
                               capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as e:
        return [f"{name}: cannot run one embedding from the package: {e}"]
    facts = dict(line.split("=", 1) for line in probe.stdout.splitlines() if "=" in line)
    if probe.returncode != 0 or facts.get("dimension") != "384":
        return [f"{name}: the package's model does not embed a text: {probe.stderr.strip()[-500:]}"]
    if facts.get("modelUrl", "").split(":")[0] != "file":
        return [f"{name}: the model is not a plain file on the package's classpath ({facts.get('modelUrl')})"]
    for what, key in (("ONNX Runtime's libraries", "nativePath"), ("the tokenizer's library", "tokenizerPath")):
        where = facts.get(key, "null")
        if not os.path.abspath(where).startswith(os.path.abspath(pkg) + os.sep):
            return [f"{name}: {what} did not load from the package's own files (from {where})"]
    print(f"{name}: the model loads from the package's own files: first embedding in {facts['firstEmbedMs']} ms, "
          f"heap {facts['heapUsedMb']} MB")
    return []


def main(argv):
    build = os.path.join(ROOT, ".aws-sam", "build")
    max_mb = 12.0
    enforce_size = False
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--max-mb":
            max_mb = float(args.pop(0))
        elif a == "--enforce-size":
            enforce_size = True
        else:
            build = a
    template = load_template(os.path.join(ROOT, "template.yaml"))
    global GLOBAL_ARCHITECTURES
    GLOBAL_ARCHITECTURES = template.get("Globals", {}).get("Function", {}).get("Architectures")
    failures = []
    for name, res in sorted(template["Resources"].items()):
        if res.get("Type") != "AWS::Serverless::Function":
            continue
        pkg = os.path.join(build, name)
        if not os.path.isdir(pkg):
            failures.append(f"{name}: no package in {build} (run sam build first)")
            continue
        granted = granted_services(res)
        jars = sorted(os.listdir(os.path.join(pkg, "lib"))) if os.path.isdir(os.path.join(pkg, "lib")) else []
        for jar in jars:
            base = artifact(jar)
            if base.startswith(FORBIDDEN_JARS):
                failures.append(f"{name}: {jar} is laptop-only or test code")
            if base in SERVICES and base not in granted:
                failures.append(f"{name}: carries the {base} client, but its policy grants only {sorted(granted)}")
        if takes_similar(jars):
            failures += check_model_files(name, res, pkg, jars)
        for root, _, files in os.walk(pkg):
            for f in files:
                if f.endswith(".class") and "/dev/secondlook/local/" in os.path.join(root, f).replace(os.sep, "/"):
                    failures.append(f"{name}: contains a local-runtime class {f}")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for root, _, files in os.walk(pkg):
                for f in files:
                    full = os.path.join(root, f)
                    z.write(full, os.path.relpath(full, pkg))
        mb = len(buf.getvalue()) / 1024 / 1024
        clients = sorted(b for b in (artifact(j) for j in jars) if b in SERVICES)
        print(f"{name}: {mb:.1f} MB zipped (goal <= {max_mb:g}), SDK clients {clients}, granted {sorted(granted)}")
        if mb > max_mb and enforce_size:
            failures.append(f"{name}: {mb:.1f} MB zipped, over the {max_mb:g} MB goal")
    for f in failures:
        print("FAIL " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
