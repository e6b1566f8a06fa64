//! The Rust type for each IR type reference, and the facts about the type
//! space that need a whole-version view: derived types, boxing for cycles.

use crate::ir::{ApiVersion, Primitive, TypeDef, TypeRef, VersionSpec};
use crate::naming::{Case, sanitize};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};

pub struct TypeSpace<'a> {
    pub version: &'a VersionSpec,
    pub api: ApiVersion,
    /// base → every type that derives from it, directly or not.
    descendants: BTreeMap<String, BTreeSet<String>>,
    /// Base types that something uses (a member, a parameter, a body, a
    /// response, an example): each gets an `Any…` enum. A base nothing uses
    /// needs none, and `entity` alone has a thousand descendants.
    unions: BTreeSet<String>,
    /// (namespace module, Rust name) of every type and `Any…` enum.
    names: BTreeSet<(Option<String>, String)>,
    /// How paths start: `crate` inside the crate, the crate's name in its tests.
    /// A name, not tokens, so the space can be shared by the threads that emit.
    root: &'static str,
    /// The features that compile each shared type (`None`: always), see [`super::gates`].
    gates: BTreeMap<String, super::gates::Gate>,
}

impl<'a> TypeSpace<'a> {
    pub fn new(version: &'a VersionSpec, api: ApiVersion) -> Self {
        let mut descendants: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for def in version.types.values() {
            for ancestor in ancestors(version, &def.name) {
                descendants
                    .entry(ancestor)
                    .or_default()
                    .insert(def.name.clone());
            }
        }
        let unions = version
            .type_refs()
            .into_iter()
            .filter(|r| descendants.get(&r.name).is_some_and(|d| !d.is_empty()))
            .map(|r| r.name.clone())
            .collect();
        let mut space = TypeSpace {
            version,
            api,
            descendants,
            unions,
            names: BTreeSet::new(),
            root: "crate",
            gates: BTreeMap::new(),
        };
        space.names = version
            .types
            .keys()
            .flat_map(|n| {
                let module = Self::namespace_module(n);
                [
                    (module.clone(), Self::struct_name(n)),
                    (module, space.use_name(n)),
                ]
            })
            .collect();
        space.gates = super::gates::shared_gates(&space);
        space
    }

