#!/usr/bin/env bash
# Run the real `pulumi preview` with the policy pack against a throwaway local backend, offline.
#
#   scripts/pulumi/preview.sh STACK...|--all [--project DIR] [--policy-pack DIR] [--report-dir DIR] [--no-display]
#
# For each stack: `pulumi stack init` (or select) in the file:// backend of env.sh, then
#   pulumi preview --policy-pack P --policy-pack-config C --non-interactive
# twice over the same inputs: once with the engine's own display (printed as is) and once as streaming JSON, from
# which the policy events are written to REPORT_DIR/<stack>.policy.json as
#   [{ policyName, policyPackName, resourceUrn, enforcementLevel, message }]
# (`pulumi preview` has no --event-log; the streaming JSON carries the same engine events). --no-display skips
# the first run. Exit 0 when every preview passed, 1 on a mandatory violation or any engine error, 2 on bad usage.
# Defaults: project = repo root (Pulumi.yaml, stacks in stacks/), policy pack = policies/, report dir = .watercloud/reports/preview.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=scripts/pulumi/env.sh
source "$ROOT/scripts/pulumi/env.sh"

usage() { sed -n 2,14p "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
project="$ROOT" pack="" report_dir="" display=1 all=0 stacks=()
while [ $# -gt 0 ]; do
	case "$1" in
	--all) all=1 ;;
	--project) project="$(cd "${2:?}" && pwd)"; shift ;;
	--policy-pack) pack="${2:?}"; shift ;;
	--report-dir) report_dir="${2:?}"; shift ;;
	--no-display) display=0 ;;
	-h|--help) usage ;;
	-*) echo "preview.sh: unknown option $1" >&2; usage ;;
	*) stacks+=("$1") ;;
	esac
	shift
done
pack="$(cd "$project" && cd "${pack:-policies}" 2>/dev/null && pwd)" \
	|| { echo "preview.sh: no policy pack folder ${pack:-policies} in $project" >&2; exit 2; }
[ -f "$pack/PulumiPolicy.yaml" ] || { echo "preview.sh: $pack has no PulumiPolicy.yaml" >&2; exit 2; }
[ -f "$project/Pulumi.yaml" ] || { echo "preview.sh: $project has no Pulumi.yaml" >&2; exit 2; }
report_dir="${report_dir:-$project/.watercloud/reports/preview}"
mkdir -p "$report_dir"
command -v pulumi >/dev/null || { echo "preview.sh: pulumi is not built; run scripts/pulumi/build.sh" >&2; exit 2; }

project_name="$(sed -n 's/^name:[[:space:]]*//p' "$project/Pulumi.yaml" | head -1)"
# Stack files live in the project's stackConfigDir (stacks/ for watercloud), one Pulumi.<stack>.yaml each.
cfgdir="$(sed -n 's/^stackConfigDir:[[:space:]]*//p' "$project/Pulumi.yaml")"
if [ "$all" = 1 ]; then
	for f in "$project/${cfgdir:-.}"/Pulumi.*.yaml; do
		[ -e "$f" ] || continue
		s="${f##*/Pulumi.}"; stacks+=("${s%.yaml}")
	done
