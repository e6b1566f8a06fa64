//! English text for a spec read from a translated tree.
//!
//! A machine-translated page keeps English only where it keeps the original
//! beside the translation (the seeds' spans). The English trees of the docs
//! (`en-US-2021`, `en-US`) say the rest, for the items they already had: each
//! description is taken from the same Graph item there (the type, the type's
//! member, the enum member, the operation, its body parameter), matched by
//! name and never by position, from the first tree that has it. The text a
//! page gave stays as the secondary text, and `en_source` names the tree the
//! English came from (`specs/README.md`, rule 25).

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Code, Sink};
use crate::ir::{EnumMember, Operation, Property, RequestBody, Spec, Text, TypeDef, VersionSpec};

/// An English tree, read like any other: its label (`en-US-2021`) and its spec.
pub struct EnglishTree {
    pub label: String,
    pub spec: Spec,
}

/// Fills every description without English from `trees`, newest first. A type
/// or operation none of them has is a `no-english` diagnostic (info).
pub fn apply(spec: &mut Spec, trees: &[EnglishTree]) {
    if trees.is_empty() {
        return;
    }
    case_from_english(spec, trees);
    let settled = settle_dropped_enum_members(spec, trees);
    let mut sink = Sink::default();
    for (version, target) in spec.versions.iter_mut() {
        if let Some(settled) = settled.get(version) {
            crate::infer::listed::rejoin_settled(target, settled);
        }
        let mut found = Found::default();
        for tree in trees {
            if let Some(source) = tree.spec.versions.get(version) {
                fill_version(target, source, &tree.label, &mut found);
            }
        }
        crate::infer::listed::mark_comma_separated(target);
        let labels: Vec<&str> = trees.iter().map(|t| t.label.as_str()).collect();
        let labels = labels.join(", ");
        for ty in target.types.values() {
            if !found.types.contains(&ty.name) && !ty.description.is_empty() {
                sink.info(
                    Code::NoEnglish,
                    &ty.sources[0],
                    format!("type `{}` is in no English tree ({labels}): newer than them; its text stays the machine translation", ty.name),
                );
            }
        }
        for op in target.operations.values() {
            if !found.operations.contains(&op.id) {
                sink.info(
                    Code::NoEnglish,
                    &op.source,
                    format!("operation `{}` is in no English tree ({labels}): newer than them; its text stays the machine translation", op.id),
                );
            }
        }
    }
    spec.diagnostics.extend(sink.items);
    spec.diagnostics.sort();
}

/// Rule 52: a type the pages spell only in lowercase (the ru-RU Dynamics pages transliterate
/// `agedAccountsPayable` into Cyrillic and keep only the file name `agedaccountspayable`) takes
/// the spelling of the first English tree whose type of that name has a hump after its first
/// letter (a capitalized `Roles` from a heading says no more than `roles`), with a
/// `name-recovered` info.
fn case_from_english(spec: &mut Spec, trees: &[EnglishTree]) {
    let mut sink = Sink::default();
    for (version, target) in spec.versions.iter_mut() {
        let mut renames: BTreeMap<String, String> = BTreeMap::new();
        for name in target.types.keys() {
            let local = crate::ir::typeref_short_name(name);
            if local.chars().any(|c| c.is_ascii_uppercase()) {
                continue;
            }
            let cased = trees.iter().find_map(|tree| {
                let types = &tree.spec.versions.get(version)?.types;
                types.keys().find(|english| {
                    english.eq_ignore_ascii_case(name)
                        && crate::naming::has_hump(crate::ir::typeref_short_name(english))
                })
            });
            if let Some(cased) = cased.filter(|c| !target.types.contains_key(*c)) {
                let ty = &target.types[name];
                sink.info(
                    Code::NameRecovered,
                    &ty.sources[0],
                    format!("type `{name}` is spelled only in lowercase on these pages; it is `{cased}`, as the English trees spell it"),
                );
                renames.insert(name.clone(), cased.clone());
            }
        }
        crate::infer::canonical::rename(target, &renames);
    }
    spec.diagnostics.extend(sink.items);
}

