//! The one engine that sends any operation: a generated [`OperationSpec`] (what the wire
//! needs, from the model) plus an [`Input`] (the caller's values) becomes an [`Operation`],
//! goes through the client's pipeline (sign, send, retry, reconcile) and comes back decoded as
//! an [`Output`]. A [`ListPage`] response becomes a lazy [`Pager`] through the spec's
//! paginator rule. Per-resource code holds behaviour only (defaults, validation, what to do
//! after a lost response); the read-modify-write engine for versioned resources is in
//! [`crate::resources::versioned`].

use std::borrow::Cow;

use crate::client::{Client, Outcome};
use crate::error::{DecodeError, Error, InvalidInput};
use crate::operation::{Operation, path_segment, percent_encode};
use crate::paging::{Page, Pager};
use crate::resources::body_text;
use crate::resources::versioned::Versioned;
use crate::transport::HttpResponse;
use crate::xml::structure::{self, XmlValue};

/// A member of an operation's input or output that travels outside the body: its name in the
/// model and its name on the wire (`IfMatch` / `If-Match`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Member {
    /// The member's name in the model.
    pub name: &'static str,
    /// The query parameter or header name.
    pub wire: &'static str,
}

/// How a List operation pages, from `paginators-1.json` (or the generator's table for the
/// lists the model has no paginator for). Paths are `Wrapper.Member` in the output payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Paginator {
    /// The query member that carries the marker (`Marker`).
    pub input_token: &'static str,
    /// Where the next marker is in the output (`DistributionList.NextMarker`).
    pub output_token: &'static str,
    /// The query member that limits the page size (`MaxItems`).
    pub limit_key: Option<&'static str>,
    /// The output member that says more results follow; without it, a next marker does.
    pub more_results: Option<&'static str>,
    /// Where the items are in the output (`DistributionList.Items`).
    pub result_key: &'static str,
}

/// Everything the wire needs to know about one operation; generated into
/// `crate::model::operations` from the model, one constant per covered operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OperationSpec {
    /// The operation's name in the model (`GetCachePolicy`).
    pub name: &'static str,
    /// `GET`, `POST`, `PUT` or `DELETE`.
    pub method: &'static str,
    /// The path template, with `{Label}` placeholders (`/2020-05-31/cache-policy/{Id}`).
    pub uri: &'static str,
    /// The labels of the template, in order.
    pub labels: &'static [&'static str],
    /// Fixed query parameters of the URI (`?WithTags`, `?Operation=Tag`).
    pub flags: &'static [(&'static str, Option<&'static str>)],
    /// Query members.
    pub query: &'static [Member],
    /// Header members (`IfMatch` / `If-Match`).
    pub headers: &'static [Member],
    /// The root element of the request body, if the operation has one.
    pub payload: Option<&'static str>,
    /// The XML namespace of the request body.
    pub namespace: &'static str,
    /// Output members that arrive as headers (`ETag`, `Location`).
    pub output_headers: &'static [Member],
    /// The root element of the response body, if any.
    pub output: Option<&'static str>,
    /// How the operation pages, for List operations.
    pub paginator: Option<Paginator>,
    /// The payload member that makes a create safe to resend (`...CallerReference`), if any.
    pub idempotency_token: Option<&'static str>,
    /// The status code of success in the model (200, 201, 204).
    pub success: u16,
}

/// The caller's values for one call of an operation: labels in the template's order, query
/// and header members by model name, and the encoded body.
#[derive(Debug, Clone, Default)]
pub(crate) struct Input {
    labels: Vec<String>,
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<String>,
    idempotent: Option<bool>,
}

impl Input {
    /// An input with the template's labels (`[id]`, `[distribution_id, id]`).
    pub fn labels<S: AsRef<str>>(labels: impl IntoIterator<Item = S>) -> Self {
        Input {
            labels: labels.into_iter().map(|s| s.as_ref().to_string()).collect(),
            ..Input::default()
        }
    }

    /// Sets a query member (by its model name) when `value` is given.
    pub fn query(mut self, member: &'static str, value: Option<impl Into<String>>) -> Self {
        if let Some(v) = value {
            self.query.push((member, v.into()));
        }
        self
    }

    /// Sets a header member by its model name (`IfMatch`).
    pub fn header(mut self, member: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((member, value.into()));
        self
    }

