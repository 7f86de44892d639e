//! CloudFront Functions beyond the generated operations: create or update a function from its
//! code's bytes (read-modify-write with `If-Match`, nothing sent when nothing changed), read it
//! with its ETag, test it with an event object and get the logs, error and output back in
//! typed form, and publish exactly the version that was tested (the ETag chain: the ETag that
//! the tests ran against is the `If-Match` of PublishFunction, so a change made in between is
//! `PreconditionFailed`, never published untested).
//!
//! Every call goes through the generated operations of [`crate::model::function`] (whose
//! `Client` methods — `create_function`, `describe_function`, `test_function`,
//! `publish_function`, ... — take the typed requests as they are).
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use cloudfront::Client;
//! use cloudfront::resources::function::{FunctionRuntime, FunctionSource};
//!
//! let client = Client::from_env()?;
//! let source = FunctionSource::from_file("functions/redirect.js", FunctionRuntime::CloudfrontJs2_0)?
//!     .comment("www redirect");
//! client.put_function("redirect", &source)?; // creates it, or updates it when it changed
//! let event = std::fs::read("functions/redirect-event.json")?;
//! let release = client.test_and_publish_function("redirect", [event.as_slice()])?;
//! for test in &release.tests {
//!     for line in &test.logs {
//!         println!("log: {line}");
//!     }
//!     if let Some(error) = &test.error {
//!         eprintln!("failed: {error}");
//!     }
//! }
//! assert_eq!(release.published.is_some(), release.tests.iter().all(|t| t.passed()));
//! # Ok(()) }
//! ```

use std::path::Path;

pub use crate::model::function::*;

use crate::client::Client;
use crate::error::{DecodeError, Error, InvalidInput};
use crate::resources::check_etag;
use crate::resources::versioned::{UpdateOptions, Versioned, read_modify_write};
use crate::xml::Blob;

/// Largest function code CloudFront takes (the model's `FunctionBlob`: 40,960 bytes).
pub const MAX_FUNCTION_CODE_BYTES: usize = 40_960;

/// Largest test event object CloudFront takes (the model's `FunctionEventObject`).
pub const MAX_EVENT_OBJECT_BYTES: usize = 40_960;

/// A function's code and the settings a deploy tool keeps beside it: the code's bytes
/// (typically a file's), the runtime and a comment. Key value store associations and
/// settings this crate does not know are left as CloudFront has them on update.
///
/// ```
/// use cloudfront::resources::function::{FunctionRuntime, FunctionSource};
///
/// let source = FunctionSource::new("function handler(event) { return event.request; }",
///     FunctionRuntime::CloudfrontJs2_0).comment("pass-through");
/// assert_eq!(source.comment, "pass-through");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FunctionSource {
    /// The function code (JavaScript source), as bytes.
    pub code: Vec<u8>,
    /// The runtime.
    pub runtime: FunctionRuntime,
    /// A comment describing the function (empty for none).
    pub comment: String,
}

impl FunctionSource {
    /// `code` for `runtime`, without a comment.
    pub fn new(code: impl Into<Vec<u8>>, runtime: FunctionRuntime) -> Self {
        FunctionSource {
            code: code.into(),
            runtime,
            comment: String::new(),
        }
    }

    /// The code read from the file at `path`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the path when the file cannot be read.
    pub fn from_file(path: impl AsRef<Path>, runtime: FunctionRuntime) -> Result<Self, Error> {
        let path = path.as_ref();
        let code = std::fs::read(path).map_err(|e| {
            InvalidInput::new(format!("cannot read function code {}: {e}", path.display()))
        })?;
        Ok(FunctionSource::new(code, runtime))
    }

    /// The same source with `comment`.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = comment.into();
        self
    }

    /// Refuses code CloudFront would refuse (empty, over [`MAX_FUNCTION_CODE_BYTES`]).
    fn validate(&self) -> Result<(), InvalidInput> {
        if self.code.is_empty() || self.code.len() > MAX_FUNCTION_CODE_BYTES {
            return Err(InvalidInput::new(format!(
                "function code must be 1 to {MAX_FUNCTION_CODE_BYTES} bytes, got {}",
                self.code.len()
            )));
        }
        Ok(())
    }

    /// `config` with this source's runtime and comment (everything else kept).
    fn apply(&self, config: &mut FunctionConfig) {
        config.runtime = self.runtime.clone();
        config.comment = self.comment.clone();
    }
}

