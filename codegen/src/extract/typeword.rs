//! Type cells of tables: `String`, `[callRoute](callroute.md) collection`,
//! `Коллекция [callRoute](callroute.md)`, `String collection`, `Int32`.

use crate::ir::Primitive;
use crate::parse::doc::Inline;

/// A type as a table cell writes it, before Graph names are cased.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TypeWord {
    pub name: TypeName,
    pub collection: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeName {
    Primitive(Primitive),
    /// A Graph type. `cased` is false when only a lowercase file name gave it
    /// (translated link text), so its casing must come from other evidence.
    Graph {
        name: String,
        cased: bool,
    },
}

impl TypeName {
    /// The same type, whatever the casing and qualification evidence of each (a link's
    /// file name, `session`, against an annotation's `microsoft.graph.callRecords.session`).
    pub fn same_type(&self, other: &TypeName) -> bool {
        let last = |name: &str| name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
        match (self, other) {
            (TypeName::Primitive(a), TypeName::Primitive(b)) => a == b,
            (TypeName::Graph { name: a, .. }, TypeName::Graph { name: b, .. }) => {
                last(a) == last(b)
            }
            _ => false,
        }
    }
}

const COLLECTION_WORDS: &[&str] = &[
    "collection",
    "коллекция",
    "коллекции",
    "коллекцию",
    "коллекцией",
    "массив",
];

/// Whether a lowercased type cell carries a collection marker (the test `read` makes).
pub fn says_collection(lower: &str) -> bool {
    COLLECTION_WORDS.iter().any(|w| lower.contains(w)) || lower.ends_with("[]")
}

/// Reads a type cell; `None` when it names no type we recognise.
pub fn read(cell: &Inline) -> Option<TypeWord> {
    let text = cell.primary().trim();
    let lower = text.to_lowercase();
    let collection = COLLECTION_WORDS.iter().any(|w| lower.contains(w)) || lower.ends_with("[]");
    if let Some(link) = cell.links.iter().find(|l| l.target.ends_with(".md")) {
        return Some(TypeWord {
            name: graph_name_from_link(&link.text, &link.target)?,
            collection,
        });
    }
    let word = lower
        .split(|c: char| c.is_whitespace() || c == '(' || c == ',')
        .find(|w| !w.is_empty() && !COLLECTION_WORDS.contains(w))?
        .trim_end_matches("[]");
    if let Some(p) = Primitive::from_doc_word(word) {
        return Some(TypeWord {
            name: TypeName::Primitive(p),
            collection,
        });
    }
    // An identifier written without a link: `microsoft.graph.identitySet`, `identitySet`.
    let original = text
        .split(|c: char| c.is_whitespace() || c == '(' || c == ',')
        .find(|w| !w.is_empty() && !COLLECTION_WORDS.contains(&w.to_lowercase().as_str()))?;
    let bare = original
        .trim_start_matches("microsoft.graph.")
        .trim_end_matches("[]");
    is_identifier(bare).then(|| TypeWord {
        name: TypeName::Graph {
            name: bare.to_string(),
            cased: true,
        },
        collection,
    })
}

/// Words of translated type cells that `read` does not know.
const EXTRA_WORDS: &[(&str, Primitive)] = &[
    ("строк", Primitive::String),
    ("строковых", Primitive::String),
    ("строковые", Primitive::String),
    ("строковая", Primitive::String),
    ("двойное", Primitive::Double),
    ("двойной", Primitive::Double),
    ("числовых", Primitive::Double),
    ("числовой", Primitive::Double),
    ("целое", Primitive::Int32),
    ("целых", Primitive::Int32),
    ("целочисленный", Primitive::Int32),
    ("логических", Primitive::Boolean),
    ("дата", Primitive::Date),
    ("длительность", Primitive::Duration),
    ("продолжительность", Primitive::Duration),
    ("двоичный", Primitive::Binary),
    ("двоичном", Primitive::Binary),
    ("двоичные", Primitive::Binary),
    ("поток", Primitive::Stream),
    ("одинарное", Primitive::Double),
    ("нетипизированный", Primitive::Untyped),
    ("url-адрес", Primitive::String),
];

