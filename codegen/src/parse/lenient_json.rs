//! Lenient parsing of the JSON examples found in Graph doc pages.
//!
//! Doc examples are often not valid JSON: trailing commas, comments, `...`
//! standing for omitted content, whole documents pasted with escaped quotes.
//! [`parse`] repairs what it can and reports each defect with its line.

use serde_json::Value;

/// The outcome of a lenient parse.
#[derive(Debug, Clone, PartialEq)]
pub struct Lenient {
    /// The value, when the text parsed (possibly after repairs).
    pub value: Option<Value>,
    /// What had to be repaired, or what is suspicious, in order of line.
    pub defects: Vec<Defect>,
    /// Why the text could not be parsed at all, when `value` is `None` (`serde_json`'s message, with line).
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Defect {
    /// 1-based line within the parsed text.
    pub line: u32,
    pub kind: DefectKind,
    /// One short English sentence a maintainer can act on, e.g. "trailing comma before `}`".
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DefectKind {
    TrailingComma,
    /// The whole text is a JSON document with its quotes backslash-escaped (`{\"a\":1}`), as pasted from a string literal.
    EscapedJson,
    /// `//` or `/* */` comments.
    Comment,
    /// An ellipsis standing for omitted content: `...`, `…`, `"..."` as an array element or as a bare line.
    Ellipsis,
    /// A string value that lists alternatives instead of one value: `"notRecording | recording | failed"`.
    /// The value is kept as written (not a repair, only reported).
    Placeholder,
    /// Anything else the repairer had to change (e.g. a missing comma between members, single quotes, unquoted `<placeholder>` values); say what in the message.
    Other,
}

/// Parses `text` as JSON, repairing the usual doc-page defects.
#[must_use]
pub fn parse(text: &str) -> Lenient {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Lenient {
            value: None,
            defects: Vec::new(),
            error: Some("empty JSON block".to_owned()),
        };
    }
    // Fast path: most examples are valid JSON.
    let first_error = match serde_json::from_str::<Value>(text) {
        Ok(value) => {
            let defects = placeholders(&value, text);
            return finish(Some(value), defects, None);
        }
        Err(e) => e,
    };

    let mut defects = Vec::new();
    let escaped = is_escaped(trimmed);
    let unescaped;
    let source = if escaped {
        let message = "JSON document has backslash-escaped quotes; unescaped it";
        defects.push((0, defect(1, DefectKind::EscapedJson, message)));
        unescaped = unescape_quotes(text);
        unescaped.as_str()
    } else {
        text
    };

    let mut repairer = Repairer::new(source, escaped);
    repairer.run();
    defects.append(&mut repairer.defects);
    // Repairs keep every newline, so serde_json's lines are the original ones.
    let result = if defects.is_empty() {
        Err(first_error)
    } else {
        serde_json::from_str::<Value>(&repairer.out)
    };
    // (An unrepaired text still gets one more chance below, as a member fragment.)
    match result {
        Ok(value) => {
            defects.extend(placeholders(&value, text));
            finish(Some(value), defects, None)
        }
        Err(e) => match member_fragment(&repairer.out) {
            // `"joinInformation": { … }`: one member of an object, not a document.
            Some(value) => {
                let leading = &text[..text.len() - text.trim_start().len()];
                let line = u32::try_from(leading.matches('\n').count()).unwrap_or(0) + 1;
                defects.push((
                    0,
                    defect(
                        line,
                        DefectKind::Other,
                        "a member of an object, not a JSON document; read as `{ … }`",
                    ),
                ));
                defects.extend(placeholders(&value, text));
                finish(Some(value), defects, None)
            }
            None => finish(None, defects, Some(e.to_string())),
        },
    }
}

/// Parses `"key": value, …` as the object `{ "key": value, … }`.
fn member_fragment(text: &str) -> Option<Value> {
    let trimmed = text.trim();
    let after_key = trimmed.strip_prefix('"')?.split_once('"')?.1.trim_start();
    if !after_key.starts_with(':') {
        return None;
    }
    serde_json::from_str::<Value>(&format!("{{{}}}", trimmed.trim_end_matches(','))).ok()
}

/// Orders the defects by line, then by their byte position in the text.
fn finish(
    value: Option<Value>,
    mut defects: Vec<(usize, Defect)>,
    error: Option<String>,
) -> Lenient {
    defects.sort_by_key(|(pos, d)| (d.line, *pos));
    Lenient {
        value,
        defects: defects.into_iter().map(|(_, d)| d).collect(),
        error,
    }
}

fn defect(line: u32, kind: DefectKind, message: impl Into<String>) -> Defect {
    Defect {
        line,
        kind,
        message: message.into(),
    }
}

/// `{\"…` or `[\"…`, possibly with the literal's `\n` line breaks before the first key.
fn is_escaped(trimmed: &str) -> bool {
    if !trimmed.starts_with(['{', '[']) {
        return false;
    }
    let mut rest = trimmed.get(1..).unwrap_or("");
    loop {
        let t = rest.trim_start();
        match ["\\n", "\\r", "\\t"].iter().find_map(|e| t.strip_prefix(e)) {
            Some(r) => rest = r,
            None => return t.starts_with("\\\""),
        }
    }
}

/// `\"` → `"` and `\\` → `\`; other escapes stay as written (they are valid inside strings).
fn unescape_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(n @ ('"' | '\\')) => out.push(n),
            Some(n) => {
                out.push('\\');
                out.push(n);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// A comma written to `out` but not yet followed by a value.
struct PendingComma {
    /// Byte offset of the `,` in `out`.
    at: usize,
    /// Byte offset of the `,` in the source, to order defects.
    pos: usize,
    line: u32,
    /// An ellipsis was dropped after it, so a following `]` makes it trailing by our doing.
    after_ellipsis: bool,
}

/// One pass over the text, copying it to `out` with defects removed.
/// Every newline is copied, so lines in `out` match lines in `src`.
struct Repairer<'a> {
    src: &'a str,
    pos: usize,
    line: u32,
    out: String,
    /// Defects with their byte offset in the source.
    defects: Vec<(usize, Defect)>,
    /// The source was escaped JSON: `\n` and friends between tokens are line breaks of the literal.
    escaped: bool,
    /// Last significant character written outside strings (`"` for a whole string), with its line.
    last: Option<(char, u32)>,
    pending_comma: Option<PendingComma>,
    /// An ellipsis element was dropped: its separating comma goes too.
    drop_next_comma: bool,
}

impl<'a> Repairer<'a> {
    fn new(src: &'a str, escaped: bool) -> Self {
        Repairer {
            src,
            pos: 0,
            line: 1,
            out: String::with_capacity(src.len() + 16),
            defects: Vec::new(),
            escaped,
            last: None,
            pending_comma: None,
            drop_next_comma: false,
        }
    }

    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn report(&mut self, line: u32, kind: DefectKind, message: impl Into<String>) {
        self.defects.push((self.pos, defect(line, kind, message)));
    }

