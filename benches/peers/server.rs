//! The loopback server of `benches/peers/compare.sh`: a standalone process on 127.0.0.1
//! serving a listing of TOTAL distributions in pages of 100 (with the real service's
//! `Marker`/`NextMarker`) to `GET /2020-05-31/distribution`, and the same
//! `201 Created` invalidation to every POST. Keep-alive, one thread per connection.
//!
//! ```text
//! peer-server [TOTAL]   # default 10000; prints "http://127.0.0.1:PORT", serves until killed
//! ```

#[path = "../support/paging_server.rs"]
mod paging_server;

use std::io::Write;

use paging_server::{Listing, PagingServer};

/// CreateInvalidation's answer, as in `benches/request_cost.rs` and
/// `benches/peers/boto3_invalidations.py`.
const INVALIDATION: &str = "<?xml version=\"1.0\"?>\n<Invalidation xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status><CreateTime>2026-11-25T19:35:24.106Z</CreateTime><InvalidationBatch><Paths><Quantity>2</Quantity><Items><Path>/index.html</Path><Path>/img/*</Path></Items></Paths><CallerReference>ref-1</CallerReference></InvalidationBatch></Invalidation>";

fn main() {
    let total: usize = std::env::args()
        .nth(1)
        .map_or(10_000, |a| a.parse().expect("TOTAL"));
    let created = format!(
        "HTTP/1.1 201 Created\r\ncontent-type: text/xml\r\nx-amzn-requestid: bench\r\n\
         location: https://cloudfront.amazonaws.com/2020-05-31/distribution/E2QWRUHAPOMQZL/invalidation/I2J0I21PCUYOIK\r\n\
         content-length: {}\r\n\r\n{INVALIDATION}",
        INVALIDATION.len()
    );
    let server =
        PagingServer::start(Listing::new(total, 100).answer_posts_with(created.into_bytes()));
    println!("{}", server.endpoint());
    std::io::stdout().flush().expect("stdout");
    loop {
        std::thread::park();
    }
}
