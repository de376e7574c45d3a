# shellcheck shell=bash
# Offline settings for the Pulumi engine that scripts/pulumi/build.sh builds. Source it:
#   source scripts/pulumi/env.sh
# Nothing here reaches a network: the backend is a local folder, update checks and plugin downloads are off, and
# the OpenStack auth URL points at a loopback port nothing listens on (preview of new resources calls no API).
WATERCLOUD_PULUMI_VERSION=3.274.1
export WATERCLOUD_ENGINE_CACHE="${WATERCLOUD_ENGINE_CACHE:-$HOME/.cache/watercloud-engine}"
export WATERCLOUD_ENGINE_BIN="$WATERCLOUD_ENGINE_CACHE/v$WATERCLOUD_PULUMI_VERSION/bin"
case ":$PATH:" in
*":$WATERCLOUD_ENGINE_BIN:"*) ;;
*) export PATH="$WATERCLOUD_ENGINE_BIN:$PATH" ;;
esac
# Plugin cache, workspace settings and credentials live under the cache, never in ~/.pulumi.
export PULUMI_HOME="${WATERCLOUD_PULUMI_HOME:-$WATERCLOUD_ENGINE_CACHE/pulumi-home}"
# Throwaway state: a file:// backend in a temp folder (one per shell unless the caller pins it).
if [ -z "${PULUMI_BACKEND_URL:-}" ]; then
	WATERCLOUD_STATE_DIR="${WATERCLOUD_STATE_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/watercloud-state.XXXXXX")}"
	export WATERCLOUD_STATE_DIR
	export PULUMI_BACKEND_URL="file://$WATERCLOUD_STATE_DIR"
fi
# The state is throwaway, so a fixed local passphrase is enough (the engine insists one is set).
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-watercloud-local-preview}"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_DISABLE_REGISTRY_RESOLVE=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
export PULUMI_SKIP_CONFIRMATIONS=true
# Keystone on a loopback port nothing answers: the provider only parses it (delayed auth), preview never calls it.
export OS_AUTH_URL="${OS_AUTH_URL:-http://127.0.0.1:5/v3}"
