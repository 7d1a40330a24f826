#!/usr/bin/env bash
# Prepares a throwaway local Maven repository ($1) for building and testing the Java package.
# The generated pom asks for aws-cdk-lib in the range [peer floor, 3.0.0). The maven-metadata.xml that Maven Central
# serves this project's CI for aws-cdk-lib lists releases only up to 2.263.0, and 2.264.0-2.270.0 have no jar there,
# so Maven finds no version in that range although 2.272.0's jar is served. This fetches 2.272.0 (the version the
# smoke test pins) and records it in the local repository's metadata, where Maven's range resolution also looks.
set -euo pipefail
repo="$1"
version=2.272.0
mkdir -p "$repo"
for classifier in "" ":pom"; do
  mvn -B -q "-Dmaven.repo.local=$repo" dependency:get \
    "-Dartifact=software.amazon.awscdk:aws-cdk-lib:$version$classifier" -Dtransitive=false
done
cat > "$repo/software/amazon/awscdk/aws-cdk-lib/maven-metadata-local.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<metadata>
  <groupId>software.amazon.awscdk</groupId>
  <artifactId>aws-cdk-lib</artifactId>
  <versioning>
    <release>$version</release>
    <versions>
      <version>$version</version>
    </versions>
  </versioning>
</metadata>
XML
