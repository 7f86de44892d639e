//! Alternate domain names (CNAMEs) across distributions: which distributions (of any account)
//! hold a name that conflicts with one you want, and moving a name to another distribution in
//! one step (AssociateAlias). Replacing a distribution's own set is
//! [`Client::set_distribution_aliases`] (read-modify-write, nothing sent when unchanged).
//!
//! ```no_run
//! # fn main() -> Result<(), cloudfront::Error> {
//! use cloudfront::Client;
//!
//! let client = Client::from_env()?;
//! // E2QWRUHAPOMQZL has a certificate covering www.example.com.
//! for conflict in client.conflicting_aliases("E2QWRUHAPOMQZL", "www.example.com") {
//!     let c = conflict?;
//!     println!("{:?} on {:?} of account {:?}", c.alias, c.distribution_id, c.account_id);
//! }
//! // With the DNS TXT record `_www.example.com` pointing at the target's domain name:
//! client.move_alias("www.example.com", "E2QWRUHAPOMQZL")?;
//! # Ok(()) }
//! ```

pub use crate::model::alias::{ConflictingAlias, ConflictingAliasesList};

use crate::client::Client;
use crate::error::{Error, InvalidInput};
use crate::ids::AsDistributionId;
use crate::model::alias::{AssociateAliasRequest, ListConflictingAliasesRequest};
use crate::paging::{Page, Pager};

/// A lazy listing of conflicting aliases.
pub type ConflictingAliases = Pager<ConflictingAlias>;

/// Refuses what cannot be a domain name (empty, over 253 bytes, spaces or control
/// characters, a `/`), before anything is sent.
fn check_alias(alias: &str) -> Result<(), InvalidInput> {
    let ok = !alias.is_empty()
        && alias.len() <= 253
        && alias.bytes().all(|b| b.is_ascii_graphic() && b != b'/');
    if ok {
        Ok(())
    } else {
        Err(InvalidInput::new(format!(
            "not a domain name: {}",
            crate::error::quote_bounded(alias)
        )))
    }
}

impl Client {
    /// A lazy listing of the aliases that conflict or overlap with `alias`
    /// (ListConflictingAliases, paged by `Marker` / `MaxItems`), with the (partly hidden)
    /// distribution and account that hold each. `distribution_id` is one of your
    /// distributions with a certificate that covers `alias`. An invalid alias is the first
    /// item's error; nothing is sent for it.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let taken: Vec<_> = client
    ///     .conflicting_aliases("E2QWRUHAPOMQZL", "www.example.com")
    ///     .collect::<Result<_, _>>()?;
    /// println!("{} conflicting aliases", taken.len());
    /// # Ok(()) }
    /// ```
    pub fn conflicting_aliases(
        &self,
        distribution_id: impl AsDistributionId,
        alias: &str,
    ) -> ConflictingAliases {
        let client = self.clone();
        let distribution_id = distribution_id.as_distribution_id().to_string();
        let alias = alias.to_string();
        Pager::new("ConflictingAliasesList", move |marker, max_items| {
            check_alias(&alias)?;
            let out = client.send_typed(ListConflictingAliasesRequest {
                distribution_id: distribution_id.clone(),
                alias: alias.clone(),
                marker: marker.map(str::to_string),
                max_items: max_items.map(|n| i32::try_from(n).unwrap_or(i32::MAX)),
            })?;
            let list = out.conflicting_aliases_list.unwrap_or_default();
            Ok(Page {
                is_truncated: list.next_marker.is_some(),
                next_marker: list.next_marker,
                items: list.items,
            })
        })
    }

    /// Moves `alias` to the distribution `target` in one step (AssociateAlias), from
    /// whichever distribution holds it now (in this account or another). CloudFront requires
    /// that `target` has a certificate covering `alias` and a DNS TXT record
    /// `_<alias>` pointing at `target`'s domain name.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a value that is not a domain name (nothing sent).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// # let client = cloudfront::Client::from_env()?;
    /// client.move_alias("www.example.com", "E2QWRUHAPOMQZL")?;
    /// # Ok(()) }
    /// ```
    pub fn move_alias(&self, alias: &str, target: impl AsDistributionId) -> Result<(), Error> {
        check_alias(alias)?;
        self.send_typed(AssociateAliasRequest {
            target_distribution_id: target.as_distribution_id().to_string(),
            alias: alias.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_cannot_be_a_domain_name_is_refused() {
        for bad in ["", "a b", "x/y", "caf\u{e9}.com", &"a".repeat(254)] {
            assert!(check_alias(bad).is_err(), "{bad:?}");
        }
        for good in ["www.example.com", "*.example.com"] {
            assert!(check_alias(good).is_ok(), "{good:?}");
        }
    }
}
