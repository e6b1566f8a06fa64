//! Types defined by resource pages: the JSON representation gives the
//! property names and shapes (untranslated), the property and relationship
//! tables give descriptions, read-only and nullable notes, enum names and
//! linked types. Enum members come from enum tables and from the values the
//! pages list for properties. The rules are in `specs/README.md`.

use super::casing::{Casing, qualify};
use crate::diag::{Code, Sink, Source};
use crate::extract::resource::{EnumFacts, JsonProperty, JsonShape, ResourceFacts, TableProperty};
use crate::extract::typeword::{TypeName, TypeWord};
use crate::ir::typeref_short_name as short;
use crate::ir::{EnumMember, Origin, Primitive, Property, Text, TypeDef, TypeKind, TypeRef};
use std::collections::BTreeMap;
use std::ops::Range;

/// Enum members collected from every page before the enum types are built.
#[derive(Default)]
struct EnumDraft {
    members: Vec<EnumMember>,
    sources: Vec<Source>,
}

impl EnumDraft {
    fn add(&mut self, value: &str, description: Text) {
        match self.members.iter_mut().find(|m| m.name == value) {
            Some(m) if m.description.is_empty() => m.description = description,
            Some(_) => {}
            None => self.members.push(EnumMember {
                name: value.to_string(),
                description,
            }),
        }
    }
}

/// A property or relationship row whose name is translated and that its page
/// cannot settle; the examples may (`super::settle`).
#[derive(Debug, Clone)]
pub struct UnsettledRow {
    /// The type the row belongs to.
    pub owner: String,
    /// The row as a property, under its translated name.
    pub property: Property,
    pub relationship: bool,
}

