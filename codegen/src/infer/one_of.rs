//! Members and parameters the docs give several types (`[appHostedMediaConfig]
//! or [serviceHostedMediaConfig]`) are typed by the types' nearest common base,
//! whose `Any…` enum holds each of them (`specs/README.md`, rule 22). Types
//! with no common base keep the first and get a diagnostic.

use std::collections::BTreeMap;

use crate::diag::{Code, Sink};
use crate::ir::{Property, RequestBody, TypeDef, VersionSpec, ancestors};

pub fn assign(version: &mut VersionSpec, sink: &mut Sink) {
    let types = version.types.clone();
    for ty in version.types.values_mut() {
        for prop in &mut ty.properties {
            settle(prop, &types, sink);
        }
    }
    for op in version.operations.values_mut() {
        if let Some(RequestBody::Parameters { parameters, .. }) = &mut op.request_body {
            for prop in parameters {
                settle(prop, &types, sink);
            }
        }
    }
}

fn settle(prop: &mut Property, types: &BTreeMap<String, TypeDef>, sink: &mut Sink) {
    if prop.one_of.is_empty() {
        return;
    }
    let mut one_of = std::mem::take(&mut prop.one_of);
    one_of.dedup();
    if one_of.len() < 2 {
        return;
    }
    match common_base(&one_of, types) {
        Some(base) => {
            prop.r#type.name = base;
            prop.one_of = one_of;
        }
        None => sink.info(
            Code::Conflict,
            &prop.source,
            format!(
                "`{}` may be {}, which share no base type; typed `{}`",
                prop.name,
                one_of.join(" or "),
                prop.r#type.name
            ),
        ),
    }
}

/// The nearest type that each of `names` is or derives from.
fn common_base(names: &[String], types: &BTreeMap<String, TypeDef>) -> Option<String> {
    let lineage = |name: &String| -> Vec<String> {
        std::iter::once(name.clone())
            .chain(ancestors(types, name))
            .collect()
    };
    let first = lineage(names.first()?);
    let others: Vec<Vec<String>> = names[1..].iter().map(lineage).collect();
    first.into_iter().find(|candidate| {
        types.contains_key(candidate) && others.iter().all(|l| l.contains(candidate))
    })
}
