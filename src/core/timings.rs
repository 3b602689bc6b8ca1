//! Phase timings printed to stderr when `JIEBIE_TIMINGS` is set (for BENCHMARKS.md), with
//! the process's peak memory so far and its memory now. One clock for `build` and every
//! `serve` rebuild.

use std::time::Instant;

/// Laps since the last lap (or since it was made); silent unless `JIEBIE_TIMINGS` is set.
pub struct Timings {
    last: Option<Instant>,
}

impl Timings {
    /// Starts timing if `JIEBIE_TIMINGS` is set.
    pub fn from_env() -> Timings {
        Timings {
            last: std::env::var_os("JIEBIE_TIMINGS").map(|_| Instant::now()),
        }
    }

    /// Prints the time since the previous lap under the name `phase`.
    pub fn lap(&mut self, phase: &str) {
        if let Some(last) = self.last {
            let (peak, now) = (memory_mib("VmHWM:"), memory_mib("VmRSS:"));
            eprintln!(
                "{:>9.1} ms  {phase:<48} peak {peak} MiB, now {now} MiB",
                last.elapsed().as_secs_f64() * 1000.0,
            );
            self.last = Some(Instant::now());
        }
    }
}

/// A figure of the process's memory from `/proc/self/status` (0 where that is missing):
/// `VmHWM:` the peak resident memory so far, `VmRSS:` the resident memory now.
fn memory_mib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kib| kib / 1024)
}

/// Runs `f` and, when `JIEBIE_TIMINGS` is set, prints how long it took under `phase`
/// (for work that runs beside other work, where laps would mix them up).
pub fn time<T>(phase: &str, f: impl FnOnce() -> T) -> T {
    let mut timings = Timings::from_env();
    let result = f();
    timings.lap(phase);
    result
}
