//! JSON in the AWS CLI's shape for the invalidation types (feature `serde`): through the
//! generated wire types, so the members, their order and the timestamps are those of every
//! other type (`{"Id", "Status", "CreateTime", "InvalidationBatch": {"Paths": {"Quantity",
//! "Items"}, "CallerReference"}}`).
//!
//! An [`InvalidationSummary`] serializes as the AWS CLI prints a listing entry (`Id`,
//! `CreateTime`, `Status`); the distribution it was listed under is not part of that shape,
//! so one read back from JSON has an empty `distribution_id`.

use super::model::{Invalidation, InvalidationBatch, InvalidationStatus, InvalidationSummary};
use crate::error::DecodeError;
use crate::json::{Json, JsonValue, json_serde};
use crate::model::invalidation as wire;

impl JsonValue for InvalidationBatch {
    fn to_json(&self) -> Json {
        self.to_wire().to_json()
    }
    fn from_json(value: Json, path: &str) -> Result<Self, DecodeError> {
        wire::InvalidationBatch::from_json(value, path).map(InvalidationBatch::from_wire)
    }
}

impl JsonValue for Invalidation {
    fn to_json(&self) -> Json {
        wire::Invalidation {
            id: self.id.to_string(),
            status: self.status.as_str().to_string(),
            create_time: self.create_time,
            invalidation_batch: self.batch.to_wire(),
            unknown: Default::default(),
        }
        .to_json()
    }
    fn from_json(value: Json, path: &str) -> Result<Self, DecodeError> {
        wire::Invalidation::from_json(value, path).map(Invalidation::from_wire)
    }
}

impl JsonValue for InvalidationSummary {
    fn to_json(&self) -> Json {
        wire::InvalidationSummary {
            id: self.id.to_string(),
            create_time: self.create_time,
            status: self.status.as_str().to_string(),
            unknown: Default::default(),
        }
        .to_json()
    }
    fn from_json(value: Json, path: &str) -> Result<Self, DecodeError> {
        wire::InvalidationSummary::from_json(value, path)
            .map(|summary| InvalidationSummary::from_wire(summary, ""))
    }
}

impl JsonValue for InvalidationStatus {
    fn to_json(&self) -> Json {
        Json::String(self.as_str().to_string())
    }
    fn from_json(value: Json, path: &str) -> Result<Self, DecodeError> {
        String::from_json(value, path).map(|s| InvalidationStatus::parse(&s))
    }
}

json_serde!(InvalidationBatch);
json_serde!(Invalidation);
json_serde!(InvalidationSummary);
json_serde!(InvalidationStatus);

#[cfg(test)]
mod tests {
    use super::*;

    const INVALIDATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I2J0I21PCUYOIK</Id><Status>Completed</Status><CreateTime>2026-11-24T22:53:10.538Z</CreateTime><InvalidationBatch><Paths><Quantity>2</Quantity><Items><Path>/a.html</Path><Path>/img/*</Path></Items></Paths><CallerReference>ref-1</CallerReference></InvalidationBatch></Invalidation>"#;

    #[test]
    fn an_invalidation_round_trips_in_the_aws_cli_shape() {
        let inv = Invalidation::from_xml(INVALIDATION).unwrap();
        let json = inv.to_json();
        let text = format!("{json:?}");
        for member in [
            "Id",
            "Status",
            "CreateTime",
            "InvalidationBatch",
            "CallerReference",
        ] {
            assert!(text.contains(member), "{member} missing from {text}");
        }
        let back = Invalidation::from_json(json, "Invalidation").unwrap();
        assert_eq!(back, inv);
    }

    #[test]
    fn a_summary_keeps_its_members_but_not_its_distribution() {
        let summary = InvalidationSummary::from_wire(
            crate::xml::structure::from_xml::<wire::InvalidationSummary>(
                r#"<InvalidationSummary xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I1</Id><CreateTime>2026-11-24T22:53:10Z</CreateTime><Status>InProgress</Status></InvalidationSummary>"#,
                "InvalidationSummary",
            )
            .unwrap(),
            "E1",
        );
        let back = InvalidationSummary::from_json(summary.to_json(), "s").unwrap();
        assert_eq!((back.id, back.status), (summary.id, summary.status));
        assert_eq!(back.create_time, summary.create_time);
        assert!(back.distribution_id.is_empty());
    }
}