/// Enum members a translation dropped (`name-unrecoverable`: "enum member `Пропустил` of
/// `microsoft.graph.lifecycleEventType` is translated and no untranslated list settles it"),
/// settled by the English trees: where the first tree that has the enum lists exactly as many
/// members the spec lacks as the pages dropped, those are the dropped ones, in order; where it
/// lists fewer, but every member the spec has, the pages' lists gave the others back, and the
/// English members settle the rest. The enum
/// takes the English order (members the English tree lacks, newer, stay after it), and each
/// settled member is a `name-recovered` info in place of its warning (`specs/README.md`, rule 30).
/// Returns the settled enums of each version.
fn settle_dropped_enum_members(
    spec: &mut Spec,
    trees: &[EnglishTree],
) -> BTreeMap<crate::ir::ApiVersion, BTreeSet<String>> {
    /// A version and an enum's Graph name.
    type EnumKey = (crate::ir::ApiVersion, String);
    // Per version and enum, each dropped word once, in the order the pages gave them.
    let mut dropped: BTreeMap<EnumKey, Vec<String>> = BTreeMap::new();
    for (version, word, owner) in spec.diagnostics.iter().filter_map(dropped_member) {
        let words = dropped.entry((version, owner.to_string())).or_default();
        if !words.iter().any(|w| w == word) {
            words.push(word.to_string());
        }
    }
    // Per enum: (the dropped word, what it is and which tree says so).
    let mut settled: BTreeMap<EnumKey, Vec<(String, String)>> = BTreeMap::new();
    for ((version, owner), words) in &dropped {
        let Some(target) = spec
            .versions
            .get_mut(version)
            .and_then(|v| v.types.get_mut(owner))
        else {
            continue;
        };
        let english = trees.iter().find_map(|tree| {
            let def = tree.spec.versions.get(version)?.types.get(owner)?;
            Some((tree.label.as_str(), &def.members))
        });
        let Some((label, english)) = english else {
            continue;
        };
        let missing: Vec<&EnumMember> = english
            .iter()
            .filter(|m| !target.members.iter().any(|t| t.name == m.name))
            .collect();
        // More words dropped than members missing: the pages' lists gave some back. The
        // English enum settles the rest when it holds every member the spec has (but Graph's
        // sentinel of evolvable enums, `unknownFutureValue`, often newer than the tree).
        let superset = target
            .members
            .iter()
            .filter(|t| t.name != "unknownFutureValue")
            .all(|t| english.iter().any(|m| m.name == t.name));
        let fits = missing.len() == words.len()
            || (!missing.is_empty() && missing.len() < words.len() && superset);
        if !fits {
            continue;
        }
        let mut members: Vec<EnumMember> = english
            .iter()
            .map(|m| {
                target
                    .members
                    .iter()
                    .find(|t| t.name == m.name)
                    .cloned()
                    .unwrap_or_else(|| {
                        let mut description = Text::default();
                        fill(&mut description, &m.description, label);
                        EnumMember {
                            name: m.name.clone(),
                            description,
                        }
                    })
            })
            .collect();
        members.extend(
            target
                .members
                .iter()
                .filter(|t| !english.iter().any(|m| m.name == t.name))
                .cloned(),
        );
        target.members = members;
        let added: Vec<String> = missing.iter().map(|m| format!("`{}`", m.name)).collect();
        settled.insert(
            (*version, owner.clone()),
            words
                .iter()
                .enumerate()
                .map(|(i, word)| {
                    let name = match missing.len() == words.len() {
                        true => format!(
                            "it is `{}`, the member of `{owner}` in {label} that the pages lack",
                            missing[i].name
                        ),
                        false => format!(
                            "it is a member the pages' lists show or one of {}, which `{owner}` in {label} adds",
                            added.join(", ")
                        ),
                    };
                    (word.clone(), name)
                })
                .collect(),
        );
    }
    // Each settled warning becomes the info that says how.
    for d in spec.diagnostics.iter_mut() {
        let Some((version, word, owner)) = dropped_member(d) else {
            continue;
        };
        let Some((_, name)) = settled
            .get(&(version, owner.to_string()))
            .and_then(|s| s.iter().find(|(w, _)| w == word))
        else {
            continue;
        };
        *d = crate::diag::Diagnostic::new(
            crate::diag::Severity::Info,
            Code::NameRecovered,
            &crate::diag::Source::new(d.page.clone(), d.line),
            format!("enum member `{word}` of `{owner}` is translated; {name}"),
        );
    }
    let mut per_version: BTreeMap<crate::ir::ApiVersion, BTreeSet<String>> = BTreeMap::new();
    for (version, owner) in settled.into_keys() {
        per_version.entry(version).or_default().insert(owner);
    }
    per_version
}