/// The result of one TestFunction run, typed: whether the function threw, what it logged,
/// what it returned, and how much of its time budget it used.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FunctionTest {
    /// The function's ETag (version) the test ran against; publish with it.
    pub etag: String,
    /// The lines the function logged (`console.log`), in order.
    pub logs: Vec<String>,
    /// The error the function raised, when it failed (`FunctionErrorMessage`).
    pub error: Option<String>,
    /// The event object the function returned, as CloudFront's JSON text (`FunctionOutput`).
    pub output: Option<String>,
    /// The run time as a percentage of the maximum allowed, as CloudFront wrote it
    /// (`ComputeUtilization`); see [`FunctionTest::compute_utilization_percent`].
    pub compute_utilization: Option<String>,
    /// The function that was tested, when CloudFront included it.
    pub function_summary: Option<FunctionSummary>,
}

impl FunctionTest {
    /// Whether the function ran without an error.
    pub fn passed(&self) -> bool {
        self.error.is_none()
    }

    /// `ComputeUtilization` as a number (0 to 100); `None` when absent or not a number.
    pub fn compute_utilization_percent(&self) -> Option<u32> {
        self.compute_utilization.as_deref()?.trim().parse().ok()
    }

    fn from_result(etag: &str, result: TestResult) -> Self {
        let non_empty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
        FunctionTest {
            etag: etag.to_string(),
            logs: result
                .function_execution_logs
                .map(|l| l.items)
                .unwrap_or_default(),
            error: non_empty(result.function_error_message),
            output: non_empty(result.function_output),
            compute_utilization: non_empty(result.compute_utilization),
            function_summary: result.function_summary,
        }
    }
}

/// What [`Client::test_and_publish_function`] did: every test it ran and, when all passed,
/// the function as published.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FunctionRelease {
    /// One entry per event object, in order (it stops at the first failed test).
    pub tests: Vec<FunctionTest>,
    /// The function after PublishFunction (`LIVE`), or `None` when a test failed.
    pub published: Option<FunctionSummary>,
}

/// Refuses a name outside the model's `[a-zA-Z0-9-_]{1,64}`.
fn check_name(name: &str) -> Result<(), InvalidInput> {
    let ok = (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(InvalidInput::new(format!(
            "a function name is 1 to 64 letters, digits, '-' or '_', got {}",
            crate::error::quote_bounded(name)
        )))
    }
}

fn summary(value: Option<FunctionSummary>, operation: &str) -> Result<FunctionSummary, Error> {
    value.ok_or_else(|| {
        Error::Decode(DecodeError::new(
            "",
            format!("{operation} response has no FunctionSummary"),
        ))
    })
}

impl Client {
    /// The function's `DEVELOPMENT` stage with its ETag (DescribeFunction).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let f = client.function("redirect")?;
    /// println!("{} {:?} (ETag {})", f.name, f.function_metadata.stage, f.etag);
    /// # Ok(()) }
    /// ```
    pub fn function(&self, name: &str) -> Result<Versioned<FunctionSummary>, Error> {
        self.function_in_stage(name, FunctionStage::Development)
    }

    /// The function's `stage` (`DEVELOPMENT` or `LIVE`) with its ETag (DescribeFunction).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// # let client = cloudfront::Client::from_env()?;
    /// use cloudfront::resources::function::FunctionStage;
    /// let live = client.function_in_stage("redirect", FunctionStage::Live)?;
    /// println!("live since {}", live.function_metadata.last_modified_time);
    /// # Ok(()) }
    /// ```
    pub fn function_in_stage(
        &self,
        name: &str,
        stage: FunctionStage,
    ) -> Result<Versioned<FunctionSummary>, Error> {
        check_name(name)?;
        let out = self.send_typed(DescribeFunctionRequest {
            name: name.to_string(),
            stage: Some(stage),
        })?;
        Ok(Versioned {
            etag: check_etag(out.etag, "DescribeFunction")?,
            value: summary(out.function_summary, "DescribeFunction")?,
        })
    }

    /// The code of the function's `stage`, with its ETag (GetFunction).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// use cloudfront::resources::function::FunctionStage;
    /// let code = client.function_code("redirect", FunctionStage::Live)?;
    /// std::fs::write("redirect.live.js", &code.value)?;
    /// # Ok(()) }
    /// ```
    pub fn function_code(
        &self,
        name: &str,
        stage: FunctionStage,
    ) -> Result<Versioned<Vec<u8>>, Error> {
        check_name(name)?;
        let out = self.send_typed(GetFunctionRequest {
            name: name.to_string(),
            stage: Some(stage),
        })?;
        Ok(Versioned {
            etag: check_etag(out.etag, "GetFunction")?,
            value: out.function_code.map(|b| b.0).unwrap_or_default(),
        })
    }

