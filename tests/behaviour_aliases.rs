//! Aliases beyond CRUD: `set_distribution_aliases` replaces the whole set through the
//! read-modify-write engine and sends nothing when the set is unchanged (against moto, whose
//! exchanges are recorded); `conflicting_aliases` pages ListConflictingAliases and
//! `move_alias` sends AssociateAlias (moto has neither: answered in the real service's shapes).

#![cfg(feature = "ureq")] // the moto test records over UreqTransport

mod common;

use std::sync::Arc;

use cloudfront::transport::{Expectation, MockTransport, RecordingTransport, UreqTransport};
use cloudfront::{Client, Credentials, DistributionConfig, Error, Origin, RetryPolicy};
use common::moto::moto;

const ID: &str = "E2QWRUHAPOMQZL";

fn mock_client() -> (Client, Arc<MockTransport>) {
    let mock = Arc::new(MockTransport::new());
    let client = Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "fixture-secret"))
        .retry(RetryPolicy::default().jitter(false))
        .shared_transport(mock.clone())
        .build()
        .unwrap();
    (client, mock)
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn set_distribution_aliases_replaces_the_set_and_sends_nothing_when_unchanged() {
    let moto = moto();
    let recorder = Arc::new(RecordingTransport::in_memory(UreqTransport::new()));
    let client = Client::builder()
        .credentials(Credentials::new(
            "AKIDMOTOTEST",
            "moto-secret-never-checked",
        ))
        .endpoint(moto.endpoint())
        .shared_transport(recorder.clone())
        .build()
        .unwrap();
    let created = client
        .create_distribution(
            DistributionConfig::new(Origin::custom("www.example.com"))
                .alias("a.example.com")
                .alias("b.example.com"),
        )
        .unwrap();
    let puts = || {
        recorder
            .exchanges()
            .iter()
            .filter(|e| e.method == "PUT")
            .count()
    };

    let d = client
        .set_distribution_aliases(&created.id, ["b.example.com", "c.example.com"])
        .unwrap();
    assert_eq!(
        d.distribution_config.aliases(),
        ["b.example.com", "c.example.com"]
    );
    assert_eq!(puts(), 1);
    let read = client.distribution(&created.id).unwrap();
    assert_eq!(
        read.distribution_config.aliases(),
        ["b.example.com", "c.example.com"]
    );

    // The same set again: nothing sent.
    client
        .set_distribution_aliases(&created.id, ["b.example.com", "c.example.com"])
        .unwrap();
    assert_eq!(puts(), 1, "unchanged set: no UpdateDistribution");

    // The empty set removes them all.
    let cleared = client
        .set_distribution_aliases(&created.id, Vec::<String>::new())
        .unwrap();
    assert_eq!(puts(), 2);
    assert!(cleared.distribution_config.aliases().is_empty());
}

#[test]
fn conflicting_aliases_pages_with_the_marker_until_there_is_none() {
    let (client, mock) = mock_client();
    let page = |next: Option<&str>, items: &str, quantity: usize| {
        let next = next
            .map(|m| format!("<NextMarker>{m}</NextMarker>"))
            .unwrap_or_default();
        format!(
            r#"<?xml version="1.0"?><ConflictingAliasesList xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">{next}<MaxItems>1</MaxItems><Quantity>{quantity}</Quantity><Items>{items}</Items></ConflictingAliasesList>"#
        )
    };
    mock.expect(
        Expectation::get("/2020-05-31/conflicting-alias")
            .query("DistributionId", ID)
            .query("Alias", "*.example.com")
            .query("MaxItems", "1")
            .respond(200)
            .response_body(page(
                Some("www.example.com"),
                "<ConflictingAlias><Alias>www.example.com</Alias><DistributionId>*******EXAMPLE</DistributionId><AccountId>******111111</AccountId></ConflictingAlias>",
                1,
            )),
    )
    .expect(
        Expectation::get("/2020-05-31/conflicting-alias")
            .query("DistributionId", ID)
            .query("Alias", "*.example.com")
            .query("Marker", "www.example.com")
            .query("MaxItems", "1")
            .respond(200)
            .response_body(page(
                None,
                "<ConflictingAlias><Alias>img.example.com</Alias><DistributionId>*******EXAMPL2</DistributionId><AccountId>******222222</AccountId></ConflictingAlias>",
                1,
            )),
    );
    let found: Vec<_> = client
        .conflicting_aliases(ID, "*.example.com")
        .page_size(1)
        .collect::<Result<_, _>>()
        .unwrap();
    mock.verify().unwrap();
    let aliases: Vec<_> = found.iter().map(|c| c.alias.as_deref().unwrap()).collect();
    assert_eq!(aliases, ["www.example.com", "img.example.com"]);
    assert_eq!(found[1].account_id.as_deref(), Some("******222222"));
}

#[test]
fn move_alias_sends_associate_alias_to_the_target() {
    let (client, mock) = mock_client();
    mock.expect(
        Expectation::put(&format!("/2020-05-31/distribution/{ID}/associate-alias"))
            .query("Alias", "www.example.com")
            .respond(200),
    );
    client.move_alias("www.example.com", ID).unwrap();
    mock.verify().unwrap();
}

#[test]
fn what_is_not_a_domain_name_is_refused_before_anything_is_sent() {
    let (client, mock) = mock_client();
    let err = client.move_alias("www example.com", ID).unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    let first = client.conflicting_aliases(ID, "").next().expect("an item");
    assert!(matches!(first, Err(Error::InvalidInput(_))), "{first:?}");
    assert!(mock.requests().is_empty());
}
