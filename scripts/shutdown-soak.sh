#!/usr/bin/env bash
# Run the shutdown tests (pytest -m shutdown) N times in a row beside two busy loops that keep two cores full,
# as a loaded CI machine would; stop at the first failure. Usage: scripts/shutdown-soak.sh [N] (default 50).
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-50}"
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
    echo "用法 / usage: scripts/shutdown-soak.sh [N]  (N runs, default 50)" >&2
    exit 2
fi
python=.venv/bin/python
[[ -x "$python" ]] || { echo "先运行 / run first: make install-test" >&2; exit 2; }

# Only the files that hold shutdown tests: collecting the whole suite would take longer than running these.
mapfile -t files < <(grep -rl --include='test_*.py' 'pytest.mark.shutdown' tests | sort)

hogs=()
tests=""
stop_all() {
    for pid in "${hogs[@]}" $tests; do kill "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT
for _ in 1 2; do
    "$python" -c 'while True: pass' &
    hogs+=("$!")
done

log="$(mktemp -t shutdown-soak.XXXXXX)"
started=$(date +%s)
for run in $(seq 1 "$runs"); do
    run_started=$(date +%s)
    QT_QPA_PLATFORM=offscreen .venv/bin/pytest -q -p no:cacheprovider -m shutdown "${files[@]}" >"$log" 2>&1 &
    tests=$!
    if ! wait "$tests"; then
        cat "$log"
        echo "第 $run 次失败 / run $run of $runs failed after $(($(date +%s) - started)) s (log: $log)" >&2
        exit 1
    fi
    tests=""
    echo "run $run/$runs passed in $(($(date +%s) - run_started)) s: $(tail -n 1 "$log")"
done
rm -f "$log"
echo "全部通过 / all $runs runs passed beside 2 busy loops in $(($(date +%s) - started)) s"
