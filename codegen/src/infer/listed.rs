//! Listed values ("Possible values are …") become Graph's enums.
//!
//! A string member or body parameter whose description lists values is typed
//! by the named enum those values belong to, so one Graph enum is one Rust
//! enum (`commsOperation.status` and its eleven re-declarations are all
//! `operationStatus`). The rule, in `specs/README.md` (rule 21):
//! 1. A named enum of the version whose members hold every listed value
//!    (case aside; `unknownFutureValue` aside) and whose name is related to the
//!    member's (`operationStatus` ends with `status`; `acceptedModalities`, made
//!    singular, ends with `modality`): the one with fewest members, then the
//!    one of the owner's namespace, then by name.
//! 2. Else the one named enum whose members are exactly the values.
//! 3. Else a re-declared member of a derived type takes its base's enum.
//! 4. Else the enum rule 5 made for a larger value set, by rule 1 (sets are
//!    taken largest first).
//! 5. Else one new enum per namespace, member name and value set, named after
//!    the Graph item: the member's name when it is a compound word that no
//!    type has and that has one value set in the namespace (`recordingStatus`),
//!    else owner + member (`callTranscriptionInfoState`), with `Values`
//!    appended when that too names a type. Its origin is `listed`.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Code, Sink, Source};
use crate::ir::{
    EnumMember, Origin, Primitive, Property, RequestBody, TypeDef, TypeKind, VersionSpec,
};
use crate::naming;

/// Where listed values stand: a type's member or an operation's body parameter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Site {
    Member { owner: String, index: usize },
    Parameter { operation: String, index: usize },
}

/// A rule-5 group of sites: the namespace, the member name and the (lowercased) values.
type GroupKey = (String, String, BTreeSet<String>);

struct NamedEnum {
    name: String,
    local: String,
    namespace: String,
    members: BTreeSet<String>,
}

/// Types every listed-values member and parameter of the version by an enum.
pub fn assign(version: &mut VersionSpec, sink: &mut Sink) {
    dedupe_enum_members(version);
    let named = named_enums(version);
    let mut unmatched: Vec<(Site, String, BTreeSet<String>)> = Vec::new();
    for (site, owner_local, namespace, prop) in sites(version) {
        let values = lowered(&prop.allowed_values);
        if values.is_empty() {
            continue;
        }
        match choose(&named, &values, &prop.name, &owner_local, &namespace) {
            Some(name) => set_type(version, &site, name.to_string()),
            None => unmatched.push((site, namespace, values)),
        }
    }
    let unmatched = inherit_from_bases(version, unmatched);
    create_listed_enums(version, unmatched, sink);
}

/// `notStarted` and `NotStarted` in one enum are one member: Graph's lowerCamel wins.
fn dedupe_enum_members(version: &mut VersionSpec) {
    for ty in version
        .types
        .values_mut()
        .filter(|t| t.kind == TypeKind::Enum)
    {
        ty.members = one_member_per_spelling(std::mem::take(&mut ty.members));
    }
}

/// Case variants of a member are one member, in the first one's place: Graph's lowerCamel
/// spelling, and the first description there is.
fn one_member_per_spelling(members: Vec<EnumMember>) -> Vec<EnumMember> {
    let mut kept: Vec<EnumMember> = Vec::new();
    for member in members {
        match kept
            .iter_mut()
            .find(|k| k.name.eq_ignore_ascii_case(&member.name))
        {
            Some(k) => {
                if !starts_lower(&k.name) && starts_lower(&member.name) {
                    k.name = member.name;
                }
                if k.description.is_empty() {
                    k.description = member.description;
                }
            }
            None => kept.push(member),
        }
    }
    kept
}

fn starts_lower(name: &str) -> bool {
    name.chars().next().is_some_and(char::is_lowercase)
}

fn named_enums(version: &VersionSpec) -> Vec<NamedEnum> {
    version
        .types
        .values()
        .filter(|t| t.kind == TypeKind::Enum && !t.members.is_empty())
        .map(|t| NamedEnum {
            name: t.name.clone(),
            local: crate::ir::typeref_short_name(&t.name).to_lowercase(),
            namespace: namespace_of(&t.name).to_string(),
            members: lowered(t.members.iter().map(|m| &m.name)),
        })
        .collect()
}

/// Lowercased values without `unknownFutureValue` (Graph's evolvable-enum sentinel).
fn lowered<S: AsRef<str>>(values: impl IntoIterator<Item = S>) -> BTreeSet<String> {
    values
        .into_iter()
        .map(|v| v.as_ref().to_lowercase())
        .filter(|v| v != "unknownfuturevalue")
        .collect()
}

