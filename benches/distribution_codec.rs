//! Distribution codec speed: encoding the maximal `DistributionConfig`, and decoding a
//! realistic 100-summary `DistributionList` page compared with parsing the same bytes with
//! `roxmltree` alone (the floor any decoder on it pays).
//!
//! Run: `cargo bench --no-default-features --bench distribution_codec`.

use std::hint::black_box;
use std::time::Instant;

use cloudfront::{DistributionConfig, DistributionList};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const MAXIMAL: &str = include_str!("../fixtures/distribution/maximal-config.xml");
const PAGE: &str = include_str!("../fixtures/distribution/list-page.xml");

/// Removes the white space between tags (CloudFront sends its documents on one line).
fn compact(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    for line in xml.lines() {
        out.push_str(line.trim());
    }
    out
}

/// A `DistributionList` page of `n` summaries, each a copy of the plainest summary of the
/// fixture page (one S3 origin, the defaults the service fills in: about 2.5 KB on one
/// line) with its own id, as ListDistributions returns with `MaxItems=100`.
fn page_of(n: usize) -> String {
    let page = compact(PAGE);
    let start = page
        .find("<DistributionSummary><Id>E2QWRUHAPOMQZL</Id>")
        .expect("the plain summary");
    let len = page[start..]
        .find("</DistributionSummary>")
        .expect("its end")
        + "</DistributionSummary>".len();
    let summary = &page[start..start + len];
    let mut out = String::with_capacity(summary.len() * n + 512);
    out.push_str("<?xml version=\"1.0\"?><DistributionList xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">");
    out.push_str("<Marker></Marker><NextMarker>E");
    out.push_str(&format!("{:013}", n));
    out.push_str(&format!("</NextMarker><MaxItems>{n}</MaxItems><IsTruncated>true</IsTruncated><Quantity>{n}</Quantity><Items>"));
    for i in 0..n {
        out.push_str(&summary.replace("E2QWRUHAPOMQZL", &format!("E{i:013}")));
    }
    out.push_str("</Items></DistributionList>");
    out
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Median and minimum time per call of `f`, from `batches` batches of `per_batch` calls.
fn batch_times(f: &mut dyn FnMut(), per_batch: u32, out: &mut Vec<f64>) {
    let start = Instant::now();
    for _ in 0..per_batch {
        f();
    }
    out.push(start.elapsed().as_secs_f64() / f64::from(per_batch));
}

/// Minor page faults of the calling thread so far (`/proc/thread-self/stat`, field 10);
/// 0 where procfs is missing.
fn minor_faults() -> u64 {
    std::fs::read_to_string("/proc/thread-self/stat")
        .ok()
        .and_then(|s| {
            let after_name = &s[s.rfind(')')? + 2..];
            after_name.split(' ').nth(7)?.parse().ok()
        })
        .unwrap_or(0)
}

/// Back-to-back runs of `f` (criterion's steady state: the allocator hands the same, already
/// mapped memory back on every call): median µs per call over `rounds` rounds of `per_round`
/// calls, and minor page faults per call.
fn back_to_back(f: &mut dyn FnMut(), rounds: usize, per_round: u32) -> (f64, f64) {
    let mut times = Vec::with_capacity(rounds);
    let faults = minor_faults();
    for _ in 0..rounds {
        batch_times(f, per_round, &mut times);
    }
    let per_call = (minor_faults() - faults) as f64 / (rounds as f64 * f64::from(per_round));
    (median(&mut times) * 1e6, per_call)
}

fn bench(c: &mut Criterion) {
    let config = DistributionConfig::from_xml(MAXIMAL).expect("maximal config decodes");
    let encoded = config.to_xml().expect("encodes");
    let mut g = c.benchmark_group("distribution_config");
    g.throughput(Throughput::Bytes(encoded.len() as u64));
    g.bench_function("encode_maximal", |b| {
        b.iter(|| black_box(&config).to_xml().expect("encodes"))
    });
    g.bench_function("decode_maximal", |b| {
        b.iter(|| DistributionConfig::from_xml(black_box(&encoded)).expect("decodes"))
    });
    g.finish();

    let page = page_of(100);
    let decoded = DistributionList::from_xml(&page).expect("page decodes");
    assert_eq!(decoded.items.len(), 100);
    assert_eq!(
        decoded.items[99].id, "E0000000000099",
        "each summary has its own id"
    );
    let mut g = c.benchmark_group("distribution_list_page_100");
    g.throughput(Throughput::Bytes(page.len() as u64));
    g.bench_function("decode", |b| {
        b.iter(|| DistributionList::from_xml(black_box(&page)).expect("decodes"))
    });
    g.bench_function("roxmltree_parse_only", |b| {
        b.iter(|| roxmltree::Document::parse(black_box(&page)).expect("parses"))
    });
    g.finish();

    // The ratio, on the same bytes, from interleaved single runs (decode, parse, decode, ...:
    // both see the same machine load and cache state), medians; minima in brackets.
    let batches = 201;
    let (mut decode, mut parse, mut encode) = (Vec::new(), Vec::new(), Vec::new());
    let (mut decode_faults, mut parse_faults) = (0, 0);
    for _ in 0..batches {
        let before = minor_faults();
        batch_times(
            &mut || {
                black_box(DistributionList::from_xml(black_box(&page)).expect("decodes"));
            },
            1,
            &mut decode,
        );
        let between = minor_faults();
        batch_times(
            &mut || {
                black_box(roxmltree::Document::parse(black_box(&page)).expect("parses"));
            },
            1,
            &mut parse,
        );
        decode_faults += between - before;
        parse_faults += minor_faults() - between;
        batch_times(
            &mut || {
                black_box(black_box(&config).to_xml().expect("encodes"));
            },
            20,
            &mut encode,
        );
    }
    let (d, p, e) = (median(&mut decode), median(&mut parse), median(&mut encode));
    let us = |s: f64| s * 1e6;
    println!(
        "\nmaximal DistributionConfig: {} bytes, encode {:.1} µs [{:.1}]",
        encoded.len(),
        us(e),
        us(encode[0])
    );
    println!(
        "DistributionList page: 100 summaries, {} bytes ({batches} interleaved runs, medians; min in brackets): decode {:.0} µs [{:.0}], roxmltree parse alone {:.0} µs [{:.0}], ratio decode/parse = {:.2}",
        page.len(),
        us(d),
        us(decode[0]),
        us(p),
        us(parse[0]),
        d / p
    );
    // The same two calls back to back, as criterion's loop runs them.
    let (bd, bd_faults) = back_to_back(
        &mut || {
            black_box(DistributionList::from_xml(black_box(&page)).expect("decodes"));
        },
        51,
        10,
    );
    let (bp, bp_faults) = back_to_back(
        &mut || {
            black_box(roxmltree::Document::parse(black_box(&page)).expect("parses"));
        },
        51,
        10,
    );
    println!(
        "  minor page faults per call, interleaved: decode {:.1}, parse {:.1}\n  back to back (51 rounds of 10, medians): decode {bd:.0} µs, parse {bp:.0} µs, ratio {:.2}; minor page faults per call: decode {bd_faults:.1}, parse {bp_faults:.1}",
        decode_faults as f64 / f64::from(batches),
        parse_faults as f64 / f64::from(batches),
        bd / bp
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
