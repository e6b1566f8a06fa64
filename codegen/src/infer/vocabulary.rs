//! A tree's own type words, learned from its pages: no locale's word list
//! decides alone.
//!
//! A resource page's JSON representation keeps Graph's words (`"String"`,
//! `"Boolean"`, `[ … ]`) whatever the language of its table, so a table row
//! whose name matches a JSON member shows how this tree writes that type:
//! `Cadeia de caracteres` is `Edm.String`, `Booliano` is `Edm.Boolean`, and
//! `coleção` (next to a link, on rows whose JSON member is an array) says
//! "collection". Words learned from enough rows, with one clear meaning,
//! then type the rows that have no JSON member to compare with: relationships,
//! tables-only pages, translated rows (`specs/README.md`, rule 24).

use std::collections::{BTreeMap, BTreeSet};

use crate::extract::resource::{JsonShape, ResourceFacts, TableProperty};
use crate::extract::typeword::{TypeName, TypeWord};
use crate::ir::Primitive;

/// Rows that must agree before a word is learned, and the share that must.
const MIN_VOTES: usize = 2;
const MIN_SHARE: f64 = 0.8;

#[derive(Debug, Default)]
pub struct Vocabulary {
    /// A whole type cell's words (`cadeia de caracteres`) → the primitive, and
    /// whether it is a collection of it.
    primitives: BTreeMap<String, (Primitive, bool)>,
    /// Words that say "collection" beside a linked type (`coleção`, `коллекция`).
    collection_words: BTreeSet<String>,
    /// Phrases that say "inherits from" before a linked type (`herda de`, `наследуется от`).
    base_phrases: BTreeSet<String>,
}

