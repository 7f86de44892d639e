//! The INI dialect of `~/.aws/credentials`, `~/.aws/config` and the boto files.
//!
//! [`parse_ini`] reads the files. It follows the AWS CLI (Python `configparser`) where that is
//! sensible, and the AWS SDKs' shared-config rules otherwise:
//!
//! - full-line comments start with `#` or `;` (after optional indentation);
//! - an inline comment is `#` or `;` preceded by whitespace and runs to the end of the line,
//!   so `secret#part` keeps its `#`, while `secret # note` is `secret`; a section header may
//!   be followed directly by a comment (`[default]# note`);
//! - whitespace around section names, keys and values is trimmed; blank lines are ignored;
//!   CRLF line endings and a leading UTF-8 byte order mark are accepted;
//! - `key = value` or `key: value` (split at the first `=` or `:`); keys are lowercased, as
//!   `configparser` does, and section names are case-sensitive;
//! - a line indented deeper than the key line before it continues that key: after a key with an
//!   empty value (a nested block such as `s3 =` or, in a `[services x]` section,
//!   `cloudfront =`) the indented `key = value` lines are that key's sub-settings
//!   ([`IniSection::sub`]), and indented lines without a delimiter are skipped; after a key
//!   with a value they are appended to it on a new line, as the CLI does;
//! - a section that appears twice is merged, and a key that appears twice keeps its last value.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crate::error::CredentialsError;

/// A parsed INI file: its sections in order of first appearance, duplicates merged.
///
/// `Debug` shows section names and keys but never values, which may be secrets.
#[derive(Clone, Default)]
pub struct IniFile {
    sections: Vec<IniSection>,
    index: HashMap<String, usize>,
}

impl IniFile {
    /// The section named exactly `name` (as written between the brackets, trimmed).
    pub fn section(&self, name: &str) -> Option<&IniSection> {
        self.index.get(name).and_then(|&i| self.sections.get(i))
    }

    /// All sections, in order of first appearance.
    pub fn sections(&self) -> impl Iterator<Item = &IniSection> + '_ {
        self.sections.iter()
    }
}

impl fmt::Debug for IniFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.sections).finish()
    }
}

/// One `[section]` of an [`IniFile`].
#[derive(Clone)]
pub struct IniSection {
    name: String,
    line: usize,
    properties: BTreeMap<String, String>,
    /// Nested blocks: `key =` followed by indented `sub = value` lines.
    nested: BTreeMap<String, BTreeMap<String, String>>,
}

impl IniSection {
    /// The section name, trimmed: `profile dev` for `[ profile dev ]`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The 1-based line of the section's first header.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The value of `key`. Keys are stored lowercased, so pass a lowercase key.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.properties.get(key).map(String::as_str)
    }

    /// The keys, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        self.properties.keys().map(String::as_str)
    }

    /// The value of `sub` in the nested block under `key` (`cloudfront =` then an indented
    /// `endpoint_url = ...`). Both are stored lowercased.
    ///
    /// ```
    /// use cloudfront::auth::ini::parse_ini;
    ///
    /// let ini = parse_ini("[services dev]\ncloudfront =\n  endpoint_url = http://127.0.0.1:5000\n", "config")?;
    /// let section = ini.section("services dev").unwrap();
    /// assert_eq!(section.sub("cloudfront", "endpoint_url"), Some("http://127.0.0.1:5000"));
    /// # Ok::<(), cloudfront::CredentialsError>(())
    /// ```
    pub fn sub(&self, key: &str, sub: &str) -> Option<&str> {
        self.nested.get(key)?.get(sub).map(String::as_str)
    }
}

impl fmt::Debug for IniSection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Keys<'a>(&'a BTreeMap<String, String>);
        impl fmt::Debug for Keys<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map()
                    .entries(self.0.keys().map(|k| (k, "<redacted>")))
                    .finish()
            }
        }
        f.debug_struct("IniSection")
            .field("name", &self.name)
            .field("line", &self.line)
            .field("properties", &Keys(&self.properties))
            .finish()
    }
}