fi
[ ${#stacks[@]} -gt 0 ] || { echo "preview.sh: no stack given (STACK... or --all)" >&2; usage; }

# Policy pack config, per stack: the site facts the offline check uses (platform file + fleet), so the engine and
# `watercloud check` judge a stack by the same facts. A project without a platform file (a scratch project) falls
# back to the pack's own config.json, else every policy at its default.
write_pack_config() { # STACK OUT
	if [ -f "$project/stacks/Pulumi.platform.yaml" ] && [ -f "$ROOT/scripts/pulumi/policyPackConfig.ts" ]; then
		( cd "$ROOT" && npx --no-install tsx scripts/pulumi/policyPackConfig.ts "$project" "$1" "$2" )
	elif [ -f "$pack/config.json" ]; then cp "$pack/config.json" "$2"
	else echo '{}' > "$2"; fi
}

status=0
for stack in "${stacks[@]}"; do
	echo "=== preview $stack (project $project, policy pack $pack)"
	t0=$(date +%s)
	# Never touch the project's stack files: `pulumi stack init` writes an encryptionsalt into Pulumi.<stack>.yaml
	# (and re-formats it). So the stack is created from a stand-in project of the same name in a temp folder, and
	# the preview reads a temp copy of the stack file (plus that salt) through --config-file.
	work="$(mktemp -d "${TMPDIR:-/tmp}/watercloud-preview.XXXXXX")"
	printf 'name: %s\nruntime: nodejs\n' "$project_name" > "$work/Pulumi.yaml"
	( cd "$work" && { pulumi stack select "$stack" --non-interactive 2>/dev/null \
		|| pulumi stack init "$stack" --non-interactive; } ) >/dev/null \
		|| { echo "preview.sh: cannot create stack $stack in $PULUMI_BACKEND_URL" >&2; status=1; continue; }
	stack_file="$project/${cfgdir:-.}/Pulumi.$stack.yaml"
	[ -f "$stack_file" ] && cp "$stack_file" "$work/config.yaml" || : > "$work/config.yaml"
	if ! grep -q '^encryptionsalt:' "$work/config.yaml"; then
		grep '^encryptionsalt:' "$work/Pulumi.$stack.yaml" >> "$work/config.yaml" || true
	fi
	pack_config="$report_dir/$stack.policy-pack-config.json"
	write_pack_config "$stack" "$pack_config" || { echo "preview.sh: cannot write the policy pack config for $stack" >&2; status=1; continue; }
	args=(preview --stack "$stack" --config-file "$work/config.yaml" --policy-pack "$pack"
		--policy-pack-config "$pack_config" --non-interactive)
	rc_display=0
	if [ "$display" = 1 ]; then
		( cd "$project" && pulumi "${args[@]}" ); rc_display=$?
	fi
	events="$report_dir/$stack.events.jsonl"
	( cd "$project" && PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true pulumi "${args[@]}" --json ) \
		>"$events" 2>"$report_dir/$stack.stderr"
	rc_json=$?
	# Errors the engine prints before any event (a missing program, a bad Pulumi.yaml) only reach stderr.
	[ -s "$report_dir/$stack.stderr" ] && sed 's/^/    /' "$report_dir/$stack.stderr" >&2
	node -e '
		const fs = require("fs");
		const [events, out, stack, rc, stderr] = process.argv.slice(1);
		const violations = [], errors = [];
		let result = "unknown";
		for (const line of fs.readFileSync(events, "utf8").split("\n")) {
			if (!line.trim()) continue;
			let e; try { e = JSON.parse(line); } catch { continue; }
			if (e.policyEvent) {
				const p = e.policyEvent;
				violations.push({ policyName: p.policyName, policyPackName: p.policyPackName,
					resourceUrn: p.resourceUrn ?? "", enforcementLevel: p.enforcementLevel, message: p.message.trim() });
			}
			if (e.diagnosticEvent && e.diagnosticEvent.severity === "error") errors.push(e.diagnosticEvent.message.trim());
			if (e.summaryEvent) result = e.summaryEvent.result ?? result;
		}
		for (const line of fs.readFileSync(stderr, "utf8").split("\n")) {
			if (/^error:/i.test(line.trim())) errors.push(line.trim());
		}
		const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
		const record = { stack, exitCode: Number(rc), result, mandatory, violations, errors };
		fs.writeFileSync(out, JSON.stringify(record, null, 2) + "\n");
		console.log(`--- ${stack}: ${violations.length} policy violation(s), ${mandatory} mandatory, ` +
			`${errors.length} error(s); record: ${out}`);
	' "$events" "$report_dir/$stack.policy.json" "$stack" "$rc_json" "$report_dir/$stack.stderr" \
		|| { echo "preview.sh: cannot read the engine events of $stack" >&2; rc_json=1; }
	echo "--- $stack took $(( $(date +%s) - t0 ))s"
	[ "$rc_display" = 0 ] && [ "$rc_json" = 0 ] || status=1
	rm -rf "$work"
done
exit $status
