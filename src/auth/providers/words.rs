//! The words of a `credential_process` command line, split as the AWS CLI splits them on
//! POSIX systems (Python's `shlex.split`, POSIX mode, no comments): blanks separate words;
//! `'…'` is literal; in `"…"` a backslash escapes only `"` and `\`; elsewhere a backslash
//! makes the next character literal; quoted and unquoted parts next to each other form one
//! word, and `''` is an empty word.

/// Why a command line cannot be split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SplitError {
    /// A `'` or `"` is not closed.
    UnclosedQuote,
    /// The line ends with a lone backslash.
    TrailingBackslash,
}

/// Splits `line` into words.
pub(crate) fn split_words(line: &str) -> Result<Vec<String>, SplitError> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => words.extend(word.take()),
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next().ok_or(SplitError::UnclosedQuote)? {
                        '\'' => break,
                        c => w.push(c),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next().ok_or(SplitError::UnclosedQuote)? {
                        '"' => break,
                        '\\' => match chars.next().ok_or(SplitError::TrailingBackslash)? {
                            c @ ('"' | '\\') => w.push(c),
                            c => {
                                w.push('\\');
                                w.push(c);
                            }
                        },
                        c => w.push(c),
                    }
                }
            }
            '\\' => {
                let escaped = chars.next().ok_or(SplitError::TrailingBackslash)?;
                word.get_or_insert_with(String::new).push(escaped);
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Vec<String> {
        split_words(line).unwrap()
    }

    // Each expectation is what Python 3.11's `shlex.split` returns for the same line.
    #[test]
    fn blanks_separate_words() {
        assert_eq!(
            split("  aws-vault  exec\tprod\n--json "),
            ["aws-vault", "exec", "prod", "--json"]
        );
        assert!(split("   ").is_empty());
    }

    #[test]
    fn single_quotes_are_literal() {
        assert_eq!(split(r#"echo 'a "b" \c $d'"#), ["echo", r#"a "b" \c $d"#]);
    }

    #[test]
    fn double_quotes_escape_only_quote_and_backslash() {
        assert_eq!(
            split(r#"x "a \"b\" \\ \n $HOME""#),
            ["x", r#"a "b" \ \n $HOME"#]
        );
    }

    #[test]
    fn backslash_outside_quotes_makes_the_next_character_literal() {
        assert_eq!(split(r"a\ b c\\d \'e"), ["a b", r"c\d", "'e"]);
    }

    #[test]
    fn adjacent_parts_form_one_word_and_empty_quotes_an_empty_word() {
        assert_eq!(
            split(r#"pre'mid dle'"post" '' """#),
            ["premid dlepost", "", ""]
        );
        assert_eq!(
            split("/opt/bin/cred --profile=#1"),
            ["/opt/bin/cred", "--profile=#1"]
        );
    }

    #[test]
    fn unclosed_quotes_and_trailing_backslashes_are_errors() {
        assert_eq!(split_words("a 'b"), Err(SplitError::UnclosedQuote));
        assert_eq!(split_words("a \"b"), Err(SplitError::UnclosedQuote));
        assert_eq!(split_words("a \"b\\"), Err(SplitError::TrailingBackslash));
        assert_eq!(split_words("a b\\"), Err(SplitError::TrailingBackslash));
    }
}
