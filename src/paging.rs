//! One lazy pager for every List operation.
//!
//! A [`Pager`] is a plain [`Iterator`] of `Result<Item, Error>`. It sends no request until
//! the first call to `next()`, holds one page in memory at a time, and fetches the next page
//! only when the consumer has taken every item of the current one. It follows the semantics of
//! the classic boto result sets:
//!
//! - without [`Pager::max_items`], iterating walks the whole set, page after page;
//! - with `max_items(n)`, it makes exactly one request for at most `n` items;
//! - [`Pager::marker`] starts from a marker returned by an earlier listing;
//! - after iteration, [`Pager::next_marker`] gives the marker for the next call (or `None`
//!   when the listing is complete), so paging can continue in another process.
//!
//! Markers are opaque strings. A service that returns a page marked truncated without a
//! marker, or the same marker twice, ends the iteration with an error instead of silently
//! returning a partial set or looping forever. The loop check keeps one marker, not every
//! marker seen (Brent's cycle detection), so memory does not grow with the number of pages:
//! a marker repeated at once is caught on the next request, a longer cycle of markers within
//! about twice its length.
//!
//! Every call to `next()` makes a bounded number of requests, whatever the service sends:
//! a page that is empty but says more items follow is allowed (a service may legitimately
//! return one), but after [`MAX_EMPTY_PAGES`] of them in a row the iteration ends with an
//! error rather than fetching forever. A whole walk can also be bounded with
//! [`Pager::max_pages`] (the crate's own whole-listing helpers, such as
//! [`crate::Client::find_distribution_by_alias`], set one); past it the iteration ends with
//! an error, never silently.

use std::fmt;

use crate::error::{DecodeError, Error, quote_bounded};

/// Most pages the crate's own whole-listing helpers (such as
/// [`crate::Client::find_distribution_by_alias`]) fetch before giving up with an error:
/// 1,000 pages of 100 is 100,000 resources, far above CloudFront's per-account quotas.
pub const MAX_WALK_PAGES: u32 = 1_000;

/// How many empty pages marked truncated may come in a row before a listing gives up with
/// an error: one `next()` never makes more than this many requests plus one.
pub const MAX_EMPTY_PAGES: u32 = 16;

/// One page of results, as decoded from a List response.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items of this page, in service order.
    pub items: Vec<T>,
    /// `NextMarker`: where the next page starts, absent on the last page.
    pub next_marker: Option<String>,
    /// `IsTruncated`: whether more items follow.
    pub is_truncated: bool,
}

type FetchFn<T> = dyn FnMut(Option<&str>, Option<u32>) -> Result<Page<T>, Error> + Send;

/// A lazy iterator over a paged listing. See the [module docs](self).
///
/// It sends nothing until iterated, so a pager left unused is a bug the compiler warns about:
///
/// ```compile_fail
/// #![deny(unused_must_use)]
/// # fn main() -> Result<(), cloudfront::Error> {
/// # let client = cloudfront::Client::from_env()?;
/// client.invalidations("E2QWRUHAPOMQZL").max_items(2); // sends nothing
/// # Ok(()) }
/// ```
#[must_use = "a Pager sends no request until it is iterated"]
pub struct Pager<T> {
    fetch: Box<FetchFn<T>>,
    what: &'static str,
    buffer: std::vec::IntoIter<T>,
    marker: Option<String>,
    max_items: Option<u32>,
    page_size: Option<u32>,
    state: State,
    next_marker: Option<String>,
    is_truncated: bool,
    pages_fetched: u32,
    /// Empty truncated pages received in a row.
    empty_in_a_row: u32,
    /// Most requests the whole walk may make (`None`: no limit).
    max_pages: Option<u32>,
    /// Loop detection (Brent): the marker saved at the last power-of-two step, the steps
    /// taken since, and the current power.
    saved_marker: Option<String>,
    steps_since_saved: u32,
    power: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// No request sent yet.
    Fresh,
    /// The buffer holds a page; more may follow.
    Paging,
    /// Nothing more will be fetched.
    Done,
}

