//! Progress on stderr: indicatif bars and spinners on a terminal, one timestamped line per
//! event elsewhere (CI logs), nothing with `--progress never` or `-q`. Never on stdout.

use std::io::IsTerminal;
use std::time::{Duration, SystemTime};

use cloudfront::{InvalidationEvent, WaitProgress};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::args::Progress;

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Bars and spinners.
    Bars,
    /// `2026-12-01T22:53:10.538Z cloudfront: <event>` lines.
    Lines,
    /// Nothing.
    Off,
}

impl Mode {
    /// From `--progress` and `-q`, looking at whether stderr is a terminal.
    pub fn choose(progress: Progress, quiet: bool) -> Mode {
        match (progress, quiet) {
            (_, true) | (Progress::Never, _) => Mode::Off,
            (Progress::Always, _) => Mode::Bars,
            (Progress::Auto, _) if std::io::stderr().is_terminal() => Mode::Bars,
            (Progress::Auto, _) => Mode::Lines,
        }
    }
}

/// One plain progress line, timestamped (UTC).
pub fn line(message: &str) {
    eprintln!(
        "{} cloudfront: {message}",
        cloudfront::time::format_iso8601(SystemTime::now())
    );
}

fn bar_target() -> ProgressDrawTarget {
    // `always` draws even when stderr is not a terminal; on a terminal this is the same.
    ProgressDrawTarget::term_like(Box::new(console::Term::stderr()))
}

/// A spinner with a message and the elapsed time (for waits), or lines.
pub struct Spinner {
    mode: Mode,
    bar: Option<ProgressBar>,
}

impl Spinner {
    /// Starts a spinner for `what`.
    pub fn new(mode: Mode, what: &str) -> Spinner {
        let bar = (mode == Mode::Bars).then(|| {
            let bar = ProgressBar::with_draw_target(None, bar_target());
            bar.set_style(
                ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
                    .expect("a valid template"),
            );
            bar.set_message(what.to_string());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        if mode == Mode::Lines {
            line(what);
        }
        Spinner { mode, bar }
    }

    /// A callback for [`cloudfront::WaitOptions::on_progress`].
    pub fn waiter(&self, what: String) -> impl FnMut(&WaitProgress<'_>) + Send + 'static {
        let bar = self.bar.clone();
        let mode = self.mode;
        move |p: &WaitProgress<'_>| {
            let message = format!(
                "{what}: {} (poll {}, {:.0?})",
                p.status, p.attempt, p.elapsed
            );
            match (mode, &bar) {
                (Mode::Bars, Some(bar)) => bar.set_message(message),
                (Mode::Lines, _) => line(&message),
                _ => {}
            }
        }
    }

    /// Stops the spinner.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Progress of `invalidate --wait`: a bar of completed batches with the latest event as its
/// message, or one line per event.
pub struct InvalidationProgress {
    mode: Mode,
    bar: Option<ProgressBar>,
}

impl InvalidationProgress {
    /// Nothing drawn until the first event.
    pub fn new(mode: Mode) -> InvalidationProgress {
        InvalidationProgress { mode, bar: None }
    }

    /// Shows one event.
    pub fn event(&mut self, event: &InvalidationEvent) {
        match self.mode {
            Mode::Off => {}
            Mode::Lines => line(&format!("{event} [{:.0?}]", event.elapsed())),
            Mode::Bars => {
                if let InvalidationEvent::Planned { batches, .. } = event {
                    let bar = ProgressBar::with_draw_target(Some(*batches as u64), bar_target());
                    bar.set_style(
                        ProgressStyle::with_template(
                            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} batches completed  {msg}",
                        )
                        .expect("a valid template"),
                    );
                    bar.enable_steady_tick(Duration::from_millis(120));
                    self.bar = Some(bar);
                }
                if let Some(bar) = &self.bar {
                    match event {
                        InvalidationEvent::Polled { completed, .. }
                        | InvalidationEvent::BatchCompleted { completed, .. } => {
                            bar.set_position(*completed as u64)
                        }
                        InvalidationEvent::Done { batches, .. } => {
                            bar.set_position(*batches as u64)
                        }
                        _ => {}
                    }
                    bar.set_message(event.to_string());
                }
            }
        }
    }

    /// Clears the bar.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
