#!/usr/bin/env bash
# jsii-pacmak writes the aws-cdk-lib it built against (the development pin) into the Go module's go.mod. A require
# line is the module's minimum, so it is set to the peer floor from package.json, as the Python and Java packages
# state it; then the module is tidied and built, which is the check pacmak's own Go build makes.
set -euo pipefail
cd "$(dirname "$0")/.."
floor="$(node -p 'require("./package.json").peerDependencies["aws-cdk-lib"].replace(/^\^/, "")')"
cd dist/go/cdkeksnetkit
sed -i '/\/\/ indirect$/d' go.mod
go mod edit -require="github.com/aws/aws-cdk-go/awscdk/v2@v$floor"
go mod tidy
go build ./...