/// The types and enums the version's resource pages define, and the rows
/// left for the examples to settle. `resources` and `enums` are in page
/// order (pages sorted by path).
pub fn defined_types(
    resources: &[(&ResourceFacts, Option<&str>)],
    vocabulary: &super::vocabulary::Vocabulary,
    enums: &[(&EnumFacts, Option<&str>)],
    casing: &Casing,
    sink: &mut Sink,
) -> (BTreeMap<String, TypeDef>, Vec<UnsettledRow>) {
    // A cased name is taken as written; a lowercase one gets the spelling
    // the rest of the input uses.
    let resolve = |name: &str, cased: bool| -> String {
        if cased {
            qualify(name)
        } else {
            casing.resolve(name).unwrap_or_else(|| qualify(name))
        }
    };
    let mut types: BTreeMap<String, TypeDef> = BTreeMap::new();
    let mut drafts: BTreeMap<String, EnumDraft> = BTreeMap::new();
    let mut unsettled = Vec::new();
    let read: Vec<ResourceFacts> = resources.iter().map(|(r, _)| vocabulary.read(r)).collect();
    let resources: Vec<(&ResourceFacts, Option<&str>)> = read
        .iter()
        .zip(resources)
        .map(|(r, (_, namespace))| (r, *namespace))
        .collect();
    let resources = resources.as_slice();

    for (resource, namespace) in resources {
        let name = in_namespace(&resolve(&resource.name, resource.name_cased), *namespace);
        if let Some(first) = types.get(&name) {
            sink.warn(
                Code::Conflict,
                &resource.source,
                format!(
                    "`{name}` is already defined at {}; this definition is ignored",
                    first.sources[0]
                ),
            );
            continue;
        }
        let properties = properties(resource, &name, casing, &mut drafts, &mut unsettled, sink);
        let kind = if resource.key_property.is_some() {
            TypeKind::Entity
        } else {
            TypeKind::Complex
        };
        types.insert(
            name.clone(),
            TypeDef {
                name: name.clone(),
                kind,
                origin: Origin::Defined,
                // A base named only by a lowercase file link takes the spelling used elsewhere.
                base_type: resource.base_type.as_deref().map(|b| {
                    resolve(
                        b,
                        b.rsplit('.')
                            .next()
                            .is_some_and(|s| s.chars().any(|c| c.is_ascii_uppercase())),
                    )
                }),
                key: resource.key_property.clone(),
                open: resource.open_type,
                description: resource.description.clone(),
                properties,
                members: Vec::new(),
                sources: vec![resource.source.clone()],
                area: None,
            },
        );
    }

    // "Derived types" tables: a derived page that names no base gets this one.
    for (resource, namespace) in resources {
        let base = in_namespace(&resolve(&resource.name, resource.name_cased), *namespace);
        for derived in &resource.derived {
            let name = match derived {
                TypeName::Graph { name, cased } => in_namespace(&resolve(name, *cased), *namespace),
                TypeName::Primitive(_) => continue,
            };
            if let Some(ty) = types
                .get_mut(&name)
                .filter(|t| t.base_type.is_none() && name != base)
            {
                sink.info(
                    Code::InferredType,
                    &resource.source,
                    format!("`{name}` derives from `{base}`: its \"Derived types\" table says so"),
                );
                ty.base_type = Some(base.clone());
            }
        }
    }

    // Enum tables: identifier members as they are; translated ones by
    // position against the values the properties list, when the counts agree.
    let copies = copied_tables(enums);
    for (index, (facts, namespace)) in enums.iter().enumerate() {
        let name = in_namespace(&resolve(&facts.name, facts.name_cased), *namespace);
        let draft = drafts.entry(name.clone()).or_default();
        let known: Vec<String> = draft.members.iter().map(|m| m.name.clone()).collect();
        // A table pasted under the wrong heading (`changeType` listing
        // `countryLookupMethodType`'s members) repeats another enum's table on its page and
        // none of the values the properties list.
        if let Some(original) = copies.get(&index)
            && !known.is_empty()
            && facts.members.iter().all(|m| !known.contains(&m.name))
        {
            sink.warn(
                Code::Conflict,
                &facts.source,
                format!(
                    "the enum table of `{name}` repeats the table of `{original}` on this page and none of the values its properties list ({}); dropped as a copy",
                    known.join(", ")
                ),
            );
            continue;
        }
        draft.sources.push(facts.source.clone());
        // Translated members by position: the table and the properties' list hold as many members
        // (`unknownFutureValue` aside, which lists often leave out) and agree, case aside, on
        // every member the table keeps as an identifier.
        let sentinel = |name: &str| name == "unknownFutureValue";
        let known_core: Vec<&String> = known.iter().filter(|k| !sentinel(k)).collect();
        let core_index: Vec<Option<usize>> = {
            let mut next = 0;
            facts
                .members
                .iter()
                .map(|m| {
                    (!sentinel(&m.name)).then(|| {
                        next += 1;
                        next - 1
                    })
                })
                .collect()
        };
        let positional = core_index.iter().flatten().count() == known_core.len()
            && facts.members.iter().zip(&core_index).all(|(m, i)| match i {
                Some(i) => !m.name_is_identifier || m.name.eq_ignore_ascii_case(known_core[*i]),
                None => true,
            });
        let table: Vec<&str> = facts.members.iter().map(|m| m.name.as_str()).collect();
        let settled = settled_by_listed_values(&table, &known);
        for (index, member) in facts.members.iter().enumerate() {
            if let Some(value) = settled.get(&index) {
                sink.info(
                    Code::NameRecovered,
                    &Source::new(&facts.source.page, member.line),
                    format!("enum member `{}` of `{name}` is `{value}`: the values the properties list name it so, between the same members", member.name),
                );
                draft.add(value, member.description.clone());
                continue;
            }
            if member.name_is_identifier {
                draft.add(&member.name, member.description.clone());
                continue;
            }
            let at = Source::new(&facts.source.page, member.line);
            match core_index[index]
                .and_then(|i| known_core.get(i))
                .filter(|_| positional)
            {
                Some(value) => {
                    sink.info(
                        Code::NameRecovered,
                        &at,
                        format!("enum member `{}` of `{name}` is translated; it is `{value}` by position in the values the properties list", member.name),
                    );
                    draft.add(value, member.description.clone());
                }
                None => sink.warn(
                    Code::NameUnrecoverable,
                    &at,
                    format!("enum member `{}` of `{name}` is translated and no untranslated list settles it; dropped", member.name),
                ),
            }
        }
    }
    for (name, draft) in drafts {
        if types.contains_key(&name) {
            continue;
        }
        let mut sources = draft.sources;
        sources.sort();
        sources.dedup();
        types.insert(
            name.clone(),
            TypeDef {
                name,
                kind: TypeKind::Enum,
                origin: Origin::Defined,
                base_type: None,
                key: None,
                open: false,
                description: Text::default(),
                properties: Vec::new(),
                members: draft.members,
                sources,
                area: None,
            },
        );
    }
    (types, unsettled)
}