    /// Copies one char to `out`, counting lines.
    fn copy(&mut self, c: char) {
        self.out.push(c);
        self.skip(c);
    }

    /// Consumes one char without writing it.
    fn skip(&mut self, c: char) {
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line = self.line.saturating_add(1);
        }
    }

    /// Consumes `s` (a prefix of the rest), writing only its newlines.
    fn blank(&mut self, s: &str) {
        for c in s.chars() {
            if c == '\n' {
                self.out.push('\n');
            }
            self.skip(c);
        }
        self.out.push(' ');
    }

    fn run(&mut self) {
        while let Some(c) = self.rest().chars().next() {
            let rest = self.rest();
            match c {
                '"' if self.ellipsis_element(rest) => {}
                '"' => {
                    self.value_start(c);
                    self.string();
                }
                '/' if rest.starts_with("//") => {
                    let len = rest.find('\n').unwrap_or(rest.len());
                    self.report(self.line, DefectKind::Comment, "`//` comment; removed it");
                    self.blank(rest.get(..len).unwrap_or(rest));
                }
                '/' if rest.starts_with("/*") => {
                    let len = rest
                        .get(2..)
                        .and_then(|r| r.find("*/"))
                        .map_or(rest.len(), |i| i + 4);
                    self.report(
                        self.line,
                        DefectKind::Comment,
                        "`/* */` comment; removed it",
                    );
                    self.blank(rest.get(..len).unwrap_or(rest));
                }
                '.' | '…' if self.bare_ellipsis(rest) => {}
                '\'' if self.single_quoted(rest) => {}
                '<' if self.placeholder(rest) => {}
                c if (c.is_ascii_alphabetic() || c == '_') && self.unquoted_key(rest) => {}
                '\\' if self.escaped && matches!(rest.get(1..2), Some("n" | "r" | "t")) => {
                    // A line break of the pasted literal: whitespace between tokens.
                    self.blank(rest.get(..2).unwrap_or(rest));
                }
                ',' => self.comma(),
                '}' | ']' => {
                    self.close(c);
                    self.copy(c);
                    self.last = Some((c, self.line));
                }
                c if c.is_whitespace() && !c.is_ascii() => {
                    // A no-break space (U+00A0, U+202F) between tokens, which JSON does not
                    // count as whitespace: an ASCII space in its place.
                    if !self
                        .defects
                        .iter()
                        .any(|(_, d)| d.message.contains("no-break"))
                    {
                        let message = format!(
                            "U+{:04X} (a no-break space) between tokens; read as a space",
                            c as u32
                        );
                        self.report(self.line, DefectKind::Other, message);
                    }
                    self.out.push(' ');
                    self.pos += c.len_utf8();
                }
                c if c.is_whitespace() => self.copy(c),
                c => {
                    self.value_start(c);
                    self.copy(c);
                    self.last = Some((c, self.line));
                }
            }
        }
    }

