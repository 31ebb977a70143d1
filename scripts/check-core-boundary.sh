#!/usr/bin/env bash
# Proves that the build of shared/core fails when an AWS SDK dependency is added to it: copies its pom with
# one added SDK dependency into a scratch module and expects maven-enforcer to reject it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="$root/shared/core/target/boundary-probe"
rm -rf "$scratch"
mkdir -p "$scratch"
python3 - "$root/shared/core/pom.xml" "$scratch/pom.xml" "$root/pom.xml" <<'PY'
import os, sys
src, dst, parent = sys.argv[1:4]
pom = open(src).read()
# relative: Maven joins relativePath to the module's folder, so an absolute path misses and the parent is then
# taken from the local repository, which may be an older install without this tree's managed versions
parent = os.path.relpath(parent, os.path.dirname(dst))
pom = pom.replace("<relativePath>../../pom.xml</relativePath>", "<relativePath>" + parent + "</relativePath>")
pom = pom.replace("<artifactId>secondlook-core</artifactId>", "<artifactId>secondlook-core-boundary-probe</artifactId>", 1)
pom = pom.replace("<dependencies>", """<dependencies>
    <dependency>
      <groupId>software.amazon.awssdk</groupId>
      <artifactId>s3</artifactId>
      <exclusions>
        <exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion>
      </exclusions>
    </dependency>""", 1)
open(dst, "w").write(pom)
PY
if mvn -B -q -f "$scratch/pom.xml" validate >"$scratch/build.log" 2>&1; then
  echo "FAIL: shared/core accepted an AWS SDK dependency (see $scratch/build.log)" >&2
  exit 1
fi
if ! grep -q "must not depend on the AWS SDK" "$scratch/build.log"; then
  echo "FAIL: the probe build failed, but not on the core boundary rule:" >&2
  tail -20 "$scratch/build.log" >&2
  exit 1
fi
echo "ok: adding software.amazon.awssdk:s3 to shared/core fails the build (maven-enforcer bannedDependencies)"
