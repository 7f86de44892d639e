//! Time per SigV4 signature for realistic CloudFront requests.
//!
//! `cargo bench --no-default-features --bench sign`
//!
//! - `sign_request/put_config_4k`: `UpdateDistribution`: a PUT of a ~4 KB
//!   `DistributionConfig` with `If-Match` and `content-type`, session token credentials.
//! - `sign_request/get_list`: `ListDistributions` with `MaxItems`.
//! - `sign_request_with_key/*`: the same two requests signed with the signing key derived
//!   beforehand, as `Client` does (it caches the key for the day).
//! - `stage/*`: the two hashing stages that dominate, for the breakdown.
//!
//! Each iteration signs a fresh clone of the unsigned request (the clone is made outside the
//! timed routine). After criterion, a summary from interleaved batches (so that all variants
//! see the same machine load) prints the median and minimum time per signature.

use std::hint::black_box;
use std::time::{Duration, Instant, UNIX_EPOCH};

use cloudfront::Credentials;
use cloudfront::auth::sigv4::{self, SigningParams};
use cloudfront::transport::HttpRequest;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

/// A DistributionConfig of about 4 KB, shaped like a real one (an origin with a
/// custom header, the default cache behavior, aliases, logging, a viewer certificate).
fn distribution_config() -> Vec<u8> {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
  <CallerReference>3f1c2a8e-5b7d-4e0f-9a61-2c8d7e4b9f10</CallerReference>
  <Aliases><Quantity>2</Quantity><Items><CNAME>www.example.com</CNAME><CNAME>static.example.com</CNAME></Items></Aliases>
  <DefaultRootObject>index.html</DefaultRootObject>
  <Origins><Quantity>1</Quantity><Items>"#,
    );
    let (id, domain) = ("api-origin", "api.example.com");
    xml.push_str(&format!(
        r#"
<Origin>
  <Id>{id}</Id><DomainName>{domain}</DomainName><OriginPath></OriginPath>
  <CustomHeaders><Quantity>1</Quantity><Items><OriginCustomHeader><HeaderName>X-Origin-Verify</HeaderName><HeaderValue>b7f0e3c1d2a94e5f8a6b</HeaderValue></OriginCustomHeader></Items></CustomHeaders>
  <CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort><OriginProtocolPolicy>https-only</OriginProtocolPolicy>
    <OriginSslProtocols><Quantity>1</Quantity><Items><SslProtocol>TLSv1.2</SslProtocol></Items></OriginSslProtocols>
    <OriginReadTimeout>30</OriginReadTimeout><OriginKeepaliveTimeout>5</OriginKeepaliveTimeout></CustomOriginConfig>
  <ConnectionAttempts>3</ConnectionAttempts><ConnectionTimeout>10</ConnectionTimeout>
  <OriginShield><Enabled>false</Enabled></OriginShield>
  <OriginAccessControlId></OriginAccessControlId>
</Origin>"#
    ));
    xml.push_str("\n  </Items></Origins>");
    let behavior = |target: &str| {
        format!(
            r#"
    <TargetOriginId>{target}</TargetOriginId>
    <TrustedSigners><Enabled>false</Enabled><Quantity>0</Quantity></TrustedSigners>
    <TrustedKeyGroups><Enabled>false</Enabled><Quantity>0</Quantity></TrustedKeyGroups>
    <ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy>
    <AllowedMethods><Quantity>3</Quantity><Items><Method>GET</Method><Method>HEAD</Method><Method>OPTIONS</Method></Items>
      <CachedMethods><Quantity>2</Quantity><Items><Method>GET</Method><Method>HEAD</Method></Items></CachedMethods></AllowedMethods>
    <SmoothStreaming>false</SmoothStreaming><Compress>true</Compress>
    <LambdaFunctionAssociations><Quantity>0</Quantity></LambdaFunctionAssociations>
    <FunctionAssociations><Quantity>0</Quantity></FunctionAssociations>
    <FieldLevelEncryptionId></FieldLevelEncryptionId>
    <CachePolicyId>658327ea-f89d-4fab-a63d-7e88639e58f6</CachePolicyId>
    <OriginRequestPolicyId>88a5eaf4-2fd4-4709-b370-b4c650ea3fcf</OriginRequestPolicyId>"#
        )
    };
    xml.push_str("\n  <DefaultCacheBehavior>");
    xml.push_str(&behavior("api-origin"));
    xml.push_str(
        r#"
  </DefaultCacheBehavior>
  <CacheBehaviors><Quantity>0</Quantity></CacheBehaviors>
  <CustomErrorResponses><Quantity>2</Quantity><Items><CustomErrorResponse><ErrorCode>404</ErrorCode><ResponsePagePath>/404.html</ResponsePagePath><ResponseCode>404</ResponseCode><ErrorCachingMinTTL>10</ErrorCachingMinTTL></CustomErrorResponse><CustomErrorResponse><ErrorCode>503</ErrorCode><ResponsePagePath>/maintenance.html</ResponsePagePath><ResponseCode>503</ResponseCode><ErrorCachingMinTTL>5</ErrorCachingMinTTL></CustomErrorResponse></Items></CustomErrorResponses>
  <Comment>Production site: static assets from S3, API through the load balancer</Comment>
  <Logging><Enabled>true</Enabled><IncludeCookies>false</IncludeCookies><Bucket>logs-bucket.s3.amazonaws.com</Bucket><Prefix>cloudfront/www/</Prefix></Logging>
  <PriceClass>PriceClass_100</PriceClass>
  <Enabled>true</Enabled>
  <ViewerCertificate><CloudFrontDefaultCertificate>false</CloudFrontDefaultCertificate><ACMCertificateArn>arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789</ACMCertificateArn><SSLSupportMethod>sni-only</SSLSupportMethod><MinimumProtocolVersion>TLSv1.2_2021</MinimumProtocolVersion><Certificate>arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789</Certificate><CertificateSource>acm</CertificateSource></ViewerCertificate>
  <Restrictions><GeoRestriction><RestrictionType>none</RestrictionType><Quantity>0</Quantity></GeoRestriction></Restrictions>
  <WebACLId></WebACLId>
  <HttpVersion>http2and3</HttpVersion>
  <IsIPV6Enabled>true</IsIPV6Enabled>
  <Staging>false</Staging>
</DistributionConfig>
"#,
    );
    xml.into_bytes()
}