impl<T> fmt::Debug for Pager<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pager")
            .field("listing", &self.what)
            .field("marker", &self.marker)
            .field("max_items", &self.max_items)
            .field("page_size", &self.page_size)
            .field("next_marker", &self.next_marker)
            .field("pages_fetched", &self.pages_fetched)
            .finish_non_exhaustive()
    }
}

impl<T> Pager<T> {
    /// A pager that calls `fetch(marker, max_items)` for each page: the public way to page
    /// through a listing this crate has no typed call for, e.g. over
    /// [`Client::send_raw`](crate::Client::send_raw). `what` names the listing in error
    /// messages. `fetch` gets the marker to start from (`None` for the first page) and the
    /// number of items to ask for (`None`: the service's default).
    ///
    /// ```no_run
    /// use cloudfront::{Client, Page, Pager, RawRequest};
    ///
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// let client = Client::from_env()?;
    /// let c = client.clone();
    /// // Cache policies, a listing this crate has no typed call for. The ids are cut out of
    /// // the body by plain string search to keep the example short; parse the XML in real code.
    /// let policies: Pager<String> = Pager::new("CachePolicyList", move |marker, max_items| {
    ///     let mut request = RawRequest::get("/2020-05-31/cache-policy");
    ///     if let Some(m) = marker {
    ///         request = request.query("Marker", m);
    ///     }
    ///     if let Some(n) = max_items {
    ///         request = request.query("MaxItems", n.to_string());
    ///     }
    ///     let response = c.send_raw(request)?;
    ///     let body = String::from_utf8_lossy(&response.body).into_owned();
    ///     let items = body.split("<Id>").skip(1).filter_map(|s| s.split("</Id>").next()).map(str::to_string).collect();
    ///     let next_marker = body.split("<NextMarker>").nth(1).and_then(|s| s.split("</NextMarker>").next()).map(str::to_string);
    ///     Ok(Page { is_truncated: next_marker.is_some(), items, next_marker })
    /// });
    /// for id in policies {
    ///     println!("{}", id?);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn new(
        what: &'static str,
        fetch: impl FnMut(Option<&str>, Option<u32>) -> Result<Page<T>, Error> + Send + 'static,
    ) -> Self {
        Pager {
            fetch: Box::new(fetch),
            what,
            buffer: Vec::new().into_iter(),
            marker: None,
            max_items: None,
            page_size: None,
            state: State::Fresh,
            next_marker: None,
            is_truncated: false,
            pages_fetched: 0,
            empty_in_a_row: 0,
            max_pages: None,
            saved_marker: None,
            steps_since_saved: 0,
            power: 1,
        }
    }

    /// Makes exactly one request, for at most `n` items (the seed library's `max_items`).
    /// Read [`Pager::next_marker`] afterwards to continue.
    pub fn max_items(mut self, n: u32) -> Self {
        self.max_items = Some(n);
        self
    }

    /// When walking the whole listing, ask for pages of `n` items (CloudFront's default and
    /// maximum is 100 for most lists). Ignored with [`Pager::max_items`].
    pub fn page_size(mut self, n: u32) -> Self {
        self.page_size = Some(n);
        self
    }

    /// Makes at most `n` requests (at least 1) for the whole walk. If the service still says
    /// more items follow after the `n`th page, the iteration ends with an error, so a caller
    /// that must finish in bounded time never mistakes a cut listing for a complete one.
    pub fn max_pages(mut self, n: u32) -> Self {
        self.max_pages = Some(n.max(1));
        self
    }

    /// Starts the listing at `marker` (a `NextMarker` from an earlier listing).
    pub fn marker(mut self, marker: impl Into<String>) -> Self {
        self.marker = Some(marker.into());
        self
    }

    /// The marker to pass to [`Pager::marker`] to continue where this listing stopped:
    /// `None` before the first request and once the service said the listing is complete.
    pub fn next_marker(&self) -> Option<&str> {
        self.next_marker.as_deref()
    }

    /// Whether the last page fetched said more items follow.
    pub fn is_truncated(&self) -> bool {
        self.is_truncated
    }

    /// How many requests this pager has made.
    pub fn pages_fetched(&self) -> u32 {
        self.pages_fetched
    }

    /// Page-at-a-time instead of item-at-a-time: an iterator of whole [`Page`]s, fetched as
    /// lazily and with the same `max_items` / `marker` / loop checks. Items already buffered
    /// by item-wise iteration come first, as one page.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// # let client = cloudfront::Client::from_env()?;
    /// for page in client.invalidations("E2QWRUHAPOMQZL").page_size(100).pages() {
    ///     let page = page?;
    ///     println!("{} invalidations; more follow: {}", page.items.len(), page.is_truncated);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn pages(self) -> Pages<T> {
        Pages { pager: self }
    }

    /// Fetches the next page into the buffer. Returns `false` when there is nothing more.
    fn fetch_page(&mut self) -> Result<bool, Error> {
        let marker = match self.state {
            State::Fresh => self.marker.clone(),
            State::Paging => {
                if self.max_items.is_some() || !self.is_truncated {
                    self.state = State::Done;
                    return Ok(false);
                }
                if self.max_pages.is_some_and(|max| self.pages_fetched >= max) {
                    self.state = State::Done;
                    return Err(self.error(format!(
                        "more than {} pages; stopping (Pager::max_pages)",
                        self.pages_fetched
                    )));
                }
                self.next_marker.clone()
            }
            State::Done => return Ok(false),
        };
        if let Some(m) = &marker {
            if self.saved_marker.as_deref() == Some(m.as_str()) {
                self.state = State::Done;
                return Err(self.error(format!(
                    "the service returned the marker {} twice; stopping to avoid a loop",
                    quote_bounded(m)
                )));
            }
            self.steps_since_saved += 1;
            if self.steps_since_saved == self.power {
                self.saved_marker = Some(m.clone());
                self.power = self.power.saturating_mul(2);
                self.steps_since_saved = 0;
            }
        }
        // Free the spent page's buffer before fetching the next one, so that at most one
        // page is in memory (its items were all taken, but the allocation would otherwise
        // stay alive while the next page's body is read and decoded).
        self.buffer = Vec::new().into_iter();
        let limit = self.max_items.or(self.page_size);
        let page = match (self.fetch)(marker.as_deref(), limit) {
            Ok(page) => page,
            Err(e) => {
                self.state = State::Done;
                return Err(e);
            }
        };
        self.pages_fetched += 1;
        self.is_truncated = page.is_truncated;
        self.next_marker = page.next_marker.filter(|m| !m.is_empty());
        if self.is_truncated && self.next_marker.is_none() {
            self.state = State::Done;
            return Err(
                self.error("the page says more items follow (IsTruncated) but has no NextMarker")
            );
        }
        if self.is_truncated && page.items.is_empty() {
            self.empty_in_a_row += 1;
            if self.empty_in_a_row >= MAX_EMPTY_PAGES {
                self.state = State::Done;
                return Err(self.error(format!(
                    "{MAX_EMPTY_PAGES} empty pages in a row, each saying more items follow; \
                     stopping to avoid an endless listing"
                )));
            }
        } else {
            self.empty_in_a_row = 0;
        }
        if !self.is_truncated {
            self.next_marker = None;
        }
        self.state = State::Paging;
        self.buffer = page.items.into_iter();
        Ok(true)
    }

    /// An error about this listing.
    fn error(&self, message: impl Into<String>) -> Error {
        Error::Decode(DecodeError::new(self.what, message))
    }
}

