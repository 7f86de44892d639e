//! The old tour's exchanges as recorded from moto 5.2.5 (an EMULATOR recording, not the real
//! service: upper-case `COMPLETED`, the same ETag after every update, oldest invalidation
//! first, 6-digit fractional timestamps), in `fixtures/moto-recordings-tour/`. Replayed here
//! to show the crate copes with the emulator's shapes; the tour itself replays
//! `fixtures/tour/`, written in the real service's shapes.

use std::sync::Arc;

use cloudfront::transport::ReplayTransport;
use cloudfront::{Client, DistributionConfig, InvalidationStatus, Origin, WaitOptions};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/moto-recordings-tour");

#[test]
fn the_old_tour_replays_against_the_moto_recording() {
    let replay = Arc::new(ReplayTransport::from_dir(DIR).unwrap());
    let client = Client::with_replay(replay.clone()).unwrap();

    let created = client
        .create_distribution(
            DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com"))
                .enabled(false)
                .comment("My new Distribution"),
        )
        .unwrap();
    assert_eq!(created.id, "Q11R66YG276S8");
    let listed: Vec<_> = client.distributions().map(Result::unwrap).collect();
    let summary = listed.iter().find(|s| s.id == created.id).unwrap();
    let full = summary.distribution(&client).unwrap();
    assert_eq!(full.distribution_config.comment, "My new Distribution");

    let commented = client
        .set_distribution_comment(&created.id, "New Comment")
        .unwrap();
    assert_eq!(commented.distribution_config.comment, "New Comment");
    // moto keeps the ETag across updates; CloudFront issues a new one (see fixtures/tour).
    assert_eq!(commented.etag, created.etag);
    assert!(
        client
            .enable_distribution(&created.id)
            .unwrap()
            .distribution_config
            .enabled
    );
    let disabled = client.disable_distribution(&created.id).unwrap();
    assert!(!disabled.distribution_config.enabled);

    let inv = client
        .create_invalidation(
            &created.id,
            [
                "/index.html",
                "/images/logo one.png",
                "/search?lang=en",
                "/css/*",
            ],
        )
        .unwrap();
    assert_eq!(inv.batch.paths[1], "/images/logo%20one.png");
    // moto answers `COMPLETED`; it parses as Completed all the same.
    let status = client.invalidation(&created.id, &inv.id).unwrap().status;
    assert_eq!(status, InvalidationStatus::Completed);
    client
        .create_invalidation(&created.id, ["/about.html"])
        .unwrap();
    client
        .create_invalidation(&created.id, ["/contact.html"])
        .unwrap();
    let all: Vec<_> = client
        .invalidations(&created.id)
        .map(Result::unwrap)
        .collect();
    assert_eq!(all.len(), 3);

    let mut page = client.invalidations(&created.id).max_items(2);
    assert_eq!(page.by_ref().count(), 2);
    let marker = page.next_marker().unwrap().to_string();
    let rest: Vec<_> = client
        .invalidations(&created.id)
        .marker(marker)
        .max_items(2)
        .map(Result::unwrap)
        .collect();
    assert_eq!(rest.len(), 1);

    let first = client
        .invalidations(&created.id)
        .max_items(1)
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(first.invalidation(&client).unwrap().id, first.id);
    assert_eq!(first.distribution(&client).unwrap().id, created.id);

    client
        .disable_and_delete_distribution(&created.id, WaitOptions::distribution_deployed())
        .unwrap();
    replay.verify().unwrap();
}