/// Words that only say "objects of": skipped before the type word.
const FILLER_WORDS: &[&str] = &["объектов", "объекта", "объект", "of", "из", "в"];

/// `read`, then the words it does not know: Russian forms (`Коллекция строк`,
/// `Двойное с плавающей точкой`), `Edm.Int32`, filler words (`Коллекция
/// объектов string`), names in sub-namespaces (`microsoft.graph.security.caseAction`)
/// and trailing punctuation (`mobileAppInstallSummary;`).
pub fn read_lenient(cell: &Inline) -> Option<TypeWord> {
    if let Some(word) = read(cell) {
        return Some(word);
    }
    // A cell that links to a page `read` cannot name is for the caller to read.
    if cell.links.iter().any(|l| l.target.ends_with(".md")) {
        return None;
    }
    let text = cell.primary().trim();
    let lower = text.to_lowercase();
    let collection = says_collection(&lower) || lower.starts_with("collection(");
    let word = text
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
        .map(|w| w.trim_end_matches([';', '.', ':']).trim_end_matches("[]"))
        .find(|w| {
            let w = w.to_lowercase();
            !w.is_empty()
                && !COLLECTION_WORDS.contains(&w.as_str())
                && !FILLER_WORDS.contains(&w.as_str())
                && w != "collection"
        })?;
    let lower_word = word.to_lowercase();
    let unprefixed = lower_word.strip_prefix("edm.").unwrap_or(&lower_word);
    let primitive = Primitive::from_doc_word(unprefixed).or_else(|| {
        EXTRA_WORDS
            .iter()
            .find(|(w, _)| *w == unprefixed)
            .map(|(_, p)| *p)
    });
    if let Some(p) = primitive {
        return Some(TypeWord {
            name: TypeName::Primitive(p),
            collection,
        });
    }
    // `Microsoft.graph.identitySet` happens too.
    let bare = word
        .get(..16)
        .filter(|p| p.eq_ignore_ascii_case("microsoft.graph."))
        .and_then(|_| word.get(16..))
        .unwrap_or(word);
    let name = if is_identifier(bare) {
        bare.to_string()
    } else if bare.split('.').all(is_identifier) {
        // A type of a sub-namespace (`security.caseAction`) keeps its namespace.
        format!("microsoft.graph.{bare}")
    } else {
        return None;
    };
    Some(TypeWord {
        name: TypeName::Graph { name, cased: true },
        collection,
    })
}

/// The type a link names: the link text when it is an identifier that matches
/// the file name, else the file name (lowercase, to be cased later).
pub fn graph_name_from_link(text: &str, target: &str) -> Option<TypeName> {
    let stem = target.rsplit('/').next()?.split('#').next()?;
    let stem = stem.strip_suffix(".md")?;
    // `[DateTimeOffset](timestamp.md)`: a primitive's own name is the type, whatever page the
    // link was pointed at.
    if let Some(p) = Primitive::from_doc_word(text.trim().trim_matches('`').trim_end_matches("[]"))
    {
        return Some(TypeName::Primitive(p));
    }
    let text = text
        .trim()
        .trim_matches('`')
        .trim_start_matches("microsoft.graph.");
    if !is_identifier(stem) {
        // Resource pages of a product or namespace prefix their names
        // (`intune-rbac-resourceoperation.md`, `callrecords-callrecord.md`): the type is the
        // stem's last part, spelled as a word of the link text (translated texts keep it:
        // `объект dataSharingConsent`). The prefix may be a namespace (`callrecords-`): the
        // name is qualified by the pages that define it, not by this link.
        if !target.contains("resources/") {
            return None;
        }
        let last = stem.rsplit('-').next().filter(|l| is_identifier(l))?;
        let spelled = text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .find(|word| is_identifier(word) && word.eq_ignore_ascii_case(last));
        // A text that mangles the name (`импортирует объектAppleDeviceIdentityResult`) leaves
        // the file name, cased later by the pages that spell it.
        return Some(match spelled {
            Some(word) => TypeName::Graph {
                name: word.to_string(),
                cased: true,
            },
            None => TypeName::Graph {
                name: last.to_string(),
                cased: false,
            },
        });
    }
    if is_identifier(text) && text.eq_ignore_ascii_case(stem) {
        Some(TypeName::Graph {
            name: text.to_string(),
            cased: true,
        })
    } else {
        Some(TypeName::Graph {
            name: stem.to_string(),
            cased: false,
        })
    }
}