impl<T> Iterator for Pager<T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.buffer.next() {
                return Some(Ok(item));
            }
            match self.fetch_page() {
                Ok(true) => continue,
                Ok(false) => return None,
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

impl<T> std::iter::FusedIterator for Pager<T> {}

/// The pages of a [`Pager`], one request each; see [`Pager::pages`].
#[must_use = "Pages sends no request until it is iterated"]
pub struct Pages<T> {
    pager: Pager<T>,
}

impl<T> Pages<T> {
    /// As [`Pager::next_marker`]: where the next listing would continue.
    pub fn next_marker(&self) -> Option<&str> {
        self.pager.next_marker()
    }
}

impl<T> fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").field("pager", &self.pager).finish()
    }
}

impl<T> Iterator for Pages<T> {
    type Item = Result<Page<T>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let p = &mut self.pager;
        if p.buffer.as_slice().is_empty() {
            match p.fetch_page() {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => return Some(Err(e)),
            }
        }
        Some(Ok(Page {
            items: std::mem::take(&mut p.buffer).collect(),
            next_marker: p.next_marker.clone(),
            is_truncated: p.is_truncated,
        }))
    }
}

impl<T> std::iter::FusedIterator for Pages<T> {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    type CallLog = Arc<Mutex<Vec<(Option<String>, Option<u32>)>>>;

