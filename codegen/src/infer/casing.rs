//! Casing of Graph type names. Translated pages only give lowercase file
//! names (`commsoperation.md`); the true spelling (`commsOperation`) comes from
//! annotations, `@odata.type` values and English link texts anywhere in the input.
//!
//! Rule: the spelling seen most often wins; a tie goes to the spelling that
//! sorts first. Disagreements are reported.

use crate::diag::{Code, Sink, Source};
use crate::ir::typeref_short_name as short;
use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub struct Casing {
    /// lowercase short name → (qualified spelling → (count, first source)).
    seen: BTreeMap<String, BTreeMap<String, (usize, Source)>>,
}

impl Casing {
    pub fn observe(&mut self, qualified: &str, at: &Source) {
        let qualified = qualify(qualified);
        let key = short(&qualified).to_lowercase();
        let entry = self
            .seen
            .entry(key)
            .or_default()
            .entry(qualified)
            .or_insert((0, at.clone()));
        entry.0 += 1;
        if *at < entry.1 {
            entry.1 = at.clone();
        }
    }

    /// Reports names spelled more than one way.
    pub fn report_conflicts(&self, sink: &mut Sink) {
        for spellings in self.seen.values().filter(|s| s.len() > 1) {
            let chosen = Self::pick(spellings);
            let others: Vec<String> = spellings
                .iter()
                .filter(|(name, _)| *name != chosen)
                .map(|(name, (_, at))| format!("`{name}` ({at})"))
                .collect();
            let at = &spellings[chosen].1;
            sink.info(
                Code::Conflict,
                at,
                format!(
                    "type spelled several ways; chose `{chosen}` (most frequent), also seen {}",
                    others.join(", ")
                ),
            );
        }
    }

    fn pick(spellings: &BTreeMap<String, (usize, Source)>) -> &str {
        // Max by count; BTreeMap order makes the tie-break the first spelling.
        let mut best: Option<(&String, usize)> = None;
        for (name, (count, _)) in spellings {
            if best.is_none_or(|(_, c)| *count > c) {
                best = Some((name, *count));
            }
        }
        best.map(|(n, _)| n.as_str()).unwrap_or_default()
    }

    /// The qualified, correctly cased name for any spelling of a type name.
    /// A qualified name keeps its namespace (`microsoft.graph.callRecords.x`);
    /// a bare one (`commsoperation`) may be in any namespace.
    pub fn resolve(&self, name: &str) -> Option<String> {
        let name = name.trim_start_matches('#');
        let key = short(name).to_lowercase();
        let spellings = self.seen.get(&key)?;
        if name.contains('.') {
            let wanted = name.to_lowercase();
            let same: BTreeMap<String, (usize, Source)> = spellings
                .iter()
                .filter(|(n, _)| n.to_lowercase() == wanted)
                .map(|(n, v)| (n.clone(), v.clone()))
                .collect();
            return (!same.is_empty()).then(|| Self::pick(&same).to_string());
        }
        Some(Self::pick(spellings).to_string())
    }
}

/// `call` → `microsoft.graph.call`; qualified names stay as they are.
pub fn qualify(name: &str) -> String {
    let name = name.trim_start_matches('#');
    if name.contains('.') {
        name.to_string()
    } else {
        format!("microsoft.graph.{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_file_names_get_the_documented_spelling() {
        let mut casing = Casing::default();
        let at = Source::new("p", 1);
        casing.observe("microsoft.graph.commsOperation", &at);
        casing.observe("#microsoft.graph.commsOperation", &at);
        casing.observe("microsoft.graph.commsoperation", &at);
        assert_eq!(
            casing.resolve("commsoperation").as_deref(),
            Some("microsoft.graph.commsOperation")
        );
        assert_eq!(casing.resolve("nothing"), None);
        let mut sink = Sink::default();
        casing.report_conflicts(&mut sink);
        assert_eq!(sink.items.len(), 1);
    }
}
