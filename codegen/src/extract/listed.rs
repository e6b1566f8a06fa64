//! The values a description lists for a string member or parameter:
//! "Possible values are: `notRecording`, `recording`, or `failed`."
//!
//! Two kinds of evidence, so no one language's words decide alone: a phrase
//! that introduces values (in the languages the trees use), and the shape of
//! a list — identifier code spans separated only by commas or one short word
//! (`or`, `или`, `ou`). After a phrase, the first list is taken (two values or
//! more, within the phrase's sentence); without one, a list of three values or
//! more. OData operators (`eq`, `ne`, `not` of "Supports `$filter` (`eq`, `ne`)")
//! are never values.

use super::typeword;
use crate::parse::doc::Inline;

/// Lowercase phrases that introduce listed values.
const PHRASES: &[&str] = &[
    "possible value",
    "supported value",
    "allowed value",
    "valid value",
    "the value can be",
    "возможные значения",
    "возможное значение",
    "поддерживаемые значения",
    "допустимые значения",
    "valores possíveis",
    "possíveis valores",
    "valores suportados",
    "valores permitidos",
    "valores posibles",
    "valeurs possibles",
    "mögliche werte",
];

/// Words of OData query syntax that a description may put in code spans.
const OPERATORS: &[&str] = &[
    "eq", "ne", "not", "in", "gt", "ge", "lt", "le", "and", "or", "has", "any", "all", "null",
    "true", "false",
];

/// The longest text between two values of one list, trimmed (`or`, `и`, `ou`).
const MAX_JOINER_CHARS: usize = 4;

/// The listed values, in page order, without repeats.
pub fn listed_values(description: &Inline) -> Vec<String> {
    let texts: Vec<String> = [
        Some(description.primary()),
        description.en.as_ref().map(|_| description.local.as_str()),
    ]
    .into_iter()
    .flatten()
    .map(str::to_lowercase)
    .collect();
    let Some(primary) = texts.first() else {
        return Vec::new();
    };
    let spans = locate(primary, &description.code);
    let lists = lists(primary, &spans);
    let phrase_at = PHRASES
        .iter()
        .filter_map(|p| primary.find(p).map(|i| i + p.len()))
        .min();
    let chosen = match phrase_at {
        Some(at) => lists
            .iter()
            .find(|l| {
                l.len() >= 2 && spans[l[0]].0 >= at && !sentence_ends(&primary[at..spans[l[0]].0])
            })
            .or_else(|| lists.iter().find(|l| l.len() >= 2 && spans[l[0]].0 >= at)),
        // The phrase only in the translation: its list is the primary's longest.
        None if texts
            .iter()
            .skip(1)
            .any(|t| PHRASES.iter().any(|p| t.contains(p))) =>
        {
            lists
                .iter()
                .filter(|l| l.len() >= 2)
                .max_by_key(|l| l.len())
        }
        None => lists
            .iter()
            .filter(|l| l.len() >= 3)
            .max_by_key(|l| l.len()),
    };
    let mut values: Vec<String> = Vec::new();
    for &i in chosen.map(Vec::as_slice).unwrap_or_default() {
        let value = spans[i].2.trim();
        if !values.iter().any(|v| v == value) {
            values.push(value.to_string());
        }
    }
    values
}

/// Each code span's place in the lowercased text: (start, end, original text).
/// Spans the text does not show (or not in order) are left out.
fn locate<'a>(lower: &str, code: &'a [String]) -> Vec<(usize, usize, &'a str)> {
    let mut cursor = 0;
    let mut out = Vec::new();
    for c in code {
        let needle = c.to_lowercase();
        if needle.trim().is_empty() {
            continue;
        }
        if let Some(start) = find_word(lower, cursor, &needle) {
            cursor = start + needle.len();
            out.push((start, cursor, c.as_str()));
        }
    }
    out
}

/// The first place from `from` where `needle` stands as a word of its own.
fn find_word(text: &str, from: usize, needle: &str) -> Option<usize> {
    let word_char = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut at = from;
    while let Some(i) = text.get(at..).and_then(|rest| rest.find(needle)) {
        let start = at + i;
        let end = start + needle.len();
        if !word_char(text[..start].chars().next_back()) && !word_char(text[end..].chars().next()) {
            return Some(start);
        }
        at = start + text[start..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// Runs of value-like spans joined only by commas or one short word: indexes into `spans`.
fn lists(lower: &str, spans: &[(usize, usize, &str)]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    for (i, &(start, _, text)) in spans.iter().enumerate() {
        let text = text.trim();
        let value_like =
            typeword::is_identifier(text) && !OPERATORS.contains(&text.to_lowercase().as_str());
        if !value_like {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        let joined = current
            .last()
            .is_some_and(|&prev| is_joiner(&lower[spans[prev].1..start]));
        if !joined && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        current.push(i);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// `, `, ` or `, `, или `, ` ou `: commas and at most one short word.
fn is_joiner(gap: &str) -> bool {
    let words: Vec<&str> = gap
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '/' || c == '|')
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [] => true,
        [word] => word.chars().count() <= MAX_JOINER_CHARS && word.chars().all(char::is_alphabetic),
        _ => false,
    }
}

/// Whether a sentence ends in the text (". " or a final "."), so a list after it
/// belongs to another sentence.
fn sentence_ends(text: &str) -> bool {
    text.contains(". ") || text.trim_end().ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, code: &[&str]) -> Inline {
        Inline {
            local: text.to_string(),
            code: code.iter().map(|c| c.to_string()).collect(),
            ..Inline::default()
        }
    }

    #[test]
    fn a_phrase_takes_the_list_of_its_sentence() {
        let d = cell(
            "Possible values are: notRecording, recording, or failed. Supports $filter (eq, ne).",
            &["notRecording", "recording", "failed", "$filter", "eq", "ne"],
        );
        assert_eq!(listed_values(&d), ["notRecording", "recording", "failed"]);
    }

    #[test]
    fn filter_operators_are_never_values() {
        let d = cell(
            "Возможные значения: Delivering, Delivered. Поддерживает $filter (eq, ne, not).",
            &["Delivering", "Delivered", "$filter", "eq", "ne", "not"],
        );
        assert_eq!(listed_values(&d), ["Delivering", "Delivered"]);
    }

    #[test]
    fn a_list_without_a_known_phrase_needs_three_values() {
        let pt = cell(
            "Os valores são: notStarted, running, completed, failed.",
            &["notStarted", "running", "completed", "failed"],
        );
        assert_eq!(
            listed_values(&pt),
            ["notStarted", "running", "completed", "failed"]
        );
        let members = cell("O id e displayName do grupo.", &["id", "displayName"]);
        assert!(listed_values(&members).is_empty());
    }

    #[test]
    fn words_between_spans_break_a_list() {
        let d = cell(
            "Possible values: a, b. See also c for the reason why d.",
            &["a", "b", "c", "d"],
        );
        assert_eq!(listed_values(&d), ["a", "b"]);
    }
}