    /// A fake listing of `total` numbers served in pages of `page` (or the requested size).
    fn listing(total: u32, page: u32) -> (Pager<u32>, CallLog) {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let log = calls.clone();
        let pager = Pager::new("Numbers", move |marker, max| {
            log.lock().unwrap().push((marker.map(str::to_string), max));
            let start: u32 = marker.map(|m| m.parse().unwrap()).unwrap_or(0);
            let size = max.unwrap_or(page);
            let end = (start + size).min(total);
            Ok(Page {
                items: (start..end).collect(),
                next_marker: (end < total).then(|| end.to_string()),
                is_truncated: end < total,
            })
        });
        (pager, calls)
    }

    #[test]
    fn nothing_is_fetched_until_iterated() {
        let (pager, calls) = listing(25, 10);
        assert!(calls.lock().unwrap().is_empty());
        drop(pager);
        assert!(calls.lock().unwrap().is_empty());
    }

    #[test]
    fn walks_every_page_lazily() {
        let (mut pager, calls) = listing(100, 10);
        for k in 1..=100u32 {
            assert_eq!(pager.next().unwrap().unwrap(), k - 1);
            assert_eq!(
                calls.lock().unwrap().len() as u32,
                k.div_ceil(10),
                "after {k} items"
            );
        }
        assert!(pager.next().is_none());
        assert_eq!(calls.lock().unwrap().len(), 10);
        assert_eq!(pager.next_marker(), None);
    }

    #[test]
    fn max_items_makes_one_request_and_exposes_next_marker() {
        let (pager, calls) = listing(25, 10);
        let mut pager = pager.max_items(2);
        let got: Vec<u32> = pager.by_ref().map(Result::unwrap).collect();
        assert_eq!(got, vec![0, 1]);
        assert_eq!(calls.lock().unwrap().as_slice(), &[(None, Some(2))]);
        assert_eq!(pager.next_marker(), Some("2"));
        let (again, calls2) = listing(25, 10);
        let rest: Vec<u32> = again
            .marker(pager.next_marker().unwrap())
            .max_items(2)
            .map(Result::unwrap)
            .collect();
        assert_eq!(rest, vec![2, 3]);
        assert_eq!(calls2.lock().unwrap()[0].0.as_deref(), Some("2"));
    }

    #[test]
    fn pages_yields_whole_pages_lazily() {
        let (pager, calls) = listing(25, 10);
        let mut pages = pager.pages();
        assert!(calls.lock().unwrap().is_empty());
        let first = pages.next().unwrap().unwrap();
        assert_eq!(first.items, (0..10).collect::<Vec<_>>());
        assert_eq!(first.next_marker.as_deref(), Some("10"));
        assert_eq!(calls.lock().unwrap().len(), 1);
        let sizes: Vec<usize> = pages.by_ref().map(|p| p.unwrap().items.len()).collect();
        assert_eq!(sizes, vec![10, 5]);
        assert!(pages.next().is_none());
        assert_eq!(pages.next_marker(), None);
        assert_eq!(calls.lock().unwrap().len(), 3);
    }

