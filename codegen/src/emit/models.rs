//! Serde models: a struct per structured type, an open enum per enumeration,
//! an `Any…` enum per base type with derived types, and the request-body
//! structs of operations whose body is a parameter table.

use super::docs::{described, doc_attrs};
use super::rust_types::{TypeSpace, cfg_attr};
use crate::ir::{Operation, Origin, Property, RequestBody, Text, TypeDef, TypeKind, TypeRef};
use crate::naming::{Case, sanitize};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;
use syn::parse::Parser;

/// Where an item is emitted: its namespace's module (`None`: `models`
/// itself) and its area (`None`: shared, compiled whatever the features).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub namespace: Option<String>,
    pub area: Option<String>,
}

impl Place {
    pub fn of_type(def: &TypeDef) -> Place {
        Place {
            namespace: TypeSpace::namespace_module(&def.name),
            area: def.area.clone(),
        }
    }
    /// Request bodies live in `models` itself, in their operation's area.
    pub fn of_operation(op: &Operation) -> Place {
        Place {
            namespace: None,
            area: op.area.clone(),
        }
    }
}

/// One item of a models file, before it is emitted: naming every item first lets a big file
/// be built and printed in parts on several threads, in the file's order (by Rust name).
#[derive(Clone, Copy)]
pub enum Item<'a> {
    /// An enumeration: its open enum.
    Enum(&'a TypeDef),
    /// An entity or complex type: its struct.
    Struct(&'a TypeDef),
    /// A base type with derived types: its `Any…` enum.
    Union(&'a TypeDef),
    /// An operation whose body is a parameter table: the body's struct.
    Body(&'a Operation),
}

/// Every place's items, keyed by Rust name: the types first, then the request bodies (a later
/// item of the same name replaces an earlier one; the spec's name check rules that out).
pub fn placed_items<'a>(space: &TypeSpace<'a>) -> BTreeMap<Place, BTreeMap<String, Item<'a>>> {
    let mut placed: BTreeMap<Place, BTreeMap<String, Item<'a>>> = BTreeMap::new();
    for def in space.version.types.values() {
        let items = placed.entry(Place::of_type(def)).or_default();
        let name = TypeSpace::struct_name(&def.name);
        match def.kind {
            TypeKind::Enum => {
                items.insert(name, Item::Enum(def));
            }
            TypeKind::Entity | TypeKind::Complex => {
                if space.union_members(&def.name).is_some() {
                    items.insert(format!("Any{name}"), Item::Union(def));
                }
                items.insert(name, Item::Struct(def));
            }
        }
    }
    for op in space.version.operations.values() {
        if let Some(RequestBody::Parameters { .. }) = &op.request_body {
            placed
                .entry(Place::of_operation(op))
                .or_default()
                .insert(request_body_name(&op.id), Item::Body(op));
        }
    }
    placed
}

/// The tokens of one item. A shared type's items compile with its gate.
pub fn emit_item(space: &TypeSpace<'_>, name: &str, item: Item<'_>) -> TokenStream {
    let def = match item {
        Item::Body(op) => return request_body(space, op),
        Item::Enum(def) | Item::Struct(def) | Item::Union(def) => def,
    };
    let tokens = match item {
        Item::Enum(_) => {
            let members: Vec<(String, Text)> = def
                .members
                .iter()
                .map(|m| (m.name.clone(), m.description.clone()))
                .collect();
            open_enum(name, &type_doc(def), &members)
        }
        Item::Union(_) => match space.union_members(&def.name) {
            Some(descendants) => union(space, def, descendants),
            None => TokenStream::new(),
        },
        _ => {
            let props = space.all_properties(&def.name);
            let fields = fields(space, def.area.as_deref(), &props);
            structure(name, &type_doc(def), &fields)
        }
    };
    match def.area.is_none().then(|| space.type_cfg(&def.name)) {
        Some(cfg) if !cfg.is_empty() => gated(tokens, &cfg),
        _ => tokens,
    }
}

/// `tokens` with `cfg` on each of its items.
fn gated(tokens: TokenStream, cfg: &TokenStream) -> TokenStream {
    let attrs = syn::Attribute::parse_outer
        .parse2(cfg.clone())
        .expect("a generated #[cfg]");
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(mut file) => {
            for item in &mut file.items {
                if let Some(item_attrs) = item_attrs(item) {
                    item_attrs.splice(0..0, attrs.iter().cloned());
                }
            }
            quote! { #file }
        }
        // The emitter's own tokens always parse; keep them whole if they ever do not.
        Err(_) => tokens,
    }
}

fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    Some(match item {
        syn::Item::Struct(i) => &mut i.attrs,
        syn::Item::Enum(i) => &mut i.attrs,
        syn::Item::Impl(i) => &mut i.attrs,
        syn::Item::Macro(i) => &mut i.attrs,
        syn::Item::Fn(i) => &mut i.attrs,
        syn::Item::Const(i) => &mut i.attrs,
        syn::Item::Type(i) => &mut i.attrs,
        syn::Item::Static(i) => &mut i.attrs,
        _ => return None,
    })
}

