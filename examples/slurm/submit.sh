#!/bin/bash
# Submits score-array.sbatch as a job array of $SHARDS tasks and the merge as a job that starts once
# every task has succeeded (afterok). Settings as in score-array.sbatch (DATA, OUT, SHARDS, SCORERS, ...).
set -euo pipefail
: "${SHARDS:?set SHARDS, the shard count}"
here=$(cd "$(dirname "$0")" && pwd)
job=$(sbatch --parsable --array=0-$((SHARDS - 1)) --export=ALL "$here/score-array.sbatch")
job=${job%%;*}  # --parsable prints JOBID or JOBID;CLUSTER
merge=$(sbatch --parsable --dependency=afterok:"$job" --job-name=trenchcoat-merge --output=trenchcoat-merge-%j.out \
  --export=ALL,MERGE=1 \
  "$here/score-array.sbatch")
echo "shards: job array $job (tasks 0-$((SHARDS - 1))); merge: job ${merge%%;*} after all of them succeed"
