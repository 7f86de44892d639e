//! Tagging and CreateDistributionWithTags through the generated typed requests against moto
//! 5.2.5 (a CloudFront emulator written independently of this crate), over real HTTP on
//! 127.0.0.1.
//!
//! `Client::tag_resource`, `untag_resource` and `create_distribution_with_tags` are the
//! hand-written methods of those names (kept unchanged); the generated requests are sent with
//! `XRequest::send`. ListTagsForResource is the generated `Client` method.
#![cfg(feature = "ureq")]

mod common;

use cloudfront::model::distribution::{
    CreateDistributionWithTagsRequest, GetDistributionConfigRequest,
};
use cloudfront::model::tagging::{
    DistributionConfigWithTags, ListTagsForResourceRequest, Tag, TagKeys, TagResourceRequest, Tags,
    UntagResourceRequest,
};
use cloudfront::{Client, DistributionConfig, Origin};
use common::moto::moto;

fn tag(key: &str, value: &str) -> Tag {
    Tag {
        key: key.into(),
        value: Some(value.into()),
        ..Default::default()
    }
}

fn tags(items: Vec<Tag>) -> Tags {
    Tags {
        items: Some(items.into()),
        ..Default::default()
    }
}

/// The tags of `arn`, sorted by key.
fn tags_of(client: &Client, arn: &str) -> Vec<Tag> {
    let listed = client
        .list_tags_for_resource(ListTagsForResourceRequest {
            resource: arn.into(),
        })
        .expect("ListTagsForResource on moto")
        .tags
        .expect("ListTagsForResource returns Tags");
    let mut items = listed.items.map(|l| l.items).unwrap_or_default();
    items.sort_by(|a, b| a.key.cmp(&b.key));
    items
}

/// Creates a distribution with `initial` tags through CreateDistributionWithTags; its ARN.
fn create_with_tags(client: &Client, comment: &str, initial: Vec<Tag>) -> (String, String) {
    let created = CreateDistributionWithTagsRequest {
        distribution_config_with_tags: DistributionConfigWithTags {
            distribution_config: DistributionConfig::new(Origin::s3("site.s3.amazonaws.com"))
                .comment(comment),
            tags: tags(initial),
            unknown: Default::default(),
        },
    }
    .send(client)
    .expect("CreateDistributionWithTags on moto");
    let distribution = created
        .distribution
        .expect("CreateDistributionWithTags returns the distribution");
    assert!(created.etag.is_some());
    assert!(
        created
            .location
            .as_deref()
            .is_some_and(|l| l.ends_with(&format!("/distribution/{}", distribution.id))),
        "{:?}",
        created.location
    );
    (distribution.id.to_string(), distribution.arn)
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn create_distribution_with_tags_round_trip() {
    let moto = moto();
    let client = moto.client();
    let (id, arn) = create_with_tags(
        &client,
        "tagged at birth",
        vec![tag("team", "web"), tag("env", "prod")],
    );
    assert!(arn.ends_with(&format!(":distribution/{id}")), "{arn}");

    // The config reads back as sent, and the tags came with it.
    let config = GetDistributionConfigRequest { id: id.clone() }
        .send(&client)
        .expect("GetDistributionConfig on moto")
        .distribution_config
        .expect("the config");
    assert_eq!(config.comment, "tagged at birth");
    assert_eq!(config.origins.items.len(), 1);
    assert_eq!(config.origins.items[0].domain_name, "site.s3.amazonaws.com");
    assert_eq!(
        tags_of(&client, &arn),
        vec![tag("env", "prod"), tag("team", "web")]
    );
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn tag_list_untag_a_distribution_round_trip() {
    let moto = moto();
    let client = moto.client();
    let (_, arn) = create_with_tags(&client, "to be tagged", vec![]);
    assert_eq!(tags_of(&client, &arn), vec![]);

    TagResourceRequest {
        resource: arn.clone(),
        tags: tags(vec![tag("owner", "ops"), tag("cost-center", "42")]),
    }
    .send(&client)
    .expect("TagResource on moto");
    assert_eq!(
        tags_of(&client, &arn),
        vec![tag("cost-center", "42"), tag("owner", "ops")]
    );

    UntagResourceRequest {
        resource: arn.clone(),
        tag_keys: TagKeys {
            items: Some(vec!["owner".to_string()].into()),
            ..Default::default()
        },
    }
    .send(&client)
    .expect("UntagResource on moto");
    assert_eq!(tags_of(&client, &arn), vec![tag("cost-center", "42")]);
}