    /// The same space, with paths written from outside the crate (its tests).
    pub fn seen_from_tests(&self) -> TypeSpace<'a> {
        TypeSpace {
            version: self.version,
            api: self.api,
            descendants: self.descendants.clone(),
            unions: self.unions.clone(),
            names: self.names.clone(),
            root: "msgraph_comms",
            gates: self.gates.clone(),
        }
    }

    /// The `#[cfg]` that compiles a type: its area's feature, any of the areas that reach a
    /// shared type, or nothing for a type compiled always.
    pub fn type_cfg(&self, name: &str) -> TokenStream {
        match self.def(name).and_then(|d| d.area.as_deref()) {
            Some(area) => cfg_attr(Some(area)),
            None => match self.gates.get(name) {
                Some(Some(areas)) => cfg_any(areas.iter().map(String::as_str)),
                _ => quote! {},
            },
        }
    }

    pub fn descendants(&self, name: &str) -> Option<&BTreeSet<String>> {
        self.descendants.get(name).filter(|d| !d.is_empty())
    }

    /// The derived types of a base that has an `Any…` enum.
    pub fn union_members(&self, name: &str) -> Option<&BTreeSet<String>> {
        self.unions
            .contains(name)
            .then(|| self.descendants(name))
            .flatten()
    }

    /// The struct name of a Graph type in its namespace's module:
    /// `microsoft.graph.callRecords.session` → `Session`.
    pub fn struct_name(name: &str) -> String {
        sanitize(crate::ir::typeref_short_name(name), Case::Pascal)
    }

    /// The variant of a type in `Any…` enums, unique across namespaces:
    /// `Call`, `CallRecordsSession`.
    pub fn variant_name(name: &str) -> String {
        let short = crate::ir::typeref_short_name(name);
        match name
            .strip_prefix("microsoft.graph.")
            .and_then(|rest| rest.rsplit_once('.'))
        {
            Some((namespace, _)) => sanitize(&format!("{namespace} {short}"), Case::Pascal),
            None => sanitize(short, Case::Pascal),
        }
    }

    /// The module of a Graph namespace below `microsoft.graph`:
    /// `microsoft.graph.callRecords.session` → `call_records`; `None` for
    /// `microsoft.graph` itself.
    pub fn namespace_module(name: &str) -> Option<String> {
        let (namespace, _) = name.strip_prefix("microsoft.graph.")?.rsplit_once('.')?;
        Some(sanitize(&namespace.replace('.', " "), Case::Snake))
    }

    /// The name a property of this type uses: `AnyMediaConfig` for a base type
    /// with derived types, else the struct or enum name.
    pub fn use_name(&self, name: &str) -> String {
        let plain = Self::struct_name(name);
        if self.union_members(name).is_some() {
            format!("Any{plain}")
        } else {
            plain
        }
    }

    /// `crate::runtime`, or `msgraph_comms::runtime` from the tests.
    pub fn runtime_path(&self) -> TokenStream {
        let root = format_ident!("{}", self.root);
        quote! { #root::runtime }
    }

    /// `crate::v1_0::models`.
    pub fn models_path(&self) -> TokenStream {
        let root = format_ident!("{}", self.root);
        let version = format_ident!("{}", self.api.module_name());
        quote! { #root::#version::models }
    }

    /// The path of a type's module: `crate::v1_0::models::call_records`.
    pub fn module_path(&self, name: &str) -> TokenStream {
        let models = self.models_path();
        match Self::namespace_module(name) {
            Some(module) => {
                let module = format_ident!("{module}");
                quote! { #models::#module }
            }
            None => models,
        }
    }

    /// The path of the Rust type properties of this type use (`Any…` for a base type).
    pub fn type_path(&self, name: &str) -> TokenStream {
        let module = self.module_path(name);
        let ident = format_ident!("{}", self.use_name(name));
        quote! { #module::#ident }
    }

    /// The path of the struct or enum itself.
    pub fn struct_path(&self, name: &str) -> TokenStream {
        let module = self.module_path(name);
        let ident = format_ident!("{}", Self::struct_name(name));
        quote! { #module::#ident }
    }

    /// `crate::v1_0::models::call_records::Session`, for doc links.
    pub fn doc_path(&self, name: &str) -> String {
        let mut path = format!("crate::{}::models", self.api.module_name());
        if let Some(module) = Self::namespace_module(name) {
            path.push_str("::");
            path.push_str(&module);
        }
        format!("{path}::{}", self.use_name(name))
    }

    /// A doc mention of a type: a link when the type is compiled wherever
    /// the text is (shared, or in the same area), else its name in code.
    pub fn doc_mention(&self, name: &str, from_area: Option<&str>) -> String {
        let rust = self.use_name(name);
        match self.def(name) {
            Some(def) if def.area.is_none() || def.area.as_deref() == from_area => {
                format!("[`{rust}`]({})", self.doc_path(name))
            }
            Some(_) => format!("`{rust}`"),
            None => format!("`{name}`"),
        }
    }

    /// The area whose feature compiles a type; `None` for shared types and primitives.
    pub fn area(&self, name: &str) -> Option<&'a str> {
        self.version.types.get(name).and_then(|d| d.area.as_deref())
    }

    /// The feature an item of area `home` needs to use `ty`, when it is not its own.
    pub fn feature_for(&self, home: Option<&str>, ty: &TypeRef) -> Option<&'a str> {
        self.area(&ty.name).filter(|a| Some(*a) != home)
    }

    /// The Rust type for a reference. `boxed` wraps a single value in `Box`
    /// (used where a type would otherwise contain itself).
    pub fn rust_type(&self, ty: &TypeRef, boxed: bool) -> TokenStream {
        let single = match ty.as_primitive() {
            Some(p) => primitive(p),
            None => match self.version.types.get(&ty.name) {
                Some(_) => self.type_path(&ty.name),
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

    /// True when a field of type `field` holds its model in a `Box`: every single nested
    /// model (struct or `Any…` enum) does. Recursive types need it, and inline nesting made
    /// structs of tens of kilobytes (an entity holding its related entities holding theirs)
    /// that overflowed stacks; a size rule instead would change a type's fields whenever a
    /// distant type grew.
    pub fn boxes(&self, field: &TypeRef) -> bool {
        !field.collection && field.as_primitive().is_none() && self.is_model(&field.name)
    }

    /// Whether `name` is an enum this version defines.
    pub fn is_enum(&self, name: &str) -> bool {
        self.def(name)
            .is_some_and(|def| def.kind == crate::ir::TypeKind::Enum)
    }

    /// Whether `name` is a struct (entity, complex type) this version defines.
    pub fn is_model(&self, name: &str) -> bool {
        self.def(name)
            .is_some_and(|def| def.kind != crate::ir::TypeKind::Enum)
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
        Primitive::String | Primitive::Stream => quote! { ::std::string::String },
        Primitive::Guid => quote! { crate::runtime::Guid },
        Primitive::Binary => quote! { crate::runtime::Binary },
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

/// `#[cfg(feature = "…")]` for the features an item needs, none for none.
/// `#[cfg(any(feature = …))]`: compiled when any of the features is on.
pub fn cfg_any<'f>(features: impl IntoIterator<Item = &'f str>) -> TokenStream {
    let features: BTreeSet<&str> = features.into_iter().collect();
    match features.len() {
        0 => quote! {},
        1 => cfg_attr(features),
        _ => {
            let f = features.iter();
            quote! { #[cfg(any(#(feature = #f),*))] }
        }
    }
}

pub fn cfg_attr<'f>(features: impl IntoIterator<Item = &'f str>) -> TokenStream {
    let features: BTreeSet<&str> = features.into_iter().collect();
    match features.len() {
        0 => quote! {},
        1 => {
            let f = features.iter().next();
            quote! { #[cfg(feature = #f)] }
        }
        _ => {
            let f = features.iter();
            quote! { #[cfg(all(#(feature = #f),*))] }
        }
    }
}
