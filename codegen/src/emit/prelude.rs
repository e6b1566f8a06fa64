//! Prelude names for the std paths the emitters write in full: `Option`,
//! `Some`, `String`, `Vec`, `Box`, `Default` instead of `::std::option::Option`…
//!
//! The emitters quote full paths so no generated name can capture them; this
//! pass then shortens each one a file does not define itself (a Graph type
//! named `default` keeps `::std::default::Default` in its file). Shorter paths
//! are fewer tokens for rustc to hold: the whole-tree crate checks in less memory.

use std::collections::BTreeSet;

use syn::visit::Visit;
use syn::visit_mut::VisitMut;

/// `(module, item, variant)`: what the edition's prelude names by `item` (or
/// by `variant`, for `Some`, `None`, `Ok`, `Err`) alone. Variants come first,
/// so `Option::None` becomes `None` rather than keep `Option::`.
const PRELUDE: &[(&str, &str, &str)] = &[
    ("option", "Option", "Some"),
    ("option", "Option", "None"),
    ("option", "Option", ""),
    ("result", "Result", "Ok"),
    ("result", "Result", "Err"),
    ("result", "Result", ""),
    ("string", "String", ""),
    ("vec", "Vec", ""),
    ("boxed", "Box", ""),
    ("default", "Default", ""),
    ("clone", "Clone", ""),
    ("cmp", "PartialEq", ""),
    ("convert", "From", ""),
];

/// Shortens the prelude paths of one emitted file.
pub fn shorten(file: &mut syn::File) {
    let defined = defined_prelude_names(file);
    shorten_unless_defined(file, &defined);
}

/// The prelude names `file` defines itself (all of them, if it imports a glob): a file printed
/// in parts shortens each part unless any part defines the name.
pub fn defined_prelude_names(file: &syn::File) -> BTreeSet<String> {
    let mut defined = Defined::default();
    defined.visit_file(file);
    defined
        .names
        .into_iter()
        .filter(|name| {
            PRELUDE
                .iter()
                .any(|(_, item, variant)| name == item || name == variant)
        })
        .collect()
}

/// Shortens the prelude paths of `file`, but for the names in `defined`.
pub fn shorten_unless_defined(file: &mut syn::File, defined: &BTreeSet<String>) {
    Shorten {
        defined: defined.clone(),
    }
    .visit_file_mut(file);
}

/// Every name an item of the file (at any depth) defines.
#[derive(Default)]
struct Defined {
    names: BTreeSet<String>,
}

impl<'ast> Visit<'ast> for Defined {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let ident = match item {
            syn::Item::Struct(i) => Some(&i.ident),
            syn::Item::Enum(i) => Some(&i.ident),
            syn::Item::Type(i) => Some(&i.ident),
            syn::Item::Fn(i) => Some(&i.sig.ident),
            syn::Item::Trait(i) => Some(&i.ident),
            syn::Item::Const(i) => Some(&i.ident),
            syn::Item::Static(i) => Some(&i.ident),
            syn::Item::Mod(i) => Some(&i.ident),
            syn::Item::Union(i) => Some(&i.ident),
            _ => None,
        };
        if let Some(ident) = ident {
            self.names.insert(ident.to_string());
        }
        if let syn::Item::Use(u) = item {
            self.visit_use_tree(&u.tree);
        }
        syn::visit::visit_item(self, item);
    }

    fn visit_use_tree(&mut self, tree: &'ast syn::UseTree) {
        match tree {
            syn::UseTree::Name(n) => {
                self.names.insert(n.ident.to_string());
            }
            syn::UseTree::Rename(r) => {
                self.names.insert(r.rename.to_string());
            }
            // A glob may bring in anything: shorten nothing in such a file.
            syn::UseTree::Glob(_) => {
                for (_, item, variant) in PRELUDE {
                    self.names.insert(item.to_string());
                    if !variant.is_empty() {
                        self.names.insert(variant.to_string());
                    }
                }
            }
            _ => syn::visit::visit_use_tree(self, tree),
        }
    }
}

struct Shorten {
    defined: BTreeSet<String>,
}

impl VisitMut for Shorten {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        syn::visit_mut::visit_path_mut(self, path);
        if path.leading_colon.is_none() || path.segments.len() < 3 {
            return;
        }
        let segs: Vec<&syn::PathSegment> = path.segments.iter().collect();
        let plain = |i: usize, name: &str| {
            segs[i].ident == name && matches!(segs[i].arguments, syn::PathArguments::None)
        };
        if !plain(0, "std") {
            return;
        }
        for (module, item, variant) in PRELUDE {
            if !plain(1, module) || segs[2].ident != item {
                continue;
            }
            let rest = &segs[3..];
            let keep = match (variant.is_empty(), rest) {
                // `::std::option::Option<T>` → `Option<T>`.
                (true, []) => 2,
                // `::std::option::Option::Some` → `Some`; with `::<T>` on
                // `Option` (`Option::<&()>::None`) only the module goes.
                (false, [last]) if last.ident == variant => {
                    if matches!(segs[2].arguments, syn::PathArguments::None) {
                        3
                    } else {
                        2
                    }
                }
                // `::std::default::Default::default` → `Default::default`.
                (true, [_]) => 2,
                _ => continue,
            };
            let short = if keep == 3 { *variant } else { *item };
            if self.defined.contains(short)
                || (keep == 2 && !variant.is_empty() && self.defined.contains(*item))
            {
                return;
            }
            let kept: Vec<syn::PathSegment> = path.segments.iter().skip(keep).cloned().collect();
            path.leading_colon = None;
            path.segments = kept.into_iter().collect();
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn shortened(tokens: proc_macro2::TokenStream) -> String {
        let mut file: syn::File = syn::parse2(tokens).unwrap();
        shorten(&mut file);
        prettyplease::unparse(&file)
    }

    #[test]
    fn prelude_paths_are_shortened() {
        let out = shortened(quote! {
            pub struct A {
                pub x: ::std::option::Option<::std::boxed::Box<::std::string::String>>,
            }
            fn f() -> ::std::option::Option<()> {
                let _ = ::std::option::Option::<&()>::None;
                let _: A = ::std::default::Default::default();
                ::std::option::Option::Some(())
            }
        });
        assert!(out.contains("pub x: Option<Box<String>>"), "{out}");
        assert!(out.contains("Option::<&()>::None"), "{out}");
        assert!(out.contains("Default::default()"), "{out}");
        assert!(out.contains("Some(())"), "{out}");
        assert!(!out.contains("::std::option"), "{out}");
    }

    #[test]
    fn a_name_the_file_defines_keeps_its_full_path() {
        let out = shortened(quote! {
            pub struct Default {}
            fn f() -> ::std::option::Option<Default> {
                let _: u8 = ::std::default::Default::default();
                ::std::option::Option::None
            }
        });
        assert!(out.contains("::std::default::Default::default()"), "{out}");
        assert!(out.contains("-> Option<Default>"), "{out}");
        assert!(out.contains("    None\n"), "{out}");
    }
}
