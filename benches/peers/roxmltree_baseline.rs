//! The floor for `benches/peers/compare.sh`'s listing: the same 100 page bodies the
//! loopback server sends, parsed with `roxmltree::Document::parse` alone, in a process of
//! its own. Each page is rendered (not measured), then parsed (measured); the CPU figure
//! is the sum of the parses only.
//!
//! ```text
//! roxmltree-baseline [TOTAL]   # default 10000 (100 pages of 100)
//! ```

#[path = "../support/paging_server.rs"]
mod paging_server;
mod proc;

use paging_server::{render_page, summary_template};

fn main() {
    let total: usize = std::env::args()
        .nth(1)
        .map_or(10_000, |a| a.parse().expect("TOTAL"));
    let template = summary_template();
    let mut cpu = 0;
    let mut nodes = 0;
    for first in (0..total).step_by(100) {
        let body = render_page(&template, first, 100, total);
        let start = proc::process_cpu_us();
        let doc = roxmltree::Document::parse(&body).expect("parse");
        nodes += doc.descendants().len();
        drop(doc);
        cpu += proc::process_cpu_us() - start;
    }
    println!(
        "roxmltree list items={total} cpu_us={cpu} maxrss_kib={} nodes={nodes}",
        proc::peak_rss_kib()
    );
}