/// Parses the text of an AWS credentials/config file or a boto file (rules in the
/// [module docs](self#ini-format)). `file_label` names the file in errors.
///
/// Never panics, whatever the input; a line that cannot be understood is a
/// [`CredentialsError::Malformed`] whose message does not repeat the line.
///
/// ```
/// use cloudfront::auth::ini::parse_ini;
///
/// let ini = parse_ini(
///     "\u{feff}# comment\r\n[default]\r\naws_access_key_id = AKID ; note\r\ns3 =\r\n  max_concurrent_requests = 4\r\n",
///     "credentials",
/// )?;
/// assert_eq!(ini.section("default").unwrap().get("aws_access_key_id"), Some("AKID"));
///
/// let err = parse_ini("[default]\nsecret-without-a-key\n", "credentials").unwrap_err();
/// assert!(err.to_string().contains("line 2"));
/// assert!(!err.to_string().contains("secret-without-a-key"));
/// # Ok::<(), cloudfront::CredentialsError>(())
/// ```
pub fn parse_ini(text: &str, file_label: &str) -> Result<IniFile, CredentialsError> {
    let malformed = |line: usize, message: &str| CredentialsError::Malformed {
        file: file_label.to_string(),
        line,
        message: message.to_string(),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut ini = IniFile::default();
    // The section being filled (index into `ini.sections`).
    let mut section: Option<usize> = None;
    // The last key line in that section, and whether its value was empty (a nested block).
    let mut last_key: Option<(String, bool)> = None;
    // Indentation of the last section or key line; deeper lines continue the key.
    let mut indent_level = 0usize;

    for (index, raw) in text.split('\n').enumerate() {
        let line_no = index + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let indent = raw.chars().take_while(|c| c.is_whitespace()).count();

        if indent > indent_level {
            if let (Some(s), Some((key, nested))) = (section, &last_key) {
                let content = strip_inline_comment(trimmed);
                let Some(sec) = ini.sections.get_mut(s) else {
                    continue;
                };
                if *nested {
                    if let Some((k, v)) = content.split_once(['=', ':']) {
                        let k = k.trim();
                        if !k.is_empty() {
                            sec.nested
                                .entry(key.clone())
                                .or_default()
                                .insert(k.to_lowercase(), v.trim().to_string());
                        }
                    }
                } else if !content.is_empty() {
                    if let Some(value) = sec.properties.get_mut(key) {
                        value.push('\n');
                        value.push_str(content);
                    }
                }
                continue;
            }
        }
        indent_level = indent;

        if let Some(header) = trimmed.strip_prefix('[') {
            let name = parse_section_header(header).map_err(|m| malformed(line_no, m))?;
            section = Some(ini.section_index(name, line_no));
            last_key = None;
            continue;
        }

        let content = strip_inline_comment(trimmed);
        let Some(split) = content.find(['=', ':']) else {
            return Err(malformed(
                line_no,
                "expected a [section] header, a key = value pair, a comment starting with # or ;, \
                 or an indented continuation line",
            ));
        };
        // `split` is the byte offset of an ASCII delimiter, so both slices are on char
        // boundaries.
        let key = content[..split].trim();
        let value = content[split + 1..].trim();
        if key.is_empty() {
            return Err(malformed(line_no, "expected a key name before '=' or ':'"));
        }
        let Some(s) = section else {
            return Err(malformed(
                line_no,
                "expected a [section] header before the first key = value pair",
            ));
        };
        let key = key.to_lowercase();
        if let Some(sec) = ini.sections.get_mut(s) {
            sec.properties.insert(key.clone(), value.to_string());
        }
        last_key = Some((key, value.is_empty()));
    }
    Ok(ini)
}

impl IniFile {
    /// The index of section `name`, created if new (duplicates merge into the first).
    fn section_index(&mut self, name: &str, line: usize) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.sections.len();
        self.sections.push(IniSection {
            name: name.to_string(),
            line,
            properties: BTreeMap::new(),
            nested: BTreeMap::new(),
        });
        self.index.insert(name.to_string(), i);
        i
    }
}

