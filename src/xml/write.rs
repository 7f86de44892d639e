//! Writing CloudFront XML with `xmlwriter`: the namespace on the root, complete escaping,
//! and refusal of characters that XML 1.0 cannot carry.

use std::fmt;

use xmlwriter::{Indent, Options, XmlWriter};

use crate::error::InvalidInput;
use crate::xml::read::NAMESPACE;

/// The XML declaration at the top of every request body.
pub const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// An XML document being written. Text that XML 1.0 cannot carry (most control characters)
/// is not written; the first such value is reported by [`XmlOut::finish`], so encoding
/// fails with a typed error before anything is sent.
pub struct XmlOut {
    writer: XmlWriter,
    error: Option<InvalidInput>,
    path: Vec<&'static str>,
    dynamic_depth: usize,
}

impl XmlOut {
    /// Starts a document with the XML declaration and the root element `root` in
    /// CloudFront's namespace.
    pub fn new(root: &'static str) -> Self {
        Self::with_capacity(root, 1024)
    }

    /// Like [`XmlOut::new`], reserving `capacity` bytes.
    pub fn with_capacity(root: &'static str, capacity: usize) -> Self {
        let options = Options {
            indent: Indent::None,
            attributes_indent: Indent::None,
            use_single_quote: false,
        };
        let mut writer = XmlWriter::with_capacity(capacity, options);
        writer.start_element(root);
        writer.write_attribute("xmlns", NAMESPACE);
        XmlOut {
            writer,
            error: None,
            path: vec![root],
            dynamic_depth: 0,
        }
    }

    /// Opens element `name`; close it with [`XmlOut::end`].
    pub fn start(&mut self, name: &'static str) {
        self.writer.start_element(name);
        self.path.push(name);
    }

    /// Opens an element whose name is only known at run time (unknown elements kept from a
    /// decoded document).
    /// A name that is not an XML name is refused ([`XmlOut::finish`] reports it).
    pub fn start_dynamic(&mut self, name: &str) {
        if is_xml_name(name) {
            self.writer.start_element(name);
        } else {
            self.fail_name("element", name);
            // Keeps the structure balanced; the document is refused anyway.
            self.writer.start_element("_");
        }
        self.dynamic_depth += 1;
        self.path.push("*");
    }

    /// Writes an attribute on the element just opened. A name that is not an XML name, or a
    /// value with characters XML cannot carry, is refused ([`XmlOut::finish`] reports it).
    pub fn attribute(&mut self, name: &str, value: &str) {
        if !is_xml_name(name) {
            self.fail_name("attribute", name);
            return;
        }
        if let Err(bad) = check_xml_chars(value) {
            self.fail(bad);
            return;
        }
        self.writer.write_attribute(name, value);
    }

    /// Closes the innermost open element.
    pub fn end(&mut self) {
        if self.path.pop() == Some("*") {
            self.dynamic_depth -= 1;
        }
        self.writer.end_element();
    }

    /// Writes escaped text inside the current element.
    pub fn text(&mut self, value: &str) {
        if let Err(bad) = check_xml_chars(value) {
            self.fail(bad);
            return;
        }
        self.writer
            .write_text_fmt(format_args!("{}", Escaped(value)));
    }

    /// `<name>value</name>`.
    pub fn text_element(&mut self, name: &'static str, value: &str) {
        self.start(name);
        if !value.is_empty() {
            self.text(value);
        }
        self.end();
    }

    /// Writes a `Display` value that cannot hold markup or characters XML refuses (numbers,
    /// `true`/`false`, timestamps) as text inside the current element, unescaped.
    pub(crate) fn display(&mut self, value: impl fmt::Display) {
        self.writer.write_text_fmt(format_args!("{value}"));
    }

    /// `<name>value</name>` for any `Display` value that cannot hold markup (numbers).
    pub fn display_element(&mut self, name: &'static str, value: impl fmt::Display) {
        self.start(name);
        self.writer.write_text_fmt(format_args!("{value}"));
        self.end();
    }

    /// `<name>true</name>` or `<name>false</name>`.
    pub fn bool_element(&mut self, name: &'static str, value: bool) {
        self.start(name);
        self.writer.write_text(if value { "true" } else { "false" });
        self.end();
    }

    /// `<name>` with an ISO 8601 UTC timestamp.
    pub fn timestamp_element(&mut self, name: &'static str, value: std::time::SystemTime) {
        let text = crate::time::format_iso8601(value);
        self.start(name);
        self.writer.write_text(&text);
        self.end();
    }

