#![allow(dead_code)] // each peer binary uses a subset
//! Process CPU time and peak RSS from `/proc` (Linux), without `unsafe` and without a
//! dependency: what `benches/peers/compare.sh` prints for this crate's peer processes.

/// CPU time (user + system) of every live thread of this process, in µs, from
/// `/proc/self/task/*/schedstat` (ns resolution). A thread that has exited is not counted;
/// the crate's client starts none (`benches/callgrind.sh` counts them with strace), and
/// `compare.sh` also reports the whole process's user + system time from `/usr/bin/time`.
pub fn process_cpu_us() -> u64 {
    let mut ns = 0u64;
    for task in std::fs::read_dir("/proc/self/task").expect("/proc/self/task") {
        let path = task.expect("task").path().join("schedstat");
        if let Ok(s) = std::fs::read_to_string(path) {
            ns += s
                .split_whitespace()
                .next()
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0);
        }
    }
    ns / 1_000
}

/// A field of `/proc/self/status` (`VmHWM`, `Threads`, ...): its first number.
fn status_field(name: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Peak resident set size of the process, in KiB (`VmHWM`).
pub fn peak_rss_kib() -> u64 {
    status_field("VmHWM")
}

/// Threads alive in the process now.
pub fn threads() -> u64 {
    status_field("Threads")
}