fn namespace_of(qualified: &str) -> &str {
    qualified.rsplit_once('.').map_or("", |(ns, _)| ns)
}

/// Every string member and body parameter with listed values, with its owner's
/// short name and namespace (an operation's is its binding type's).
fn sites(version: &VersionSpec) -> Vec<(Site, String, String, Property)> {
    sites_where(version, |p| {
        p.r#type.as_primitive() == Some(Primitive::String) && !p.allowed_values.is_empty()
    })
}

/// Every member and body parameter `keep` accepts, as [`sites`] gives them.
fn sites_where(
    version: &VersionSpec,
    keep: impl Fn(&Property) -> bool,
) -> Vec<(Site, String, String, Property)> {
    let mut out = Vec::new();
    for (name, ty) in &version.types {
        for (index, prop) in ty.properties.iter().enumerate() {
            if keep(prop) {
                let site = Site::Member {
                    owner: name.clone(),
                    index,
                };
                let local = crate::ir::typeref_short_name(name).to_string();
                out.push((site, local, namespace_of(name).to_string(), prop.clone()));
            }
        }
    }
    for (id, op) in &version.operations {
        let Some(RequestBody::Parameters { parameters, .. }) = &op.request_body else {
            continue;
        };
        for (index, prop) in parameters.iter().enumerate() {
            if keep(prop) {
                let site = Site::Parameter {
                    operation: id.clone(),
                    index,
                };
                let namespace = "microsoft.graph".to_string();
                out.push((site, operation_local(id), namespace, prop.clone()));
            }
        }
    }
    out
}

/// `call.updateRecordingStatus` → `callUpdateRecordingStatus`.
fn operation_local(id: &str) -> String {
    let mut out = String::new();
    for (i, part) in id.split('.').enumerate() {
        if i == 0 {
            out.push_str(part);
        } else {
            out.push_str(&upper_first(part));
        }
    }
    out
}

fn choose<'a>(
    named: &'a [NamedEnum],
    values: &BTreeSet<String>,
    prop: &str,
    owner_local: &str,
    namespace: &str,
) -> Option<&'a str> {
    let prop_lower = prop.to_lowercase();
    let singular = naming::singular(prop).to_lowercase();
    let owner_prop = format!("{}{prop_lower}", owner_local.to_lowercase());
    let related = |e: &NamedEnum| {
        e.local.ends_with(&prop_lower) || singular.ends_with(&e.local) || e.local == owner_prop
    };
    let holding = named.iter().filter(|e| values.is_subset(&e.members));
    let best = holding
        .clone()
        .filter(|e| related(e))
        .min_by_key(|e| (e.members.len(), e.namespace != namespace, e.name.as_str()));
    if let Some(e) = best {
        return Some(&e.name);
    }
    let mut exact = holding.filter(|e| values.len() >= 2 && e.members == *values);
    match (exact.next(), exact.next()) {
        (Some(e), None) => Some(&e.name),
        _ => None,
    }
}

fn set_type(version: &mut VersionSpec, site: &Site, name: String) {
    if let Some(prop) = property_mut(version, site) {
        prop.r#type.name = name;
        prop.allowed_values.clear();
    }
}

/// Rule 31: enum-typed members and body parameters whose English description makes their value
/// a comma-separated list of members. Run once the descriptions are final: after inference
/// (seeds carry English spans) and again after the English trees fill them in.
pub fn mark_comma_separated(version: &mut VersionSpec) {
    let enums: BTreeSet<String> = version
        .types
        .values()
        .filter(|t| t.kind == crate::ir::TypeKind::Enum)
        .map(|t| t.name.clone())
        .collect();
    let mark = |prop: &mut Property| {
        if !prop.r#type.collection
            && enums.contains(&prop.r#type.name)
            && says_comma_separated(&prop.description)
        {
            prop.comma_separated = true;
        }
    };
    for ty in version.types.values_mut() {
        ty.properties.iter_mut().for_each(mark);
    }
    for op in version.operations.values_mut() {
        if let Some(RequestBody::Parameters { parameters, .. }) = &mut op.request_body {
            parameters.iter_mut().for_each(mark);
        }
    }
}

/// Whether a member's English description makes its value a list of the listed values:
/// "Multiple values can be combined using a comma-separated list" (`subscription.changeType`).
fn says_comma_separated(text: &crate::ir::Text) -> bool {
    text.en.as_deref().is_some_and(|en| {
        let en = en.to_ascii_lowercase();
        en.contains("comma-separated list") || en.contains("comma separated list")
    })
}

fn property_mut<'a>(version: &'a mut VersionSpec, site: &Site) -> Option<&'a mut Property> {
    match site {
        Site::Member { owner, index } => version.types.get_mut(owner)?.properties.get_mut(*index),
        Site::Parameter { operation, index } => {
            match &mut version.operations.get_mut(operation)?.request_body {
                Some(RequestBody::Parameters { parameters, .. }) => parameters.get_mut(*index),
                _ => None,
            }
        }
    }
}

