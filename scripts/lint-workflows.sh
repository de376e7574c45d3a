#!/usr/bin/env bash
# Lints .github/workflows with actionlint (and shellcheck for run: steps, when installed). The workflows cannot run
# here, so this is how a broken expression or step is caught before a pull request does.
# actionlint is built from its Go module once and kept in the Go bin folder.
set -euo pipefail
cd "$(dirname "$0")/.."
ACTIONLINT_VERSION=v1.7.12
bin="$(go env GOPATH)/bin/actionlint"
if ! [ -x "$bin" ] || ! "$bin" -version | grep -q "${ACTIONLINT_VERSION#v}"; then
	GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}"
fi
"$bin" .github/workflows/*.yml
echo "workflows: actionlint ${ACTIONLINT_VERSION} found no problems"