    /// Called before any significant token other than `,`, `}` and `]`.
    fn value_start(&mut self, c: char) {
        self.pending_comma = None;
        self.drop_next_comma = false;
        // A value on a new line right after another value: the comma between them is missing.
        let starts_value = matches!(c, '"' | '{' | '[' | '-') || c.is_ascii_alphanumeric();
        if let Some((prev, line)) = self.last
            && starts_value
            && line < self.line
            && (matches!(prev, '"' | '}' | ']') || prev.is_ascii_alphanumeric())
        {
            self.report(
                line,
                DefectKind::Other,
                "missing comma after this value; inserted one",
            );
            self.out.push(',');
            self.last = Some((',', line));
        }
    }

    /// Copies a double-quoted string verbatim, honouring escapes.
    fn string(&mut self) {
        self.copy('"');
        let mut escape = false;
        while let Some(c) = self.rest().chars().next() {
            self.copy(c);
            match c {
                _ if escape => escape = false,
                '\\' => escape = true,
                '"' => break,
                _ => {}
            }
        }
        self.last = Some(('"', self.line));
    }

    fn comma(&mut self) {
        if self.drop_next_comma {
            // The separator of a dropped ellipsis element, already reported with it.
            self.drop_next_comma = false;
            self.blank(",");
            return;
        }
        if let Some(pending) = &self.pending_comma {
            if !pending.after_ellipsis {
                self.report(self.line, DefectKind::Other, "extra comma; removed it");
            }
            self.blank(",");
            return;
        }
        if matches!(self.last, Some((':', _))) {
            // A missing value, not a separator: leave it for serde_json to report.
            self.copy(',');
            return;
        }
        self.pending_comma = Some(PendingComma {
            at: self.out.len(),
            pos: self.pos,
            line: self.line,
            after_ellipsis: false,
        });
        self.copy(',');
        self.last = Some((',', self.line));
    }

    /// Before `}` / `]`: a pending comma is a trailing one.
    fn close(&mut self, c: char) {
        self.drop_next_comma = false;
        let Some(pending) = self.pending_comma.take() else {
            return;
        };
        if self.out.get(pending.at..pending.at + 1) == Some(",") {
            self.out.replace_range(pending.at..=pending.at, " ");
        }
        if !pending.after_ellipsis {
            let message = format!("trailing comma before `{c}`");
            let kind = DefectKind::TrailingComma;
            self.defects
                .push((pending.pos, defect(pending.line, kind, message)));
        }
    }

    /// Not in value position (after `:`), where dropping it would leave a hole.
    fn element_position(&self) -> bool {
        !matches!(self.last, Some((':', _)))
    }

    fn dropped_ellipsis(&mut self, written: &str, len: usize) {
        let message = format!("ellipsis `{written}` stands for omitted content; dropped it");
        self.report(self.line, DefectKind::Ellipsis, message);
        self.blank(self.rest().get(..len).unwrap_or(""));
        if let Some(pending) = &mut self.pending_comma {
            pending.after_ellipsis = true;
        }
        self.drop_next_comma = true;
    }

    /// `...` or `…` outside strings; returns whether it was dropped.
    fn bare_ellipsis(&mut self, rest: &str) -> bool {
        let len = rest.len() - rest.trim_start_matches(['.', '…']).len();
        let written = rest.get(..len).unwrap_or("");
        if !(written.contains('…') || written.len() >= 3) || !self.element_position() {
            return false;
        }
        self.dropped_ellipsis(written, len);
        true
    }

    /// `"..."` standing alone as an element or member line; returns whether it was dropped.
    fn ellipsis_element(&mut self, rest: &str) -> bool {
        let Some(written) = ["\"...\"", "\"…\""]
            .into_iter()
            .find(|w| rest.starts_with(w))
        else {
            return false;
        };
        let after = rest.get(written.len()..).unwrap_or("").trim_start();
        let alone = after.is_empty() || after.starts_with([',', ']', '}']);
        if !alone || !self.element_position() {
            return false;
        }
        self.dropped_ellipsis(written, written.len());
        true
    }

    /// A short `'text'` on one line becomes `"text"`; returns whether it was converted.
    fn single_quoted(&mut self, rest: &str) -> bool {
        let mut content = String::new();
        // Bounded look-ahead keeps a run of stray `'` linear.
        let mut chars = rest.char_indices().skip(1).take(400);
        let end = loop {
            match chars.next() {
                None | Some((_, '\n' | '\r')) => return false,
                Some((i, '\'')) => break i + 1,
                Some((_, '\\')) => match chars.next() {
                    Some((_, '\'')) => content.push('\''),
                    Some((_, '\n' | '\r')) | None => return false,
                    Some((_, n)) => {
                        content.push('\\');
                        content.push(n);
                    }
                },
                Some((_, '"')) => content.push_str("\\\""),
                Some((_, c)) => content.push(c),
            }
        };
        self.value_start('"');
        self.report(
            self.line,
            DefectKind::Other,
            "single-quoted string; converted to double quotes",
        );
        self.out.push('"');
        self.out.push_str(&content);
        self.out.push('"');
        self.pos += end;
        self.last = Some(('"', self.line));
        true
    }

