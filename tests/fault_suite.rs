//! The fault-injection suite: every public operation on `Client` × every [`Fault`], against
//! moto over real HTTP on 127.0.0.1 (`UreqTransport` wrapped in a `FaultTransport`).
//!
//! Three placements of the fault:
//! - **first**: the fault hits the operation's first request only; every later request passes;
//! - **every**: the fault hits every request, so a retryable fault spends the retry budget;
//! - **write**: for read-modify-write operations, the fault hits the first write (the `PUT`
//!   or `DELETE` after the read) only.
//!
//! For each case the suite asserts the outcome (success, or the typed error the fault must
//! give), the number of attempts the retry policy made, that nothing panicked, and that no
//! resource was created twice: after the call, distributions and invalidations are counted
//! on moto. moto's CreateInvalidation does not deduplicate on `CallerReference` (the real
//! service does), so a single invalidation after a lost response proves the pipeline's
//! reconcile step, not the server, prevented the duplicate.
//!
//! The outcome matrix is printed and written to `target/fault-suite.md`. Run it with
//! `scripts/test.sh`, or `CLOUDFRONT_MOTO_ENDPOINT=http://127.0.0.1:PORT cargo test --test
//! fault_suite` against a moto you started. The client gets the transport through
//! `ClientBuilder::shared_transport` so that the test keeps a handle on the `FaultTransport`
//! (its `injected()` / `forwarded()` counters) after the call.

#![cfg(feature = "ureq")]

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use cloudfront::transport::{
    Fault, FaultTransport, HttpRequest, HttpResponse, Transport, TransportError, UreqTransport,
};
use cloudfront::{
    Client, Credentials, DistributionConfig, Error, InvalidatePathsOptions, InvalidationBatch,
    Origin, RetryPolicy, WaitOptions,
};
use common::moto::{Moto, moto};

/// The attempt budget of the retry policy under test (`RetryPolicy::default()`).
const BUDGET: usize = 3;
/// Longer than any operation's request count: "every" faults every request.
const EVERY: usize = 64;
/// How many requests a failing reconcile step makes (its own list or read, retried to the budget).
const RECONCILE_LIST_ATTEMPTS: usize = BUDGET;

// ---------------------------------------------------------------------------------------
// Operations

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Op {
    CreateDistribution,
    Distribution,
    DistributionConfig,
    DistributionsFirstPage,
    DistributionsWalk,
    PutDistributionConfig,
    UpdateDistribution,
    EnableDistribution,
    DisableDistribution,
    SetDistributionComment,
    AddDistributionAliases,
    RemoveDistributionAliases,
    DeleteDistribution,
    WaitUntilDeployed,
    DisableAndDeleteDistribution,
    CreateInvalidation,
    CreateInvalidationBatch,
    Invalidation,
    Invalidations,
    WaitUntilCompleted,
    InvalidatePaths,
}