/// Rule 49: a listed enum (rule 21, case 5) that was made while a named enum lacked the members a
/// translation dropped is that named enum once the English trees settle them (rule 30): beta's
/// `commsOperation.status` and its re-declarations are `operationStatus`, whose `Работает`,
/// `Завершено`, `Не выполнено` only `en-US-2021` names. Rule 21's case 1 picks the named enum,
/// among the `settled` ones only; Graph's lowerCamel spelling of a member wins, as in one enum.
/// A listed enum no reference names any more is removed.
pub fn rejoin_settled(version: &mut VersionSpec, settled: &BTreeSet<String>) {
    let named: Vec<NamedEnum> = named_enums(version)
        .into_iter()
        .filter(|e| settled.contains(&e.name))
        .collect();
    if named.is_empty() {
        return;
    }
    let listed: BTreeMap<String, BTreeSet<String>> = version
        .types
        .values()
        .filter(|t| t.kind == TypeKind::Enum && t.origin == Origin::Listed)
        .map(|t| (t.name.clone(), lowered(t.members.iter().map(|m| &m.name))))
        .collect();
    let mut moves: Vec<(Site, String, String)> = Vec::new();
    let typed_by_listed = |p: &Property| listed.contains_key(&p.r#type.name);
    for (site, owner_local, namespace, prop) in sites_where(version, typed_by_listed) {
        let values = &listed[&prop.r#type.name];
        if let Some(target) = choose(&named, values, &prop.name, &owner_local, &namespace) {
            moves.push((site, prop.r#type.name.clone(), target.to_string()));
        }
    }
    // Each made enum's spellings of the members the named one has join it once, as variants.
    let joins: BTreeSet<(String, String)> = moves
        .iter()
        .map(|(_, from, to)| (from.clone(), to.clone()))
        .collect();
    for (from, to) in joins {
        let from_members = version.types[&from].members.clone();
        if let Some(target) = version.types.get_mut(&to) {
            let mut members = std::mem::take(&mut target.members);
            let variants: Vec<EnumMember> = from_members
                .into_iter()
                .filter(|m| members.iter().any(|t| t.name.eq_ignore_ascii_case(&m.name)))
                .collect();
            members.extend(variants);
            target.members = one_member_per_spelling(members);
        }
    }
    for (site, _, to) in moves {
        if let Some(prop) = property_mut(version, &site) {
            prop.r#type.name = to;
        }
    }
    let function_parameters = version
        .operations
        .values()
        .flat_map(|op| op.function_parameters.iter().map(|p| &p.r#type));
    let named_still: BTreeSet<String> = version
        .type_refs()
        .into_iter()
        .chain(function_parameters)
        .map(|r| r.name.clone())
        .collect();
    version
        .types
        .retain(|name, _| !listed.contains_key(name) || named_still.contains(name));
}

/// A derived type's re-declared member takes the enum its base's member has.
fn inherit_from_bases(
    version: &mut VersionSpec,
    unmatched: Vec<(Site, String, BTreeSet<String>)>,
) -> Vec<(Site, String, BTreeSet<String>)> {
    let mut left = Vec::new();
    for (site, namespace, values) in unmatched {
        let inherited = match &site {
            Site::Member { owner, index } => {
                let name = &version.types[owner].properties[*index].name;
                base_enum(version, owner, name)
            }
            Site::Parameter { .. } => None,
        };
        match inherited {
            Some(name) => set_type(version, &site, name),
            None => left.push((site, namespace, values)),
        }
    }
    left
}

fn base_enum(version: &VersionSpec, owner: &str, member: &str) -> Option<String> {
    let mut seen = BTreeSet::new();
    let mut current = version.types.get(owner)?.base_type.clone();
    while let Some(base) = current {
        if !seen.insert(base.clone()) {
            return None;
        }
        let ty = version.types.get(&base)?;
        if let Some(p) = ty.properties.iter().find(|p| p.name == member) {
            let is_enum = version
                .types
                .get(&p.r#type.name)
                .is_some_and(|t| t.kind == TypeKind::Enum);
            return is_enum.then(|| p.r#type.name.clone());
        }
        current = ty.base_type.clone();
    }
    None
}

/// One new enum per namespace, member name and value set (rule 4).
fn create_listed_enums(
    version: &mut VersionSpec,
    unmatched: Vec<(Site, String, BTreeSet<String>)>,
    sink: &mut Sink,
) {
    let mut groups: BTreeMap<GroupKey, Vec<Site>> = BTreeMap::new();
    for (site, namespace, values) in unmatched {
        let Some(prop) = property_mut(version, &site) else {
            continue;
        };
        groups
            .entry((namespace, prop.name.clone(), values))
            .or_default()
            .push(site);
    }
    let groups = join_overlapping(groups);
    let mut taken: BTreeSet<String> = version.types.keys().map(|n| n.to_lowercase()).collect();
    let mut groups_per_name: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (namespace, prop_name, _) in groups.keys() {
        *groups_per_name
            .entry((namespace.clone(), prop_name.clone()))
            .or_default() += 1;
    }
    // Largest value sets first, so a smaller set with a related name joins
    // the enum a larger one made (`status` of `call.updateRecordingStatus`
    // joins `recordingInfo.recordingStatus`'s `recordingStatus`).
    let mut ordered: Vec<(GroupKey, Vec<Site>)> = groups.into_iter().collect();
    ordered.sort_by(|a, b| b.0.2.len().cmp(&a.0.2.len()).then_with(|| a.0.cmp(&b.0)));
    let mut created: Vec<NamedEnum> = Vec::new();
    for ((namespace, prop_name, values), mut group) in ordered {
        group.sort();
        let owners: BTreeSet<String> = group.iter().map(owner_local).collect();
        let first_owner = owners.iter().next().cloned().unwrap_or_default();
        if let Some(existing) = choose(&created, &values, &prop_name, &first_owner, &namespace) {
            let existing = existing.to_string();
            for site in &group {
                let Some(prop) = property_mut(version, site) else {
                    continue;
                };
                let values = std::mem::take(&mut prop.allowed_values);
                prop.r#type.name = existing.clone();
                let source = prop.source.clone();
                if let Some(ty) = version.types.get_mut(&existing) {
                    ty.sources.push(source);
                    ty.sources.sort();
                    ty.sources.dedup();
                    for value in values {
                        if !ty
                            .members
                            .iter()
                            .any(|m| m.name.eq_ignore_ascii_case(&value))
                        {
                            ty.members.push(EnumMember {
                                name: value,
                                description: Default::default(),
                            });
                        }
                    }
                }
            }
            continue;
        }
        // A compound member name (`recordingStatus`) names the enum when it
        // has one value set in the namespace and no type has the name.
        let compound = prop_name.chars().any(char::is_uppercase)
            && groups_per_name.get(&(namespace.clone(), prop_name.clone())) == Some(&1);
        let mut candidates = Vec::new();
        if compound {
            candidates.push(prop_name.clone());
        }
        let owner_prop = format!("{first_owner}{}", upper_first(&prop_name));
        candidates.push(owner_prop.clone());
        candidates.push(format!("{owner_prop}Values"));
        let Some(local) = candidates
            .into_iter()
            .find(|c| !taken.contains(&format!("{namespace}.{c}").to_lowercase()))
        else {
            let at = first_property(version, &group)
                .map(|p| p.source.clone())
                .unwrap_or_else(|| Source::new("", 0));
            sink.warn(
                Code::NameCollision,
                &at,
                format!("the values listed for `{first_owner}.{prop_name}` get no enum: every name rule 21 gives is taken; the member stays a string"),
            );
            continue;
        };
        let name = format!("{namespace}.{local}");
        taken.insert(name.to_lowercase());
        let mut members: Vec<EnumMember> = Vec::new();
        let mut sources: BTreeSet<Source> = BTreeSet::new();
        for site in &group {
            let Some(prop) = property_mut(version, site) else {
                continue;
            };
            sources.insert(prop.source.clone());
            for value in &prop.allowed_values {
                if !members.iter().any(|m| m.name.eq_ignore_ascii_case(value)) {
                    members.push(EnumMember {
                        name: value.clone(),
                        description: Default::default(),
                    });
                }
            }
        }
        for site in &group {
            set_type(version, site, name.clone());
        }
        created.push(NamedEnum {
            name: name.clone(),
            local: local.to_lowercase(),
            namespace: namespace.clone(),
            members: values.clone(),
        });
        version.types.insert(
            name.clone(),
            TypeDef {
                name,
                kind: TypeKind::Enum,
                origin: Origin::Listed,
                base_type: None,
                key: None,
                open: false,
                description: Default::default(),
                properties: Vec::new(),
                members,
                sources: sources.into_iter().collect(),
                area: None,
            },
        );
    }
}

/// Value sets of one compound member name in a namespace that share a value are one Graph enum
/// listed in parts (`invitationParticipantInfo.endpointType` lists `default`, `voicemail`;
/// `participantInfo.endpointType` lists `default`, `skypeForBusiness`, …): their sites form one
/// group over the union of the values. Disjoint sets (`choiceColumn.displayAs`,
/// `numberColumn.displayAs`) and plain names (`status`, `type`) stay apart.
fn join_overlapping(groups: BTreeMap<GroupKey, Vec<Site>>) -> BTreeMap<GroupKey, Vec<Site>> {
    let mut out: BTreeMap<GroupKey, Vec<Site>> = BTreeMap::new();
    let mut pending: Vec<(GroupKey, Vec<Site>)> = Vec::new();
    for (key, sites) in groups {
        if key.1.chars().any(char::is_uppercase) {
            pending.push((key, sites));
        } else {
            out.insert(key, sites);
        }
    }
    let mut joined: Vec<(GroupKey, Vec<Site>)> = Vec::new();
    for (key, mut sites) in pending {
        let (namespace, name, mut values) = key;
        // Join every earlier group this one overlaps, then keep the union.
        let mut index = 0;
        while index < joined.len() {
            let (other, _) = &joined[index];
            if other.0 == namespace && other.1 == name && !other.2.is_disjoint(&values) {
                let ((_, _, other_values), other_sites) = joined.remove(index);
                values.extend(other_values);
                sites.extend(other_sites);
                index = 0;
            } else {
                index += 1;
            }
        }
        joined.push(((namespace, name, values), sites));
    }
    for (key, mut sites) in joined {
        sites.sort();
        out.entry(key).or_default().extend(sites);
    }
    out
}

fn owner_local(site: &Site) -> String {
    match site {
        Site::Member { owner, .. } => crate::ir::typeref_short_name(owner).to_string(),
        Site::Parameter { operation, .. } => operation_local(operation),
    }
}

fn first_property<'a>(version: &'a VersionSpec, group: &[Site]) -> Option<&'a Property> {
    match group.first()? {
        Site::Member { owner, index } => version.types.get(owner)?.properties.get(*index),
        Site::Parameter { operation, index } => {
            match &version.operations.get(operation)?.request_body {
                Some(RequestBody::Parameters { parameters, .. }) => parameters.get(*index),
                _ => None,
            }
        }
    }
}

fn upper_first(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str, values: &[&str]) -> (String, String, BTreeSet<String>) {
        let values = values.iter().map(|v| v.to_string()).collect();
        ("microsoft.graph".into(), name.into(), values)
    }

    fn member(owner: &str) -> Site {
        Site::Member {
            owner: owner.into(),
            index: 0,
        }
    }

    #[test]
    fn overlapping_sets_of_one_compound_name_are_one_group() {
        let groups = BTreeMap::from([
            (
                key("endpointType", &["default", "voicemail"]),
                vec![member("invitationParticipantInfo")],
            ),
            (
                key("endpointType", &["default", "skypeforbusiness"]),
                vec![member("participantInfo")],
            ),
            (key("displayAs", &["number"]), vec![member("numberColumn")]),
            (
                key("displayAs", &["checkboxes"]),
                vec![member("choiceColumn")],
            ),
            (key("status", &["a", "b"]), vec![member("x")]),
            (key("status", &["b", "c"]), vec![member("y")]),
        ]);
        let joined = join_overlapping(groups);
        let endpoint = key(
            "endpointType",
            &["default", "voicemail", "skypeforbusiness"],
        );
        assert_eq!(
            joined[&endpoint],
            [
                member("invitationParticipantInfo"),
                member("participantInfo")
            ]
        );
        // Disjoint sets and a plain name stay apart: two groups each.
        assert_eq!(joined.keys().filter(|k| k.1 == "displayAs").count(), 2);
        assert_eq!(joined.keys().filter(|k| k.1 == "status").count(), 2);
        assert_eq!(joined.len(), 5);
    }
}