    /// Creates the function from `source` (CreateFunction), in the `DEVELOPMENT` stage.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// use cloudfront::resources::function::{FunctionRuntime, FunctionSource};
    /// let source = FunctionSource::from_file("redirect.js", FunctionRuntime::CloudfrontJs2_0)?;
    /// let created = client.create_function_from("redirect", &source)?;
    /// println!("{} (ETag {})", created.function_metadata.function_arn, created.etag);
    /// # Ok(()) }
    /// ```
    pub fn create_function_from(
        &self,
        name: &str,
        source: &FunctionSource,
    ) -> Result<Versioned<FunctionSummary>, Error> {
        check_name(name)?;
        source.validate()?;
        let mut function_config = FunctionConfig {
            comment: String::new(),
            runtime: source.runtime.clone(),
            key_value_store_associations: None,
            unknown: Default::default(),
        };
        source.apply(&mut function_config);
        let out = self.send_typed(CreateFunctionRequest {
            name: name.to_string(),
            function_config,
            function_code: Blob(source.code.clone()),
            tags: None,
        })?;
        Ok(Versioned {
            etag: check_etag(out.etag, "CreateFunction")?,
            value: summary(out.function_summary, "CreateFunction")?,
        })
    }

    /// Read-modify-write of the function's `DEVELOPMENT` stage: reads its configuration,
    /// code and ETag, and sends UpdateFunction with `If-Match` only when the code, runtime or
    /// comment differ from `source` (otherwise nothing is sent and the function as read is
    /// returned). Key value store associations are kept. A concurrent change is
    /// `PreconditionFailed`, or re-read and re-applied up to `options.conflict_retries` times.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// use cloudfront::UpdateOptions;
    /// use cloudfront::resources::function::{FunctionRuntime, FunctionSource};
    /// let source = FunctionSource::from_file("redirect.js", FunctionRuntime::CloudfrontJs2_0)?;
    /// let updated = client.update_function_from("redirect", &source, UpdateOptions::new())?;
    /// println!("now at ETag {}", updated.etag);
    /// # Ok(()) }
    /// ```
    pub fn update_function_from(
        &self,
        name: &str,
        source: &FunctionSource,
        options: UpdateOptions,
    ) -> Result<Versioned<FunctionSummary>, Error> {
        check_name(name)?;
        source.validate()?;
        read_modify_write(
            "UpdateFunction",
            name,
            options,
            || {
                let current = self.function(name)?;
                let code = self.function_code(name, FunctionStage::Development)?;
                let config = current.function_config.clone();
                Ok((current, (config, code.value)))
            },
            |(config, code)| {
                source.apply(config);
                code.clone_from(&source.code);
            },
            |(config, code), etag| self.put_function_code(name, config, code, etag),
        )
    }

    /// Updates the function from `source` ([`Client::update_function_from`]: nothing sent
    /// when unchanged), or creates it when it does not exist (`NoSuchFunctionExists`): what a
    /// deploy job runs for each function it keeps in a repository.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// use cloudfront::resources::function::{FunctionRuntime, FunctionSource};
    /// let source = FunctionSource::from_file("redirect.js", FunctionRuntime::CloudfrontJs2_0)?;
    /// let f = client.put_function("redirect", &source)?;
    /// # let _ = f; Ok(()) }
    /// ```
    pub fn put_function(
        &self,
        name: &str,
        source: &FunctionSource,
    ) -> Result<Versioned<FunctionSummary>, Error> {
        check_name(name)?;
        source.validate()?;
        match self.update_function_from(name, source, UpdateOptions::default()) {
            Err(e) if e.is_not_found() => self.create_function_from(name, source),
            other => other,
        }
    }

    /// UpdateFunction with `If-Match: etag`. The model names the response's ETag header
    /// `ETtag`; when the response carries neither that nor `ETag`, the ETag comes from a
    /// DescribeFunction after the update.
    fn put_function_code(
        &self,
        name: &str,
        config: &FunctionConfig,
        code: &[u8],
        etag: &str,
    ) -> Result<Versioned<FunctionSummary>, Error> {
        let out = self.send_typed(UpdateFunctionRequest {
            name: name.to_string(),
            if_match: etag.to_string(),
            function_config: config.clone(),
            function_code: Blob(code.to_vec()),
        })?;
        let value = summary(out.function_summary, "UpdateFunction")?;
        let etag = match out.etag {
            Some(etag) => check_etag(Some(etag), "UpdateFunction")?,
            None => self.function(name)?.etag,
        };
        Ok(Versioned { value, etag })
    }