    #[test]
    fn pages_after_items_starts_with_the_rest_of_the_buffer() {
        let (mut pager, _) = listing(15, 10);
        assert_eq!(pager.next().unwrap().unwrap(), 0);
        let sizes: Vec<usize> = pager.pages().map(|p| p.unwrap().items.len()).collect();
        assert_eq!(sizes, vec![9, 5]);
    }

    #[test]
    fn pages_with_max_items_is_one_page() {
        let (pager, calls) = listing(25, 10);
        let pages: Vec<_> = pager.max_items(2).pages().map(Result::unwrap).collect();
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].next_marker.as_deref(), Some("2"));
        assert_eq!(calls.lock().unwrap().len(), 1);
    }

    #[test]
    fn repeated_marker_is_an_error_not_a_loop() {
        let mut pager: Pager<u32> = Pager::new("Loop", |_, _| {
            Ok(Page {
                items: vec![1],
                next_marker: Some("same".into()),
                is_truncated: true,
            })
        });
        assert!(pager.next().unwrap().is_ok());
        assert!(pager.next().unwrap().is_ok());
        let err = pager.next().unwrap().unwrap_err();
        assert!(err.to_string().contains("twice"), "{err}");
        assert!(pager.next().is_none());
    }

    #[test]
    fn a_longer_cycle_of_markers_is_caught_too() {
        // Pages 0..3 cycle: a -> b -> c -> a -> ... Every cycle length is caught within a
        // bounded number of pages although the pager keeps one marker, not all of them.
        for len in 2..=9u32 {
            let mut pager: Pager<u32> = Pager::new("Cycle", move |marker, _| {
                let n = marker.map_or(0, |m| m.parse::<u32>().unwrap());
                Ok(Page {
                    items: vec![n],
                    next_marker: Some(((n + 1) % len).to_string()),
                    is_truncated: true,
                })
            });
            let mut items = 0;
            let err = loop {
                match pager.next() {
                    Some(Ok(_)) => items += 1,
                    Some(Err(e)) => break e,
                    None => panic!("a cycling listing must end with an error"),
                }
            };
            assert!(err.to_string().contains("twice"), "{err}");
            assert!(items <= 3 * len + 1, "cycle of {len}: {items} pages");
            assert!(pager.next().is_none());
        }
    }

    #[test]
    fn long_listings_keep_one_marker() {
        let (mut pager, _) = listing(1000, 10);
        assert_eq!(pager.by_ref().map(Result::unwrap).count(), 1000);
        assert_eq!(pager.pages_fetched(), 100);
        assert!(pager.saved_marker.is_some());
    }

    #[test]
    fn truncated_without_marker_is_an_error() {
        let mut pager: Pager<u32> = Pager::new("Broken", |_, _| {
            Ok(Page {
                items: vec![],
                next_marker: None,
                is_truncated: true,
            })
        });
        assert!(pager.next().unwrap().is_err());
        assert!(pager.next().is_none());
    }

    #[test]
    fn an_error_ends_iteration() {
        let mut n = 0;
        let mut pager: Pager<u32> = Pager::new("Flaky", move |_, _| {
            n += 1;
            if n == 1 {
                Ok(Page {
                    items: vec![7],
                    next_marker: Some("m".into()),
                    is_truncated: true,
                })
            } else {
                Err(Error::invalid_input("boom"))
            }
        });
        assert_eq!(pager.next().unwrap().unwrap(), 7);
        assert!(pager.next().unwrap().is_err());
        assert!(pager.next().is_none());
    }
}