/// The name in a section header, given the text after `[`.
fn parse_section_header(after_bracket: &str) -> Result<&str, &'static str> {
    let Some(close) = after_bracket.find(']') else {
        return Err("expected ']' to close the section header");
    };
    let name = after_bracket[..close].trim();
    let rest = after_bracket[close + 1..].trim_start();
    if name.is_empty() {
        return Err("expected a name between '[' and ']'");
    }
    if !(rest.is_empty() || rest.starts_with('#') || rest.starts_with(';')) {
        return Err("expected only a comment after the section header's ']'");
    }
    Ok(name)
}

/// Cuts a `#` or `;` comment that is preceded by whitespace, then trims.
fn strip_inline_comment(text: &str) -> &str {
    let mut prev_whitespace = false;
    for (i, c) in text.char_indices() {
        if (c == '#' || c == ';') && prev_whitespace {
            return text[..i].trim();
        }
        prev_whitespace = c.is_whitespace();
    }
    text.trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> IniFile {
        match parse_ini(text, "test") {
            Ok(ini) => ini,
            Err(e) => panic!("unexpected parse error: {e}"),
        }
    }

    fn value<'a>(ini: &'a IniFile, section: &str, key: &str) -> Option<&'a str> {
        ini.section(section).and_then(|s| s.get(key))
    }

    fn malformed_line(text: &str) -> (usize, String) {
        match parse_ini(text, "f") {
            Err(CredentialsError::Malformed {
                file,
                line,
                message,
            }) => {
                assert_eq!(file, "f");
                (line, message)
            }
            other => panic!("expected Malformed, got {other:?}"),
        }
    }

    #[test]
    fn parses_sections_and_keys() {
        let ini = parse(
            "[default]\naws_access_key_id = AKID\naws_secret_access_key=SECRET\n\n[dev]\nregion = eu-west-1\n",
        );
        assert_eq!(value(&ini, "default", "aws_access_key_id"), Some("AKID"));
        assert_eq!(
            value(&ini, "default", "aws_secret_access_key"),
            Some("SECRET")
        );
        assert_eq!(value(&ini, "dev", "region"), Some("eu-west-1"));
        assert_eq!(ini.section("dev").map(IniSection::line), Some(5));
        let names: Vec<&str> = ini.sections().map(IniSection::name).collect();
        assert_eq!(names, ["default", "dev"]);
    }

    #[test]
    fn empty_input_and_only_comments_are_empty_files() {
        assert_eq!(parse("").sections().count(), 0);
        assert_eq!(parse("# a\n; b\n   # indented\n\n").sections().count(), 0);
    }

    #[test]
    fn full_line_and_inline_comments() {
        let ini = parse(
            "# top\n[default] # header note\n; semi\naws_access_key_id = AKID # note\n\
             aws_secret_access_key = ab#cd;ef\taws ;tail\naws_session_token=tok\t# tab note\n",
        );
        assert_eq!(value(&ini, "default", "aws_access_key_id"), Some("AKID"));
        assert_eq!(
            value(&ini, "default", "aws_secret_access_key"),
            Some("ab#cd;ef\taws")
        );
        assert_eq!(value(&ini, "default", "aws_session_token"), Some("tok"));
    }

    #[test]
    fn hash_without_preceding_space_is_kept() {
        let ini =
            parse("[default]\naws_secret_access_key =abc#def\nk =#starts\nj = #all comment\n");
        assert_eq!(
            value(&ini, "default", "aws_secret_access_key"),
            Some("abc#def")
        );
        assert_eq!(value(&ini, "default", "k"), Some("#starts"));
        assert_eq!(value(&ini, "default", "j"), Some(""));
    }

    #[test]
    fn section_header_may_be_followed_directly_by_a_comment() {
        let ini = parse("[default]#note\nk = v\n[dev];note\nk = w\n");
        assert_eq!(value(&ini, "default", "k"), Some("v"));
        assert_eq!(value(&ini, "dev", "k"), Some("w"));
    }

    #[test]
    fn whitespace_is_trimmed_everywhere() {
        let ini = parse("  [  profile dev  ]  \n\t aws_access_key_id   =   AKID  \t\n");
        assert_eq!(
            value(&ini, "profile dev", "aws_access_key_id"),
            Some("AKID")
        );
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let ini = parse(
            "\u{feff}[default]\r\naws_access_key_id = AKID\r\n\r\naws_secret_access_key = S\r\n",
        );
        assert_eq!(value(&ini, "default", "aws_access_key_id"), Some("AKID"));
        assert_eq!(value(&ini, "default", "aws_secret_access_key"), Some("S"));
    }

    #[test]
    fn keys_are_lowercased_section_names_are_not() {
        let ini = parse("[Credentials]\nAWS_Access_Key_ID = AKID\n");
        assert_eq!(
            value(&ini, "Credentials", "aws_access_key_id"),
            Some("AKID")
        );
        assert!(ini.section("credentials").is_none());
    }

    #[test]
    fn colon_is_a_delimiter_and_first_delimiter_splits() {
        let ini = parse("[p]\nregion: us-east-1\nrole_arn = arn:aws:iam::1:role/x\nk=a=b\n");
        assert_eq!(value(&ini, "p", "region"), Some("us-east-1"));
        assert_eq!(value(&ini, "p", "role_arn"), Some("arn:aws:iam::1:role/x"));
        assert_eq!(value(&ini, "p", "k"), Some("a=b"));
    }

    #[test]
    fn nested_block_after_empty_value_is_skipped() {
        let ini = parse(
            "[default]\ns3 =\n  max_concurrent_requests = 20\n\n  addressing_style = path\n  \
             just-words-no-equals\naws_access_key_id = AKID\n",
        );
        assert_eq!(value(&ini, "default", "s3"), Some(""));
        assert_eq!(value(&ini, "default", "max_concurrent_requests"), None);
        assert_eq!(value(&ini, "default", "addressing_style"), None);
        let section = ini.section("default").unwrap();
        assert_eq!(section.sub("s3", "max_concurrent_requests"), Some("20"));
        assert_eq!(section.sub("s3", "addressing_style"), Some("path"));
        assert_eq!(section.sub("s3", "just-words-no-equals"), None);
        assert_eq!(value(&ini, "default", "aws_access_key_id"), Some("AKID"));
    }

    #[test]
    fn continuation_after_a_value_is_appended_like_configparser() {
        let ini = parse("[default]\nk = first\n   second # note\nnext = 1\n");
        assert_eq!(value(&ini, "default", "k"), Some("first\nsecond"));
        assert_eq!(value(&ini, "default", "next"), Some("1"));
    }

    #[test]
    fn indented_keys_right_after_a_header_are_keys() {
        let ini = parse("[default]\n    a = 1\n    b = 2\n  c = 3\n");
        assert_eq!(value(&ini, "default", "a"), Some("1"));
        assert_eq!(value(&ini, "default", "b"), Some("2"));
        assert_eq!(value(&ini, "default", "c"), Some("3"));
    }

    #[test]
    fn duplicate_sections_merge_and_later_keys_win() {
        let ini = parse("[a]\nx = 1\ny = 1\n[b]\nz = 1\n[a]\ny = 2\nY = 3\n");
        let a = ini.section("a").unwrap();
        assert_eq!(a.get("x"), Some("1"));
        assert_eq!(a.get("y"), Some("3"));
        assert_eq!(a.line(), 1);
        assert_eq!(ini.sections().count(), 2);
        assert_eq!(a.keys().collect::<Vec<_>>(), ["x", "y"]);
    }

    #[test]
    fn line_without_delimiter_is_malformed_without_echoing_it() {
        let (line, message) =
            malformed_line("[default]\naws_access_key_id = AKID\nwJalrXUtnFEMI/K7MDENG\n");
        assert_eq!(line, 3);
        assert!(!message.contains("wJalr"), "{message}");
        assert!(message.contains("expected"), "{message}");
    }

    #[test]
    fn key_before_any_section_is_malformed() {
        let (line, message) = malformed_line("# c\n\naws_access_key_id = AKIDSECRETISH\n");
        assert_eq!(line, 3);
        assert!(message.contains("section"), "{message}");
        assert!(!message.contains("AKIDSECRETISH"));
    }

    #[test]
    fn bad_section_headers_are_malformed() {
        assert_eq!(malformed_line("[default\n").0, 1);
        assert_eq!(malformed_line("k\n[]\n").0, 1);
        assert_eq!(malformed_line("[a]\n[ ]\n").0, 2);
        let (line, message) = malformed_line("[a]\n[b] trailing-secret\n");
        assert_eq!(line, 2);
        assert!(!message.contains("trailing-secret"));
    }

    #[test]
    fn empty_key_is_malformed() {
        let (line, message) = malformed_line("[a]\n = value-secret\n");
        assert_eq!(line, 2);
        assert!(!message.contains("value-secret"));
    }

    #[test]
    fn error_line_numbers_count_crlf_lines_and_bom() {
        assert_eq!(malformed_line("\u{feff}[a]\r\nk = v\r\nbad\r\n").0, 3);
    }

    #[test]
    fn debug_redacts_values() {
        let ini = parse("[default]\naws_secret_access_key = TOPSECRET\n");
        let shown = format!("{ini:?}");
        assert!(shown.contains("aws_secret_access_key"), "{shown}");
        assert!(!shown.contains("TOPSECRET"), "{shown}");
    }

    #[test]
    fn odd_inputs_never_panic() {
        let inputs = [
            "[",
            "]",
            "[]",
            "[[]]",
            "=",
            ":",
            "==",
            "[a]\n=",
            "[a]\n:",
            "\u{feff}",
            "\u{feff}\u{feff}",
            "\r",
            "\r\r\n",
            "[a]\n\tx\n",
            "[é]\nk\u{3000}= v\u{3000}#c",
            "[a]\nk =\n\u{3000}x\n",
            "[a] ;\n#\n;\n k = v ;",
            "[a]\nk = v\n   \u{1F600} ;x",
            "\u{85}[a]\u{85}",
            "[a]\n  #\n  ;",
            " [a\u{2028}]",
            "[a]\nk\u{0}=\u{0}",
            "[a]\n\u{feff}k = v",
        ];
        for input in inputs {
            let _ = parse_ini(input, "fuzz");
        }
        // Every prefix of a realistic file, cut at each char boundary.
        let file =
            "\u{feff}[profile é dev] # c\r\nk = v ; c\r\n s3 =\r\n  a = b\r\n[default]\nx:y\n";
        for (i, _) in file.char_indices() {
            let _ = parse_ini(&file[..i], "fuzz");
        }
    }

    #[test]
    fn random_inputs_from_tricky_characters_never_panic() {
        const ALPHABET: &[char] = &[
            '[',
            ']',
            '=',
            ':',
            '#',
            ';',
            ' ',
            '\t',
            '\r',
            '\n',
            'a',
            'K',
            '"',
            '\'',
            '\u{feff}',
            '\u{3000}',
            'é',
            '\u{1F600}',
            '\u{85}',
            '\u{0}',
        ];
        // A fixed linear congruential generator: deterministic, no dependency.
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..5_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let len = (state >> 58) as usize;
            let text: String = (0..len)
                .map(|_| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1);
                    ALPHABET[(state >> 33) as usize % ALPHABET.len()]
                })
                .collect();
            if let Err(CredentialsError::Malformed { line, .. }) = parse_ini(&text, "fuzz") {
                assert!(line >= 1 && line <= text.split('\n').count(), "{text:?}");
            }
        }
    }

    #[test]
    fn strip_inline_comment_rules() {
        assert_eq!(strip_inline_comment("a # b"), "a");
        assert_eq!(strip_inline_comment("a\t;b"), "a");
        assert_eq!(strip_inline_comment("a#b;c"), "a#b;c");
        assert_eq!(strip_inline_comment("é ;x"), "é");
        assert_eq!(strip_inline_comment("a\u{3000}#x"), "a");
    }
}