const OPS: [Op; 21] = [
    Op::CreateDistribution,
    Op::Distribution,
    Op::DistributionConfig,
    Op::DistributionsFirstPage,
    Op::DistributionsWalk,
    Op::PutDistributionConfig,
    Op::UpdateDistribution,
    Op::EnableDistribution,
    Op::DisableDistribution,
    Op::SetDistributionComment,
    Op::AddDistributionAliases,
    Op::RemoveDistributionAliases,
    Op::DeleteDistribution,
    Op::WaitUntilDeployed,
    Op::DisableAndDeleteDistribution,
    Op::CreateInvalidation,
    Op::CreateInvalidationBatch,
    Op::Invalidation,
    Op::Invalidations,
    Op::WaitUntilCompleted,
    Op::InvalidatePaths,
];

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::CreateDistribution => "create_distribution",
            Op::Distribution => "distribution",
            Op::DistributionConfig => "distribution_config",
            Op::DistributionsFirstPage => "distributions (first page)",
            Op::DistributionsWalk => "distributions (full walk)",
            Op::PutDistributionConfig => "put_distribution_config",
            Op::UpdateDistribution => "update_distribution",
            Op::EnableDistribution => "enable_distribution",
            Op::DisableDistribution => "disable_distribution",
            Op::SetDistributionComment => "set_distribution_comment",
            Op::AddDistributionAliases => "add_distribution_aliases",
            Op::RemoveDistributionAliases => "remove_distribution_aliases",
            Op::DeleteDistribution => "delete_distribution",
            Op::WaitUntilDeployed => "wait_until_deployed",
            Op::DisableAndDeleteDistribution => "disable_and_delete_distribution",
            Op::CreateInvalidation => "create_invalidation",
            Op::CreateInvalidationBatch => "create_invalidation_batch",
            Op::Invalidation => "invalidation",
            Op::Invalidations => "invalidations",
            Op::WaitUntilCompleted => "wait_until_completed",
            Op::InvalidatePaths => "invalidate_paths",
        }
    }

    /// Creates an invalidation (and so runs the reconcile step after an ambiguous failure).
    fn creates_invalidation(self) -> bool {
        matches!(
            self,
            Op::CreateInvalidation | Op::CreateInvalidationBatch | Op::InvalidatePaths
        )
    }

    /// Reads first, then writes: the "write" placement applies.
    fn writes_after_reading(self) -> bool {
        matches!(
            self,
            Op::UpdateDistribution
                | Op::EnableDistribution
                | Op::DisableDistribution
                | Op::SetDistributionComment
                | Op::AddDistributionAliases
                | Op::RemoveDistributionAliases
                | Op::DeleteDistribution
                | Op::DisableAndDeleteDistribution
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Placement {
    First,
    Every,
    Write,
}

impl Placement {
    fn name(self) -> &'static str {
        match self {
            Placement::First => "the first request",
            Placement::Every => "every request (the budget is spent)",
            Placement::Write => "the first write (the PUT/DELETE after the read)",
        }
    }
}

// ---------------------------------------------------------------------------------------
// The transport under test: FaultTransport<UreqTransport>, with a log of every request.

/// One request as the client sent it.
#[derive(Debug, Clone)]
struct Sent {
    /// `METHOD path?query`: retries of one request are identical.
    target: String,
    method: String,
    /// The fault injected into it, if any.
    fault: Option<Fault>,
    /// Whether it reached moto.
    forwarded: bool,
}

/// Routes requests through a [`FaultTransport`] (all of them, or only writes) and logs them.
#[derive(Debug)]
struct Harness {
    faulty: FaultTransport<UreqTransport>,
    plain: UreqTransport,
    writes_only: bool,
    log: Mutex<Vec<Sent>>,
}

fn ureq() -> UreqTransport {
    UreqTransport::builder()
        .proxy_from_env(false)
        .timeout(Duration::from_secs(20))
        .build()
}

impl Harness {
    fn new(faults: Vec<Fault>, writes_only: bool) -> Self {
        Harness {
            faulty: FaultTransport::new(ureq())
                .schedule(faults)
                .slow_delay(Duration::from_millis(1)),
            plain: ureq(),
            writes_only,
            log: Mutex::new(Vec::new()),
        }
    }

    fn sent(&self) -> Vec<Sent> {
        self.log.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl Transport for Harness {
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let target = format!("{} {}?{}", request.method, request.path(), request.query());
        let (out, fault, forwarded) = if self.writes_only && request.method == "GET" {
            (self.plain.send(request), None, true)
        } else {
            // The client sends one request at a time: the counters move for this one only.
            let injected = self.faulty.injected().len();
            let forwarded = self.faulty.forwarded();
            let out = self.faulty.send(request);
            let fault = self.faulty.injected().get(injected).map(|(_, f)| *f);
            (out, fault, self.faulty.forwarded() > forwarded)
        };
        self.log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(Sent {
                target,
                method: request.method.clone(),
                fault,
                forwarded,
            });
        out
    }
}

fn faulty_client(moto: &Moto, harness: std::sync::Arc<Harness>) -> Client {
    Client::builder()
        .credentials(Credentials::new(
            "AKIDMOTOTEST",
            "moto-secret-never-checked",
        ))
        .endpoint(&moto.endpoint)
        .shared_transport(harness)
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .build()
        .expect("client for moto")
}

// ---------------------------------------------------------------------------------------
// Fixtures: what each operation needs on moto before it runs (made without faults).

#[derive(Debug, Default)]
struct Fixture {
    distribution: Option<String>,
    invalidation: Option<String>,
    caller_reference: String,
    config: Option<(DistributionConfig, String)>,
    batch: Option<InvalidationBatch>,
}

const COMMENT: &str = "fault suite";
const ALIAS_KEPT: &str = "kept.example.com";
const ALIAS_ADDED: &str = "added.example.com";
const ALIAS_REMOVED: &str = "removed.example.com";
const PATHS: [&str; 2] = ["/index.html", "/img/*"];

fn new_distribution(plain: &Client, comment: &str, enabled: bool) -> String {
    plain
        .create_distribution(
            DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com"))
                .alias(ALIAS_KEPT)
                .alias(ALIAS_REMOVED)
                .comment(comment)
                .enabled(enabled),
        )
        .expect("fixture distribution")
        .value
        .id
}

fn setup(op: Op, plain: &Client, case: usize) -> Fixture {
    let mut fx = Fixture {
        caller_reference: format!("fault-suite-{case}"),
        ..Fixture::default()
    };
    match op {
        Op::CreateDistribution => {}
        Op::DistributionsFirstPage | Op::DistributionsWalk => {
            new_distribution(plain, "one", true);
            new_distribution(plain, "two", true);
        }
        _ => {
            // Enable needs a disabled distribution; disable and the delete-after-disable
            // sequence need an enabled one (so that they send a PUT).
            let enabled = !matches!(op, Op::EnableDistribution | Op::DeleteDistribution);
            let id = new_distribution(plain, "fixture", enabled);
            match op {
                Op::PutDistributionConfig => {
                    let current = plain.distribution_config(&id).expect("fixture config");
                    fx.config = Some((current.value, current.etag));
                }
                Op::Invalidation | Op::Invalidations | Op::WaitUntilCompleted => {
                    fx.invalidation = Some(
                        plain
                            .create_invalidation(&id, PATHS)
                            .expect("fixture invalidation")
                            .id,
                    );
                }
                Op::CreateInvalidationBatch => {
                    fx.batch = Some(
                        InvalidationBatch::new(PATHS)
                            .expect("valid paths")
                            .with_caller_reference(fx.caller_reference.clone()),
                    );
                }
                _ => {}
            }
            fx.distribution = Some(id);
        }
    }
    fx
}

fn count_distributions(plain: &Client) -> usize {
    plain
        .distributions()
        .collect::<Result<Vec<_>, _>>()
        .expect("list distributions")
        .len()
}

fn count_invalidations(plain: &Client, distribution: &str) -> usize {
    plain
        .invalidations(distribution)
        .collect::<Result<Vec<_>, _>>()
        .expect("list invalidations")
        .len()
}

// ---------------------------------------------------------------------------------------
// Running one operation. Ok carries a short description checked by `verify`.

fn fast_wait() -> WaitOptions {
    WaitOptions::new(Duration::from_millis(1), 3)
}

/// What a successful call returned, checked: `Err(message)` when it returned the wrong thing.
type Check = Result<(), String>;

fn check(cond: bool, what: &str) -> Check {
    if cond {
        Ok(())
    } else {
        Err(format!("returned {what}"))
    }
}

/// Runs `op` once. The outer error is the call's; the inner check is ours (a wrong value is
/// a finding, not a panic: panics are the library's alone).
fn run(op: Op, client: &Client, fx: &Fixture) -> Result<Check, Error> {
    let id = fx.distribution.as_deref().unwrap_or("");
    let inv = fx.invalidation.as_deref().unwrap_or("");
    Ok(match op {
        Op::CreateDistribution => {
            let created = client.create_distribution(
                DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com"))
                    .comment(COMMENT)
                    .with_caller_reference(fx.caller_reference.clone()),
            )?;
            check(
                created.distribution_config.caller_reference == fx.caller_reference,
                "a distribution with another caller reference",
            )
        }
        Op::Distribution => check(client.distribution(id)?.id == id, "another distribution"),
        Op::DistributionConfig => check(
            client.distribution_config(id)?.comment == "fixture",
            "another configuration",
        ),
        Op::DistributionsFirstPage => {
            let mut pager = client.distributions().max_items(1);
            let page: Vec<_> = pager.by_ref().collect::<Result<_, _>>()?;
            check(
                page.len() == 1 && pager.next_marker().is_some(),
                "a wrong first page",
            )
        }
        Op::DistributionsWalk => {
            let all: Vec<_> = client
                .distributions()
                .page_size(1)
                .collect::<Result<_, _>>()?;
            check(
                all.len() == 2,
                &format!("{} distributions instead of 2", all.len()),
            )
        }
        Op::PutDistributionConfig => {
            let (config, etag) = fx.config.as_ref().expect("fixture config");
            let mut config = config.clone();
            config.comment = COMMENT.into();
            let d = client.put_distribution_config(id, &config, etag)?;
            check(d.distribution_config.comment == COMMENT, "the old comment")
        }
        Op::UpdateDistribution => {
            let d = client.update_distribution(id, |c| c.comment = COMMENT.into())?;
            check(d.distribution_config.comment == COMMENT, "the old comment")
        }
        Op::EnableDistribution => check(
            client.enable_distribution(id)?.distribution_config.enabled,
            "a disabled distribution",
        ),
        Op::DisableDistribution => check(
            !client.disable_distribution(id)?.distribution_config.enabled,
            "an enabled distribution",
        ),
        Op::SetDistributionComment => {
            let d = client.set_distribution_comment(id, COMMENT)?;
            check(d.distribution_config.comment == COMMENT, "the old comment")
        }
        Op::AddDistributionAliases => {
            let d = client.add_distribution_aliases(id, [ALIAS_ADDED])?;
            check(
                d.distribution_config
                    .aliases()
                    .iter()
                    .any(|a| a == ALIAS_ADDED),
                "no new alias",
            )
        }
        Op::RemoveDistributionAliases => {
            let d = client.remove_distribution_aliases(id, [ALIAS_REMOVED])?;
            check(
                !d.distribution_config
                    .aliases()
                    .iter()
                    .any(|a| a == ALIAS_REMOVED),
                "the removed alias",
            )
        }
        Op::DeleteDistribution => {
            client.delete_distribution(id)?;
            Ok(())
        }
        Op::WaitUntilDeployed => check(
            client.wait_until_deployed(id, fast_wait())?.status == "Deployed",
            "a distribution that is not Deployed",
        ),
        Op::DisableAndDeleteDistribution => {
            client.disable_and_delete_distribution(id, fast_wait())?;
            Ok(())
        }
        Op::CreateInvalidation => {
            let created = client.create_invalidation(id, PATHS)?;
            check(created.batch.paths.len() == PATHS.len(), "other paths")
        }
        Op::CreateInvalidationBatch => {
            let batch = fx.batch.as_ref().expect("fixture batch");
            let created = client.create_invalidation_batch(id, batch)?;
            check(
                created.batch.caller_reference == fx.caller_reference,
                "an invalidation with another caller reference",
            )
        }
        Op::Invalidation => check(
            client.invalidation(id, inv)?.id == inv,
            "another invalidation",
        ),
        Op::Invalidations => {
            let all: Vec<_> = client.invalidations(id).collect::<Result<_, _>>()?;
            check(all.len() == 1, "a wrong number of invalidations")
        }
        Op::WaitUntilCompleted => check(
            client
                .wait_until_completed(id, inv, fast_wait())?
                .status
                .is_completed(),
            "an invalidation that is not completed",
        ),
        Op::InvalidatePaths => {
            let created = client.invalidate_paths(id, PATHS, &InvalidatePathsOptions::default())?;
            check(created.len() == 1, "a wrong number of invalidations")
        }
    })
}

/// After a successful write, the change is on moto.
fn verify_success(op: Op, plain: &Client, fx: &Fixture) -> Result<(), String> {
    let id = fx.distribution.as_deref().unwrap_or("");
    let read = || plain.distribution(id).map_err(|e| format!("re-read: {e}"));
    let ok = |cond: bool, what: &str| {
        if cond {
            Ok(())
        } else {
            Err(format!("success reported but {what}"))
        }
    };
    match op {
        Op::PutDistributionConfig | Op::UpdateDistribution | Op::SetDistributionComment => ok(
            read()?.distribution_config.comment == COMMENT,
            "the comment is not set",
        ),
        Op::EnableDistribution => ok(read()?.distribution_config.enabled, "still disabled"),
        Op::DisableDistribution => ok(!read()?.distribution_config.enabled, "still enabled"),
        Op::AddDistributionAliases => ok(
            read()?
                .distribution_config
                .aliases()
                .iter()
                .any(|a| a == ALIAS_ADDED),
            "the alias is missing",
        ),
        Op::RemoveDistributionAliases => {
            let d = read()?;
            let aliases = d.distribution_config.aliases();
            ok(
                !aliases.iter().any(|a| a == ALIAS_REMOVED)
                    && aliases.iter().any(|a| a == ALIAS_KEPT),
                "the aliases are wrong",
            )
        }
        Op::DeleteDistribution | Op::DisableAndDeleteDistribution => match plain.distribution(id) {
            Err(e) if e.is_not_found() => Ok(()),
            other => Err(format!(
                "success reported but the distribution is still there: {other:?}"
            )),
        },
        _ => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------
// Expectations

/// A short, stable label for an outcome: `ok`, or the error's variant and kind/code.
fn label(outcome: &Result<(), Error>) -> String {
    match outcome {
        Ok(()) => "ok".into(),
        Err(Error::Service(s)) => format!("Service {} {}", s.status, s.code),
        Err(Error::UnexpectedResponse(u)) => format!("UnexpectedResponse {}", u.status),
        Err(Error::Transport(t)) => format!("Transport {:?}", t.kind()),
        Err(Error::Decode(_)) => "Decode".into(),
        Err(Error::InvalidInput(_)) => "InvalidInput".into(),
        Err(Error::Credentials(_)) => "Credentials".into(),
        Err(Error::WaiterTimeout(_)) => "WaiterTimeout".into(),
        Err(Error::AlreadyCreated(a)) => format!("AlreadyCreated {}", a.error.code),
        Err(other) => format!("unclassified {other:?}"),
    }
}

/// The typed error a fault gives when it is the last thing the call saw.
fn fault_error(fault: Fault) -> &'static str {
    match fault {
        Fault::ConnectionRefused => "Transport Connect",
        Fault::ResetBeforeSend | Fault::ResponseLost => "Transport Io",
        Fault::ReadTimeout => "Transport Timeout",
        Fault::Http500 => "Service 500 InternalError",
        Fault::Http502 => "UnexpectedResponse 502",
        Fault::Http503 => "Service 503 ServiceUnavailable",
        Fault::Throttling => "Service 400 Throttling",
        Fault::TruncatedBody | Fault::NonXmlBody => "Decode",
        Fault::BodyOverCap => "Transport BodyTooLarge",
        _ => "ok",
    }
}

/// Retried by the default policy (every operation here is idempotent or made so by its
/// caller reference / If-Match).
fn retryable(fault: Fault) -> bool {
    matches!(
        fault,
        Fault::ConnectionRefused
            | Fault::ResetBeforeSend
            | Fault::ResponseLost
            | Fault::ReadTimeout
            | Fault::Http500
            | Fault::Http502
            | Fault::Http503
            | Fault::Throttling
    )
}

/// The server may have acted on a request that failed this way (the client cannot tell a
/// reset before sending from one after).
fn ambiguous(fault: Fault) -> bool {
    matches!(
        fault,
        Fault::ResetBeforeSend
            | Fault::ResponseLost
            | Fault::ReadTimeout
            | Fault::Http500
            | Fault::Http502
    )
}

/// Whether the faulted request is one that the client checks on (reconciles) before sending
/// it again after an ambiguous failure: a CreateInvalidation (looks for its caller reference)
/// or an UpdateDistribution PUT (reads the distribution to see whether the change is there).
fn reconciles(op: Op, placement: Placement) -> bool {
    let faulted_is_put = match placement {
        Placement::Write => op.writes_after_reading() && op != Op::DeleteDistribution,
        Placement::First | Placement::Every => op == Op::PutDistributionConfig,
    };
    op.creates_invalidation() || faulted_is_put
}

/// The response's body is damaged but the server acted.
fn damages_body(fault: Fault) -> bool {
    matches!(fault, Fault::TruncatedBody | Fault::NonXmlBody)
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Expected {
    outcome: String,
    /// Attempts of the faulted request (identical requests sent for it).
    attempts: usize,
    /// Extra requests the reconcile step makes when it cannot finish.
    reconcile_requests: usize,
}

fn expect(op: Op, fault: Fault, placement: Placement) -> Expected {
    let err = |attempts| Expected {
        outcome: fault_error(fault).into(),
        attempts,
        reconcile_requests: 0,
    };
    let ok = |attempts| Expected {
        outcome: "ok".into(),
        attempts,
        reconcile_requests: 0,
    };
    if fault == Fault::SlowBody {
        return ok(1);
    }
    match placement {
        Placement::First => {
            if !retryable(fault) {
                err(1)
            } else if reconciles(op, placement) && ambiguous(fault) && fault.forwards() {
                // The lost create or update is found by the reconcile step instead of being
                // sent again.
                ok(1)
            } else {
                // create_distribution after a lost response: the resend meets
                // DistributionAlreadyExists for our own reference and returns the original.
                ok(2)
            }
        }
        Placement::Every => {
            if !retryable(fault) {
                err(1)
            } else if reconciles(op, placement) && ambiguous(fault) {
                // The reconcile step cannot look (its own requests fail too): the request is
                // not sent again blindly, so moto never gets a second batch or update.
                Expected {
                    reconcile_requests: RECONCILE_LIST_ATTEMPTS,
                    ..err(1)
                }
            } else {
                err(BUDGET)
            }
        }
        Placement::Write => {
            let delete = op == Op::DeleteDistribution;
            if fault == Fault::BodyOverCap {
                err(1)
            } else if damages_body(fault) {
                // DELETE answers 204: no body to damage.
                if delete { ok(1) } else { err(1) }
            } else if reconciles(op, placement) && ambiguous(fault) && fault.forwards() {
                // The PUT took effect and its response was lost: the reconcile step reads
                // the distribution, sees the change applied, and does not send it again.
                ok(1)
            } else {
                // Retried once. After a lost DELETE response the resend finds nothing to
                // delete: that is reported as success (the earlier attempt deleted it).
                ok(2)
            }
        }
    }
}

/// Attempts of the faulted request: the run of identical requests starting at the first
/// faulted-eligible one. For a create (POST) or an update (PUT), count every identical
/// request: the reconcile step's GETs may come in between.
fn attempts(sent: &[Sent], placement: Placement) -> usize {
    let start = match placement {
        Placement::Write => sent.iter().position(|s| s.method != "GET"),
        _ => (!sent.is_empty()).then_some(0),
    };
    let Some(start) = start else { return 0 };
    let first = &sent[start].target;
    if matches!(sent[start].method.as_str(), "POST" | "PUT") {
        sent[start..].iter().filter(|s| &s.target == first).count()
    } else {
        sent[start..]
            .iter()
            .take_while(|s| &s.target == first)
            .count()
    }
}

// ---------------------------------------------------------------------------------------
// The suite

#[derive(Debug)]
struct Row {
    op: Op,
    fault: Fault,
    placement: Placement,
    outcome: String,
    expected: Expected,
    attempts: usize,
    requests: usize,
    forwarded: usize,
    created: Option<usize>,
    problems: Vec<String>,
}

#[derive(Debug, Default)]
struct Totals {
    cases: usize,
    panics: usize,
    duplicates: usize,
    untyped: usize,
    mismatches: usize,
}

fn run_case(
    moto: &Moto,
    plain: &Client,
    op: Op,
    fault: Fault,
    placement: Placement,
    case: usize,
    totals: &mut Totals,
) -> Row {
    moto.reset();
    let fx = setup(op, plain, case);
    let schedule = match placement {
        Placement::Every => vec![fault; EVERY],
        Placement::First | Placement::Write => vec![fault],
    };
    let harness = std::sync::Arc::new(Harness::new(schedule, placement == Placement::Write));
    let client = faulty_client(moto, harness.clone());

    let caught = catch_unwind(AssertUnwindSafe(|| run(op, &client, &fx)));
    let mut problems = Vec::new();
    let outcome = match caught {
        Ok(result) => {
            let outcome = result.map(|checked| {
                if let Err(wrong) = checked {
                    problems.push(format!("success, but it {wrong}"));
                }
            });
            label(&outcome)
        }
        Err(panic) => {
            totals.panics += 1;
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            problems.push(format!("PANIC: {msg}"));
            "PANIC".into()
        }
    };
    if outcome.starts_with("unclassified") {
        totals.untyped += 1;
    }

    let sent = harness.sent();
    let expected = expect(op, fault, placement);
    let got_attempts = attempts(&sent, placement);
    let forwarded = sent.iter().filter(|s| s.forwarded).count();

    if outcome != expected.outcome {
        problems.push(format!("outcome {outcome}, expected {}", expected.outcome));
    }
    if got_attempts != expected.attempts {
        problems.push(format!(
            "{got_attempts} attempts, expected {}",
            expected.attempts
        ));
    }
    let injected = sent.iter().filter(|s| s.fault.is_some()).count();
    match placement {
        Placement::Every => {
            // A failing call stops at its first request: the requests that reached the
            // transport are the budget (or 1), plus the reconcile step's own attempts.
            let want = expected.attempts + expected.reconcile_requests;
            if expected.outcome != "ok" && sent.len() != want {
                problems.push(format!("{} requests, expected {want}", sent.len()));
            }
            if injected != sent.len() {
                problems.push(format!("{injected} of {} requests faulted", sent.len()));
            }
            let want_forwarded = if fault.forwards() { sent.len() } else { 0 };
            if forwarded != want_forwarded {
                problems.push(format!(
                    "{forwarded} requests forwarded, expected {want_forwarded}"
                ));
            }
        }
        Placement::First | Placement::Write => {
            if injected != 1 {
                problems.push(format!("{injected} faults injected, expected 1"));
            }
        }
    }
    if harness.faulty.injected().len() != injected {
        problems.push("FaultTransport::injected disagrees with the request log".into());
    }

    // What is on moto now, for the calls that create: exactly one resource if the call
    // succeeded or a create request reached moto, none otherwise; never two. The other
    // calls send no POST, so they cannot create anything (checked).
    let create_reached_moto = sent.iter().any(|s| s.method == "POST" && s.forwarded);
    let want = usize::from(outcome == "ok" || create_reached_moto);
    let mut created = None;
    if op == Op::CreateDistribution || op.creates_invalidation() {
        let (what, after) = match fx.distribution.as_deref() {
            // The fixture distribution has no invalidation before a create_invalidation.
            Some(id) => ("invalidations", count_invalidations(plain, id)),
            None => ("distributions", count_distributions(plain)),
        };
        created = Some(after);
        totals.duplicates += after.saturating_sub(1);
        if after != want {
            problems.push(format!("{after} {what} on moto, expected {want}"));
        }
    } else if sent.iter().any(|s| s.method == "POST") {
        problems.push("a call that creates nothing sent a POST".into());
    }
    if outcome == "ok" {
        if let Err(e) = verify_success(op, plain, &fx) {
            problems.push(e);
        }
    }

    totals.cases += 1;
    if !problems.is_empty() {
        totals.mismatches += 1;
    }
    Row {
        op,
        fault,
        placement,
        outcome,
        expected,
        attempts: got_attempts,
        requests: sent.len(),
        forwarded,
        created,
        problems,
    }
}

fn short(outcome: &str) -> String {
    outcome
        .trim_start_matches("Transport ")
        .trim_start_matches("Service ")
        .trim_start_matches("UnexpectedResponse ")
        .to_string()
}

fn report(rows: &[Row], totals: &Totals, elapsed: Duration) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Fault-injection suite (against moto)\n");
    let _ = writeln!(
        out,
        "Each cell: outcome · attempts of the faulted request [· resources created, for creates]. \
         `ok` = success; otherwise the typed error (`Io`, `Timeout`, `Connect`, `BodyTooLarge` \
         are transport errors; `500 InternalError` etc. service errors; `502` an unexpected \
         non-XML response; `Decode` a damaged success body). Retry budget {BUDGET} attempts. \
         A `!` marks a cell that differs from the expectation (see the problem list).\n"
    );
    let mut by_placement: BTreeMap<Placement, Vec<&Row>> = BTreeMap::new();
    for r in rows {
        by_placement.entry(r.placement).or_default().push(r);
    }
    for (placement, rows) in &by_placement {
        let _ = writeln!(out, "## Fault on {}\n", placement.name());
        let _ = write!(out, "| operation |");
        for f in Fault::ALL {
            let _ = write!(out, " {f} |");
        }
        let _ = writeln!(out);
        let _ = write!(out, "|---|");
        for _ in Fault::ALL {
            let _ = write!(out, "---|");
        }
        let _ = writeln!(out);
        for op in OPS {
            let cells: Vec<&&Row> = rows.iter().filter(|r| r.op == op).collect();
            if cells.is_empty() {
                continue;
            }
            let _ = write!(out, "| {} |", op.name());
            for f in Fault::ALL {
                match cells.iter().find(|r| r.fault == f) {
                    Some(r) => {
                        let mark = if r.problems.is_empty() { "" } else { "! " };
                        let created = r.created.map(|c| format!(" · {c}")).unwrap_or_default();
                        let _ = write!(
                            out,
                            " {mark}{} · {}{created} |",
                            short(&r.outcome),
                            r.attempts
                        );
                    }
                    None => {
                        let _ = write!(out, " |");
                    }
                }
            }
            let _ = writeln!(out);
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## Totals\n");
    let _ = writeln!(
        out,
        "- cases: {} ({} operations × {} faults × placements: first, every; write for {} read-then-write operations)",
        totals.cases,
        OPS.len(),
        Fault::ALL.len(),
        OPS.iter().filter(|o| o.writes_after_reading()).count()
    );
    let _ = writeln!(
        out,
        "- requests sent: {}",
        rows.iter().map(|r| r.requests).sum::<usize>()
    );
    let _ = writeln!(
        out,
        "- requests that reached moto: {}",
        rows.iter().map(|r| r.forwarded).sum::<usize>()
    );
    let _ = writeln!(
        out,
        "- successes: {}",
        rows.iter().filter(|r| r.outcome == "ok").count()
    );
    let _ = writeln!(
        out,
        "- typed errors: {}",
        rows.iter()
            .filter(|r| r.outcome != "ok" && r.outcome != "PANIC")
            .count()
    );
    let _ = writeln!(out, "- panics: {}", totals.panics);
    let _ = writeln!(out, "- untyped failures: {}", totals.untyped);
    let _ = writeln!(out, "- duplicates: {}", totals.duplicates);
    let _ = writeln!(
        out,
        "- cases differing from the expectation: {}",
        totals.mismatches
    );
    let _ = writeln!(out, "- run time: {:.1} s", elapsed.as_secs_f64());
    let problems: Vec<&Row> = rows.iter().filter(|r| !r.problems.is_empty()).collect();
    if !problems.is_empty() {
        let _ = writeln!(out, "\n## Problems\n");
        for r in problems {
            let _ = writeln!(
                out,
                "- {} × {} (on {}): {} [expected {} · {}; {} requests, {} forwarded]",
                r.op.name(),
                r.fault,
                r.placement.name(),
                r.problems.join("; "),
                r.expected.outcome,
                r.expected.attempts,
                r.requests,
                r.forwarded
            );
        }
    }
    out
}

#[test]
fn every_operation_under_every_fault() {
    // `moto()` also clears state-manager transitions, so a new distribution is Deployed at
    // the first read and wait_until_deployed polls once.
    let Some(moto) = moto() else { return };
    let started = Instant::now();
    let plain = moto.client();
    let mut totals = Totals::default();
    let mut rows = Vec::new();
    for placement in [Placement::First, Placement::Every, Placement::Write] {
        for op in OPS {
            if placement == Placement::Write && !op.writes_after_reading() {
                continue;
            }
            for fault in Fault::ALL {
                let case = rows.len();
                rows.push(run_case(
                    &moto,
                    &plain,
                    op,
                    fault,
                    placement,
                    case,
                    &mut totals,
                ));
            }
        }
    }
    let text = report(&rows, &totals, started.elapsed());
    println!("{text}");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&dir).expect("target dir");
    std::fs::write(dir.join("fault-suite.md"), &text).expect("write target/fault-suite.md");

    assert_eq!(totals.panics, 0, "{text}");
    assert_eq!(totals.duplicates, 0, "{text}");
    assert_eq!(totals.untyped, 0, "{text}");
    assert_eq!(totals.mismatches, 0, "{text}");
    assert_eq!(
        totals.cases,
        OPS.len() * Fault::ALL.len() * 2
            + OPS.iter().filter(|o| o.writes_after_reading()).count() * Fault::ALL.len()
    );
}

/// The brief's other branch: the resend meets `DistributionAlreadyExists` for our own
/// reference, and the distribution cannot be read back (the lookup fails too). The call
/// reports `AlreadyCreated` with our reference and the existing id, and moto holds one.
#[test]
fn create_distribution_lost_response_then_failed_lookup_is_already_created() {
    let Some(moto) = moto() else { return };
    let plain = moto.client();
    // POST (lost after moto created it), POST (409, passes), GET lookup refused 3 times.
    let schedule = vec![
        Fault::ResponseLost,
        Fault::None,
        Fault::ConnectionRefused,
        Fault::ConnectionRefused,
        Fault::ConnectionRefused,
    ];
    let harness = std::sync::Arc::new(Harness::new(schedule, false));
    let client = faulty_client(&moto, harness.clone());
    let reference = "fault-suite-already-created";
    let err = client
        .create_distribution(
            DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com"))
                .with_caller_reference(reference),
        )
        .expect_err("the lookup failed, so the distribution cannot be returned");
    let on_moto: Vec<_> = plain
        .distributions()
        .collect::<Result<_, _>>()
        .expect("list");
    assert_eq!(on_moto.len(), 1, "exactly one distribution was created");
    match err {
        Error::AlreadyCreated(a) => {
            assert_eq!(a.caller_reference, reference);
            assert_eq!(a.existing_id.as_deref(), Some(on_moto[0].id.as_str()));
            assert_eq!(a.error.code, "DistributionAlreadyExists");
        }
        other => panic!("expected AlreadyCreated, got {other:?}"),
    }
    let posts = harness.sent().iter().filter(|s| s.method == "POST").count();
    assert_eq!(posts, 2);
}

mod offline {
    //! The two library fixes this suite led to, pinned on a scripted transport (these run
    //! without moto).

    use std::sync::Arc;
    use std::time::{Duration, UNIX_EPOCH};

    use cloudfront::clock::ManualClock;
    use cloudfront::transport::{Expectation, MockTransport, TransportErrorKind};
    use cloudfront::{Client, Credentials, Error, InvalidationBatch, RetryPolicy};

    fn client(mock: &Arc<MockTransport>) -> Client {
        Client::builder()
            .credentials(Credentials::new("AKIDEXAMPLE", "secret"))
            .endpoint("https://cloudfront.amazonaws.com")
            .shared_transport(mock.clone())
            .clock(Arc::new(ManualClock::new(
                UNIX_EPOCH + Duration::from_secs(1_795_560_790),
            )))
            .retry(RetryPolicy::default())
            .build()
            .unwrap()
    }

    fn no_such_distribution() -> Expectation {
        Expectation::delete("/2020-05-31/distribution/E1")
            .respond(404)
            .response_body(
                r#"<?xml version="1.0"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>NoSuchDistribution</Code><Message>The specified distribution does not exist.</Message></Error><RequestId>r1</RequestId></ErrorResponse>"#,
            )
    }

    /// A create whose response was lost is sent again only after the reconcile step has
    /// looked for it; when that look fails, it is not sent again (a server that does not
    /// deduplicate, like moto, would otherwise get a second invalidation).
    #[test]
    fn a_create_is_not_resent_when_the_check_for_it_fails() {
        let mock = Arc::new(MockTransport::new());
        let path = "/2020-05-31/distribution/E1/invalidation";
        mock.expect(Expectation::post(path).fail(TransportErrorKind::Io))
            .expect(
                Expectation::get(path)
                    .fail(TransportErrorKind::Connect)
                    .times(3),
            );
        let batch = InvalidationBatch::new(["/index.html"])
            .unwrap()
            .with_caller_reference("ref-1");
        let err = client(&mock)
            .create_invalidation_batch("E1", &batch)
            .unwrap_err();
        assert!(
            matches!(&err, Error::Transport(t) if t.kind() == TransportErrorKind::Io),
            "the lost attempt's failure is reported: {err:?}"
        );
        mock.verify().unwrap();
        let posts = mock
            .requests()
            .iter()
            .filter(|r| r.method == "POST")
            .count();
        assert_eq!(posts, 1, "the batch was not sent a second time");
    }

    /// A DELETE whose response was lost, retried, meets NoSuchDistribution: the first
    /// attempt deleted it, and the call succeeds.
    #[test]
    fn a_delete_whose_response_was_lost_is_done() {
        let mock = Arc::new(MockTransport::new());
        mock.expect(
            Expectation::delete("/2020-05-31/distribution/E1")
                .header("if-match", "ETAG1")
                .fail(TransportErrorKind::Io),
        )
        .expect(no_such_distribution());
        client(&mock)
            .delete_distribution_with_etag("E1", "ETAG1")
            .unwrap();
        mock.verify().unwrap();
    }

    /// Without an ambiguous attempt before it, NoSuchDistribution is the caller's error.
    #[test]
    fn a_delete_of_a_missing_distribution_is_still_an_error() {
        let mock = Arc::new(MockTransport::new());
        mock.expect(no_such_distribution());
        let err = client(&mock)
            .delete_distribution_with_etag("E1", "ETAG1")
            .unwrap_err();
        assert!(err.is_not_found(), "{err}");
        mock.verify().unwrap();
    }
}