    /// Sets the body: `value` encoded as the spec's payload document.
    pub fn payload<T: XmlValue>(
        mut self,
        spec: &OperationSpec,
        value: &T,
    ) -> Result<Self, InvalidInput> {
        let root = spec
            .payload
            .ok_or_else(|| InvalidInput::new(format!("{} takes no request body", spec.name)))?;
        self.body = Some(structure::to_xml(value, root)?);
        Ok(self)
    }

    /// Declares whether the call is safe to resend (default: GET and DELETE are; a create
    /// whose idempotency token is fixed, or a write with `If-Match`, may say so).
    pub fn idempotent(mut self, yes: bool) -> Self {
        self.idempotent = Some(yes);
        self
    }
}

impl OperationSpec {
    /// The operation value of one call: the path from the template (each label a checked,
    /// percent-encoded segment), fixed and member query parameters, header members, body.
    pub fn operation(&self, input: &Input) -> Result<Operation, Error> {
        if input.labels.len() != self.labels.len() {
            return Err(InvalidInput::new(format!(
                "{} takes {} path labels, got {}",
                self.name,
                self.labels.len(),
                input.labels.len()
            ))
            .into());
        }
        let mut path = self.uri.to_string();
        for (label, value) in self.labels.iter().zip(&input.labels) {
            let what = format!("{} {label}", self.name);
            let (pattern, segment) = if path.contains(&format!("{{{label}+}}")) {
                // A greedy label keeps its slashes (but is still checked).
                path_segment(&what, value)?;
                (format!("{{{label}+}}"), percent_encode(value, true))
            } else {
                (format!("{{{label}}}"), path_segment(&what, value)?)
            };
            path = path.replacen(&pattern, &segment, 1);
        }
        let mut op = Operation::new(self.name, self.method, path);
        for (k, v) in self.flags {
            op.query.push((Cow::Borrowed(k), v.map(str::to_string)));
        }
        for (member, value) in &input.query {
            op = op.query(wire(self.name, self.query, member)?, value.clone());
        }
        for (member, value) in &input.headers {
            op = op.header(wire(self.name, self.headers, member)?, value.clone());
        }
        if let Some(body) = &input.body {
            op = op.body(body.clone());
        } else if self.payload.is_some() {
            return Err(InvalidInput::new(format!("{} needs a request body", self.name)).into());
        }
        if let Some(yes) = input.idempotent {
            op = op.idempotent(yes);
        }
        Ok(op)
    }
}

/// The wire name of `member` among `members`; an unknown member is a bug in the caller, but
/// reported as an error rather than a panic.
fn wire(op: &str, members: &[Member], member: &str) -> Result<&'static str, Error> {
    members
        .iter()
        .find(|m| m.name == member)
        .map(|m| m.wire)
        .ok_or_else(|| InvalidInput::new(format!("{op} has no member {member}")).into())
}

/// A decoded response: the body's value and the output header members the spec lists.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Output<T> {
    /// The decoded body.
    pub value: T,
    /// The `ETag` header, when the operation has one and it was sent.
    pub etag: Option<String>,
    /// The `Location` header, when the operation has one and it was sent.
    #[allow(dead_code)]
    pub location: Option<String>,
}

impl<T> Output<T> {
    /// The value with its ETag, which the operation must have sent, not empty and well formed
    /// (it goes back in `If-Match`).
    pub fn versioned(self, operation: &str) -> Result<Versioned<T>, Error> {
        let etag = crate::resources::check_etag(self.etag, operation)?;
        Ok(Versioned {
            value: self.value,
            etag,
        })
    }
}

impl OperationSpec {
    /// Decodes a successful response: the body as the spec's output document (`T`) and the
    /// output header members.
    pub fn decode<T: XmlValue>(&self, resp: &HttpResponse) -> Result<Output<T>, Error> {
        let root = self.output.ok_or_else(|| {
            Error::Decode(DecodeError::new(
                "",
                format!("{} has no response body to decode", self.name),
            ))
        })?;
        let value = structure::from_xml(body_text(resp)?, root)?;
        let header = |name: &str| {
            self.output_headers
                .iter()
                .any(|m| m.wire == name)
                .then(|| resp.header(name).map(|v| v.trim().to_string()))
                .flatten()
        };
        Ok(Output {
            value,
            etag: header("ETag"),
            location: header("Location"),
        })
    }

