//! Operations indexed by their path templates, segment by segment, so that
//! matching an example's request line to its operation follows the path
//! instead of trying every operation of the version.
//!
//! The rule is [`template_matches`]: a placeholder segment (`{id}`) matches any
//! segment, a literal one compares ASCII-case-insensitively (a function called
//! with arguments, `f(a=1)`, also matches the bare `f`), and the counts of
//! non-empty segments agree. Among several matching operations the first in id
//! order wins. The index gives the same answer, only faster.

#[cfg(test)]
use super::template_matches;
use crate::ir::{HttpMethod, Operation};
use std::collections::{BTreeMap, HashMap};

pub(super) struct Routes<'a> {
    /// Every operation of the version, by id.
    pub operations: &'a BTreeMap<String, Operation>,
    /// One tree of path segments per method. Only looked up, never iterated,
    /// so hashing cannot change any result.
    roots: HashMap<HttpMethod, Node<'a>>,
}

#[derive(Default)]
struct Node<'a> {
    /// Children by literal segment, in ASCII lowercase.
    literal: HashMap<String, Node<'a>>,
    /// The child for a placeholder segment.
    placeholder: Option<Box<Node<'a>>>,
    /// Children by a segment with placeholders inside it (`range(address='{address}')`,
    /// `{item-path}:`), in ASCII lowercase, in the order first seen.
    patterns: Vec<(String, Node<'a>)>,
    /// Templates that end here: `(rank, operation)`, where `rank` is the
    /// operation's position in id order.
    ends: Vec<(usize, &'a Operation)>,
}

impl<'a> Routes<'a> {
    pub fn new(operations: &'a BTreeMap<String, Operation>) -> Self {
        let mut roots: HashMap<HttpMethod, Node<'a>> = HashMap::new();
        for (rank, operation) in operations.values().enumerate() {
            for path in &operation.paths {
                let mut node = roots.entry(operation.method).or_default();
                for segment in segments(&path.template) {
                    node = if super::is_placeholder(segment) {
                        node.placeholder.get_or_insert_default()
                    } else if segment.contains('{') {
                        let pattern = segment.to_ascii_lowercase();
                        let at = match node.patterns.iter().position(|(p, _)| *p == pattern) {
                            Some(at) => at,
                            None => {
                                node.patterns.push((pattern, Node::default()));
                                node.patterns.len() - 1
                            }
                        };
                        &mut node.patterns[at].1
                    } else {
                        node.literal
                            .entry(segment.to_ascii_lowercase())
                            .or_default()
                    };
                }
                node.ends.push((rank, operation));
            }
        }
        Routes { operations, roots }
    }

    /// The first operation, in id order, with a path template that matches the
    /// concrete request `path`.
    pub fn find(&self, method: HttpMethod, path: &str) -> Option<&'a Operation> {
        let keyed = |path: &str| {
            self.find_as_written(method, path).or_else(|| {
                let keyed = keys_as_segments(path)?;
                self.find_as_written(method, &keyed)
            })
        };
        keyed(path).or_else(|| without_aliases(path).iter().find_map(|p| keyed(p)))
    }

    fn find_as_written(&self, method: HttpMethod, path: &str) -> Option<&'a Operation> {
        let mut segments = crate::ir::addressed_by_path(path);
        segments.iter_mut().for_each(|s| s.make_ascii_lowercase());
        let mut best: Option<(usize, &'a Operation)> = None;
        if let Some(root) = self.roots.get(&method) {
            root.collect(&segments, &mut best);
        }
        best.map(|(_, operation)| operation)
    }
}

