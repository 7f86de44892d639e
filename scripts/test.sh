#!/usr/bin/env bash
# Runs every check and test of the crate on a fresh machine, the same way CI does:
#   1. installs moto (pinned) in a local venv, .venv-moto/, if it is not there yet;
#   2. starts moto_server on 127.0.0.1 on a free port (stopped by PID on exit, also on failure);
#   3. the generated model (src/model/) matches what scripts/generate_model.py writes from
#      model/cloudfront/ and scripts/model_table.json; cargo fmt --check, clippy (whole
#      workspace: library, examples, benches, property tests, cli/; all targets and features,
#      warnings denied), cargo test --workspace --all-features -- --include-ignored with
#      CLOUDFRONT_MOTO_ENDPOINT pointing at moto (the moto tests are #[ignore]d for plain
#      `cargo test`), a census that every one of those tests reached moto, the benches built
#      (cargo bench --no-run), the offline tour, a check without default features, and cargo
#      doc with warnings denied.
# Usage: scripts/test.sh            (from anywhere)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
venv="${MOTO_VENV:-$root/.venv-moto}"
moto_version="5.2.5"
python="${PYTHON:-python3}"

step() { printf '\n==> %s\n' "$*"; }

step "moto $moto_version in $venv"
if ! "$venv/bin/python" - "$moto_version" <<'PY' 2>/dev/null
import sys, moto, flask, flask_cors
sys.exit(0 if moto.__version__ == sys.argv[1] else 1)
PY
then
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "moto==$moto_version" flask flask-cors
fi

port=$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
mkdir -p target
log="$root/target/moto-server.log"
step "starting moto_server on 127.0.0.1:$port (log: $log)"
"$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto_pid=$!
cleanup() {
  kill "$moto_pid" 2>/dev/null || true
  wait "$moto_pid" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

"$venv/bin/python" - "$port" <<'PY'
import sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/moto-api/"
deadline = time.time() + 30
while True:
    try:
        with urllib.request.urlopen(url, timeout=1) as r:
            if r.status == 200:
                break
    except Exception:
        pass
    if time.time() > deadline:
        sys.exit(f"moto_server did not answer on {url} within 30 s")
    time.sleep(0.1)
PY
export CLOUDFRONT_MOTO_ENDPOINT="http://127.0.0.1:$port"

step "generated model is up to date (python3 scripts/generate_model.py --check)"
"$python" scripts/generate_model.py --check

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --workspace --all-targets --all-features -- -D warnings"
cargo clippy --workspace --all-targets --all-features -- -D warnings

# Tests that need moto are #[ignore = "needs moto: ..."] (plain `cargo test` lists them as
# ignored); here they run too. Each one that passes appends "<target> <test>" to the run log
# (tests/common/moto.rs), and the census below checks that every ignored test is in it.
run_log="$root/target/moto-tests-ran.txt"
: >"$run_log"
export CLOUDFRONT_MOTO_RUN_LOG="$run_log"

step "cargo test --workspace --all-features -- --include-ignored (moto at $CLOUDFRONT_MOTO_ENDPOINT)"
cargo test --workspace --all-features -- --include-ignored

step "census: every moto (ignored) test reached moto"
bash scripts/moto_census.sh "$run_log" --workspace

step "cargo bench --workspace --no-run (every bench target builds)"
cargo bench --workspace --no-run

step "cargo run --example tour (offline, replaying fixtures/tour)"
env -u AWS_ENDPOINT_URL -u AWS_ENDPOINT_URL_CLOUDFRONT cargo run --quiet --example tour >/dev/null

step "cargo check -p cloudfront --no-default-features --all-targets (bring-your-own-transport build)"
cargo check -p cloudfront --no-default-features --all-targets

step "cargo doc --no-deps (warnings denied)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --all-features

step "all checks passed"
