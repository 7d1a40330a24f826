#!/usr/bin/env bash
# The release's version, for projen's bump (nextVersionCommand): the first release is 0.1.0; after it, the commit
# messages decide (a feat bumps the minor while the major is 0, a fix the patch; projen passes $SUGGESTED_BUMP).
set -euo pipefail
if [ -z "${LATEST_TAG:-}" ]; then echo 0.1.0; fi