impl<'a> Node<'a> {
    fn collect(&self, rest: &[String], best: &mut Option<(usize, &'a Operation)>) {
        let Some((first, rest)) = rest.split_first() else {
            if let Some(&found) = self.ends.iter().min_by_key(|(rank, _)| *rank)
                && best.is_none_or(|(rank, _)| found.0 < rank)
            {
                *best = Some(found);
            }
            return;
        };
        if let Some(child) = self.literal.get(first) {
            child.collect(rest, best);
        }
        // A function called with its parameters (`getPstnCalls(fromDateTime=…)`) is
        // the template's bare function name when the page writes it so.
        if let Some(name) = function_name(first)
            && let Some(child) = self.literal.get(name)
        {
            child.collect(rest, best);
        }
        if let Some(child) = &self.placeholder {
            child.collect(rest, best);
        }
        for (pattern, child) in &self.patterns {
            if pattern_fits(pattern, first) {
                child.collect(rest, best);
            }
        }
    }
}

/// The paths Graph's documented aliases stand for, one alias expanded at a time, in order:
/// a drive's `root` is its root item (`…/drive/items/root`) and `root:/{path}:` the item at
/// that path (`…/drive/items/{id}`), `/drive` is the signed-in user's drive (`/me/drive`),
/// and `/me` the signed-in user (`/users/{id}`). Pages document an operation on one form
/// and write their examples on another. Empty when the path uses no alias.
fn without_aliases(path: &str) -> Vec<String> {
    type Rule = fn(&[String]) -> Option<Vec<String>>;
    let drive_root: Rule = |segments| {
        let at = segments
            .windows(2)
            .position(|w| w[0] == "drive" && (w[1] == "root" || w[1] == "root:"))?;
        let mut out = segments.to_vec();
        if out[at + 1] == "root" {
            out.splice(at + 1..at + 2, ["items".to_string(), "root".to_string()]);
        } else {
            // `root:` + the joined item path (`Docs/a.txt:`) → `items/{that item}`.
            // One segment still once the path is written out again.
            let item = out.get(at + 2)?.strip_suffix(':')?.replace('/', "%2F");
            out.splice(at + 1..at + 3, ["items".to_string(), item]);
        }
        Some(out)
    };
    let my_drive: Rule = |segments| {
        (segments.first()? == "drive").then(|| {
            let mut out = vec!["me".to_string()];
            out.extend_from_slice(segments);
            out
        })
    };
    let me: Rule = |segments| {
        (segments.first()? == "me").then(|| {
            let mut out = vec!["users".to_string(), "me".to_string()];
            out.extend_from_slice(&segments[1..]);
            out
        })
    };
    let mut found: Vec<Vec<String>> = vec![crate::ir::addressed_by_path(path)];
    for rule in [drive_root, my_drive, me] {
        let expanded: Vec<Vec<String>> = found.iter().filter_map(|s| rule(s)).collect();
        found.extend(expanded);
    }
    let mut out: Vec<String> = Vec::new();
    for segments in found.into_iter().skip(1) {
        let path = format!("/{}", segments.join("/"));
        if !out.contains(&path) {
            out.push(path);
        }
    }
    out
}

/// OData's key in parentheses as the segment it stands for: `/me/events('AAMk=')/attachments`
/// is `/me/events/AAMk=/attachments`, which `/me/events/{id}/attachments` matches. Only a bare
/// key (not `name=…`: that is a function call or an alternate key); `None` when there is none.
fn keys_as_segments(path: &str) -> Option<String> {
    let mut changed = false;
    let rewritten: Vec<String> = path
        .split('/')
        .map(|segment| {
            let key = segment
                .split_once('(')
                .and_then(|(name, rest)| Some((name, rest.strip_suffix(')')?)))
                .filter(|(name, key)| !name.is_empty() && is_bare_key(key));
            match key {
                Some((name, key)) => {
                    changed = true;
                    format!("{name}/{}", key.trim_matches('\''))
                }
                None => segment.to_string(),
            }
        })
        .collect();
    changed.then(|| rewritten.join("/"))
}

/// `'AAMk='` or `42`, not `externalId='LP4471'` (a quoted key may hold `=`, base64's padding).
fn is_bare_key(key: &str) -> bool {
    let quoted = key.len() >= 2 && key.starts_with('\'') && key.ends_with('\'');
    quoted && !key[1..key.len() - 1].contains('\'') || !key.is_empty() && !key.contains(['=', '\''])
}

/// `getPstnCalls(fromDateTime=2019-11-01)` → `getPstnCalls`; `None` without arguments.
pub(super) fn function_name(segment: &str) -> Option<&str> {
    let (name, args) = segment.split_once('(')?;
    (args.ends_with(')') && !name.is_empty()).then_some(name)
}

/// A segment with placeholders inside it against a concrete one: the literal text agrees
/// (ASCII-case-insensitively) and each placeholder takes one character or more. The
/// concrete `range(address='$A$1')` fits `range(address='{address}')`.
pub(super) fn pattern_fits(pattern: &str, segment: &str) -> bool {
    // Literal text in lowercase; `None` for a placeholder.
    let pieces: Vec<Option<String>> = crate::ir::pieces(pattern)
        .into_iter()
        .map(|piece| match piece {
            crate::ir::Piece::Text(text) => Some(text.to_ascii_lowercase()),
            crate::ir::Piece::Placeholder(_) => None,
        })
        .collect();
    let text = segment.to_ascii_lowercase();
    // The byte offsets reachable after each piece: linear per piece, no backtracking.
    let mut reachable = vec![false; text.len() + 1];
    reachable[0] = true;
    for piece in &pieces {
        let mut next = vec![false; text.len() + 1];
        for at in (0..=text.len()).filter(|&at| reachable[at]) {
            match piece {
                Some(literal) => {
                    if text[at..].starts_with(literal.as_str()) {
                        next[at + literal.len()] = true;
                    }
                }
                None => {
                    for end in (at + 1..=text.len()).filter(|&e| text.is_char_boundary(e)) {
                        next[end] = true;
                    }
                }
            }
        }
        reachable = next;
    }
    reachable[text.len()]
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Source;
    use crate::ir::PathTemplate;

    fn operation(id: &str, method: HttpMethod, templates: &[&str]) -> Operation {
        Operation {
            id: id.to_string(),
            summary: Default::default(),
            method,
            paths: templates
                .iter()
                .map(|t| PathTemplate {
                    template: t.to_string(),
                    params: Vec::new(),
                    deprecated: None,
                    source: Source::new("p.md", 1),
                })
                .collect(),
            permissions: Vec::new(),
            area: None,
            also_documented_at: Vec::new(),
            headers: Vec::new(),
            request_body: None,
            response: None,
            function_parameters: vec![],
            source: Source::new("p.md", 1),
        }
    }

    /// Operations keyed by id, as a version holds them.
    fn by_id(ops: impl IntoIterator<Item = Operation>) -> BTreeMap<String, Operation> {
        ops.into_iter().map(|op| (op.id.clone(), op)).collect()
    }

    /// A request that writes a key OData's way finds the operation of the key's segment.
    #[test]
    fn a_key_in_parentheses_is_the_segment_it_stands_for() {
        let ops = by_id([operation(
            "event.attachments.create",
            HttpMethod::Post,
            &["/me/events/{id}/attachments"],
        )]);
        let routes = Routes::new(&ops);
        let found = |method, path| routes.find(method, path).map(|op| op.id.as_str());
        // Outlook pages write the key OData's way (`message-replyall`, `event-post-attachments`).
        assert_eq!(
            found(
                HttpMethod::Post,
                "/me/events('AAMkAGI1AAAt9AHjAAA=')/attachments"
            ),
            Some("event.attachments.create")
        );
        // An alternate key (`name=…`) is not a bare key: it stays a segment of its own.
        assert_eq!(
            keys_as_segments("/learningProviders/1/learningContents(externalId='LP4471')"),
            None
        );
        assert_eq!(
            keys_as_segments("/me/messages('AAMk=')/replyAll").as_deref(),
            Some("/me/messages/AAMk=/replyAll")
        );
        assert_eq!(found(HttpMethod::Post, "/me/events('x')/other"), None);
        assert_eq!(keys_as_segments("/me/events/x"), None);
    }

    #[test]
    fn aliases_find_the_operation_documented_on_the_long_form() {
        let ops = by_id([
            operation(
                "user.update",
                HttpMethod::Patch,
                &["/users/{id | userPrincipalName}"],
            ),
            operation(
                "driveItem.children.create",
                HttpMethod::Post,
                &["/users/{user-id}/drive/items/{parent-item-id}/children"],
            ),
        ]);
        let routes = Routes::new(&ops);
        let found = |m, p| routes.find(m, p).map(|o| o.id.as_str());
        assert_eq!(found(HttpMethod::Patch, "/me"), Some("user.update"));
        assert_eq!(
            found(HttpMethod::Post, "/me/drive/root/children"),
            Some("driveItem.children.create")
        );
        assert_eq!(
            found(HttpMethod::Post, "/drive/items/abc/children"),
            Some("driveItem.children.create")
        );
        assert_eq!(found(HttpMethod::Patch, "/mine"), None);
        let ops = by_id([
            operation(
                "driveItem.createUploadSession",
                HttpMethod::Post,
                &["/me/drive/items/{itemId}/createUploadSession"],
            ),
            operation(
                "comment.reply",
                HttpMethod::Post,
                &["/me/drive/items/{id}/workbook/comments/{id}/replies"],
            ),
        ]);
        let routes = Routes::new(&ops);
        let found = |m, p| routes.find(m, p).map(|o| o.id.as_str());
        assert_eq!(
            found(
                HttpMethod::Post,
                "/me/drive/root:/Docs/a.txt:/createUploadSession"
            ),
            Some("driveItem.createUploadSession")
        );
        assert_eq!(
            found(
                HttpMethod::Post,
                "/drive/items/1/workbook/comments/2/replies"
            ),
            Some("comment.reply")
        );
    }

    #[test]
    fn placeholders_inside_segments_and_item_paths() {
        let ops = by_id([
            operation(
                "range.update",
                HttpMethod::Patch,
                &[
                    "/me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='{address}')/format",
                ],
            ),
            operation(
                "driveItem.createUploadSession",
                HttpMethod::Post,
                &["/me/drive/root:/{item-path}:/createUploadSession"],
            ),
        ]);
        let routes = Routes::new(&ops);
        let found = |m, p| routes.find(m, p).map(|o| o.id.as_str());
        assert_eq!(
            found(
                HttpMethod::Patch,
                "/me/drive/items/1/workbook/worksheets/Sheet1/range(address='$A$1')/format"
            ),
            Some("range.update")
        );
        assert_eq!(
            found(
                HttpMethod::Post,
                "/me/drive/root:/Docs/a.txt:/createUploadSession"
            ),
            Some("driveItem.createUploadSession")
        );
        assert_eq!(
            found(
                HttpMethod::Post,
                "/me/drive/root:/{item-path}:/createUploadSession"
            ),
            Some("driveItem.createUploadSession")
        );
        assert!(!pattern_fits(
            "range(address='{address}')",
            "range(address='')"
        ));
        assert!(pattern_fits("itemAt(index={index})", "ItemAt(index=3)"));
    }

    /// The index answers what a scan of every operation with
    /// [`template_matches`] answers.
    #[test]
    fn the_index_agrees_with_a_scan() {
        let ops = by_id([
            operation("call.get", HttpMethod::Get, &["/communications/calls/{id}"]),
            operation("a.first", HttpMethod::Get, &["/{x}/calls/{id}"]),
            operation(
                "call.answer",
                HttpMethod::Post,
                &[
                    "/communications/calls/{id}/answer",
                    "/app/calls/{id}/answer",
                ],
            ),
            operation("call.list", HttpMethod::Get, &["/communications/calls"]),
            operation("me.get", HttpMethod::Get, &["/me", "/users/{id}"]),
            operation("z.root", HttpMethod::Get, &["/"]),
            operation(
                "callRecord.getPstnCalls",
                HttpMethod::Get,
                &["/communications/callRecords/getPstnCalls"],
            ),
            operation(
                "call.delete",
                HttpMethod::Delete,
                &["/Communications/Calls/{id}"],
            ),
            operation(
                "range.get",
                HttpMethod::Get,
                &[
                    "/worksheets/{id}/range(address='{address}')",
                    "/drive/root:/{item-path}:/range",
                ],
            ),
        ]);
        let routes = Routes::new(&ops);
        let requests = [
            (HttpMethod::Get, "/worksheets/1/range(address='A1:B2')"),
            (HttpMethod::Get, "/worksheets/1/range(address=A1)"),
            (HttpMethod::Get, "/drive/root:/a/b/c.xlsx:/range"),
            (HttpMethod::Get, "/drive/root:/a/b/c.xlsx/range"),
            (HttpMethod::Get, "/communications/calls/123"),
            (
                HttpMethod::Get,
                "/communications/callRecords/getPstnCalls(fromDateTime=2019-11-01,toDateTime=2019-12-01)",
            ),
            (
                HttpMethod::Get,
                "/communications/callRecords/getPstnCalls(x",
            ),
            (HttpMethod::Get, "/COMMUNICATIONS/calls/123"),
            (HttpMethod::Get, "/communications/calls"),
            (HttpMethod::Get, "communications//calls/"),
            (HttpMethod::Get, "/x/calls/1"),
            (HttpMethod::Get, "/communications/calls/1/2"),
            (HttpMethod::Post, "/app/calls/57/answer"),
            (HttpMethod::Post, "/communications/calls/57/answer"),
            (HttpMethod::Get, "/me"),
            (HttpMethod::Get, "/users/ä"),
            (HttpMethod::Get, "/"),
            (HttpMethod::Get, ""),
            (HttpMethod::Delete, "/communications/calls/9"),
            (HttpMethod::Patch, "/communications/calls/9"),
        ];
        for (method, path) in requests {
            let scanned = ops
                .values()
                .find(|op| {
                    op.method == method
                        && op.paths.iter().any(|p| template_matches(&p.template, path))
                })
                .map(|op| op.id.as_str());
            let indexed = routes.find(method, path).map(|op| op.id.as_str());
            assert_eq!(indexed, scanned, "{method:?} {path}");
        }
        assert_eq!(
            routes
                .find(HttpMethod::Get, "/communications/calls/1")
                .map(|o| o.id.as_str()),
            Some("a.first"),
            "the first in id order wins"
        );
        assert_eq!(
            routes
                .find(
                    HttpMethod::Get,
                    "/communications/callRecords/getPstnCalls(fromDateTime=2019-11-01,toDateTime=2019-12-01)"
                )
                .map(|o| o.id.as_str()),
            Some("callRecord.getPstnCalls"),
            "a function called with arguments is its bare name"
        );
    }
}