/// Members of an enum table that a translation mangled into other identifiers, by the values
/// the properties list (`listed`, code spans that translations keep), as `index → value`
/// (`specs/README.md`, rule 37): a member that is a lowercase word, where the list holds one
/// value no member names between the same two members (`desconhecido`, first of the table and
/// before `groupCall`, is `unknown`), and not a misspelling of it (other first letters). A list
/// must name two members at least; a run of two mangled members settles nothing.
fn settled_by_listed_values(table: &[&str], listed: &[String]) -> BTreeMap<usize, String> {
    let position = |m: &str| listed.iter().position(|v| v == m);
    let in_table = |v: &str| table.iter().any(|m| m.eq_ignore_ascii_case(v));
    let mut out = BTreeMap::new();
    if table.iter().filter(|m| position(m).is_some()).count() < 2 {
        return out;
    }
    let partner: Vec<Option<usize>> = table.iter().map(|m| position(m)).collect();
    for (members, values) in gaps(&partner, listed.len()) {
        // One member the list does not hold, between members it does.
        let ([member], index) = (&table[members.clone()], members.start) else {
            continue;
        };
        // A translation is a word of the language (`desconhecido`): lowercase letters only,
        // unlike Graph's camelCase names, whose misspellings (`externalNonParther`) stay
        // as the table writes them. Other casings are one member already (dedupe).
        let translated_word = member.len() > 2 && member.chars().all(|c| c.is_ascii_lowercase());
        if !translated_word {
            continue;
        }
        let between: Vec<&String> = listed[values].iter().filter(|v| !in_table(v)).collect();
        if let [value] = between[..]
            && crate::extract::typeword::is_identifier(value)
            && !value.eq_ignore_ascii_case(member)
            && value.get(..3).map(str::to_ascii_lowercase) != member.get(..3).map(str::to_string)
        {
            out.insert(index, value.clone());
        }
    }
    out
}

/// The enum tables that repeat, member for member, the table of another enum on the same
/// page: each with the name of that other enum.
fn copied_tables(enums: &[(&EnumFacts, Option<&str>)]) -> BTreeMap<usize, String> {
    let mut by_page: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (facts, _)) in enums.iter().enumerate() {
        if facts.members.len() >= 2 && facts.members.iter().all(|m| m.name_is_identifier) {
            by_page
                .entry(facts.source.page.as_str())
                .or_default()
                .push(i);
        }
    }
    let names = |i: usize| enums[i].0.members.iter().map(|m| m.name.as_str());
    let mut out = BTreeMap::new();
    for tables in by_page.values() {
        for &a in tables {
            for &b in tables {
                if a != b && enums[a].0.name != enums[b].0.name && names(a).eq(names(b)) {
                    out.entry(a).or_insert_with(|| enums[b].0.name.clone());
                }
            }
        }
    }
    out
}