/// The version (from the page path, `ru-RU/v1.0/…`), the translated word and the enum of a
/// `name-unrecoverable` warning that an enum member was dropped.
fn dropped_member(d: &crate::diag::Diagnostic) -> Option<(crate::ir::ApiVersion, &str, &str)> {
    const DROPPED: &str = "is translated and no untranslated list settles it; dropped";
    if d.code != Code::NameUnrecoverable || !d.message.ends_with(DROPPED) {
        return None;
    }
    let mut quoted = d.message.split('`').skip(1).step_by(2);
    let (word, owner) = (quoted.next()?, quoted.next()?);
    let version = crate::ir::ApiVersion::parse(d.page.split('/').nth(1)?)?;
    Some((version, word, owner))
}

/// The type or operation a `no-english` diagnostic names (this module writes them).
pub fn missing_item(d: &crate::diag::Diagnostic) -> Option<&str> {
    if d.code != Code::NoEnglish {
        return None;
    }
    d.message.split('`').nth(1)
}

/// The types and operations some English tree has.
#[derive(Default)]
struct Found {
    types: std::collections::BTreeSet<String>,
    operations: std::collections::BTreeSet<String>,
}

fn fill_version(target: &mut VersionSpec, source: &VersionSpec, label: &str, found: &mut Found) {
    let types: BTreeMap<String, &TypeDef> = source
        .types
        .values()
        .map(|t| (t.name.to_lowercase(), t))
        .collect();
    for ty in target.types.values_mut() {
        let Some(english) = types.get(&ty.name.to_lowercase()) else {
            continue;
        };
        found.types.insert(ty.name.clone());
        fill(&mut ty.description, &english.description, label);
        // A member the English tree keeps only on a base type (its page's row repeated the
        // inherited `lastModifiedDateTime`) is the same Graph item: the base's text.
        let inherited: Vec<&Property> = std::iter::once(english.name.clone())
            .chain(crate::ir::ancestors(&source.types, &english.name))
            .filter_map(|name| source.types.get(&name))
            .flat_map(|t| &t.properties)
            .collect();
        fill_properties(&mut ty.properties, &inherited, label);
        fill_members(&mut ty.members, &english.members, label);
    }
    let by_path: BTreeMap<(String, String), &Operation> = source
        .operations
        .values()
        .flat_map(|op| {
            op.paths
                .iter()
                .map(move |p| ((op.method.as_str().to_string(), shape(&p.template)), op))
        })
        .collect();
    // The page that documents an operation, by its path under the version folder.
    let by_page: BTreeMap<&str, &Operation> = source
        .operations
        .values()
        .map(|op| (page_in_tree(&op.source.page), op))
        .collect();
    for op in target.operations.values_mut() {
        let english = source
            .operations
            .get(&op.id)
            .or_else(|| {
                op.paths
                    .iter()
                    .find_map(|p| {
                        by_path.get(&(op.method.as_str().to_string(), shape(&p.template)))
                    })
                    .copied()
            })
            .or_else(|| by_page.get(page_in_tree(&op.source.page)).copied());
        let Some(english) = english else {
            continue;
        };
        found.operations.insert(op.id.clone());
        fill(&mut op.summary, &english.summary, label);
        if let (Some(response), Some(english)) = (&mut op.response, &english.response) {
            fill(&mut response.description, &english.description, label);
        }
        if let (
            Some(RequestBody::Parameters { parameters, .. }),
            Some(RequestBody::Parameters {
                parameters: english,
                ..
            }),
        ) = (&mut op.request_body, &english.request_body)
        {
            let english: Vec<&Property> = english.iter().collect();
            fill_properties(parameters, &english, label);
        }
        // A create's table made its type (rule 43): `Required.` is read in English.
        if let (
            Some(RequestBody::Resource { required, .. }),
            Some(RequestBody::Resource {
                required: english, ..
            }),
        ) = (&mut op.request_body, &english.request_body)
            && required.is_empty()
        {
            required.clone_from(english);
        }
        for header in &mut op.headers {
            if let Some(e) = english
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case(&header.name))
            {
                fill(&mut header.description, &e.description, label);
            }
        }
    }
}