/// ASCII identifier: what a Graph name looks like (never a translation).
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::doc::Link;

    fn cell(text: &str, links: &[(&str, &str)]) -> Inline {
        Inline {
            links: links
                .iter()
                .map(|(t, g)| Link {
                    text: t.to_string(),
                    target: g.to_string(),
                })
                .collect(),
            ..Inline::plain(text)
        }
    }

    #[test]
    fn reads_the_seed_type_cells() {
        assert_eq!(
            read(&cell("String", &[])),
            Some(TypeWord {
                name: TypeName::Primitive(Primitive::String),
                collection: false
            })
        );
        assert_eq!(
            read(&cell("Строка", &[])).unwrap().name,
            TypeName::Primitive(Primitive::String)
        );
        let w = read(&cell(
            "invitationParticipantInfo collection",
            &[(
                "invitationParticipantInfo",
                "../resources/invitationparticipantinfo.md",
            )],
        ))
        .unwrap();
        assert_eq!(
            w,
            TypeWord {
                name: TypeName::Graph {
                    name: "invitationParticipantInfo".into(),
                    cased: true
                },
                collection: true
            }
        );
    }

    #[test]
    fn translated_link_text_falls_back_to_the_file_name() {
        let w = read(&cell(
            "Коллекция коммсоператион",
            &[("коммсоператион", "commsoperation.md")],
        ))
        .unwrap();
        assert_eq!(
            w,
            TypeWord {
                name: TypeName::Graph {
                    name: "commsoperation".into(),
                    cased: false
                },
                collection: true
            }
        );
        assert!(read(&cell("String collection", &[])).unwrap().collection);
        // A primitive's name is the type even when the link points at another page.
        assert_eq!(
            read(&cell(
                "DateTimeOffset",
                &[("DateTimeOffset", "../resources/timestamp.md")]
            ))
            .unwrap()
            .name,
            TypeName::Primitive(Primitive::DateTimeOffset)
        );
        assert_eq!(read(&cell("что-то", &[])), None);
    }

    #[test]
    fn lenient_reading_knows_more_words() {
        let lenient = |text: &str| read_lenient(&cell(text, &[]));
        let primitive = |p, collection| {
            Some(TypeWord {
                name: TypeName::Primitive(p),
                collection,
            })
        };
        assert_eq!(
            lenient("Коллекция строк"),
            primitive(Primitive::String, true)
        );
        assert_eq!(
            lenient("Collection(String)"),
            primitive(Primitive::String, true)
        );
        assert_eq!(lenient("Edm.Int32"), primitive(Primitive::Int32, false));
        assert_eq!(
            lenient("Двойное с плавающей точкой"),
            primitive(Primitive::Double, false)
        );
        assert_eq!(
            lenient("Коллекция объектов managedAppPolicy"),
            Some(TypeWord {
                name: TypeName::Graph {
                    name: "managedAppPolicy".into(),
                    cased: true
                },
                collection: true
            })
        );
        assert_eq!(
            lenient("microsoft.graph.security.caseAction").map(|w| w.name),
            Some(TypeName::Graph {
                name: "microsoft.graph.security.caseAction".into(),
                cased: true
            })
        );
        assert_eq!(lenient("что-то"), None);
        // What `read` knows stays as it reads it.
        assert_eq!(lenient("String"), read(&cell("String", &[])));
    }
}
