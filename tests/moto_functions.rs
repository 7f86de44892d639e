//! CloudFront Functions through the generated typed methods against moto 5.2.5 (a CloudFront
//! emulator written independently of this crate), over real HTTP on 127.0.0.1.
//!
//! moto emulates CreateFunction, DescribeFunction, GetFunction, ListFunctions and
//! DeleteFunction. It lacks UpdateFunction, PublishFunction and TestFunction (see
//! `tests/data/moto-coverage.md`); those are covered by fixtures.
#![cfg(feature = "ureq")]

mod common;

use cloudfront::Blob;
use cloudfront::model::function::{
    CreateFunctionRequest, DeleteFunctionRequest, DescribeFunctionRequest, FunctionConfig,
    FunctionRuntime, GetFunctionRequest, ListFunctionsRequest,
};
use common::moto::moto;

const CODE: &str = "function handler(event) {\n    var request = event.request;\n    request.headers['x-from'] = {value: 'edge'};\n    return request;\n}\n";

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn function_create_describe_get_list_delete_round_trip() {
    let moto = moto();
    let client = moto.client();
    let config = FunctionConfig {
        comment: "adds x-from".into(),
        runtime: FunctionRuntime::CloudfrontJs2_0,
        key_value_store_associations: None,
        unknown: Default::default(),
    };

    let created = client
        .create_function(CreateFunctionRequest {
            name: "add-header".into(),
            function_config: config.clone(),
            function_code: Blob::from(CODE),
            tags: None,
        })
        .expect("CreateFunction on moto");
    let summary = created
        .function_summary
        .expect("CreateFunction returns a summary");
    assert_eq!(summary.name, "add-header");
    assert_eq!(summary.function_config, config);
    assert!(
        summary
            .function_metadata
            .function_arn
            .ends_with(":function/add-header")
    );
    let etag = created.etag.expect("CreateFunction returns an ETag");
    assert!(
        created
            .location
            .as_deref()
            .is_some_and(|l| l.ends_with("/2020-05-31/function/add-header")),
        "{:?}",
        created.location
    );

    let described = client
        .describe_function(DescribeFunctionRequest {
            name: "add-header".into(),
            stage: None,
        })
        .expect("DescribeFunction on moto");
    let read = described
        .function_summary
        .expect("DescribeFunction returns a summary");
    assert_eq!(read.name, "add-header");
    assert_eq!(read.function_config, config);
    assert_eq!(
        read.function_metadata.function_arn,
        summary.function_metadata.function_arn
    );
    assert_eq!(described.etag.as_deref(), Some(etag.as_str()));

    let code = client
        .get_function(GetFunctionRequest {
            name: "add-header".into(),
            stage: None,
        })
        .expect("GetFunction on moto");
    assert_eq!(
        code.function_code
            .expect("GetFunction returns the code")
            .as_bytes(),
        CODE.as_bytes()
    );
    assert_eq!(code.etag.as_deref(), Some(etag.as_str()));

    let list = client
        .list_functions(ListFunctionsRequest::default())
        .expect("ListFunctions on moto")
        .function_list
        .expect("ListFunctions returns a list");
    assert_eq!(list.items.len(), 1);
    assert_eq!(list.items[0].name, "add-header");
    assert_eq!(list.items[0].function_config, config);

    client
        .delete_function(DeleteFunctionRequest {
            name: "add-header".into(),
            if_match: etag,
        })
        .expect("DeleteFunction on moto");
    let after = client
        .list_functions(ListFunctionsRequest::default())
        .expect("ListFunctions on moto")
        .function_list
        .expect("ListFunctions returns a list");
    assert!(after.items.is_empty(), "{:?}", after.items);
}