    /// Runs the function's `DEVELOPMENT` stage at version `etag` on `event` (an event object
    /// in CloudFront's JSON, see "Event structure" in the CloudFront Developer Guide) with
    /// TestFunction, and returns what happened in typed form.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let f = client.function("redirect")?;
    /// let event = br#"{"version":"1.0","context":{"eventType":"viewer-request"},
    ///     "viewer":{"ip":"198.51.100.11"},
    ///     "request":{"method":"GET","uri":"/","headers":{},"cookies":{},"querystring":{}}}"#;
    /// let test = client.run_function_test("redirect", &f.etag, event)?;
    /// println!("{}% of the budget; logs {:?}", test.compute_utilization_percent().unwrap_or(0), test.logs);
    /// if let Some(output) = &test.output {
    ///     println!("returned {output}");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn run_function_test(
        &self,
        name: &str,
        etag: &str,
        event: &[u8],
    ) -> Result<FunctionTest, Error> {
        check_name(name)?;
        if event.len() > MAX_EVENT_OBJECT_BYTES {
            return Err(InvalidInput::new(format!(
                "a test event object is at most {MAX_EVENT_OBJECT_BYTES} bytes, got {}",
                event.len()
            ))
            .into());
        }
        if etag.trim().is_empty() {
            return Err(InvalidInput::new("TestFunction needs the function's ETag").into());
        }
        let out = self.send_typed(TestFunctionRequest {
            name: name.to_string(),
            if_match: etag.to_string(),
            stage: Some(FunctionStage::Development),
            event_object: Blob(event.to_vec()),
        })?;
        let result = out.test_result.ok_or_else(|| {
            Error::Decode(DecodeError::new(
                "",
                "TestFunction response has no TestResult",
            ))
        })?;
        Ok(FunctionTest::from_result(etag, result))
    }

    /// Publishes the function's `DEVELOPMENT` stage at version `etag` to `LIVE`
    /// (PublishFunction with `If-Match: etag`); a newer version is `PreconditionFailed`.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let tested = client.function("redirect")?.etag; // the version your tests ran against
    /// let live = client.publish_function_version("redirect", &tested)?;
    /// assert_eq!(live.function_metadata.stage, Some(cloudfront::resources::function::FunctionStage::Live));
    /// # Ok(()) }
    /// ```
    pub fn publish_function_version(
        &self,
        name: &str,
        etag: &str,
    ) -> Result<FunctionSummary, Error> {
        check_name(name)?;
        if etag.trim().is_empty() {
            return Err(InvalidInput::new("PublishFunction needs the function's ETag").into());
        }
        let out = self.send_typed(PublishFunctionRequest {
            name: name.to_string(),
            if_match: etag.to_string(),
        })?;
        summary(out.function_summary, "PublishFunction")
    }

    /// Tests the function's current `DEVELOPMENT` version on every event object and, when
    /// all pass, publishes that very version (its ETag is PublishFunction's `If-Match`): the
    /// CI step between [`Client::put_function`] and production. Stops at the first failed
    /// test; a service error (including `PreconditionFailed` when the function changed while
    /// it was being tested) is returned as an error.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let events = [std::fs::read("tests/www.json")?, std::fs::read("tests/apex.json")?];
    /// let release = client.test_and_publish_function("redirect", events.iter().map(Vec::as_slice))?;
    /// if release.published.is_none() {
    ///     let failed = release.tests.last().and_then(|t| t.error.clone()).unwrap_or_default();
    ///     return Err(format!("not published: {failed}").into());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn test_and_publish_function<'e>(
        &self,
        name: &str,
        events: impl IntoIterator<Item = &'e [u8]>,
    ) -> Result<FunctionRelease, Error> {
        let etag = self.function(name)?.etag;
        let mut tests = Vec::new();
        for event in events {
            let test = self.run_function_test(name, &etag, event)?;
            let passed = test.passed();
            tests.push(test);
            if !passed {
                return Ok(FunctionRelease {
                    tests,
                    published: None,
                });
            }
        }
        let published = Some(self.publish_function_version(name, &etag)?);
        Ok(FunctionRelease { tests, published })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_outside_the_model_pattern_are_refused() {
        for bad in ["", "a b", "x/y", &"n".repeat(65), "caf\u{e9}"] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        for good in ["redirect", "a-b_C9", &"n".repeat(64)] {
            assert!(check_name(good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn empty_and_oversized_code_is_refused() {
        let rt = FunctionRuntime::CloudfrontJs2_0;
        assert!(FunctionSource::new("", rt.clone()).validate().is_err());
        let big = vec![b' '; MAX_FUNCTION_CODE_BYTES + 1];
        assert!(FunctionSource::new(big, rt.clone()).validate().is_err());
        assert!(FunctionSource::new("x", rt).validate().is_ok());
    }

    #[test]
    fn an_empty_error_message_is_a_pass_and_utilization_parses() {
        let result = TestResult {
            compute_utilization: Some(" 12 ".into()),
            function_error_message: Some("".into()),
            ..Default::default()
        };
        let test = FunctionTest::from_result("E1", result);
        assert!(test.passed());
        assert_eq!(test.compute_utilization_percent(), Some(12));
        assert!(test.logs.is_empty());
    }
}