    /// Decodes a response as the value with its ETag ([`Output::versioned`]).
    pub fn decode_versioned<T: XmlValue>(
        &self,
        resp: &HttpResponse,
    ) -> Result<Versioned<T>, Error> {
        self.decode(resp)?.versioned(self.name)
    }
}

/// A List operation's output page: its items and where the next page starts. Implemented by
/// the generator from the spec's paginator rule.
pub(crate) trait ListPage: XmlValue {
    /// One entry of the listing.
    type Item;
    /// The page's items, next marker and whether more follow.
    fn into_page(self) -> Page<Self::Item>;
}

/// A resource with an ETag that is read, updated with `If-Match` and deleted with `If-Match`
/// (distributions, origin access controls and identities, cache policies, ...). Implemented
/// by the generator from the table's `versioned` entries; the engine is in
/// [`crate::resources::versioned`].
pub(crate) trait VersionedResource: XmlValue + Clone {
    /// The configuration that GetXConfig returns and UpdateX sends.
    type Config: XmlValue + Clone + PartialEq;
    /// GetX.
    const GET: &'static OperationSpec;
    /// GetXConfig.
    const GET_CONFIG: &'static OperationSpec;
    /// UpdateX.
    const UPDATE: &'static OperationSpec;
    /// DeleteX.
    const DELETE: &'static OperationSpec;
    /// The configuration inside the resource, if the response carried it.
    fn config(&self) -> Option<&Self::Config>;
    /// Replaces the configuration inside the resource.
    fn set_config(&mut self, config: Self::Config);
    /// Refuses a configuration the service would refuse, before anything is sent.
    fn validate(_config: &Self::Config) -> Result<(), InvalidInput> {
        Ok(())
    }
}

impl Client {
    /// Sends one call of `spec` and returns the successful response.
    pub(crate) fn send_spec(
        &self,
        spec: &OperationSpec,
        input: &Input,
    ) -> Result<HttpResponse, Error> {
        self.execute(&spec.operation(input)?)
    }

    /// Sends one call of `spec` with a reconcile step (see [`Client::execute_with`]).
    pub(crate) fn send_spec_with(
        &self,
        spec: &OperationSpec,
        input: &Input,
        reconcile: Option<&mut dyn FnMut() -> Result<Option<HttpResponse>, Error>>,
    ) -> Result<Outcome, Error> {
        Ok(self.execute_with(&spec.operation(input)?, reconcile))
    }

    /// Sends one call of `spec` and decodes its output document.
    pub(crate) fn call<T: XmlValue>(
        &self,
        spec: &OperationSpec,
        input: &Input,
    ) -> Result<Output<T>, Error> {
        let resp = self.send_spec(spec, input)?;
        let out = spec.decode(&resp);
        self.recycle(resp.body);
        out
    }

    /// A lazy listing of a List operation: `input` holds the labels and filters; the pager
    /// adds the spec's marker and limit members to each request and decodes each page
    /// through [`ListPage`].
    pub(crate) fn list<L>(&self, spec: &'static OperationSpec, input: Input) -> Pager<L::Item>
    where
        L: ListPage + 'static,
        L::Item: 'static,
    {
        self.list_with::<L, L::Item>(spec, input, |item| item)
    }

    /// [`Client::list`] with each item turned into a `T` by `map` (a public type that
    /// carries more than the wire item, such as the listing's distribution id).
    pub(crate) fn list_with<L, T>(
        &self,
        spec: &'static OperationSpec,
        input: Input,
        map: impl Fn(L::Item) -> T + Send + 'static,
    ) -> Pager<T>
    where
        L: ListPage + 'static,
    {
        let client = self.clone();
        let what = spec.output.unwrap_or(spec.name);
        Pager::new(what, move |marker, max_items| {
            let paginator = spec.paginator.ok_or_else(|| {
                Error::from(InvalidInput::new(format!("{} does not page", spec.name)))
            })?;
            let mut input = input.clone().query(paginator.input_token, marker);
            if let Some(limit) = paginator.limit_key {
                input = input.query(limit, max_items.map(|n| n.to_string()));
            }
            let page = client.call::<L>(spec, &input)?.value.into_page();
            Ok(Page {
                items: page.items.into_iter().map(&map).collect(),
                next_marker: page.next_marker,
                is_truncated: page.is_truncated,
            })
        })
    }
}

/// A typed input of one operation (generated for every operation of the model): its spec,
/// its output type and how its fields become an [`Input`].
pub(crate) trait TypedRequest: Sized {
    /// The typed output.
    type Output: TypedOutput;
    /// The operation.
    const SPEC: &'static OperationSpec;
    /// Labels, query and header members, and the encoded body (an empty `CallerReference` is
    /// filled with a uuid v4 first).
    fn into_input(self) -> Result<Input, InvalidInput>;
}

/// A typed output of one operation (generated): the body's value and the header members.
pub(crate) trait TypedOutput: Sized {
    /// Decodes a successful response.
    fn from_response(resp: &HttpResponse) -> Result<Self, Error>;
}

impl TypedOutput for () {
    fn from_response(_resp: &HttpResponse) -> Result<Self, Error> {
        Ok(())
    }
}

/// The input of a paginated operation: where its marker and page size are (query or body
/// members, by the paginator rule of the model).
pub(crate) trait PagedRequest: TypedRequest + Clone + Send + 'static {
    /// The request's own marker and page size (where a listing starts).
    fn page(&self) -> (Option<String>, Option<u32>);
    /// Sets the marker and page size of one page's request.
    fn set_page(&mut self, marker: Option<String>, max_items: Option<u32>);
}

