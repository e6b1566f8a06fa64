//! Which pages of a docs tree make up an area. The rule for each area lives
//! here and nowhere else.
//!
//! `cloud-communications`: every page under `{v1.0,beta}/{api,resources}/`
//! whose front matter says `ms.prod: cloud-communications`, plus every
//! resource page those link to (`[call](../resources/call.md)`,
//! `[identitySet](identityset.md)`), transitively.

use crate::pipeline::Input;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// Every page.
    All,
    CloudCommunications,
}

impl Area {
    pub fn parse(name: &str) -> Option<Area> {
        match name {
            "all" => Some(Area::All),
            "cloud-communications" => Some(Area::CloudCommunications),
            _ => None,
        }
    }
    pub const NAMES: &'static str = "all, cloud-communications";
}

/// The paths of `pages` in the area. Paths are `/`-separated and relative to
/// the same root, so relative links resolve between them.
pub fn select(area: Area, pages: &[Input]) -> BTreeSet<String> {
    match area {
        Area::All => pages.iter().map(|p| p.path.clone()).collect(),
        Area::CloudCommunications => {
            let by_path: BTreeMap<&str, &[u8]> = pages
                .iter()
                .map(|p| (p.path.as_str(), p.bytes.as_slice()))
                .collect();
            let mut selected: BTreeSet<String> = pages
                .iter()
                .filter(|p| {
                    in_reference_folder(&p.path) && has_prod(&p.bytes, "cloud-communications")
                })
                .map(|p| p.path.clone())
                .collect();
            let mut todo: Vec<String> = selected.iter().cloned().collect();
            while let Some(path) = todo.pop() {
                let Some(bytes) = by_path.get(path.as_str()) else {
                    continue;
                };
                for target in resource_links(&path, &String::from_utf8_lossy(bytes)) {
                    if by_path.contains_key(target.as_str()) && selected.insert(target.clone()) {
                        todo.push(target);
                    }
                }
            }
            selected
        }
    }
}

fn in_reference_folder(path: &str) -> bool {
    let segments: Vec<&str> = path.split('/').collect();
    segments
        .windows(2)
        .any(|w| matches!(w[0], "v1.0" | "beta") && matches!(w[1], "api" | "resources"))
}

/// `ms.prod: <prod>` in the front matter.
fn has_prod(bytes: &[u8], prod: &str) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let mut lines = head.lines();
    if lines.next().map(str::trim) != Some("---") {
        return false;
    }
    lines
        .take_while(|l| l.trim() != "---")
        .filter_map(|l| l.split_once(':'))
        .any(|(k, v)| k.trim() == "ms.prod" && v.trim().trim_matches(['\'', '"']) == prod)
}

/// Targets of markdown links to `…/resources/*.md` pages, resolved against `from`.
pub fn resource_links(from: &str, text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let dir = from.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        rest = &rest[at + 2..];
        let end = rest.find([')', ' ', '\n']).unwrap_or(rest.len());
        let target = rest[..end].split('#').next().unwrap_or("");
        if !target.ends_with(".md") || target.contains("://") {
            continue;
        }
        let resolved = resolve(dir, target);
        if resolved.contains("/resources/") {
            out.insert(resolved);
        }
    }
    out
}

/// The page a relative link on page `from` points to, when both lie in a docs
/// tree (`<tree>/<v1.0|beta>/<api|resources>/…`): `../resources/call.md#x` on
/// `ru-RU/v1.0/api/call-get.md` → `ru-RU/v1.0/resources/call.md`. `None` for links
/// to other sites, site-absolute links, links that leave the tree, and links
/// from pages that are not in one (the seed pages), which cannot be resolved.
pub fn resolve_link(from: &str, target: &str) -> Option<String> {
    let target = target.trim().split(['#', '?']).next()?;
    if !target.ends_with(".md") || target.contains("://") || target.starts_with('/') {
        return None;
    }
    if !in_reference_folder(from) {
        return None;
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
                // Going above the tree's own folder leaves the tree.
                if parts.is_empty() {
                    return None;
                }
            }
            s => parts.push(s),
        }
    }
    let tree = from.split('/').next()?;
    (parts.first() == Some(&tree)).then(|| parts.join("/"))
}

