//! The Rust type for each IR type reference, and the facts about the type
//! space that need a whole-version view: derived types, boxing for cycles.

use crate::ir::{Primitive, TypeDef, TypeRef, VersionSpec};
use crate::naming::{Case, sanitize};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};

pub struct TypeSpace<'a> {
    pub version: &'a VersionSpec,
    /// base → every type that derives from it, directly or not.
    descendants: BTreeMap<String, BTreeSet<String>>,
}

impl<'a> TypeSpace<'a> {
    pub fn new(version: &'a VersionSpec) -> Self {
        let mut descendants: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for def in version.types.values() {
            for ancestor in ancestors(version, &def.name) {
                descendants
                    .entry(ancestor)
                    .or_default()
                    .insert(def.name.clone());
            }
        }
        TypeSpace {
            version,
            descendants,
        }
    }

    pub fn descendants(&self, name: &str) -> Option<&BTreeSet<String>> {
        self.descendants.get(name).filter(|d| !d.is_empty())
    }

    /// The struct name of a Graph type: `microsoft.graph.call` → `Call`; a type
    /// of a sub-namespace keeps it, so names never collide:
    /// `microsoft.graph.callRecords.session` → `CallRecordsSession`.
    pub fn struct_name(name: &str) -> String {
        let short = crate::ir::typeref_short_name(name);
        match name
            .strip_prefix("microsoft.graph.")
            .and_then(|rest| rest.rsplit_once('.'))
        {
            Some((namespace, _)) => sanitize(&format!("{namespace} {short}"), Case::Pascal),
            None => sanitize(short, Case::Pascal),
        }
    }

    /// The name a property of this type uses: `AnyMediaConfig` for a base type
    /// with derived types, else the struct or enum name.
    pub fn use_name(&self, name: &str) -> String {
        let plain = Self::struct_name(name);
        if self.descendants(name).is_some() {
            format!("Any{plain}")
        } else {
            plain
        }
    }

    /// The Rust type for a reference. `boxed` wraps a single value in `Box`
    /// (used where a type would otherwise contain itself).
    pub fn rust_type(&self, ty: &TypeRef, boxed: bool) -> TokenStream {
        let single = match ty.as_primitive() {
            Some(p) => primitive(p),
            None => match self.version.types.get(&ty.name) {
                Some(_) => {
                    let ident = format_ident!("{}", self.use_name(&ty.name));
                    quote! { #ident }
                }
                None => quote! { ::serde_json::Value },
            },
        };
        if ty.collection {
            quote! { ::std::vec::Vec<#single> }
        } else if boxed {
            quote! { ::std::boxed::Box<#single> }
        } else {
            single
        }
    }

    /// True when a single (non-collection) field of type `field` inside
    /// `owner` would make `owner` contain itself.
    pub fn needs_box(&self, owner: &str, field: &TypeRef) -> bool {
        if field.collection || field.as_primitive().is_some() {
            return false;
        }
        let mut stack = vec![field.name.clone()];
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            if name == owner {
                return true;
            }
            if !seen.insert(name.clone()) {
                continue;
            }
            let mut variants = vec![name.clone()];
            variants.extend(self.descendants(&name).into_iter().flatten().cloned());
            for variant in variants {
                for prop in self.all_properties(&variant) {
                    if !prop.r#type.collection && prop.r#type.as_primitive().is_none() {
                        stack.push(prop.r#type.name.clone());
                    }
                }
            }
        }
        false
    }

    /// Own and inherited properties, base first, each name once.
    pub fn all_properties(&self, name: &str) -> Vec<&'a crate::ir::Property> {
        let chain = {
            let mut chain = vec![name.to_string()];
            chain.extend(ancestors(self.version, name));
            chain.reverse();
            chain
        };
        let mut out: Vec<&crate::ir::Property> = Vec::new();
        for def in chain.iter().filter_map(|n| self.version.types.get(n)) {
            for prop in &def.properties {
                match out.iter().position(|p| p.name == prop.name) {
                    Some(i) => out[i] = prop,
                    None => out.push(prop),
                }
            }
        }
        out
    }

    pub fn def(&self, name: &str) -> Option<&'a TypeDef> {
        self.version.types.get(name)
    }
}

/// Base types from nearest to farthest, stopping at a cycle.
pub fn ancestors(version: &VersionSpec, name: &str) -> Vec<String> {
    crate::ir::ancestors(&version.types, name)
}

pub fn primitive(p: Primitive) -> TokenStream {
    match p {
        Primitive::String | Primitive::Guid | Primitive::Binary | Primitive::Stream => {
            quote! { ::std::string::String }
        }
        Primitive::Boolean => quote! { bool },
        Primitive::Int32 => quote! { i32 },
        Primitive::Int64 => quote! { i64 },
        Primitive::Double => quote! { f64 },
        Primitive::DateTimeOffset => quote! { crate::runtime::DateTimeOffset },
        Primitive::Date => quote! { crate::runtime::Date },
        Primitive::TimeOfDay => quote! { crate::runtime::TimeOfDay },
        Primitive::Duration => quote! { crate::runtime::Duration },
        Primitive::Untyped => quote! { ::serde_json::Value },
    }
}