fn properties(
    resource: &ResourceFacts,
    owner: &str,
    casing: &Casing,
    drafts: &mut BTreeMap<String, EnumDraft>,
    unsettled: &mut Vec<UnsettledRow>,
    sink: &mut Sink,
) -> Vec<Property> {
    let page = &resource.source.page;
    let at = |line| Source::new(page, line);
    let rows: Vec<TableProperty> = resource.table_properties.iter().map(clean_row).collect();
    let rows = &rows;
    let mut row_of: Vec<Option<usize>> = resource
        .json_properties
        .iter()
        .map(|jp| {
            rows.iter().position(|r| r.name == jp.name).or_else(|| {
                rows.iter()
                    .position(|r| r.name.eq_ignore_ascii_case(&jp.name))
            })
        })
        .collect();
    // Rows whose name is mangled (`dressipAddress` for `reflexiveIPAddress`)
    // or translated (`Порт`): paired with the one JSON member in the same
    // place between rows that did match, when the types agree.
    let annotated = &resource.optional_properties;
    for (r, m) in pair_in_gaps(rows, &resource.json_properties, &row_of, annotated) {
        row_of[m] = Some(r);
        let how = if rows[r].name_is_identifier {
            "is mangled"
        } else {
            "is translated"
        };
        sink.info(
            Code::NameRecovered,
            &at(rows[r].line),
            format!(
                "property `{}` {how}; it is `{}`: the JSON member in the same place between rows that match, of the same type",
                rows[r].name, resource.json_properties[m].name
            ),
        );
    }
    // Translated names (`состояние`) left: pair the rows no JSON member claimed
    // with the members no row claimed, by position, when the counts agree.
    let free_rows: Vec<usize> = (0..rows.len())
        .filter(|i| !row_of.contains(&Some(*i)) && !rows[*i].name_is_identifier)
        .collect();
    let free_members: Vec<usize> = (0..row_of.len()).filter(|i| row_of[*i].is_none()).collect();
    // A translation that reads like an identifier (`assunto` for `subject`): rows
    // that name no JSON member pair with the members no row names, when the
    // counts agree and every pair agrees on type.
    let stray_rows: Vec<usize> = (0..rows.len())
        .filter(|i| !row_of.contains(&Some(*i)) && rows[*i].name_is_identifier)
        .collect();
    let strays_pair = free_rows.is_empty()
        && !stray_rows.is_empty()
        && stray_rows.len() == free_members.len()
        && stray_rows
            .iter()
            .zip(&free_members)
            .all(|(&r, &m)| same_type(&rows[r], &resource.json_properties[m]));
    if strays_pair {
        for (&r, &m) in stray_rows.iter().zip(&free_members) {
            row_of[m] = Some(r);
            sink.info(
                Code::NameRecovered,
                &at(rows[r].line),
                format!(
                    "property `{}` names no JSON member; it is `{}`, the member no row names, of the same type (a translation that reads like an identifier)",
                    rows[r].name, resource.json_properties[m].name
                ),
            );
        }
    } else if !free_rows.is_empty() && free_rows.len() == free_members.len() {
        let members = &resource.json_properties;
        let (order, how) = by_position(rows, members, &free_rows, free_members);
        for (&r, &m) in free_rows.iter().zip(&order) {
            row_of[m] = Some(r);
            sink.info(
                Code::NameRecovered,
                &at(rows[r].line),
                format!(
                    "property `{}` is translated; it is `{}` from the JSON representation, by {how} among the unmatched rows",
                    rows[r].name, members[m].name
                ),
            );
        }
    } else {
        for &r in &free_rows {
            unsettled.extend(unsettle(&rows[r], owner, false, casing, drafts, page, sink));
        }
    }

    let mut out: Vec<Property> = Vec::new();
    for (jp, row) in resource.json_properties.iter().zip(&row_of) {
        let row = row.map(|r| &rows[r]);
        let (r#type, allowed) = json_type(jp, row, owner, casing, drafts, &at(jp.line), sink);
        out.push(Property {
            name: jp.name.clone(),
            r#type,
            description: row.map(|r| r.description.clone()).unwrap_or_default(),
            nullable: row.is_some_and(|r| r.nullable),
            read_only: row.is_some_and(|r| r.read_only),
            navigation: false,
            allowed_values: allowed,
            one_of: Vec::new(),
            comma_separated: false,
            source: at(jp.line),
        });
    }
    // Rows the JSON representation does not show.
    for (index, row) in rows.iter().enumerate() {
        if row_of.contains(&Some(index))
            || !row.name_is_identifier
            || out.iter().any(|p| p.name == row.name)
        {
            continue;
        }
        let Some(r#type) = table_type(row, casing, drafts) else {
            sink.warn(
                Code::UnknownType,
                &at(row.line),
                format!(
                    "`{}.{}`: the table gives no type we can read; ignored",
                    short(owner),
                    row.name
                ),
            );
            continue;
        };
        sink.info(
            Code::Conflict,
            &at(row.line),
            format!("`{}.{}` is in the properties table but not in the JSON representation; kept from the table", short(owner), row.name),
        );
        out.push(table_property(row, r#type, false, page, casing));
    }
    for row in resource.relationships.iter().map(clean_row) {
        let row = &row;
        if !row.name_is_identifier {
            unsettled.extend(unsettle(row, owner, true, casing, drafts, page, sink));
            continue;
        }
        if out.iter().any(|p| p.name == row.name) {
            continue;
        }
        match table_type(row, casing, drafts) {
            Some(r#type) => out.push(table_property(row, r#type, true, page, casing)),
            None => sink.warn(
                Code::UnknownType,
                &at(row.line),
                format!(
                    "relationship `{}.{}` has no type we can read; ignored",
                    short(owner),
                    row.name
                ),
            ),
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// `(row, member)` pairs for rows no member claimed by name: in each gap
/// between consecutive matched rows, when the gap holds as many unclaimed rows
/// as the JSON representation holds unclaimed members between the same two
/// rows, they pair in order, if every pair agrees on type. A row whose name is
/// an identifier must also share a four-letter end or start with its member:
/// it may be a property the JSON representation simply leaves out.
fn pair_in_gaps(
    rows: &[TableProperty],
    members: &[JsonProperty],
    row_of: &[Option<usize>],
    annotated: &[String],
) -> Vec<(usize, usize)> {
    let mut member_of: Vec<Option<usize>> = vec![None; rows.len()];
    for (m, r) in row_of.iter().enumerate() {
        if let Some(r) = r {
            member_of[*r] = Some(m);
        }
    }
    let mut pairs = Vec::new();
    for (gap_rows, gap_members) in gaps(&member_of, members.len()) {
        let gap_rows: Vec<usize> = gap_rows.collect();
        let gap_members: Vec<usize> = gap_members.filter(|m| row_of[*m].is_none()).collect();
        if gap_rows.is_empty() || gap_rows.len() != gap_members.len() {
            continue;
        }
        // A row of the gap that is no identifier (`código`): the translation reached it.
        let translated = gap_rows.iter().any(|&r| !rows[r].name_is_identifier);
        let agree = gap_rows.iter().zip(&gap_members).all(|(&r, &m)| {
            same_type(&rows[r], &members[m])
                && plausible(&rows[r], &members[m], annotated, translated)
        });
        if agree {
            pairs.extend(gap_rows.into_iter().zip(gap_members));
        }
    }
    pairs
}

/// The members, in the order the unmatched rows pair with them, and how that order was found.
/// The JSON representation's order, unless a pair's types contradict each other (a `String` row
/// with an object member) where the members' alphabetical order contradicts none: the tables
/// are sorted by the English names the translation replaced, the JSON representation often not
/// (`personName`'s rows `первыми`, `выводов` are `first`, `inference`).
fn by_position(
    rows: &[TableProperty],
    members: &[JsonProperty],
    free_rows: &[usize],
    mut free_members: Vec<usize>,
) -> (Vec<usize>, &'static str) {
    let contradicts = |order: &[usize]| {
        free_rows
            .iter()
            .zip(order)
            // An unreadable cell or a `null` member says nothing either way.
            .any(|(&r, &m)| {
                !rows[r].types.is_empty()
                    && !matches!(members[m].shape, JsonShape::Unknown(_))
                    && !same_type(&rows[r], &members[m])
            })
    };
    if contradicts(&free_members) {
        let json_order = free_members.clone();
        free_members.sort_by(|&a, &b| members[a].name.cmp(&members[b].name));
        if !contradicts(&free_members) {
            return (free_members, "alphabetical position");
        }
        return (json_order, "position");
    }
    (free_members, "position")
}

/// The stretches between the anchors two sequences share: before the first anchor of `a`,
/// between consecutive ones and after the last, the run of `a` and the run of `b` between the
/// anchors' partners. `partner[i]` is the index in `b` that `a[i]` matched; a run whose
/// anchors' partners are out of order has no run of `b` and is left out.
fn gaps(partner: &[Option<usize>], b_len: usize) -> Vec<(Range<usize>, Range<usize>)> {
    let anchors: Vec<usize> = (0..partner.len())
        .filter(|&i| partner[i].is_some())
        .collect();
    let before = std::iter::once(None).chain(anchors.iter().copied().map(Some));
    let after = anchors
        .iter()
        .copied()
        .map(Some)
        .chain(std::iter::once(None));
    before
        .zip(after)
        .filter_map(|(before, after)| {
            let a = before.map_or(0, |i| i + 1)..after.unwrap_or(partner.len());
            let b_start = before.and_then(|i| partner[i]).map_or(0, |p| p + 1);
            let b_end = after.and_then(|i| partner[i]).unwrap_or(b_len);
            (b_start <= b_end).then_some((a, b_start..b_end))
        })
        .collect()
}

/// The table's type word and the JSON representation's shape say the same.
fn same_type(row: &TableProperty, member: &JsonProperty) -> bool {
    let Some(word) = row.types.first() else {
        return false;
    };
    if (row.collection || word.collection) && !member.collection {
        return false;
    }
    let numeric = |p: Primitive| p.number_width().is_some();
    match (&word.name, &member.shape) {
        (TypeName::Primitive(a), JsonShape::Primitive(b)) => a == b || (numeric(*a) && numeric(*b)),
        (TypeName::Graph { name, .. }, JsonShape::Type(b)) => {
            short(name).eq_ignore_ascii_case(short(b))
        }
        // An enum is a string on the wire.
        (TypeName::Graph { .. }, JsonShape::Primitive(Primitive::String) | JsonShape::Enum(_)) => {
            true
        }
        (TypeName::Primitive(Primitive::String), JsonShape::Enum(_)) => true,
        _ => false,
    }
}

/// A translated name says nothing about its member; an identifier must look like it.
fn plausible(
    row: &TableProperty,
    member: &JsonProperty,
    annotated: &[String],
    translated_gap: bool,
) -> bool {
    if !row.name_is_identifier {
        return true;
    }
    // A word of the page's language that reads like an identifier (pt-BR `assunto` for
    // `subject`, `mensagem` for `message`): one lowercase word, where the annotation, never
    // translated, lists the member and not the row, or where the gap holds translated rows.
    let listed = |name: &str| annotated.iter().any(|a| a == name);
    let word = row.name.chars().all(|c| c.is_ascii_lowercase());
    if word && (translated_gap || (listed(&member.name) && !listed(&row.name))) {
        return true;
    }
    let (a, b) = (
        row.name.to_ascii_lowercase(),
        member.name.to_ascii_lowercase(),
    );
    let shared_end = a
        .bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let shared_start = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    shared_end >= 4 || shared_start >= 4
}

/// A translated row left for the examples to settle, when its type is readable.
fn unsettle(
    row: &TableProperty,
    owner: &str,
    relationship: bool,
    casing: &Casing,
    drafts: &mut BTreeMap<String, EnumDraft>,
    page: &str,
    sink: &mut Sink,
) -> Option<UnsettledRow> {
    match table_type(row, casing, drafts) {
        Some(r#type) => Some(UnsettledRow {
            owner: owner.to_string(),
            property: table_property(row, r#type, relationship, page, casing),
            relationship,
        }),
        None => {
            sink.warn(
            Code::NameUnrecoverable,
            &Source::new(page, row.line),
            format!(
                "{} `{}` is translated, the page does not settle its name and gives no type to find it by; ignored",
                    if relationship { "relationship" } else { "property" },
                    row.name
                ),
            );
            None
        }
    }
}

/// `tollFreeNumber (обесценилось)` and `photo;` name `tollFreeNumber` and
/// `photo`: a note in parentheses or stray punctuation is not part of the name.
fn clean_row(row: &TableProperty) -> TableProperty {
    let mut row = row.clone();
    if !row.name_is_identifier {
        let cleaned = row
            .name
            .split('(')
            .next()
            .unwrap_or("")
            .trim()
            .trim_end_matches([';', ',', '.', ':'])
            .trim();
        if crate::extract::typeword::is_identifier(cleaned) {
            row.name = cleaned.to_string();
            row.name_is_identifier = true;
        }
    }
    row
}

fn table_property(
    row: &TableProperty,
    r#type: TypeRef,
    navigation: bool,
    page: &str,
    casing: &Casing,
) -> Property {
    let allowed = if r#type.as_primitive() == Some(Primitive::String) {
        row.allowed_values.clone()
    } else {
        Vec::new()
    };
    Property {
        name: row.name.clone(),
        r#type,
        description: row.description.clone(),
        nullable: row.nullable,
        read_only: row.read_only,
        navigation,
        allowed_values: allowed,
        one_of: one_of(row, casing),
        comma_separated: false,
        source: Source::new(page, row.line),
    }
}

/// The Graph types a cell names when it names several (rule 22).
fn one_of(row: &TableProperty, casing: &Casing) -> Vec<String> {
    let graph: Vec<String> = row
        .types
        .iter()
        .filter(|w| matches!(w.name, TypeName::Graph { .. }))
        .map(|w| word_name(w, casing))
        .collect();
    if graph.len() >= 2 && graph.len() == row.types.len() {
        graph
    } else {
        Vec::new()
    }
}

/// The type the table cell gives: the first linked or named type.
fn table_type(
    row: &TableProperty,
    casing: &Casing,
    drafts: &mut BTreeMap<String, EnumDraft>,
) -> Option<TypeRef> {
    let word = row.types.first()?;
    let name = word_name(word, casing);
    // A bare name with listed values and no page of its own is an enum.
    if !row.allowed_values.is_empty() && matches!(word.name, TypeName::Graph { .. }) {
        let draft = drafts.entry(name.clone()).or_default();
        for v in &row.allowed_values {
            draft.add(v, Text::default());
        }
    }
    Some(TypeRef {
        name,
        collection: row.collection || word.collection,
    })
}

fn word_name(word: &TypeWord, casing: &Casing) -> String {
    match &word.name {
        TypeName::Primitive(p) => p.odata_name().to_string(),
        TypeName::Graph { name, .. } => casing.resolve(name).unwrap_or_else(|| qualify(name)),
    }
}

/// A JSON-representation member's type, refined by its table row.
fn json_type(
    jp: &JsonProperty,
    row: Option<&TableProperty>,
    owner: &str,
    casing: &Casing,
    drafts: &mut BTreeMap<String, EnumDraft>,
    at: &Source,
    sink: &mut Sink,
) -> (TypeRef, Vec<String>) {
    let collection = jp.collection;
    if let Some(row) = row
        && row.collection != collection
        && !row.types.is_empty()
    {
        sink.info(
            Code::Conflict,
            at,
            format!("`{}.{}`: the table and the JSON representation disagree on collection; the JSON representation wins", short(owner), jp.name),
        );
    }
    let row_graph_name = row
        .and_then(|r| {
            r.types
                .iter()
                .find(|w| matches!(w.name, TypeName::Graph { .. }))
        })
        .map(|w| word_name(w, casing));
    let typed = |name: String| TypeRef { name, collection };
    match &jp.shape {
        JsonShape::Type(name) => (
            typed(casing.resolve(name).unwrap_or_else(|| qualify(name))),
            Vec::new(),
        ),
        JsonShape::Enum(values) => match row_graph_name {
            // `"direction": "incoming | outgoing"` with type `callDirection`.
            Some(name) => {
                let draft = drafts.entry(name.clone()).or_default();
                draft.sources.push(at.clone());
                for v in values {
                    draft.add(v, Text::default());
                }
                (typed(name), Vec::new())
            }
            None => (
                typed(Primitive::String.odata_name().to_string()),
                values.clone(),
            ),
        },
        JsonShape::Primitive(p) => match (row_graph_name, p) {
            // `"state": "String"` with type `callState`: the table names the enum.
            // With no page of its own and no values listed, it is still an
            // enum on the wire: an open enum that keeps every value.
            (Some(name), Primitive::String) => {
                let draft = drafts.entry(name.clone()).or_default();
                draft.sources.push(at.clone());
                for v in row.map(|r| r.allowed_values.as_slice()).unwrap_or_default() {
                    draft.add(v, Text::default());
                }
                (typed(name), Vec::new())
            }
            _ => {
                let allowed = if *p == Primitive::String {
                    row.map(|r| r.allowed_values.clone()).unwrap_or_default()
                } else {
                    Vec::new()
                };
                (
                    typed(
                        refine_string(widen_number(*p, row), row)
                            .odata_name()
                            .to_string(),
                    ),
                    allowed,
                )
            }
        },
        JsonShape::Unknown(raw) => match row.and_then(|r| r.types.first()) {
            Some(word) => (
                TypeRef {
                    name: word_name(word, casing),
                    collection: collection || row.is_some_and(|r| r.collection),
                },
                Vec::new(),
            ),
            None => {
                sink.warn(
                    Code::UnknownType,
                    at,
                    format!("`{}.{}` is `{raw}` in the JSON representation and the table gives no type; typed Edm.Untyped", short(owner), jp.name),
                );
                (
                    typed(Primitive::Untyped.odata_name().to_string()),
                    Vec::new(),
                )
            }
        },
    }
}

/// A name qualified by default (`microsoft.graph.x`) on a page of another
/// namespace (`microsoft.graph.callRecords`) belongs to that namespace.
fn in_namespace(name: &str, namespace: Option<&str>) -> String {
    match (name.strip_prefix("microsoft.graph."), namespace) {
        (Some(short), Some(ns)) if !short.contains('.') && ns != "microsoft.graph" => {
            format!("{ns}.{short}")
        }
        _ => name.to_string(),
    }
}

/// A plain `"String"` placeholder says less than the table's `DateTimeOffset`,
/// `Duration`, `Guid`…: those are strings on the wire, so the table's word wins. So does the
/// table's `Json`, which any value is.
fn refine_string(json: Primitive, row: Option<&TableProperty>) -> Primitive {
    let table = row
        .and_then(|r| r.types.first())
        .and_then(|w| match w.name {
            TypeName::Primitive(p) => Some(p),
            TypeName::Graph { .. } => None,
        });
    match (json, table) {
        (Primitive::String, Some(p)) if p.is_string_on_the_wire() => p,
        // The table's `Json` (any JSON value) over the placeholder `"string"`.
        (Primitive::String, Some(Primitive::Untyped)) => Primitive::Untyped,
        _ => json,
    }
}

/// A sample number in the JSON representation (`10`) says less than the
/// table's type word (`Double`): numbers take the wider of the two.
fn widen_number(json: Primitive, row: Option<&TableProperty>) -> Primitive {
    let rank = Primitive::number_width;
    let table = row
        .and_then(|r| r.types.first())
        .and_then(|w| match w.name {
            TypeName::Primitive(p) => Some(p),
            TypeName::Graph { .. } => None,
        });
    match (rank(json), table.and_then(|t| rank(t).map(|r| (t, r)))) {
        (Some(j), Some((t, r))) if r > j => t,
        _ => json,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, ty: Primitive) -> TableProperty {
        TableProperty {
            name: name.to_string(),
            name_is_identifier: crate::extract::typeword::is_identifier(name),
            types: vec![TypeWord {
                name: TypeName::Primitive(ty),
                collection: false,
            }],
            collection: false,
            type_words: String::new(),
            link_words: String::new(),
            description: Text::default(),
            allowed_values: Vec::new(),
            read_only: false,
            nullable: false,
            line: 1,
        }
    }

    fn member(name: &str, ty: Primitive) -> JsonProperty {
        JsonProperty {
            name: name.to_string(),
            shape: JsonShape::Primitive(ty),
            collection: false,
            line: 1,
        }
    }

    /// Rows and members matched by name, the way `properties` does first.
    fn by_name(rows: &[TableProperty], members: &[JsonProperty]) -> Vec<Option<usize>> {
        members
            .iter()
            .map(|m| rows.iter().position(|r| r.name == m.name))
            .collect()
    }

    #[test]
    fn the_tables_word_refines_a_string_placeholder() {
        let refined = |table| refine_string(Primitive::String, Some(&row("x", table)));
        assert_eq!(
            refined(Primitive::DateTimeOffset),
            Primitive::DateTimeOffset
        );
        // `majorUnit | Json` over `"majorUnit": "string"`: any JSON value.
        assert_eq!(refined(Primitive::Untyped), Primitive::Untyped);
        assert_eq!(refined(Primitive::Int32), Primitive::String);
    }

    #[test]
    fn each_gap_pairs_its_rows_with_its_members_in_order() {
        let rows = [
            row("macAddress", Primitive::String),
            row("Порт", Primitive::Int32),
            row("relayPort", Primitive::Int32),
            row("dressipAddress", Primitive::String),
            row("sentQualityEventRatio", Primitive::Double),
            row("Подсети", Primitive::String),
        ];
        let members = [
            member("macAddress", Primitive::String),
            member("port", Primitive::Int32),
            member("reflexiveIPAddress", Primitive::String),
            member("relayPort", Primitive::Int32),
            member("sentQualityEventRatio", Primitive::Double),
            member("subnet", Primitive::String),
        ];
        let row_of = by_name(&rows, &members);
        // Between `macAddress` and `relayPort`: one row, two members (the
        // JSON puts `reflexiveIPAddress` there, the table after `relayPort`):
        // ambiguous, so nothing pairs; `Подсети` is alone with `subnet`.
        assert_eq!(pair_in_gaps(&rows, &members, &row_of, &[]), [(5, 5)]);
    }

    #[test]
    fn a_mangled_name_pairs_when_it_looks_like_its_member() {
        let rows = [
            row("ipAddress", Primitive::String),
            row("dressipAddress", Primitive::String),
            row("relayPort", Primitive::Int32),
        ];
        let members = [
            member("ipAddress", Primitive::String),
            member("reflexiveIPAddress", Primitive::String),
            member("relayPort", Primitive::Int32),
        ];
        let row_of = by_name(&rows, &members);
        assert_eq!(pair_in_gaps(&rows, &members, &row_of, &[]), [(1, 1)]);

        // An identifier unlike the member is a property the JSON leaves out.
        let rows = [
            row("ipAddress", Primitive::String),
            row("tollNumber", Primitive::String),
        ];
        let members = [
            member("ipAddress", Primitive::String),
            member("subnet", Primitive::String),
        ];
        let row_of = by_name(&rows, &members);
        assert!(pair_in_gaps(&rows, &members, &row_of, &[]).is_empty());

        // A lowercase word the annotation does not list, where it lists the member, is the
        // member's name translated (pt-BR `assunto` for `subject`); unlisted, it is not.
        let rows = [
            row("state", Primitive::String),
            row("assunto", Primitive::String),
            row("targets", Primitive::String),
        ];
        let members = [
            member("state", Primitive::String),
            member("subject", Primitive::String),
            member("targets", Primitive::String),
        ];
        let row_of = by_name(&rows, &members);
        let annotated = ["state".to_string(), "subject".to_string()];
        assert_eq!(pair_in_gaps(&rows, &members, &row_of, &annotated), [(1, 1)]);
        assert!(pair_in_gaps(&rows, &members, &row_of, &[]).is_empty());
    }

    #[test]
    fn a_gap_pairs_nothing_when_counts_or_types_disagree() {
        let rows = [
            row("Порт", Primitive::Int32),
            row("Подсети", Primitive::String),
        ];
        let one_member = [member("port", Primitive::Int32)];
        assert!(pair_in_gaps(&rows, &one_member, &by_name(&rows, &one_member), &[]).is_empty());
        let swapped = [
            member("subnet", Primitive::String),
            member("port", Primitive::Int32),
        ];
        assert!(pair_in_gaps(&rows, &swapped, &by_name(&rows, &swapped), &[]).is_empty());
        let members = [
            member("port", Primitive::Int32),
            member("subnet", Primitive::String),
        ];
        assert_eq!(
            pair_in_gaps(&rows, &members, &by_name(&rows, &members), &[]),
            [(0, 0), (1, 1)]
        );
    }
}

#[cfg(test)]
mod settle_tests {
    use super::settled_by_listed_values;

    fn listed(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn a_table_member_translated_into_a_word_is_the_listed_value_in_its_place() {
        // pt-BR `enums-callrecords.md`, `callType`, and the values `callRecord.type` lists.
        let table = [
            "desconhecido",
            "groupCall",
            "Peertopeer",
            "unknownFutureValue",
        ];
        let values = listed(&["unknown", "groupCall", "peerToPeer", "unknownFutureValue"]);
        let settled = settled_by_listed_values(&table, &values);
        assert_eq!(
            settled.into_iter().collect::<Vec<_>>(),
            [(0, "unknown".to_string())]
        );
    }

    #[test]
    fn misspellings_new_members_and_unplaced_words_settle_nothing() {
        // ru-RU `recipientScopeType`: the list misspells the member the table has right.
        let values = listed(&["none", "internal", "external", "externalNonParther"]);
        let table = ["none", "internal", "external", "externalNonPartner"];
        assert!(settled_by_listed_values(&table, &values).is_empty());
        // A camelCase member the list does not hold is a member of its own.
        let table = ["none", "internal", "externalFile", "externalNonParther"];
        assert!(settled_by_listed_values(&table, &values).is_empty());
        // Two words side by side, or a list that names one member only: no place to settle.
        let table = ["nenhum", "interno", "external", "externalNonParther"];
        assert!(settled_by_listed_values(&table, &values).is_empty());
        let table = ["desconhecido", "groupCall"];
        assert!(settled_by_listed_values(&table, &listed(&["unknown", "groupCall"])).is_empty());
    }
}
