//! The floor for `benches/peers/compare.sh`'s listing: the same 100 page bodies the
//! loopback server sends, parsed with `roxmltree::Document::parse` alone, in a process of
//! its own. Each page is rendered (not measured), then parsed (measured); the CPU figure
//! is the sum of the parses only.
//!
//! The process is set up as the client's is: before the first parse it allocates and frees
//! one untouched 4 MiB block, as `cloudfront`'s `parse_document` does once per process (see
//! `warm_allocator` in `src/xml/read.rs`), so that neither pays glibc's fresh `mmap` per
//! page tree. `--cold` leaves that out.
//!
//! ```text
//! roxmltree-baseline [TOTAL] [--cold]   # default 10000 (100 pages of 100)
//! ```

#[path = "../support/paging_server.rs"]
mod paging_server;
mod proc;

use paging_server::{render_page, summary_template};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let total: usize = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map_or(10_000, |a| a.parse().expect("TOTAL"));
    let cold = args.iter().any(|a| a == "--cold");
    if !cold {
        drop(std::hint::black_box(Vec::<u8>::with_capacity(
            4 * 1024 * 1024,
        )));
    }
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
        "{} list items={total} cpu_us={cpu} maxrss_kib={} nodes={nodes}",
        if cold { "roxmltree-cold" } else { "roxmltree" },
        proc::peak_rss_kib()
    );
}