/// A `…/<v1.0|beta>/resources/…` page: one that defines a type.
pub fn is_resource_page(path: &str) -> bool {
    let segments: Vec<&str> = path.split('/').collect();
    segments
        .windows(2)
        .any(|w| matches!(w[0], "v1.0" | "beta") && w[1] == "resources")
}

/// `dir` + relative `target`, with `.` and `..` folded.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> Input {
        Input {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn follows_resource_links_transitively() {
        let pages = [
            page(
                "ru-RU/v1.0/api/call-get.md",
                "---\nms.prod: cloud-communications\n---\n[call](../resources/call.md)",
            ),
            page(
                "ru-RU/v1.0/resources/call.md",
                "---\nms.prod: cloud-communications\n---\n| x | [identitySet](identityset.md) |",
            ),
            page(
                "ru-RU/v1.0/resources/identityset.md",
                "---\nms.prod: microsoft-identity-platform\n---\n[identity](identity.md)",
            ),
            page(
                "ru-RU/v1.0/resources/identity.md",
                "---\nms.prod: microsoft-identity-platform\n---\n",
            ),
            page(
                "ru-RU/v1.0/resources/user.md",
                "---\nms.prod: microsoft-identity-platform\n---\n",
            ),
            page(
                "ru-RU/v1.0/api/user-get.md",
                "---\nms.prod: users\n---\n[user](../resources/user.md)",
            ),
            page(
                "ru-RU/v1.0/concepts/x.md",
                "---\nms.prod: cloud-communications\n---\n[user](../resources/user.md)",
            ),
        ];
        let selected: Vec<_> = select(Area::CloudCommunications, &pages)
            .into_iter()
            .collect();
        assert_eq!(
            selected,
            [
                "ru-RU/v1.0/api/call-get.md",
                "ru-RU/v1.0/resources/call.md",
                "ru-RU/v1.0/resources/identity.md",
                "ru-RU/v1.0/resources/identityset.md"
            ]
        );
    }

    #[test]
    fn links_resolve_inside_the_tree_only() {
        let from = "ru-RU/v1.0/api/call-get.md";
        assert_eq!(
            resolve_link(from, "../resources/call.md#properties").as_deref(),
            Some("ru-RU/v1.0/resources/call.md")
        );
        assert_eq!(
            resolve_link(from, "../../beta/resources/call.md").as_deref(),
            Some("ru-RU/beta/resources/call.md")
        );
        assert_eq!(
            resolve_link(from, "call-list.md").as_deref(),
            Some("ru-RU/v1.0/api/call-list.md")
        );
        assert!(is_resource_page("ru-RU/v1.0/resources/call.md"));
        assert!(!is_resource_page("ru-RU/v1.0/api/call-list.md"));
        for target in [
            "https://learn.microsoft.com/x.md",
            "/graph/api/call-get.md",
            "../../../concepts/x.md",
            "../../../../../x.md",
            "../resources/call",
        ] {
            assert_eq!(resolve_link(from, target), None, "{target}");
        }
        // A seed page is not in a docs tree: its links cannot be resolved.
        assert_eq!(
            resolve_link("pages/000_52f2b910e3db41c3.txt", "../resources/call.md"),
            None
        );
    }

    #[test]
    fn links_resolve_relative_to_the_page() {
        assert_eq!(
            resolve("ru-RU/v1.0/api", "../resources/call.md"),
            "ru-RU/v1.0/resources/call.md"
        );
        assert_eq!(
            resolve("ru-RU/v1.0/resources", "./identity.md"),
            "ru-RU/v1.0/resources/identity.md"
        );
    }
}