fn bench(c: &mut Criterion) {
    let credentials = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        .with_session_token("FwoGZXIvYXdzEBYaDExampleSessionTokenThatIsAboutAsLongAsARealOneIsForBenchmarkPurposesOnly0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/+==");
    let params = SigningParams {
        credentials: &credentials,
        region: "us-east-1",
        service: "cloudfront",
        time: UNIX_EPOCH + Duration::from_secs(1_795_560_790),
    };
    let body = distribution_config();
    let put = HttpRequest {
        method: "PUT".into(),
        url: "https://cloudfront.amazonaws.com/2020-05-31/distribution/EDFDVBD6EXAMPLE/config"
            .into(),
        headers: vec![
            ("content-type".into(), "application/xml".into()),
            ("if-match".into(), "E2QWRUHAPOMQZL".into()),
        ],
        body: body.clone(),
    };
    let get = HttpRequest {
        method: "GET".into(),
        url: "https://cloudfront.amazonaws.com/2020-05-31/distribution?Marker=EDFDVBD6EXAMPLE&MaxItems=100".into(),
        headers: Vec::new(),
        body: Vec::new(),
    };

    let mut group = c.benchmark_group("sign_request");
    group.bench_function(format!("put_config_{}b", body.len()), |b| {
        b.iter_batched_ref(
            || put.clone(),
            |req| sigv4::sign_request(black_box(req), black_box(&params)),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("get_list", |b| {
        b.iter_batched_ref(
            || get.clone(),
            |req| sigv4::sign_request(black_box(req), black_box(&params)),
            BatchSize::SmallInput,
        )
    });
    group.finish();

    // What the client does: the key is derived once per day and credentials.
    let key = sigv4::signing_key(
        credentials.secret_access_key(),
        "20261124",
        "us-east-1",
        "cloudfront",
    );
    let mut check = put.clone();
    let mut reference = put.clone();
    sigv4::sign_request_with_key(&mut check, &params, &key).expect("signs");
    sigv4::sign_request(&mut reference, &params).expect("signs");
    assert!(
        check == reference,
        "the cached key gives the same signature"
    );
    let mut group = c.benchmark_group("sign_request_with_key");
    group.bench_function(format!("put_config_{}b", body.len()), |b| {
        b.iter_batched_ref(
            || put.clone(),
            |req| sigv4::sign_request_with_key(black_box(req), black_box(&params), &key),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("get_list", |b| {
        b.iter_batched_ref(
            || get.clone(),
            |req| sigv4::sign_request_with_key(black_box(req), black_box(&params), &key),
            BatchSize::SmallInput,
        )
    });
    group.finish();

    let mut group = c.benchmark_group("stage");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("payload_hash_config", |b| {
        b.iter(|| sigv4::payload_hash(black_box(&body)))
    });
    group.finish();
    c.bench_function("stage/signing_key", |b| {
        b.iter(|| {
            sigv4::signing_key(
                black_box("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                "20261124",
                "us-east-1",
                "cloudfront",
            )
        })
    });

    // Median and minimum per signature, interleaved batches of 200 pre-cloned requests.
    let batches = 41;
    let per_batch = 200;
    type Variant<'a> = (&'a str, &'a HttpRequest, bool);
    let variants: [Variant; 4] = [
        ("sign_request PUT 4 KB", &put, false),
        ("sign_request GET", &get, false),
        ("sign_request_with_key PUT 4 KB (Client)", &put, true),
        ("sign_request_with_key GET (Client)", &get, true),
    ];
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); variants.len()];
    for _ in 0..batches {
        for (v, (_, request, cached)) in variants.iter().enumerate() {
            let mut requests: Vec<HttpRequest> =
                (0..per_batch).map(|_| (*request).clone()).collect();
            let start = Instant::now();
            for r in &mut requests {
                if *cached {
                    sigv4::sign_request_with_key(black_box(r), &params, &key).expect("signs");
                } else {
                    sigv4::sign_request(black_box(r), &params).expect("signs");
                }
            }
            times[v].push(start.elapsed().as_secs_f64() / per_batch as f64);
            black_box(requests);
        }
    }
    println!("\nper signature ({batches} interleaved batches of {per_batch}): median [min]");
    for ((name, _, _), t) in variants.iter().zip(&mut times) {
        t.sort_by(f64::total_cmp);
        println!(
            "  {name:<42} {:.2} µs [{:.2}]",
            t[t.len() / 2] * 1e6,
            t[0] * 1e6
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