/// The output of a paginated operation: one page, by the paginator rule of the model.
pub(crate) trait PagedOutput: TypedOutput {
    /// One entry of the listing.
    type Item;
    /// The page's entries, its next marker and whether more follow.
    fn into_page(self) -> Page<Self::Item>;
}

/// An output header member, trimmed (`None` when absent).
pub(crate) fn header(resp: &HttpResponse, name: &str) -> Option<String> {
    resp.header(name).map(|v| v.trim().to_string())
}

/// The payload document with root `root`, or `None` for an empty body.
pub(crate) fn payload<T: XmlValue>(resp: &HttpResponse, root: &str) -> Result<Option<T>, Error> {
    let text = body_text(resp)?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(structure::from_xml(text, root)?))
}

/// A response body without a payload member: its root element (whatever its name, as
/// AWS's REST-XML readers do) decoded as `T`; `None` for an empty body.
pub(crate) fn body<T: XmlValue>(resp: &HttpResponse) -> Result<Option<T>, Error> {
    let text = body_text(resp)?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    let doc = crate::xml::read::parse_document(text)?;
    Ok(Some(T::decode_xml(doc.root_element())?))
}

/// A raw blob payload (GetFunction's code): the body's bytes, `None` when empty.
pub(crate) fn raw_payload(resp: &HttpResponse) -> Option<crate::xml::Blob> {
    (!resp.body.is_empty()).then(|| crate::xml::Blob(resp.body.clone()))
}

impl Client {
    /// Sends a typed request and decodes its typed output.
    pub(crate) fn send_typed<R: TypedRequest>(&self, request: R) -> Result<R::Output, Error> {
        let input = request.into_input()?;
        R::Output::from_response(&self.send_spec(R::SPEC, &input)?)
    }