    /// An unquoted member name (`displayName: "PC-1"`, as in JavaScript) becomes a string;
    /// returns whether it was quoted. Only where a name may stand: after `{` or `,`.
    fn unquoted_key(&mut self, rest: &str) -> bool {
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '@' | '.' | '$')))
            .unwrap_or(rest.len());
        let (name, after) = rest.split_at(len);
        let key_position = matches!(self.out.trim_end().chars().last(), Some('{' | ','));
        if !key_position || !after.trim_start_matches([' ', '\t']).starts_with(':') {
            return false;
        }
        self.value_start('"');
        self.report(
            self.line,
            DefectKind::Other,
            format!("member name `{name}` is not quoted; quoted it"),
        );
        self.out.push('"');
        self.out.push_str(name);
        self.out.push('"');
        self.pos += len;
        self.last = Some(('"', self.line));
        true
    }

    /// An unquoted short `<placeholder>` on one line becomes a string; returns whether it was quoted.
    fn placeholder(&mut self, rest: &str) -> bool {
        // Bounded look-ahead keeps a run of stray `<` linear.
        let Some((end, _)) = rest.char_indices().take(200).find(|&(_, c)| c == '>') else {
            return false;
        };
        let written = rest.get(..=end).unwrap_or("");
        let inner = written.get(1..end).unwrap_or("");
        if inner.trim().is_empty() || inner.contains(['"', '\\', '<', '\n', '\r']) {
            return false;
        }
        self.value_start('"');
        let message = format!("unquoted placeholder `{written}`; quoted it as a string");
        self.report(self.line, DefectKind::Other, message);
        self.out.push('"');
        self.out.push_str(written);
        self.out.push('"');
        self.pos += written.len();
        self.last = Some(('"', self.line));
        true
    }
}

/// Reports string values listing alternatives, e.g. `"a | b | c"`, with their line in `text`.
fn placeholders(value: &Value, text: &str) -> Vec<(usize, Defect)> {
    let mut defects = Vec::new();
    let mut cursor = (0, 1);
    walk_placeholders(value, text, &mut cursor, &mut defects);
    defects
}

