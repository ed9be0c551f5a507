/**
 * The `report` job's shell step (bash on the runner; jq is preinstalled on
 * GitHub's images). NEEDS is `toJSON(needs)`, WAVEPLAN_JOBS the plan's jobs as
 * JSON. Writes a Markdown table to the run summary and fails unless every item
 * job succeeded, so the workflow run is red when something is left to do.
 */
export const REPORT_SCRIPT = `set -euo pipefail
rows=$(jq -rn --argjson needs "$NEEDS" --argjson jobs "$WAVEPLAN_JOBS" \\
  '$jobs[] | "| \\(.id) | \\(.wave) | \\(.title) | \\($needs[.job].result // "not run") |"')
failed=$(jq -rn --argjson needs "$NEEDS" --argjson jobs "$WAVEPLAN_JOBS" \\
  '[$jobs[] | select(($needs[.job].result // "") != "success")] | length')
total=$(jq -rn --argjson jobs "$WAVEPLAN_JOBS" '$jobs | length')
{
  echo "## waveplan: $((total - failed)) of $total items succeeded"
  echo ""
  echo "| item | wave | title | result |"
  echo "| --- | --- | --- | --- |"
  if [ -n "$rows" ]; then echo "$rows"; fi
} >> "\${GITHUB_STEP_SUMMARY:-/dev/stdout}"
if [ "$failed" -ne 0 ]; then
  echo "::error::$failed of $total items did not succeed (failed, cancelled or skipped after a failure)"
  exit 1
fi
`;
