//! Snapshot tests of `--help`: every command's help is compared with
//! `cli/tests/snapshots/<command>.txt` (each shows an example). After a deliberate change,
//! `UPDATE_SNAPSHOTS=1 cargo test -p cloudfront-cli --test help` rewrites them; review the
//! diff.

mod support;

const COMMANDS: &[&[&str]] = &[
    &[],
    &["ls"],
    &["get"],
    &["config", "get"],
    &["config", "put"],
    &["config", "edit"],
    &["enable"],
    &["disable"],
    &["aliases", "set"],
    &["aliases", "add"],
    &["aliases", "rm"],
    &["delete"],
    &["wait", "deployed"],
    &["wait", "invalidation"],
    &["invalidate"],
    &["invalidations"],
    &["invalidation"],
    &["sign-url"],
    &["sign-cookies"],
    &["kvs", "get"],
    &["kvs", "put"],
    &["kvs", "rm"],
    &["kvs", "ls"],
    &["kvs", "sync"],
];

#[test]
fn help_of_every_command_matches_its_snapshot_and_shows_an_example() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut mismatched = Vec::new();
    for path in COMMANDS {
        let out = support::cloudfront()
            .args(*path)
            .arg("--help")
            .env("COLUMNS", "100")
            .output()
            .unwrap();
        assert!(out.status.success(), "{path:?}");
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(
            help.contains("Example"),
            "{path:?} --help has no example:\n{help}"
        );
        let name = if path.is_empty() {
            "cloudfront".to_string()
        } else {
            path.join("-")
        };
        let file = format!("{}/tests/snapshots/{name}.txt", env!("CARGO_MANIFEST_DIR"));
        if update {
            std::fs::write(&file, &help).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("{file}: {e} (UPDATE_SNAPSHOTS=1 writes it)"));
        if expected != help {
            mismatched.push(format!("--- {file}\n{expected}\n+++ actual\n{help}"));
        }
    }
    assert!(mismatched.is_empty(), "{}", mismatched.join("\n"));
}

#[test]
fn help_lists_the_exit_codes() {
    let out = support::cloudfront().arg("--help").output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for line in [
        "0  success",
        "2  usage error",
        "3  not found",
        "4  precondition failed",
        "5  timed out waiting",
    ] {
        assert!(help.contains(line), "{line}:\n{help}");
    }
}