    fn fail(&mut self, bad: char) {
        if self.error.is_none() {
            let path: Vec<&str> = self.path.clone();
            self.error = Some(InvalidInput::new(format!(
                "{} contains the character U+{:04X}, which XML 1.0 cannot carry",
                path.join("/"),
                bad as u32
            )));
        }
    }

    fn fail_name(&mut self, what: &str, name: &str) {
        if self.error.is_none() {
            self.error = Some(InvalidInput::new(format!(
                "{} has an {what} named {name:?}, which is not an XML name",
                self.path.join("/")
            )));
        }
    }

    /// Closes every open element and returns the document, or the first invalid-text error.
    pub fn finish(self) -> Result<String, InvalidInput> {
        match self.error {
            Some(e) => Err(e),
            None => {
                // xmlwriter's own declaration adds `standalone="no"`; write the one the AWS
                // SDKs send instead.
                let body = self.writer.end_document();
                let mut doc = String::with_capacity(DECLARATION.len() + body.len());
                doc.push_str(DECLARATION);
                doc.push_str(&body);
                Ok(doc)
            }
        }
    }
}

/// Returns the first character that XML 1.0 cannot carry: anything below U+0020 except
/// tab, newline and carriage return, U+FFFE and U+FFFF. (Surrogates cannot occur in `str`.)
pub fn check_xml_chars(value: &str) -> Result<(), char> {
    match value.chars().find(|&c| !is_xml_char(c)) {
        Some(c) => Err(c),
        None => Ok(()),
    }
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Whether `name` matches XML 1.0's `Name` production (prefixed names such as `p:x` included).
pub fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(is_name_start_char) && chars.all(is_name_char)
}

fn is_name_start_char(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// Escapes text content so that a parser gives back exactly the same string: `&`, `<`, `>`
/// and carriage return (which parsers would otherwise normalize to a newline).
struct Escaped<'a>(&'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let mut last = 0;
        for (i, b) in s.bytes().enumerate() {
            let rep = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'\r' => "&#13;",
                _ => continue,
            };
            f.write_str(&s[last..i])?;
            f.write_str(rep)?;
            last = i + 1;
        }
        f.write_str(&s[last..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::read;

    #[test]
    fn writes_namespace_and_escapes() {
        let mut out = XmlOut::new("InvalidationBatch");
        out.start("Paths");
        out.display_element("Quantity", 1);
        out.end();
        out.text_element("CallerReference", "a & b < c > d ]]> \r\n\t \"q\" 'q' ü");
        let xml = out.finish().unwrap();
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        assert!(xml.contains(
            "<InvalidationBatch xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">"
        ));
        let doc = read::parse_document(&xml).unwrap();
        let cr = read::child(doc.root_element(), "CallerReference").unwrap();
        assert_eq!(
            read::text(cr).unwrap(),
            "a & b < c > d ]]> \r\n\t \"q\" 'q' ü"
        );
    }

    #[test]
    fn control_characters_are_refused_with_the_path() {
        let mut out = XmlOut::new("DistributionConfig");
        out.text_element("Comment", "bell \u{7}");
        let err = out.finish().unwrap_err();
        assert!(err.message.contains("DistributionConfig/Comment"), "{err}");
        assert!(err.message.contains("U+0007"), "{err}");
    }

    #[test]
    fn names_that_are_not_xml_names_are_refused() {
        assert!(is_xml_name("Future") && is_xml_name("p:x") && is_xml_name("_a-1.b"));
        assert!(is_xml_name("Ünïcode"));
        for bad in ["", "1a", "-a", "a b", "a<b", "a\"b", "a>", "a=b"] {
            assert!(!is_xml_name(bad), "{bad:?}");
            let mut out = XmlOut::new("A");
            out.start_dynamic(bad);
            out.end();
            let err = out.finish().unwrap_err();
            assert!(err.message.contains("element named"), "{err}");
            let mut out = XmlOut::new("A");
            out.start("B");
            out.attribute(bad, "v");
            out.end();
            let err = out.finish().unwrap_err();
            assert!(err.message.contains("A/B has an attribute named"), "{err}");
        }
    }

    #[test]
    fn empty_text_gives_empty_element() {
        let mut out = XmlOut::new("A");
        out.text_element("B", "");
        let xml = out.finish().unwrap();
        assert!(xml.ends_with("<B/></A>"), "{xml}");
    }
}