fn walk_placeholders(
    value: &Value,
    text: &str,
    cursor: &mut (usize, u32),
    defects: &mut Vec<(usize, Defect)>,
) {
    match value {
        Value::String(s) => {
            if let Some(alternatives) = alternatives(s) {
                let (pos, line) = locate(text, s, cursor);
                let message = format!(
                    "value lists alternatives ({}) instead of one value",
                    alternatives.join(", ")
                );
                defects.push((pos, defect(line, DefectKind::Placeholder, message)));
            }
        }
        Value::Array(items) => {
            for item in items {
                walk_placeholders(item, text, cursor, defects);
            }
        }
        Value::Object(map) => {
            for item in map.values() {
                walk_placeholders(item, text, cursor, defects);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// The alternatives of `"a | b | c"`, when each is a short word.
fn alternatives(s: &str) -> Option<Vec<&str>> {
    if !s.contains(" | ") {
        return None;
    }
    let word = |a: &str| {
        let mut chars = a.chars();
        a.len() <= 64
            && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric())
    };
    let alternatives: Vec<&str> = s.split(" | ").collect();
    alternatives.iter().all(|a| word(a)).then_some(alternatives)
}

/// Byte offset and line of the string literal `s` in `text`, searching on from `cursor`
/// (the previous match and its line: values are walked in document order), falling back to
/// the first occurrence, then to line 1.
fn locate(text: &str, s: &str, cursor: &mut (usize, u32)) -> (usize, u32) {
    let quoted = format!("\"{s}\"");
    let find = |start: usize| {
        let hay = text.get(start..)?;
        hay.find(&quoted).or_else(|| hay.find(s)).map(|i| start + i)
    };
    let (base, base_line, at) = match (find(cursor.0), find(0)) {
        (Some(at), _) => (cursor.0, cursor.1, at),
        (None, Some(at)) => (0, 1, at),
        (None, None) => return (0, 1),
    };
    let newlines = text
        .get(base..at)
        .map_or(0, |between| between.matches('\n').count());
    let line = base_line.saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
    // Past the match's first (ASCII) byte, so a repeated literal finds its next occurrence.
    *cursor = (at + 1, line);
    (at, line)
}

#[cfg(test)]
mod fragment_tests {
    use super::*;

    #[test]
    fn a_member_fragment_is_read_as_an_object() {
        let parsed =
            parse("    \"joinInformation\": {\n        \"contentType\": \"Html\"\n    }\n");
        assert_eq!(
            parsed.value,
            Some(serde_json::json!({"joinInformation": {"contentType": "Html"}}))
        );
        assert_eq!(parsed.defects[0].kind, DefectKind::Other);
        assert!(parse("\"just a string\" trailing").value.is_none());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Seed 003, response example: trailing commas on lines 14 and 50.
    const SEED_RESPONSE: &str = r##"{
  "@odata.type": "#microsoft.graph.call",
  "state": "establishing",
  "direction": "outgoing",
  "callbackUri": "https://bot.contoso.com/callback",
  "callRoutes": [],
  "source": {
    "@odata.type": "#microsoft.graph.participantInfo",
    "identity": {
      "@odata.type": "#microsoft.graph.identitySet",
      "application": {
        "@odata.type": "#microsoft.graph.identity",
        "displayName": "Calling Bot",
        "id": "2891555a-92ff-42e6-80fa-6e1300c6b5c6",
      }
    },
    "region": null,
    "languageId": null
  },
  "targets": [
    {
      "@odata.type": "#microsoft.graph.participantInfo",
      "identity": {
        "@odata.type": "#microsoft.graph.identitySet",
        "user": {
          "@odata.type": "#microsoft.graph.identity",
          "displayName": "John",
          "id": "112f7296-5fa4-42ca-bae8-6a692b15d4b8"
        }
      },
      "region": null,
      "languageId": null
    }
  ],
  "requestedModalities": [
    "audio"
  ],
  "activeModalities": [],
  "mediaConfig": {
    "@odata.type": "#microsoft.graph.serviceHostedMediaConfig",
    "preFetchMedia": [
     {
       "uri": "https://cdn.contoso.com/beep.wav",
       "resourceId": "f8971b04-b53e-418c-9222-c82ce681a582"
     },
     {
       "uri": "https://cdn.contoso.com/cool.wav",
       "resourceId": "86dc814b-c172-4428-9112-60f8ecae1edb"
     }
    ],
  },
  "routingPolicies": [],
  "tenantId": "aa67bd4c-8475-432d-bd41-39f255720e0a",
  "myParticipantId": "499ff390-7a72-40e8-83a0-8fac6295ae7e",
  "id": "2e1a0b00-2db4-4022-9570-243709c565ab",
  "@odata.context": "https://graph.microsoft.com/beta/$metadata#app/calls/$entity",
  "subject": null,
  "terminationReason": null,
  "ringingTimeoutInSeconds": null,
  "mediaState": null,
  "resultInfo": null,
  "answeredBy": null,
  "chatInfo": null,
  "meetingInfo": null,
  "meetingCapability": null,
  "toneInfo": null
}"##;

    /// Seed 003, request example (excerpt): trailing comma on line 7.
    const SEED_REQUEST: &str = r##"{
  "requestedModalities": [
    "audio"
  ],
 "mediaConfig": {
    "@odata.type": "#microsoft.graph.appHostedMediaConfig",
    "blob": "<Media Session Configuration>",
  }
}"##;

    /// Seed 003, the audio media session blob: a whole escaped document.
    const SEED_ESCAPED: &str = r##"{\"mpUri\":\"net.tcp://bot.contoso.com:18732/MediaProcessor\",\"audioRenderContexts\":[\"14778cc4-f54c-43c7-989f-9092e34ef784\"],\"videoRenderContexts\":[],\"audioSourceContexts\":[\"a5dcfc9b-5a54-48ef-86f5-1fdd8508741a\"],\"videoSourceContexts\":[],\"dataRenderContexts\":null,\"dataSourceContexts\":null,\"supportedAudioFormat\":\"Pcm16K\",\"videoSinkEncodingFormats\":[],\"mpMediaSessionId\":\"2379cf46-acf3-4fef-a914-be9627075320\",\"regionAffinity\":null,\"skypeMediaBotsVersion\":\"1.11.1.0086\",\"mediaStackVersion\":\"2018.53.1.1\",\"mpVersion\":\"7.2.0.3881\",\"callId\":\"1b69b141-7f1a-4033-9c34-202737190a20\"}"##;

    /// Seed 001, request body listing the allowed values.
    const SEED_PLACEHOLDER: &str = r##"{
  "clientContext": "clientContext-value",
  "status": "notRecording | recording | failed"
}"##;

    fn kinds_and_lines(l: &Lenient) -> Vec<(DefectKind, u32)> {
        l.defects.iter().map(|d| (d.kind, d.line)).collect()
    }

    #[test]
    fn unquoted_names_and_no_break_spaces_are_repaired() {
        let l = parse(
            "{\n  displayName: \"Cloud PC-HR\",\n  ids: [\"a\", true],\n  \"url\": \"https://x\"\n}",
        );
        assert_eq!(
            l.value,
            Some(
                serde_json::json!({"displayName": "Cloud PC-HR", "ids": ["a", true], "url": "https://x"})
            )
        );
        assert_eq!(
            kinds_and_lines(&l),
            [(DefectKind::Other, 2), (DefectKind::Other, 3)]
        );
        let l = parse("{\n\u{202f}\u{202f}\"a\":\u{a0}1\n}");
        assert_eq!(l.value, Some(serde_json::json!({"a": 1})));
        assert_eq!(kinds_and_lines(&l), [(DefectKind::Other, 2)]);
        // A bare word that is not a name stays for serde_json to refuse.
        assert!(parse("{\"a\": [x, y]}").value.is_none());
    }

    #[test]
    fn valid_json_has_no_defects() {
        let l = parse(r#"{"a": [1, 2, {"b": "x | y z"}], "c": null}"#);
        assert_eq!(
            l.value,
            Some(json!({"a": [1, 2, {"b": "x | y z"}], "c": null}))
        );
        assert!(l.defects.is_empty());
        assert_eq!(l.error, None);
    }

    #[test]
    fn empty_text() {
        for text in ["", "  \n\t", "\r\n\r\n"] {
            let l = parse(text);
            assert_eq!(l.value, None);
            assert!(l.defects.is_empty());
            assert_eq!(l.error.as_deref(), Some("empty JSON block"));
        }
    }

    #[test]
    fn seed_request_trailing_comma() {
        let l = parse(SEED_REQUEST);
        assert_eq!(
            l.value,
            Some(json!({
                "requestedModalities": ["audio"],
                "mediaConfig": {
                    "@odata.type": "#microsoft.graph.appHostedMediaConfig",
                    "blob": "<Media Session Configuration>"
                }
            }))
        );
        assert_eq!(kinds_and_lines(&l), [(DefectKind::TrailingComma, 7)]);
        assert_eq!(l.defects[0].message, "trailing comma before `}`");
        assert_eq!(l.error, None);
    }

    #[test]
    fn seed_response_trailing_commas() {
        let l = parse(SEED_RESPONSE);
        let expected = json!({
          "@odata.type": "#microsoft.graph.call",
          "state": "establishing",
          "direction": "outgoing",
          "callbackUri": "https://bot.contoso.com/callback",
          "callRoutes": [],
          "source": {
            "@odata.type": "#microsoft.graph.participantInfo",
            "identity": {
              "@odata.type": "#microsoft.graph.identitySet",
              "application": {
                "@odata.type": "#microsoft.graph.identity",
                "displayName": "Calling Bot",
                "id": "2891555a-92ff-42e6-80fa-6e1300c6b5c6"
              }
            },
            "region": null,
            "languageId": null
          },
          "targets": [
            {
              "@odata.type": "#microsoft.graph.participantInfo",
              "identity": {
                "@odata.type": "#microsoft.graph.identitySet",
                "user": {
                  "@odata.type": "#microsoft.graph.identity",
                  "displayName": "John",
                  "id": "112f7296-5fa4-42ca-bae8-6a692b15d4b8"
                }
              },
              "region": null,
              "languageId": null
            }
          ],
          "requestedModalities": [
            "audio"
          ],
          "activeModalities": [],
          "mediaConfig": {
            "@odata.type": "#microsoft.graph.serviceHostedMediaConfig",
            "preFetchMedia": [
             {
               "uri": "https://cdn.contoso.com/beep.wav",
               "resourceId": "f8971b04-b53e-418c-9222-c82ce681a582"
             },
             {
               "uri": "https://cdn.contoso.com/cool.wav",
               "resourceId": "86dc814b-c172-4428-9112-60f8ecae1edb"
             }
            ]
          },
          "routingPolicies": [],
          "tenantId": "aa67bd4c-8475-432d-bd41-39f255720e0a",
          "myParticipantId": "499ff390-7a72-40e8-83a0-8fac6295ae7e",
          "id": "2e1a0b00-2db4-4022-9570-243709c565ab",
          "@odata.context": "https://graph.microsoft.com/beta/$metadata#app/calls/$entity",
          "subject": null,
          "terminationReason": null,
          "ringingTimeoutInSeconds": null,
          "mediaState": null,
          "resultInfo": null,
          "answeredBy": null,
          "chatInfo": null,
          "meetingInfo": null,
          "meetingCapability": null,
          "toneInfo": null
        });
        assert_eq!(l.value, Some(expected));
        assert_eq!(
            kinds_and_lines(&l),
            [
                (DefectKind::TrailingComma, 14),
                (DefectKind::TrailingComma, 50)
            ]
        );
        assert_eq!(l.defects[1].message, "trailing comma before `}`");
    }

    #[test]
    fn seed_escaped_json() {
        let l = parse(SEED_ESCAPED);
        let expected = json!({"mpUri":"net.tcp://bot.contoso.com:18732/MediaProcessor","audioRenderContexts":["14778cc4-f54c-43c7-989f-9092e34ef784"],"videoRenderContexts":[],"audioSourceContexts":["a5dcfc9b-5a54-48ef-86f5-1fdd8508741a"],"videoSourceContexts":[],"dataRenderContexts":null,"dataSourceContexts":null,"supportedAudioFormat":"Pcm16K","videoSinkEncodingFormats":[],"mpMediaSessionId":"2379cf46-acf3-4fef-a914-be9627075320","regionAffinity":null,"skypeMediaBotsVersion":"1.11.1.0086","mediaStackVersion":"2018.53.1.1","mpVersion":"7.2.0.3881","callId":"1b69b141-7f1a-4033-9c34-202737190a20"});
        assert_eq!(l.value, Some(expected));
        assert_eq!(kinds_and_lines(&l), [(DefectKind::EscapedJson, 1)]);
        assert_eq!(l.error, None);
    }

    #[test]
    fn escaped_json_keeps_inner_escapes_and_literal_line_breaks() {
        let l = parse(r#"{\n  \"a\": \"say \\\"hi\\\"\\n\",\n  \"b\": [\"c:\\\\d\"]\n}"#);
        assert_eq!(l.value, Some(json!({"a": "say \"hi\"\n", "b": ["c:\\d"]})));
        assert_eq!(kinds_and_lines(&l), [(DefectKind::EscapedJson, 1)]);
    }

    #[test]
    fn seed_placeholder_is_reported_and_kept() {
        let l = parse(SEED_PLACEHOLDER);
        assert_eq!(
            l.value,
            Some(json!({
                "clientContext": "clientContext-value",
                "status": "notRecording | recording | failed"
            }))
        );
        assert_eq!(kinds_and_lines(&l), [(DefectKind::Placeholder, 3)]);
        assert!(
            l.defects[0]
                .message
                .contains("notRecording, recording, failed")
        );
    }

    #[test]
    fn placeholder_lines_follow_document_order() {
        let text = "{\n\"a\": \"on | off\",\n\"b\": 1,\n\"c\": \"on | off\",\n}";
        let l = parse(text);
        assert_eq!(
            l.value,
            Some(json!({"a": "on | off", "b": 1, "c": "on | off"}))
        );
        assert_eq!(
            kinds_and_lines(&l),
            [
                (DefectKind::Placeholder, 2),
                (DefectKind::Placeholder, 4),
                (DefectKind::TrailingComma, 4)
            ]
        );
    }

    #[test]
    fn placeholder_lines_in_crlf_and_escaped_text() {
        let l = parse("{\r\n  \"a\": 1,\r\n  \"b\": \"low | high\"\r\n}");
        assert_eq!(kinds_and_lines(&l), [(DefectKind::Placeholder, 3)]);
        let l = parse("  {\\\"b\\\": \\\"low | high\\\"}\n");
        assert_eq!(l.value, Some(json!({"b": "low | high"})));
        assert_eq!(
            kinds_and_lines(&l),
            [(DefectKind::EscapedJson, 1), (DefectKind::Placeholder, 1)]
        );
    }

    #[test]
    fn not_placeholders() {
        for s in [
            "a|b", "a | b c", "1 | 2", "a | ", "| a | b", "a || b", "x-y | z",
        ] {
            let l = parse(&json!({ "k": s }).to_string());
            assert!(l.defects.is_empty(), "{s}");
        }
    }

    #[test]
    fn ellipsis_at_end_of_array() {
        let l = parse("[1, 2, ...]");
        assert_eq!(l.value, Some(json!([1, 2])));
        assert_eq!(kinds_and_lines(&l), [(DefectKind::Ellipsis, 1)]);
    }

    #[test]
    fn ellipsis_forms() {
        let cases = [
            ("[..., 3]", json!([3])),
            ("[1, …, 3]", json!([1, 3])),
            ("[{\"a\": 1}, {...}]", json!([{"a": 1}, {}])),
            ("{\n  \"a\": 1,\n  ...\n}", json!({"a": 1})),
            (
                "{\n  \"a\": 1,\n  \"…\",\n  \"b\": 2\n}",
                json!({"a": 1, "b": 2}),
            ),
            (
                "{\n  \"value\": [\n    {\"id\": \"1\"},\n    ...\n  ]\n}",
                json!({"value": [{"id": "1"}]}),
            ),
        ];
        for (text, expected) in cases {
            let l = parse(text);
            assert_eq!(l.value, Some(expected), "{text}");
            assert!(
                l.defects.iter().all(|d| d.kind == DefectKind::Ellipsis),
                "{text}"
            );
            assert_eq!(l.defects.len(), 1, "{text}");
        }
        let l = parse("{\n  \"a\": 1,\n  ...\n}");
        assert_eq!(kinds_and_lines(&l), [(DefectKind::Ellipsis, 3)]);
        let l = parse("[\n  1,\n  \"...\",\n  3,\n]");
        assert_eq!(l.value, Some(json!([1, 3])));
        assert_eq!(
            kinds_and_lines(&l),
            [(DefectKind::Ellipsis, 3), (DefectKind::TrailingComma, 4)]
        );
        // Valid JSON takes the fast path: a `"..."` string is a value like any other.
        let l = parse("[1, \"...\", 3]");
        assert_eq!(l.value, Some(json!([1, "...", 3])));
        assert!(l.defects.is_empty());
    }

    #[test]
    fn ellipsis_as_value_is_not_dropped() {
        let l = parse(r#"{"a": ...}"#);
        assert_eq!(l.value, None);
        assert!(l.error.is_some());
    }

    #[test]
    fn comments_are_stripped() {
        let l = parse("{\n  // comment\n  \"a\": 1, /* one\n  two */ \"b\": 2\n}");
        assert_eq!(l.value, Some(json!({"a": 1, "b": 2})));
        assert_eq!(
            kinds_and_lines(&l),
            [(DefectKind::Comment, 2), (DefectKind::Comment, 3)]
        );
    }

    #[test]
    fn trailing_comma_before_comment() {
        let l = parse("[\n  1,\n  2, // last\n]");
        assert_eq!(l.value, Some(json!([1, 2])));
        assert_eq!(
            kinds_and_lines(&l),
            [(DefectKind::TrailingComma, 3), (DefectKind::Comment, 3)]
        );
        assert_eq!(l.defects[0].message, "trailing comma before `]`");
    }

    #[test]
    fn strings_are_left_untouched() {
        let text = r#"{"a": ",}", "b": "http://x//y", "c": "...", "d": "/* x */", "e": "it's <b>", "f": "\"...\"",}"#;
        let l = parse(text);
        assert_eq!(
            l.value,
            Some(json!({
                "a": ",}", "b": "http://x//y", "c": "...", "d": "/* x */",
                "e": "it's <b>", "f": "\"...\""
            }))
        );
        assert_eq!(kinds_and_lines(&l), [(DefectKind::TrailingComma, 1)]);
    }

    #[test]
    fn other_repairs() {
        let l = parse("{\n  \"a\": 1\n  \"b\": 'it\\'s \"x\"',\n  \"c\": <id>,\n}");
        assert_eq!(
            l.value,
            Some(json!({"a": 1, "b": "it's \"x\"", "c": "<id>"}))
        );
        assert_eq!(
            kinds_and_lines(&l),
            [
                (DefectKind::Other, 2),
                (DefectKind::Other, 3),
                (DefectKind::Other, 4),
                (DefectKind::TrailingComma, 4)
            ]
        );
        assert!(l.defects[0].message.contains("missing comma"));
        assert!(l.defects[2].message.contains("`<id>`"));
    }

    #[test]
    fn unparseable_text_gives_error() {
        let l = parse(r#"{"a": }"#);
        assert_eq!(l.value, None);
        assert!(l.defects.is_empty());
        let error = l.error.unwrap_or_default();
        assert!(error.contains("line 1"), "{error}");
    }

    #[test]
    fn error_keeps_original_line_and_defects() {
        let l = parse("{\n  /* a\n  b */\n  \"a\": 1,\n  \"b\": ,\n}");
        assert_eq!(l.value, None);
        assert_eq!(kinds_and_lines(&l), [(DefectKind::Comment, 2)]);
        let error = l.error.unwrap_or_default();
        assert!(error.contains("line 5"), "{error}");
    }

    #[test]
    fn windows_line_endings() {
        let l = parse("{\r\n  \"a\": 1,\r\n  // c\r\n  \"b\": [2,],\r\n}\r\n");
        assert_eq!(l.value, Some(json!({"a": 1, "b": [2]})));
        assert_eq!(
            kinds_and_lines(&l),
            [
                (DefectKind::Comment, 3),
                (DefectKind::TrailingComma, 4),
                (DefectKind::TrailingComma, 4)
            ]
        );
    }

    #[test]
    fn every_prefix_of_seed_examples_returns() {
        for seed in [SEED_RESPONSE, SEED_REQUEST, SEED_ESCAPED, SEED_PLACEHOLDER] {
            for (i, _) in seed.char_indices() {
                let l = parse(seed.get(..i).unwrap_or_default());
                assert!(l.value.is_some() || l.error.is_some());
                let l = parse(seed.get(i..).unwrap_or_default());
                assert!(l.value.is_some() || l.error.is_some());
            }
        }
    }

    #[test]
    fn garbage_never_panics() {
        let samples = [
            "\\",
            "\"",
            "'",
            "<",
            ">",
            "/",
            "/*",
            "*/",
            "//",
            "…",
            "...",
            ",",
            ",,",
            "[,]",
            "{,}",
            "{\\\"",
            "[\\\"",
            "{\\\"a\\\":\\",
            "}}}]]]",
            "[[[{{{",
            "'\\",
            "<\"",
            "\"...",
            "\"…\"",
            "\u{feff}{}",
            "\0\u{1}\u{7f}",
            "é…'<ü>'",
            "[…,…,…]",
            ":::",
            "{\"a\":1\n\"b\"}",
        ];
        for s in samples {
            let l = parse(s);
            assert!(l.value.is_some() || l.error.is_some(), "{s:?}");
        }
        // A little deterministic fuzzing over a JSON-ish alphabet.
        let alphabet: Vec<char> = "{}[]\",:'\\/*.…<> \n\r\ta1é|-".chars().collect();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..5000 {
            let mut s = String::new();
            for _ in 0..(state % 40) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let i = usize::try_from(state % alphabet.len() as u64).unwrap_or(0);
                s.push(alphabet.get(i).copied().unwrap_or(' '));
            }
            let l = parse(&s);
            assert!(l.value.is_some() || l.error.is_some(), "{s:?}");
        }
    }
}
