//! Rendering results on stdout: text (tab-separated), JSON (the AWS CLI's shape, indent 4),
//! table (aligned columns), XML.

use std::io::Write;

use anyhow::Result;
use cloudfront::json::JsonValue;
use cloudfront::{Invalidation, InvalidationSummary};
use serde_json::{Value, json};

/// JSON as the AWS CLI prints it: indent 4, non-ASCII kept, a final newline.
pub fn json_text(value: &impl serde::Serialize) -> Result<String> {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    value.serialize(&mut ser)?;
    out.push(b'\n');
    Ok(String::from_utf8(out)?)
}

/// Writes `text` to stdout (a closed pipe is not an error worth a panic).
pub fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Prints a JSON value.
pub fn print_json(value: &impl serde::Serialize) -> Result<()> {
    print(&json_text(value)?)
}

/// Tab-separated rows, one per line. Backslash, tab, newline and carriage return inside a
/// field are escaped (`\\`, `\t`, `\n`, `\r`) so that a record is always one line.
pub fn text_rows(rows: &[Vec<String>]) -> String {
    rows.iter()
        .map(|r| {
            r.iter()
                .map(|c| escape_field(c))
                .collect::<Vec<_>>()
                .join("\t")
                + "\n"
        })
        .collect::<String>()
}

fn escape_field(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    for c in field.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// Aligned columns under a header (fields escaped as in [`text_rows`]).
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| escape_field(c)).collect())
        .collect();
    let rows = &rows;
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if i + 1 == cells.len() {
                s.push_str(cell);
            } else {
                s.push_str(cell);
                s.push_str(&" ".repeat(w - cell.chars().count() + 2));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(header.to_vec());
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

/// An invalidation in the AWS CLI's shape (`Invalidation` of GetInvalidation).
pub fn invalidation_json(inv: &Invalidation) -> Value {
    json!({
        "Id": inv.id.to_string(),
        "Status": inv.status.as_str(),
        "CreateTime": serde_json::to_value(inv.create_time.to_json()).unwrap_or(Value::Null),
        "InvalidationBatch": {
            "Paths": {"Quantity": inv.batch.paths.len(), "Items": inv.batch.paths},
            "CallerReference": inv.batch.caller_reference,
        }
    })
}

/// An invalidation summary in the AWS CLI's shape.
pub fn invalidation_summary_json(s: &InvalidationSummary) -> Value {
    json!({
        "Id": s.id.to_string(),
        "CreateTime": serde_json::to_value(s.create_time.to_json()).unwrap_or(Value::Null),
        "Status": s.status.as_str(),
    })
}

/// An ISO 8601 time as the AWS CLI prints it.
pub fn time_text(t: impl Into<std::time::SystemTime>) -> String {
    let t: std::time::SystemTime = t.into();
    match t.to_json() {
        cloudfront::json::Json::String(s) => s,
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_fields_cannot_break_records() {
        let rows = vec![vec!["a\tb".to_string(), "c\nd\\".to_string()]];
        assert_eq!(text_rows(&rows), "a\\tb\tc\\nd\\\\\n");
    }

    #[test]
    fn table_aligns_columns() {
        let rows = vec![
            vec![
                "E1".to_string(),
                "a.cloudfront.net".to_string(),
                "x".to_string(),
            ],
            vec!["E22".to_string(), "b".to_string(), String::new()],
        ];
        assert_eq!(
            table(&["ID", "DOMAIN", "COMMENT"], &rows),
            "ID   DOMAIN            COMMENT\nE1   a.cloudfront.net  x\nE22  b\n"
        );
    }
}