    /// A lazy listing of a paginated operation: the request's own marker is where it starts
    /// and its limit the page size (unless the pager sets one); each page's request is a copy
    /// with the marker and page size of that page.
    pub(crate) fn list_typed<R>(&self, request: R) -> Pager<<R::Output as PagedOutput>::Item>
    where
        R: PagedRequest,
        R::Output: PagedOutput + 'static,
        <R::Output as PagedOutput>::Item: 'static,
    {
        let client = self.clone();
        let what = R::SPEC.output.unwrap_or(R::SPEC.name);
        let (start, size) = request.page();
        let mut pager = Pager::new(what, move |marker, max_items| {
            let mut page = request.clone();
            page.set_page(marker.map(str::to_string), max_items);
            Ok(client.send_typed(page)?.into_page())
        });
        if let Some(n) = size {
            pager = pager.page_size(n);
        }
        match start {
            Some(marker) => pager.marker(marker),
            None => pager,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::operations;

    #[test]
    fn every_spec_is_consistent() {
        for spec in operations::ALL {
            assert_eq!(spec.namespace, crate::xml::NAMESPACE, "{}", spec.name);
            assert!(
                spec.uri.starts_with(crate::operation::API_PREFIX),
                "{}",
                spec.name
            );
            for label in spec.labels {
                assert!(
                    spec.uri.contains(&format!("{{{label}")),
                    "{} {label}",
                    spec.name
                );
            }
            if let Some(p) = spec.paginator {
                // The marker is a query member (GET lists) or a body member (POST lists).
                assert!(
                    spec.query.iter().any(|m| m.name == p.input_token) || spec.payload.is_some(),
                    "{}",
                    spec.name
                );
                assert!(spec.output.is_some(), "{}: a list has an output", spec.name);
                // `Payload.Member` under the same payload member, or members of the body.
                let parent = |path: &str| path.rsplit_once('.').map(|(p, _)| p.to_string());
                assert_eq!(
                    parent(p.output_token),
                    parent(p.result_key),
                    "{}",
                    spec.name
                );
            }
        }
    }

    #[test]
    fn labels_flags_query_and_headers_go_on_the_wire() {
        let op = operations::UPDATE_DISTRIBUTION
            .operation(&Input::labels(["E1/x"]).header("IfMatch", "ETAG1"))
            .unwrap_err();
        // UpdateDistribution needs its body.
        assert!(op.to_string().contains("needs a request body"), "{op}");
        let op = operations::DELETE_DISTRIBUTION
            .operation(&Input::labels(["E1/x"]).header("IfMatch", "ETAG1"))
            .unwrap();
        assert_eq!(op.method, "DELETE");
        assert_eq!(op.path_and_query(), "/2020-05-31/distribution/E1%2Fx");
        assert_eq!(op.headers, [("If-Match".into(), "ETAG1".to_string())]);
        assert!(op.idempotent);
        let op = operations::LIST_CACHE_POLICIES
            .operation(
                &Input::default()
                    .query("Type", Some("custom"))
                    .query("Marker", None::<String>),
            )
            .unwrap();
        assert_eq!(op.path_and_query(), "/2020-05-31/cache-policy?Type=custom");
        let op = operations::TAG_RESOURCE
            .operation(
                &Input::default()
                    .query("Resource", Some("arn:x"))
                    .payload(&operations::TAG_RESOURCE, &crate::Tags::default())
                    .unwrap(),
            )
            .unwrap();
        assert_eq!(
            op.path_and_query(),
            "/2020-05-31/tagging?Operation=Tag&Resource=arn%3Ax"
        );
        assert!(!op.idempotent);
        assert!(
            String::from_utf8(op.body.unwrap())
                .unwrap()
                .ends_with("<Tags xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"/>")
        );
    }

    #[test]
    fn bad_inputs_are_errors_not_panics() {
        let spec = &operations::GET_CACHE_POLICY;
        assert!(spec.operation(&Input::default()).is_err());
        assert!(spec.operation(&Input::labels([".."])).is_err());
        assert!(spec.operation(&Input::labels([""])).is_err());
        assert!(
            spec.operation(&Input::labels(["a"]).query("Nope", Some("1")))
                .is_err()
        );
        assert!(
            spec.operation(&Input::labels(["a"]).header("IfMatch", "1"))
                .is_err()
        );
    }

    #[test]
    fn outputs_carry_the_header_members_of_the_spec() {
        let resp = HttpResponse::new(
            201,
            vec![
                ("ETag".into(), " E1 ".into()),
                ("Location".into(), "https://x/1".into()),
            ],
            b"<TagKeys xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"/>".to_vec(),
        );
        // ListTagsForResource lists no header member: none is read.
        let spec = OperationSpec {
            output: Some("TagKeys"),
            ..operations::LIST_TAGS_FOR_RESOURCE
        };
        let out: Output<crate::resources::tagging::TagKeys> = spec.decode(&resp).unwrap();
        assert_eq!(out.etag, None);
        assert!(out.versioned("X").is_err());
        let spec = OperationSpec {
            output: Some("TagKeys"),
            ..operations::CREATE_CACHE_POLICY
        };
        let out: Output<crate::resources::tagging::TagKeys> = spec.decode(&resp).unwrap();
        assert_eq!(out.etag.as_deref(), Some("E1"));
        assert_eq!(out.location.as_deref(), Some("https://x/1"));
    }
}
