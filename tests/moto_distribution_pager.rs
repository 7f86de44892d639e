//! ListDistributions through the generated pager (`Client::list_distributions_pager`) against
//! moto 5.2.5 (a CloudFront emulator written independently of this crate), over real HTTP on
//! 127.0.0.1.
#![cfg(feature = "ureq")]

mod common;

use std::collections::BTreeSet;

use cloudfront::model::distribution::ListDistributionsRequest;
use cloudfront::{DistributionConfig, Origin};
use common::moto::moto;

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn list_distributions_pager_reads_back_every_created_distribution() {
    let moto = moto();
    let client = moto.client();

    let empty: Vec<_> = client
        .list_distributions_pager(ListDistributionsRequest::default())
        .collect();
    assert!(empty.is_empty(), "{empty:?}");

    let mut created = BTreeSet::new();
    for n in 0..3 {
        let d = client
            .create_distribution(
                DistributionConfig::new(Origin::s3("site.s3.amazonaws.com"))
                    .comment(format!("pager {n}")),
            )
            .expect("CreateDistribution on moto");
        created.insert((d.id.to_string(), format!("pager {n}")));
    }

    let mut pager = client.list_distributions_pager(ListDistributionsRequest {
        max_items: Some("2".into()),
        ..Default::default()
    });
    let listed: BTreeSet<(String, String)> = pager
        .by_ref()
        .map(|s| {
            let s = s.expect("ListDistributions on moto");
            (s.id.to_string(), s.comment)
        })
        .collect();
    assert_eq!(listed, created);
    assert!(pager.pages_fetched() >= 1);
}