/// `ru-RU/v1.0/api/call-answer.md` → `v1.0/api/call-answer.md`: the page's place in any tree.
fn page_in_tree(page: &str) -> &str {
    page.split_once('/').map_or(page, |(_, rest)| rest)
}

/// A path template without its placeholders' names: `/calls/{}/answer`.
fn shape(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut depth = 0;
    for c in template.chars() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    out.push_str("{}");
                }
            }
            '}' => depth -= 1,
            _ if depth > 0 => {}
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

fn fill_properties(target: &mut [Property], source: &[&Property], label: &str) {
    for prop in target {
        let english = source.iter().find(|p| p.name == prop.name).or_else(|| {
            source
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(&prop.name))
        });
        if let Some(english) = english {
            fill(&mut prop.description, &english.description, label);
        }
    }
}

fn fill_members(target: &mut [EnumMember], source: &[EnumMember], label: &str) {
    for member in target {
        if let Some(english) = source
            .iter()
            .find(|m| m.name.eq_ignore_ascii_case(&member.name))
        {
            fill(&mut member.description, &english.description, label);
        }
    }
}

/// English from `source` where `target` has none. An English tree's pages have
/// no second language, so their text is the `localized` one.
fn fill(target: &mut Text, source: &Text, label: &str) {
    if target.en.is_some() {
        return;
    }
    if let Some(text) = source.best() {
        target.en = Some(text.to_string());
        target.en_source = Some(label.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_do_not_decide_a_path() {
        assert_eq!(
            shape("/communications/calls/{id}/answer"),
            "/communications/calls/{}/answer"
        );
        assert_eq!(
            shape("/communications/calls/{callId}/answer"),
            "/communications/calls/{}/answer"
        );
        assert_eq!(shape("/Me/{a}/{b}"), "/me/{}/{}");
    }

    #[test]
    fn english_fills_only_what_has_none() {
        let mut text = Text {
            localized: Some("Перевод".into()),
            ..Text::default()
        };
        let english = Text {
            localized: Some("The original.".into()),
            ..Text::default()
        };
        fill(&mut text, &english, "en-US-2021");
        assert_eq!(text.en.as_deref(), Some("The original."));
        assert_eq!(text.localized.as_deref(), Some("Перевод"));
        assert_eq!(text.en_source.as_deref(), Some("en-US-2021"));
        let older = Text {
            localized: Some("Older.".into()),
            ..Text::default()
        };
        fill(&mut text, &older, "en-US");
        assert_eq!(text.en.as_deref(), Some("The original."));
    }
}