impl Vocabulary {
    pub fn learn<'a>(resources: impl IntoIterator<Item = &'a ResourceFacts>) -> Vocabulary {
        let resources: Vec<&ResourceFacts> = resources.into_iter().collect();
        let mut primitive_votes: BTreeMap<String, BTreeMap<(Primitive, bool), usize>> =
            BTreeMap::new();
        let mut collection_votes: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for resource in &resources {
            for row in &resource.table_properties {
                let Some(member) = resource
                    .json_properties
                    .iter()
                    .find(|m| row.name_is_identifier && m.name == row.name)
                else {
                    continue;
                };
                let linked = row
                    .types
                    .iter()
                    .any(|w| matches!(w.name, TypeName::Graph { .. }))
                    && row.type_words.split(' ').count() <= 2;
                match &member.shape {
                    // An enum's name over `"String"` says nothing of the tree's words.
                    JsonShape::Primitive(_) if names_graph_type(row) => {}
                    JsonShape::Primitive(p) if !row.type_words.is_empty() => {
                        *primitive_votes
                            .entry(row.type_words.clone())
                            .or_default()
                            .entry((*p, member.collection))
                            .or_default() += 1;
                    }
                    JsonShape::Type(_) if linked => {
                        for word in cell_words(row) {
                            let votes = collection_votes.entry(word.to_string()).or_default();
                            if member.collection {
                                votes.0 += 1;
                            } else {
                                votes.1 += 1;
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut vocabulary = Vocabulary {
            base_phrases: learn_base_phrases(&resources),
            ..Vocabulary::default()
        };
        for (words, mut votes) in primitive_votes {
            let total: usize = votes.values().sum();
            // A sample number (`10`) does not say how wide its type is: the numbers a word's
            // rows show are one vote for the widest of them (`Duplo` over `10` and `0.5`).
            if let Some(widest) = widest_number(&votes) {
                votes = BTreeMap::from([(widest, total)]);
            }
            if let Some((meaning, n)) = votes.into_iter().max_by_key(|(_, n)| *n)
                && n >= MIN_VOTES
                && n as f64 >= MIN_SHARE * total as f64
            {
                vocabulary.primitives.insert(words, meaning);
            }
        }
        for (word, (yes, no)) in collection_votes {
            if yes >= MIN_VOTES && yes as f64 >= MIN_SHARE * (yes + no) as f64 {
                vocabulary.collection_words.insert(word);
            }
        }
        vocabulary
    }

    /// A resource page's rows with the tree's words read, and its base type from a learned
    /// "inherits from" phrase when the annotation and the known phrases name none.
    pub fn read(&self, resource: &ResourceFacts) -> ResourceFacts {
        let mut out = resource.clone();
        if out.base_type.is_none() {
            out.base_type = out
                .base_phrases
                .iter()
                .find(|p| self.base_phrases.contains(&p.words))
                .map(|p| p.base.clone());
        }
        for row in out
            .table_properties
            .iter_mut()
            .chain(out.relationships.iter_mut())
        {
            self.read_row(row);
        }
        out
    }

    /// The primitive a whole type cell's words mean in this tree, if learned.
    pub fn primitive(&self, words: &str) -> Option<(Primitive, bool)> {
        self.primitives.get(words).copied()
    }

    /// `coleção modality` → `modality`, when `coleção` is a learned collection word.
    fn collection_of_bare_name(&self, type_words: &str) -> Option<String> {
        let words: Vec<&str> = type_words.split(' ').filter(|w| !w.is_empty()).collect();
        let [a, b] = words[..] else {
            return None;
        };
        let name = match (
            self.collection_words.contains(a),
            self.collection_words.contains(b),
        ) {
            (true, false) => b,
            (false, true) => a,
            _ => return None,
        };
        crate::extract::typeword::is_identifier(name).then(|| name.to_string())
    }

    fn read_row(&self, row: &mut TableProperty) {
        // A cell already read as a primitive (`Int64`) keeps it: a JSON representation's sample
        // (`1024`) cannot tell `Int64` from `Int32`, so what its rows taught says less.
        let read_as_primitive = row
            .types
            .iter()
            .any(|w| matches!(w.name, TypeName::Primitive(_)));
        if !read_as_primitive
            && !names_graph_type(row)
            && let Some(&(p, collection)) = self.primitives.get(&row.type_words)
        {
            row.types = vec![TypeWord {
                name: TypeName::Primitive(p),
                collection,
            }];
            row.collection = collection;
            return;
        }
        // A cell of a learned collection word and one identifier, with no link (`coleção
        // modality`): a collection of the type the identifier names.
        if row.types.is_empty()
            && let Some(name) = self.collection_of_bare_name(&row.type_words)
        {
            row.types = vec![TypeWord {
                name: TypeName::Graph { name, cased: false },
                collection: true,
            }];
            row.collection = true;
            return;
        }
        if !row.collection && cell_words(row).any(|w| self.collection_words.contains(w)) {
            row.collection = true;
            for word in &mut row.types {
                word.collection = true;
            }
        }
    }
}

/// The words of a type cell but the type names: outside its links and inside them.
fn cell_words(row: &TableProperty) -> impl Iterator<Item = &str> {
    row.type_words
        .split(' ')
        .chain(row.link_words.split(' '))
        .filter(|w| !w.is_empty())
}

/// The phrases that, on pages whose annotation names the base type, stand before a link to
/// that type (two pages or more, 80% of the phrase's pages): the tree's "inherits from".
fn learn_base_phrases(resources: &[&ResourceFacts]) -> BTreeSet<String> {
    let short = |name: &str| crate::ir::typeref_short_name(name).to_lowercase();
    let mut votes: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for resource in resources.iter().filter(|r| r.base_annotated) {
        let Some(base) = resource.base_type.as_deref() else {
            continue;
        };
        for phrase in &resource.base_phrases {
            let vote = votes.entry(phrase.words.as_str()).or_default();
            if short(&phrase.base) == short(base) {
                vote.0 += 1;
            } else {
                vote.1 += 1;
            }
        }
    }
    votes
        .into_iter()
        .filter(|(_, (yes, no))| *yes >= MIN_VOTES && *yes as f64 >= MIN_SHARE * (yes + no) as f64)
        .map(|(words, _)| words.to_string())
        .collect()
}

/// Whether the cell names a Graph type by a camelCase identifier with a hump after its first
/// letter (`identityUserFlowAttributeDataType`): Graph's spelling, which no locale's word for a
/// primitive has (`Booliano`, `Duplo`, `cadeia de caracteres`). Such a cell over a JSON
/// `"String"` is an enum, not a lesson in the tree's words.
fn names_graph_type(row: &TableProperty) -> bool {
    row.types.iter().any(|w| match &w.name {
        TypeName::Graph { name, .. } => {
            crate::naming::has_hump(crate::ir::typeref_short_name(name))
        }
        TypeName::Primitive(_) => false,
    })
}

/// When every vote is for a number (and all agree on collection or not), the widest of them.
fn widest_number(votes: &BTreeMap<(Primitive, bool), usize>) -> Option<(Primitive, bool)> {
    let collection = votes.keys().next()?.1;
    if votes
        .keys()
        .any(|(p, c)| p.number_width().is_none() || *c != collection)
    {
        return None;
    }
    let widest = votes
        .keys()
        .map(|(p, _)| *p)
        .max_by_key(|p| p.number_width())?;
    Some((widest, collection))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Text;

    fn row(type_words: &str, types: Vec<TypeWord>) -> TableProperty {
        TableProperty {
            name: "x".into(),
            name_is_identifier: true,
            types,
            collection: false,
            type_words: type_words.into(),
            link_words: String::new(),
            description: Text::default(),
            allowed_values: Vec::new(),
            read_only: false,
            nullable: false,
            line: 1,
        }
    }

    fn resource(base: Option<&str>, annotated: bool, phrase: &str, linked: &str) -> ResourceFacts {
        ResourceFacts {
            name: "microsoft.graph.x".into(),
            name_cased: true,
            base_type: base.map(str::to_string),
            base_annotated: annotated,
            base_phrases: vec![crate::extract::resource::BasePhrase {
                words: phrase.into(),
                base: linked.into(),
            }],
            key_property: None,
            open_type: false,
            optional_properties: Vec::new(),
            description: Text::default(),
            json_properties: Vec::new(),
            table_properties: Vec::new(),
            relationships: Vec::new(),
            derived: Vec::new(),
            methods: Vec::new(),
            source: crate::diag::Source::new("pt-BR/beta/resources/x.md", 1),
        }
    }

    /// Pages whose annotation names the base teach the phrase before its link (`herda de`);
    /// a page without one then takes the type its phrase links. A phrase that links other types
    /// than the annotation's (`veja`) is not learned.
    #[test]
    fn the_tree_learns_its_inherits_from_phrase() {
        let annotated = [
            resource(
                Some("microsoft.graph.commsOperation"),
                true,
                "herda de",
                "microsoft.graph.commsoperation",
            ),
            resource(
                Some("microsoft.graph.entity"),
                true,
                "herda de",
                "microsoft.graph.entity",
            ),
            resource(
                Some("microsoft.graph.entity"),
                true,
                "veja",
                "microsoft.graph.call",
            ),
            resource(
                Some("microsoft.graph.entity"),
                true,
                "veja",
                "microsoft.graph.entity",
            ),
        ];
        let vocabulary = Vocabulary::learn(&annotated);
        assert_eq!(
            vocabulary.base_phrases,
            BTreeSet::from(["herda de".to_string()])
        );
        let derived = resource(None, false, "herda de", "microsoft.graph.commsoperation");
        assert_eq!(
            vocabulary.read(&derived).base_type.as_deref(),
            Some("microsoft.graph.commsoperation")
        );
        let unrelated = resource(None, false, "veja", "microsoft.graph.call");
        assert_eq!(vocabulary.read(&unrelated).base_type, None);
    }

    #[test]
    fn numbers_vote_for_the_widest_they_show() {
        let votes = BTreeMap::from([
            ((Primitive::Int32, false), 3),
            ((Primitive::Double, false), 1),
        ]);
        assert_eq!(widest_number(&votes), Some((Primitive::Double, false)));
        let mixed = BTreeMap::from([
            ((Primitive::Int32, false), 3),
            ((Primitive::String, false), 1),
        ]);
        assert_eq!(widest_number(&mixed), None);
    }

    #[test]
    fn a_learned_word_types_what_the_cell_did_not_and_nothing_else() {
        let mut vocabulary = Vocabulary::default();
        // Samples such as `"total": 1024` teach that `int64` rows hold small numbers…
        vocabulary
            .primitives
            .insert("int64".into(), (Primitive::Int32, false));
        vocabulary
            .primitives
            .insert("cadeia de caracteres".into(), (Primitive::String, false));
        let int64 = TypeWord {
            name: TypeName::Primitive(Primitive::Int64),
            collection: false,
        };
        // …which does not make the cell's own `Int64` an `Int32`.
        let mut known = row("int64", vec![int64.clone()]);
        vocabulary.read_row(&mut known);
        assert_eq!(known.types, [int64]);
        // Two rows of an enum over `"String"` would teach its name as a string: they do not.
        let graph_name = TypeWord {
            name: TypeName::Graph {
                name: "identityUserFlowAttributeDataType".into(),
                cased: true,
            },
            collection: false,
        };
        vocabulary.primitives.insert(
            "identityuserflowattributedatatype".into(),
            (Primitive::String, false),
        );
        let mut enum_row = row(
            "identityuserflowattributedatatype",
            vec![graph_name.clone()],
        );
        vocabulary.read_row(&mut enum_row);
        assert_eq!(enum_row.types, [graph_name]);
        // A learned collection word beside a bare name is a collection of that type.
        vocabulary.collection_words.insert("coleção".into());
        let mut bare = row("coleção modality", Vec::new());
        vocabulary.read_row(&mut bare);
        assert_eq!(
            bare.types,
            [TypeWord {
                name: TypeName::Graph {
                    name: "modality".into(),
                    cased: false
                },
                collection: true
            }]
        );
        assert!(bare.collection);
        // The word may stand inside the link text: `[coleção callRoute](callroute.md)`.
        let route = TypeWord {
            name: TypeName::Graph {
                name: "callRoute".into(),
                cased: true,
            },
            collection: false,
        };
        let mut inside = row("", vec![route.clone()]);
        inside.link_words = "coleção".into();
        vocabulary.read_row(&mut inside);
        assert!(inside.collection && inside.types[0].collection);
        let mut translated = row("cadeia de caracteres", Vec::new());
        vocabulary.read_row(&mut translated);
        assert_eq!(
            translated.types,
            [TypeWord {
                name: TypeName::Primitive(Primitive::String),
                collection: false
            }]
        );
    }
}