/// The request-body struct of an operation with a parameter table.
fn request_body(space: &TypeSpace<'_>, op: &Operation) -> TokenStream {
    let Some(RequestBody::Parameters { parameters, source }) = &op.request_body else {
        return TokenStream::new();
    };
    let name = request_body_name(&op.id);
    let refs: Vec<&Property> = parameters.iter().collect();
    let fields = fields(space, op.area.as_deref(), &refs);
    let doc = vec![
        format!(
            "The request body of `{}` (endpoint function `{}`).",
            op.id,
            sanitize(&op.id, Case::Snake)
        ),
        String::new(),
        match super::docs::learn_link(&source.page) {
            Some(link) => format!("From the parameter table at `{source}`; docs: {link}."),
            None => format!("From the parameter table at `{source}`."),
        },
    ];
    let mut item = structure(&name, &doc, &fields);
    item.extend(constructor(&name, &fields));
    item
}

/// The body type an operation's request takes: the parameter-table struct,
/// else the resource itself, or an entity reference for a `…/$ref` request.
/// A PATCH body is the resource too: its absent members are left alone, and
/// `Nullable::Null` clears a nullable one.
pub fn request_body_type(space: &TypeSpace<'_>, op: &Operation) -> Option<TokenStream> {
    match op.request_body.as_ref()? {
        RequestBody::Parameters { .. } => {
            let models = space.models_path();
            let ident = format_ident!("{}", request_body_name(&op.id));
            Some(quote! { #models::#ident })
        }
        RequestBody::Resource { r#type, .. } => Some(space.rust_type(r#type, false)),
        RequestBody::Reference { .. } => {
            let runtime = space.runtime_path();
            Some(quote! { #runtime::Reference })
        }
    }
}

pub fn request_body_name(operation_id: &str) -> String {
    format!("{}Request", sanitize(operation_id, Case::Pascal))
}

fn type_doc(def: &TypeDef) -> Vec<String> {
    let mut doc = Vec::new();
    if let Some(text) = described(&def.description) {
        doc.push(text);
        doc.push(String::new());
    }
    let link = def
        .sources
        .first()
        .and_then(|s| super::docs::learn_link(&s.page))
        .filter(|_| def.origin != Origin::Inferred)
        .map(|link| format!(" Docs: {link}."))
        .unwrap_or_default();
    doc.push(format!("Graph type `{}`.{link}", def.name));
    if let Some(key) = &def.key {
        doc.push(format!("An entity, keyed by `{key}`."));
    }
    if let Some(base) = &def.base_type {
        doc.push(format!(
            "Derives from `{base}`; its properties are included."
        ));
    }
    if def.origin == Origin::Inferred {
        let shown: Vec<String> = def
            .sources
            .iter()
            .take(3)
            .map(|s| format!("`{s}`"))
            .collect();
        let more = def.sources.len().saturating_sub(3);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        doc.push(String::new());
        doc.push(format!(
            "No page in the input defines this type: its properties are inferred from the examples at {}{more}.",
            shown.join(", ")
        ));
    }
    doc
}

struct Field {
    ident: String,
    wire: String,
    ty: TokenStream,
    /// The type without its `Box`, what a constructor takes.
    unboxed: TokenStream,
    boxed: bool,
    /// The English description says the member is required (`Required.`, `(Required)`).
    required: bool,
    nullable: bool,
    doc: Vec<String>,
    /// The area whose feature the field needs (its type lives there); when
    /// that feature is off, the member's JSON stays in `additional_properties`.
    feature: Option<String>,
}

impl Field {
    fn cfg(&self) -> TokenStream {
        cfg_attr(self.feature.as_deref())
    }

    /// The field's identifier and its doc attributes.
    fn parts(&self) -> (proc_macro2::Ident, TokenStream) {
        (format_ident!("{}", self.ident), doc_attrs(&self.doc))
    }
}

const RESERVED_FIELDS: [&str; 2] = ["odata_type", "additional_properties"];

fn fields(space: &TypeSpace<'_>, home: Option<&str>, props: &[&Property]) -> Vec<Field> {
    let mut used: Vec<String> = RESERVED_FIELDS.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    for prop in props {
        let ident = sanitize(&prop.name, Case::Snake);
        // Two members with one Rust name: the first keeps it; the other's
        // JSON stays in `additional_properties` (the extractor reports it).
        if used.contains(&ident) {
            continue;
        }
        used.push(ident.clone());
        let boxed = space.boxes(&prop.r#type);
        let (ty, unboxed) = if prop.comma_separated {
            let members = space.rust_type(&prop.r#type, false);
            let list = quote! { crate::runtime::CommaSeparated<#members> };
            (list.clone(), list)
        } else {
            (
                space.rust_type(&prop.r#type, boxed),
                space.rust_type(&prop.r#type, false),
            )
        };
        let mut doc = Vec::new();
        if let Some(text) = described(&prop.description) {
            doc.push(text);
            doc.push(String::new());
        }
        let label = match prop.comma_separated {
            true => format!("comma-separated members of {}", type_label(&prop.r#type)),
            false => type_label(&prop.r#type),
        };
        doc.push(format!("`{}`: {label}{}.", prop.name, notes(prop)));
        if !prop.one_of.is_empty() {
            let names: Vec<String> = prop.one_of.iter().map(|n| format!("`{n}`")).collect();
            doc.push(String::new());
            doc.push(format!(
                "The docs allow {}: each is a variant of the `Any…` type, sent with its `@odata.type`.",
                names.join(" or ")
            ));
        }
        let feature = space.feature_for(home, &prop.r#type).map(str::to_string);
        if let Some(area) = &feature {
            doc.push(String::new());
            doc.push(format!(
                "Needs the `{area}` feature; without it the member stays in `additional_properties`."
            ));
        }
        out.push(Field {
            ident,
            wire: prop.name.clone(),
            ty,
            unboxed,
            boxed: boxed && !prop.comma_separated,
            required: prop.description.says_required(),
            nullable: prop.nullable,
            doc,
            feature,
        });
    }
    out
}

/// `new(required…)` for a request body with required members: each is an argument (its type's
/// `Into`), the rest start absent. Members behind a feature are never arguments, so the
/// signature is the same whatever the features.
fn constructor(name: &str, fields: &[Field]) -> Option<TokenStream> {
    let required: Vec<&Field> = fields
        .iter()
        .filter(|f| f.required && f.feature.is_none())
        .collect();
    if required.is_empty() {
        return None;
    }
    let ident = format_ident!("{name}");
    let params = required.iter().map(|f| {
        let (field, unboxed) = (format_ident!("{}", f.ident), &f.unboxed);
        quote! { #field: impl ::std::convert::Into<#unboxed> }
    });
    let inits = required.iter().map(|f| {
        let field = format_ident!("{}", f.ident);
        let value = if f.boxed {
            quote! { ::std::boxed::Box::new(#field.into()) }
        } else {
            quote! { #field.into() }
        };
        if f.nullable {
            quote! { #field: crate::runtime::Nullable::Value(#value), }
        } else {
            quote! { #field: ::std::option::Option::Some(#value), }
        }
    });
    let names: Vec<String> = required.iter().map(|f| format!("`{}`", f.wire)).collect();
    let doc = doc_attrs(&[format!(
        "With the members the docs require ({}); the others start absent.",
        names.join(", ")
    )]);
    // Every argument is one the docs require: as many as they name.
    let allow = (required.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    Some(quote! {
        impl #ident {
            #doc
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits)* ..::std::default::Default::default() }
            }
        }
    })
}

/// `, nullable, read-only` …: what the page says about a property beyond its type.
fn notes(prop: &Property) -> String {
    let mut notes = String::new();
    if prop.nullable {
        notes.push_str(", nullable");
    }
    if prop.read_only {
        notes.push_str(", read-only");
    }
    if prop.navigation {
        notes.push_str(", navigation property (present when expanded)");
    }
    notes
}

fn type_label(ty: &TypeRef) -> String {
    if ty.collection {
        format!("collection of `{}`", ty.name)
    } else {
        format!("`{}`", ty.name)
    }
}

fn structure(name: &str, doc: &[String], fields: &[Field]) -> TokenStream {
    let ident = format_ident!("{name}");
    let doc = doc_attrs(doc);
    let members = fields.iter().map(|f| {
        let (field, doc) = f.parts();
        let (ty, cfg) = (&f.ty, f.cfg());
        if f.nullable {
            quote! { #doc #cfg pub #field: crate::runtime::Nullable<#ty>, }
        } else {
            quote! { #doc #cfg pub #field: ::std::option::Option<#ty>, }
        }
    });
    // The member table: wire names sorted (the runtime finds a name by binary
    // search) and each index's field; a field compiled out has no arm.
    let mut table: Vec<&Field> = Vec::new();
    for f in fields {
        // Two properties with one wire name: the first wins.
        if !table.iter().any(|t| t.wire == f.wire) {
            table.push(f);
        }
    }
    table.sort_by(|a, b| a.wire.cmp(&b.wire));
    let names = table.iter().map(|f| f.wire.as_str());
    let arms = |mutable: bool| {
        table.iter().enumerate().map(move |(index, f)| {
            let field = format_ident!("{}", f.ident);
            let cfg = f.cfg();
            let place = if mutable {
                quote! { &mut self.#field }
            } else {
                quote! { &self.#field }
            };
            quote! { #cfg #index => ::std::option::Option::Some(#place), }
        })
    };
    // `match` arms may all be compiled out, so each returns and `_` is the rest.
    let lookup = |mutable: bool| {
        if table.is_empty() {
            quote! { let _ = index; ::std::option::Option::None }
        } else {
            let arms = arms(mutable);
            quote! { match index { #(#arms)* _ => ::std::option::Option::None } }
        }
    };
    let (reads, writes) = (lookup(false), lookup(true));
    // `Default` by hand: every member starts absent. Constants rather than
    // `Default::default()` calls keep the body free of calls (and their unwind
    // paths), which is most of what a derived `Default` costs to check.
    let absent = fields.iter().map(|f| {
        let (field, cfg) = (format_ident!("{}", f.ident), f.cfg());
        if f.nullable {
            quote! { #cfg #field: crate::runtime::Nullable::Absent, }
        } else {
            quote! { #cfg #field: ::std::option::Option::None, }
        }
    });
    quote! {
        #doc
        pub struct #ident {
            /// The `@odata.type` annotation, as sent.
            pub odata_type: ::std::option::Option<::std::string::String>,
            #(#members)*
            /// Members the docs do not list, kept so a payload round-trips.
            pub additional_properties: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
        }
        impl crate::runtime::model::Model for #ident {
            fn extra(&self) -> (::std::option::Option<&str>, &crate::runtime::model::Extra) {
                (self.odata_type.as_deref(), &self.additional_properties)
            }
            fn extra_mut(&mut self) -> (&mut ::std::option::Option<::std::string::String>, &mut crate::runtime::model::Extra) {
                (&mut self.odata_type, &mut self.additional_properties)
            }
            fn member_names(&self) -> &'static [&'static str] {
                &[#(#names),*]
            }
            fn member(&self, index: usize) -> ::std::option::Option<&dyn crate::runtime::model::Member> {
                #reads
            }
            fn member_mut(&mut self, index: usize) -> ::std::option::Option<&mut dyn crate::runtime::model::Member> {
                #writes
            }
        }
        impl ::std::default::Default for #ident {
            fn default() -> Self {
                Self {
                    odata_type: ::std::option::Option::None,
                    #(#absent)*
                    additional_properties: ::serde_json::Map::new(),
                }
            }
        }
        crate::runtime::model::impl_model_traits!(#ident);
    }
}

/// An enum open to values the docs do not list: they land in `Undocumented`
/// and serialize back unchanged.
fn open_enum(name: &str, doc: &[String], members: &[(String, Text)]) -> TokenStream {
    let ident = format_ident!("{name}");
    let doc = doc_attrs(doc);
    let mut used: Vec<String> = vec!["Undocumented".into()];
    let variants: Vec<(proc_macro2::Ident, &str, TokenStream)> = members
        .iter()
        .filter_map(|(wire, description)| {
            let v = sanitize(wire, Case::Pascal);
            // A second member with the variant's name (`unknown`, `Unknown`)
            // stays an `Undocumented` value, which round-trips as sent.
            if used.contains(&v) {
                return None;
            }
            used.push(v.clone());
            let mut lines = Vec::new();
            if let Some(text) = described(description) {
                lines.push(text);
                lines.push(String::new());
            }
            lines.push(format!("`{wire}`"));
            Some((format_ident!("{v}"), wire.as_str(), doc_attrs(&lines)))
        })
        .collect();
    let decls = variants.iter().map(|(v, _, d)| quote! { #d #v, });
    let to_str = variants.iter().map(|(v, w, _)| quote! { Self::#v => #w, });
    let from_str: Vec<TokenStream> = variants
        .iter()
        .map(|(v, w, _)| quote! { #w => Self::#v, })
        .collect();
    // An enum whose members no page names has only `Undocumented`: no `match` to make.
    let undocumented = quote! { Self::Undocumented(::std::string::String::from(value)) };
    let from_body = if from_str.is_empty() {
        undocumented
    } else {
        quote! {
            match value {
                #(#from_str)*
                _ => #undocumented,
            }
        }
    };
    // With no documented member, every value is `Undocumented`.
    let documented = if variants.is_empty() {
        quote! { false }
    } else {
        quote! { !::std::matches!(self, Self::Undocumented(_)) }
    };
    // `Debug`, `Clone`, `PartialEq` and `Hash` go through the wire value instead of
    // derives: one short body each instead of a `match` over every variant, which is
    // what thousands of enums cost to check. Equality is the wire value's.
    quote! {
        #doc
        pub enum #ident {
            #(#decls)*
            /// A value the docs do not list, kept as sent.
            Undocumented(::std::string::String),
        }
        impl ::std::fmt::Debug for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let documented = #documented;
                crate::runtime::model::debug_open_enum(self.as_str(), documented, f)
            }
        }
        impl ::std::clone::Clone for #ident {
            fn clone(&self) -> Self {
                Self::from(self.as_str())
            }
        }
        impl ::std::cmp::PartialEq for #ident {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }
        impl ::std::cmp::Eq for #ident {}
        impl ::std::hash::Hash for #ident {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                ::std::hash::Hash::hash(self.as_str(), state)
            }
        }
        impl #ident {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Undocumented(value) => value.as_str(),
                }
            }
        }
        impl ::std::convert::From<&str> for #ident {
            fn from(value: &str) -> Self {
                #from_body
            }
        }
        impl ::serde::Serialize for #ident {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::model::deserialize_open_enum(deserializer)
            }
        }
        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl crate::runtime::model::Field for #ident {}
        impl ::std::str::FromStr for #ident {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }
    }
}

/// `AnyX`: deserializes into the derived type named by `@odata.type`, and into
/// `X` itself when the tag is absent or names no known derived type.
fn union(
    space: &TypeSpace<'_>,
    base: &TypeDef,
    descendants: &std::collections::BTreeSet<String>,
) -> TokenStream {
    let base_name = TypeSpace::struct_name(&base.name);
    let ident = format_ident!("Any{base_name}");
    let base_variant = format_ident!("{}", TypeSpace::variant_name(&base.name));
    let base_path = space.struct_path(&base.name);
    let home = base.area.as_deref();
    // Each derived type: its variant, wire name, path, and the feature it needs.
    let derived: Vec<(proc_macro2::Ident, &str, TokenStream, TokenStream)> = descendants
        .iter()
        .filter_map(|d| space.def(d))
        .map(|d| {
            let feature = d.area.as_deref().filter(|a| Some(*a) != home);
            (
                format_ident!("{}", TypeSpace::variant_name(&d.name)),
                d.name.as_str(),
                space.struct_path(&d.name),
                cfg_attr(feature),
            )
        })
        .collect();
    let doc = doc_attrs(&[
        format!(
            "A `{}` or any type derived from it, chosen by `@odata.type`.",
            base.name
        ),
        String::new(),
        format!("An absent or unknown tag gives [`{base_name}`], which keeps every member."),
    ]);
    let variants = derived.iter().map(|(v, name, path, cfg)| {
        let d = format!(" `{name}`");
        quote! { #[doc = #d] #cfg #v(#path), }
    });
    let retype_arms = derived.iter().map(|(v, name, _, cfg)| {
        quote! {
            #cfg ::std::option::Option::Some(#name) => {
                let mut derived = ::std::default::Default::default();
                crate::runtime::model::retype(base, &mut derived)?;
                Self::#v(derived)
            }
        }
    });
    let tag_arms = derived.iter().map(|(v, name, _, cfg)| {
        quote! { #cfg Self::#v(_) => ::std::option::Option::Some(#name), }
    });
    let all: Vec<(&proc_macro2::Ident, &TokenStream, TokenStream)> = derived
        .iter()
        .map(|(v, _, path, cfg)| (v, path, cfg.clone()))
        .chain(std::iter::once((&base_variant, &base_path, quote! {})))
        .collect();
    let each = |body: TokenStream| {
        let arms = all
            .iter()
            .map(|(v, _, cfg)| quote! { #cfg Self::#v(inner) => #body, });
        quote! { match self { #(#arms)* } }
    };
    // One `match` serves both: each arm hands out the variant's model.
    let as_model = each(quote! { inner });
    let froms = all.iter().map(|(v, path, cfg)| {
        quote! {
            #cfg
            impl ::std::convert::From<#path> for #ident {
                fn from(value: #path) -> Self {
                    Self::#v(value)
                }
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::enum_variant_names, clippy::large_enum_variant)]
        pub enum #ident {
            #(#variants)*
            /// The base type itself, or a derived type this crate does not know.
            #base_variant(#base_path),
        }
        impl ::std::default::Default for #ident {
            fn default() -> Self {
                Self::#base_variant(::std::default::Default::default())
            }
        }
        impl #ident {
            /// The model the value holds.
            pub fn as_model(&self) -> &dyn crate::runtime::model::Model {
                #as_model
            }
            /// The model the value holds, mutably.
            pub fn as_model_mut(&mut self) -> &mut dyn crate::runtime::model::Model {
                #as_model
            }
        }
        impl crate::runtime::model::Model for #ident {
            fn extra(&self) -> (::std::option::Option<&str>, &crate::runtime::model::Extra) {
                self.as_model().extra()
            }
            fn extra_mut(&mut self) -> (&mut ::std::option::Option<::std::string::String>, &mut crate::runtime::model::Extra) {
                self.as_model_mut().extra_mut()
            }
            // With every derived type's feature off, the base is the only variant.
            #[allow(irrefutable_let_patterns)]
            fn read_type(&mut self, tag: ::std::option::Option<::std::string::String>) -> ::std::result::Result<(), ::serde_json::Error> {
                // Still the base type: the tag picks the derived type, keeping what was read before it.
                if let Self::#base_variant(base) = self {
                    *self = match tag.as_deref().map(crate::runtime::odata::qualified_name) {
                        #(#retype_arms)*
                        _ => Self::#base_variant(::std::mem::take(base)),
                    };
                }
                self.as_model_mut().read_type(tag)
            }
            fn default_tag(&self) -> ::std::option::Option<&'static str> {
                match self {
                    #(#tag_arms)*
                    _ => ::std::option::Option::None,
                }
            }
            fn member_names(&self) -> &'static [&'static str] {
                self.as_model().member_names()
            }
            fn member(&self, index: usize) -> ::std::option::Option<&dyn crate::runtime::model::Member> {
                self.as_model().member(index)
            }
            fn member_mut(&mut self, index: usize) -> ::std::option::Option<&mut dyn crate::runtime::model::Member> {
                self.as_model_mut().member_mut(index)
            }
        }
        crate::runtime::model::impl_model_traits!(@serde #ident);
        #(#froms)*
    }
}
