//! Layer 0, beside the values: the JSON documents the emitters build, before they become text.
//!
//! [`Tree`] is JSON as the emitters need it and no more: objects keep their members in order in
//! a vector (a resource's object has a handful of members; hashing each key with
//! `serde_json::Map`'s SipHash was 11% of synthesizing 200 instances; only a large object gets
//! an index), and keys written in the emitter's code are borrowed `&'static str`, not
//! allocated. Documents become text with `json_text` (pretty for files, compact inside
//! strings); the public emitter API hands out `serde_json::Value` (`From<Tree>`), which tests and
//! `synth apply` read.
//!
//! `json_tree!` has `serde_json::json!`'s syntax for what this crate writes, but moves each
//! interpolated expression in with `Tree::from`: `json!` turns one
//! into a value with `to_value(&expr)`, which serializes it, so every tree put into a tree was
//! copied node by node (12% of the same run). What `From` does not take (a borrowed `String` or
//! tree) fails to compile, so a copy is always written out where it is made.

use std::borrow::Cow;

/// An object member's name: borrowed when the emitter's code spells it, owned when computed.
pub type Key = Cow<'static, str>;

/// A JSON value (see the module documentation).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Tree {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as serde_json holds and writes it.
    Number(serde_json::Number),
    /// A string.
    String(String),
    /// A string holding a document's compact JSON text (Terraform's policy and dashboard
    /// arguments): written in one pass, escaped as it is written, where making the text first
    /// and escaping it after read it twice.
    Encoded(Box<Tree>),
    /// An array.
    Array(Vec<Tree>),
    /// An object, members in insertion order.
    Object(Map),
}

/// An object's members in insertion order. Inserting a key that is present replaces its value
/// in place, as `serde_json::Map` (with `preserve_order`) does. A small object (nearly all of
/// them: a resource's arguments) finds a key by scanning; from [`Map::INDEX_FROM`] members on
/// (a template's `Resources`, a type's resources in a Terraform document) a hash index finds it,
/// so that building a large object stays linear.
#[derive(Clone, Debug, Default)]
pub struct Map {
    members: Vec<(Key, Tree)>,
    /// Key -> position, kept for large objects only.
    index: Option<std::collections::HashMap<Key, usize>>,
}

impl PartialEq for Map {
    /// The same members in the same order (the index is only a cache).
    fn eq(&self, other: &Self) -> bool {
        self.members == other.members
    }
}

impl Map {
    /// From this many members on, keys are found through a hash index.
    pub const INDEX_FROM: usize = 32;

    /// An empty object.
    pub fn new() -> Self {
        Map {
            members: Vec::new(),
            index: None,
        }
    }

    /// The position of `key`.
    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.members.iter().position(|(k, _)| k == key),
        }
    }

    /// Appends a member whose key is not present.
    fn push(&mut self, key: Key, value: Tree) -> usize {
        let at = self.members.len();
        if let Some(index) = &mut self.index {
            index.insert(key.clone(), at);
        }
        self.members.push((key, value));
        if self.index.is_none() && self.members.len() >= Self::INDEX_FROM {
            self.reindex();
        }
        at
    }

    /// Builds the index again (large objects), after members moved.
    fn reindex(&mut self) {
        self.index = (self.members.len() >= Self::INDEX_FROM).then(|| {
            self.members
                .iter()
                .enumerate()
                .map(|(at, (k, _))| (k.clone(), at))
                .collect()
        });
    }

    /// Sets `key` to `value`; returns the value it replaces.
    pub fn insert(&mut self, key: impl Into<Key>, value: Tree) -> Option<Tree> {
        let key = key.into();
        match self.position(&key) {
            Some(at) => Some(std::mem::replace(&mut self.members[at].1, value)),
            None => {
                self.push(key, value);
                None
            }
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Tree> {
        self.position(key).map(|at| &self.members[at].1)
    }

    /// The value of `key`, to change.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Tree> {
        self.position(key).map(|at| &mut self.members[at].1)
    }

    /// Whether `key` is a member.
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// Removes `key`, keeping the order of the others.
    pub fn remove(&mut self, key: &str) -> Option<Tree> {
        let at = self.position(key)?;
        let (_, value) = self.members.remove(at);
        if self.index.is_some() {
            self.reindex();
        }
        Some(value)
    }

    /// The member `key`, present or not (as `serde_json::Map::entry`).
    pub fn entry(&mut self, key: impl Into<Key>) -> Entry<'_> {
        Entry {
            map: self,
            key: key.into(),
        }
    }

    /// Keeps the members for which `keep` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &mut Tree) -> bool) {
        self.members.retain_mut(|(k, v)| keep(k, v));
        if self.index.is_some() {
            self.reindex();
        }
    }

    /// The members in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Tree)> {
        self.members.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// The members in order, values to change.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&str, &mut Tree)> {
        self.members.iter_mut().map(|(k, v)| (&**k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|(k, _)| k.as_ref())
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether there are no members.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
}

/// A member of a [`Map`] that may be absent: [`Map::entry`].
pub struct Entry<'a> {
    map: &'a mut Map,
    key: Key,
}

impl<'a> Entry<'a> {
    /// The member's value, inserted with `make` when absent.
    pub fn or_insert_with(self, make: impl FnOnce() -> Tree) -> &'a mut Tree {
        let at = match self.map.position(&self.key) {
            Some(at) => at,
            None => self.map.push(self.key, make()),
        };
        &mut self.map.members[at].1
    }
}

impl IntoIterator for Map {
    type Item = (Key, Tree);
    type IntoIter = std::vec::IntoIter<(Key, Tree)>;

    fn into_iter(self) -> Self::IntoIter {
        self.members.into_iter()
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a str, &'a Tree);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (Key, Tree)>,
        fn(&'a (Key, Tree)) -> (&'a str, &'a Tree),
    >;

    fn into_iter(self) -> Self::IntoIter {
        fn pair((k, v): &(Key, Tree)) -> (&str, &Tree) {
            (k, v)
        }
        self.members.iter().map(pair)
    }
}

impl<K: Into<Key>> Extend<(K, Tree)> for Map {
    fn extend<I: IntoIterator<Item = (K, Tree)>>(&mut self, items: I) {
        for (k, v) in items {
            self.insert(k, v);
        }
    }
}

impl<K: Into<Key>> FromIterator<(K, Tree)> for Map {
    fn from_iter<I: IntoIterator<Item = (K, Tree)>>(items: I) -> Self {
        let mut map = Map::new();
        map.extend(items);
        map
    }
}

impl Tree {
    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Tree::String(s) => Some(s),
            _ => None,
        }
    }

    /// The members of an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Tree::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The members of an object, to change.
    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Tree::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The elements of an array.
    pub fn as_array(&self) -> Option<&Vec<Tree>> {
        match self {
            Tree::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The elements of an array, to change.
    pub fn as_array_mut(&mut self) -> Option<&mut Vec<Tree>> {
        match self {
            Tree::Array(items) => Some(items),
            _ => None,
        }
    }

    /// Whether this is a string.
    pub fn is_string(&self) -> bool {
        matches!(self, Tree::String(_))
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Tree::Null)
    }

    /// An object's member or an array's element.
    pub fn get<I: TreeIndex>(&self, index: I) -> Option<&Tree> {
        index.find(self)
    }

    /// An object's member or an array's element, to change.
    pub fn get_mut<I: TreeIndex>(&mut self, index: I) -> Option<&mut Tree> {
        index.find_mut(self)
    }
}

/// What indexes a [`Tree`]: a member name or an element position.
pub trait TreeIndex {
    /// The value at this index of `tree`, if it has one.
    fn find(self, tree: &Tree) -> Option<&Tree>;
    /// The value at this index of `tree`, to change.
    fn find_mut(self, tree: &mut Tree) -> Option<&mut Tree>;
}

impl TreeIndex for &str {
    fn find(self, tree: &Tree) -> Option<&Tree> {
        tree.as_object()?.get(self)
    }
    fn find_mut(self, tree: &mut Tree) -> Option<&mut Tree> {
        tree.as_object_mut()?.get_mut(self)
    }
}

impl TreeIndex for usize {
    fn find(self, tree: &Tree) -> Option<&Tree> {
        tree.as_array()?.get(self)
    }
    fn find_mut(self, tree: &mut Tree) -> Option<&mut Tree> {
        tree.as_array_mut()?.get_mut(self)
    }
}

static NULL: Tree = Tree::Null;

impl std::ops::Index<&str> for Tree {
    type Output = Tree;
    /// The member, or `null` when absent or not an object (as serde_json indexes).
    fn index(&self, key: &str) -> &Tree {
        self.get(key).unwrap_or(&NULL)
    }
}

impl std::ops::IndexMut<&'static str> for Tree {
    /// The member, inserted as `null` when absent; `null` itself becomes an empty object first
    /// (as serde_json's `IndexMut`). Panics on any other kind of value, as serde_json does.
    fn index_mut(&mut self, key: &'static str) -> &mut Tree {
        if self.is_null() {
            *self = Tree::Object(Map::new());
        }
        match self {
            Tree::Object(map) => map.entry(key).or_insert_with(|| Tree::Null),
            other => panic!("cannot index a non-object JSON value with {key:?}: {other:?}"),
        }
    }
}

impl PartialEq<str> for Tree {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Tree {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl From<&str> for Tree {
    fn from(s: &str) -> Self {
        Tree::String(s.to_string())
    }
}

impl From<String> for Tree {
    fn from(s: String) -> Self {
        Tree::String(s)
    }
}

impl From<bool> for Tree {
    fn from(b: bool) -> Self {
        Tree::Bool(b)
    }
}

macro_rules! number_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Tree {
            fn from(n: $t) -> Self {
                Tree::Number(n.into())
            }
        }
    )*};
}
number_from!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

impl From<Map> for Tree {
    fn from(m: Map) -> Self {
        Tree::Object(m)
    }
}

impl<T: Into<Tree>> From<Vec<T>> for Tree {
    fn from(items: Vec<T>) -> Self {
        Tree::Array(items.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Tree>> From<Option<T>> for Tree {
    fn from(v: Option<T>) -> Self {
        v.map_or(Tree::Null, Into::into)
    }
}

impl<T: Into<Tree>> FromIterator<T> for Tree {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        Tree::Array(items.into_iter().map(Into::into).collect())
    }
}

impl From<serde_json::Value> for Tree {
    fn from(v: serde_json::Value) -> Self {
        use serde_json::Value as J;
        match v {
            J::Null => Tree::Null,
            J::Bool(b) => Tree::Bool(b),
            J::Number(n) => Tree::Number(n),
            J::String(s) => Tree::String(s),
            J::Array(items) => Tree::Array(items.into_iter().map(Tree::from).collect()),
            J::Object(members) => Tree::Object(
                members
                    .into_iter()
                    .map(|(k, v)| (Cow::Owned(k), Tree::from(v)))
                    .collect(),
            ),
        }
    }
}

impl From<Tree> for serde_json::Value {
    fn from(t: Tree) -> Self {
        use serde_json::Value as J;
        match t {
            Tree::Null => J::Null,
            Tree::Bool(b) => J::Bool(b),
            Tree::Number(n) => J::Number(n),
            Tree::String(s) => J::String(s),
            Tree::Encoded(doc) => J::String(crate::json_text::to_compact_string(&doc)),
            Tree::Array(items) => J::Array(items.into_iter().map(J::from).collect()),
            Tree::Object(map) => J::Object(
                map.members
                    .into_iter()
                    .map(|(k, v)| (k.into_owned(), J::from(v)))
                    .collect(),
            ),
        }
    }
}

/// A [`Tree`] from JSON-like syntax: `null`, `[elements]`, `{"key": value}` (keys are string
/// literals, identifiers or parenthesized expressions that convert into a [`Key`]), or any
/// expression that converts into a `Tree` with `From`.
macro_rules! json_tree {
    (null) => {
        $crate::json_tree::Tree::Null
    };
    ([]) => {
        $crate::json_tree::Tree::Array(::std::vec::Vec::new())
    };
    ([ $($tt:tt)+ ]) => {
        $crate::json_tree::Tree::Array($crate::json_tree::json_tree!(@elements [] $($tt)+))
    };
    ({}) => {
        $crate::json_tree::Tree::Object($crate::json_tree::Map::new())
    };
    ({ $($tt:tt)+ }) => {{
        let mut object = $crate::json_tree::Map::new();
        $crate::json_tree::json_tree!(@members object $($tt)+);
        $crate::json_tree::Tree::Object(object)
    }};
    ($other:expr) => {
        $crate::json_tree::Tree::from($other)
    };

    // Array elements, one at a time, into a `vec![]`.
    (@elements [$($done:expr,)*]) => {
        ::std::vec![$($done,)*]
    };
    (@elements [$($done:expr,)*] null $(, $($rest:tt)*)?) => {
        $crate::json_tree::json_tree!(@elements [$($done,)* $crate::json_tree::Tree::Null,] $($($rest)*)?)
    };
    (@elements [$($done:expr,)*] [$($array:tt)*] $(, $($rest:tt)*)?) => {
        $crate::json_tree::json_tree!(@elements [$($done,)* $crate::json_tree::json_tree!([$($array)*]),] $($($rest)*)?)
    };
    (@elements [$($done:expr,)*] {$($object:tt)*} $(, $($rest:tt)*)?) => {
        $crate::json_tree::json_tree!(@elements [$($done,)* $crate::json_tree::json_tree!({$($object)*}),] $($($rest)*)?)
    };
    (@elements [$($done:expr,)*] $next:expr $(, $($rest:tt)*)?) => {
        $crate::json_tree::json_tree!(@elements [$($done,)* $crate::json_tree::Tree::from($next),] $($($rest)*)?)
    };

    // Object members, one at a time: the key, then its value.
    (@members $object:ident) => {};
    (@members $object:ident $key:literal : $($rest:tt)+) => {
        $crate::json_tree::json_tree!(@value $object ($key) $($rest)+)
    };
    (@members $object:ident $key:ident : $($rest:tt)+) => {
        $crate::json_tree::json_tree!(@value $object ($key) $($rest)+)
    };
    (@members $object:ident ($key:expr) : $($rest:tt)+) => {
        $crate::json_tree::json_tree!(@value $object ($key) $($rest)+)
    };
    (@value $object:ident ($key:expr) null $(, $($rest:tt)*)?) => {
        $object.insert($key, $crate::json_tree::Tree::Null);
        $crate::json_tree::json_tree!(@members $object $($($rest)*)?);
    };
    (@value $object:ident ($key:expr) [$($array:tt)*] $(, $($rest:tt)*)?) => {
        $object.insert($key, $crate::json_tree::json_tree!([$($array)*]));
        $crate::json_tree::json_tree!(@members $object $($($rest)*)?);
    };
    (@value $object:ident ($key:expr) {$($inner:tt)*} $(, $($rest:tt)*)?) => {
        $object.insert($key, $crate::json_tree::json_tree!({$($inner)*}));
        $crate::json_tree::json_tree!(@members $object $($($rest)*)?);
    };
    (@value $object:ident ($key:expr) $value:expr $(, $($rest:tt)*)?) => {
        $object.insert($key, $crate::json_tree::Tree::from($value));
        $crate::json_tree::json_tree!(@members $object $($($rest)*)?);
    };
}

pub(crate) use json_tree;

#[cfg(test)]
mod tests {
    use super::{Map, Tree};
    use serde_json::{json, Value};

    #[test]
    fn builds_what_serde_json_builds() {
        let name = String::from("n");
        let inner = json_tree!({"deep": [1, 2]});
        let none: Option<Tree> = None;
        let key = "computed";
        let built = json_tree!({
            "null": null,
            "list": [1, "two", null, [true], {"k": "v"}, name.clone(),],
            "object": {"a": {}, "b": []},
            "moved": inner,
            "absent": none,
            "present": Some("x"),
            key: 3,
            (format!("{key}2")): -1,
            "method": [name.as_str(), "x"].concat(),
            "last": name
        });
        let keys: Vec<&str> = built.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "null",
                "list",
                "object",
                "moved",
                "absent",
                "present",
                "computed",
                "computed2",
                "method",
                "last"
            ]
        );
        assert_eq!(
            Value::from(built),
            json!({
                "null": null,
                "list": [1, "two", null, [true], {"k": "v"}, "n"],
                "object": {"a": {}, "b": []},
                "moved": {"deep": [1, 2]},
                "absent": null,
                "present": "x",
                "computed": 3,
                "computed2": -1,
                "method": "nx",
                "last": "n"
            })
        );
        assert_eq!(json_tree!([]), Tree::Array(Vec::new()));
        assert_eq!(json_tree!("s"), Tree::String("s".into()));
        assert_eq!(json_tree!(null), Tree::Null);
    }

    #[test]
    fn a_large_object_finds_its_keys_through_the_index_as_a_small_one_does() {
        let n = 3 * Map::INDEX_FROM;
        let mut map = Map::new();
        for i in 0..n {
            assert_eq!(map.insert(format!("k{i}"), json_tree!(i)), None);
        }
        // Replacing keeps the position; every key is found.
        assert_eq!(map.insert("k5", json_tree!("five")), Some(json_tree!(5)));
        assert_eq!(map.keys().nth(5), Some("k5"));
        for i in (0..n).filter(|i| *i != 5) {
            assert_eq!(map.get(&format!("k{i}")), Some(&json_tree!(i)), "k{i}");
        }
        // Removing and keeping some move the others: they are found where they went.
        assert_eq!(map.remove("k0"), Some(json_tree!(0)));
        map.retain(|k, _| k != "k7");
        assert_eq!(map.len(), n - 2);
        assert_eq!(map.get("k0"), None);
        assert_eq!(map.get("k7"), None);
        assert_eq!(map.get("k8"), Some(&json_tree!(8)));
        assert_eq!(map.keys().next(), Some("k1"));
        *map.entry("k9").or_insert_with(|| unreachable!("present")) = json_tree!(true);
        assert_eq!(map.get("k9"), Some(&json_tree!(true)));
        map.entry("new").or_insert_with(|| json_tree!(null));
        assert_eq!(map.keys().last(), Some("new"));
        // Below the bound again after removals: found by scanning.
        map.retain(|k, _| k == "k1" || k == "new");
        assert_eq!(map.keys().collect::<Vec<_>>(), ["k1", "new"]);
        assert!(map.contains_key("new") && !map.contains_key("k2"));
        // Equal to the same members built small.
        let same: Map = [("k1", json_tree!(1)), ("new", Tree::Null)]
            .into_iter()
            .collect();
        assert_eq!(map, same);
    }

    #[test]
    fn objects_behave_as_serde_json_maps_with_preserved_order() {
        let mut map = Map::new();
        assert_eq!(map.insert("b", json_tree!(1)), None);
        map.insert("a", json_tree!(2));
        // Replacing keeps the member where it was.
        assert_eq!(
            map.insert(String::from("b"), json_tree!(3)),
            Some(json_tree!(1))
        );
        assert_eq!(map.keys().collect::<Vec<_>>(), ["b", "a"]);
        *map.entry("c").or_insert_with(|| json_tree!([])) = json_tree!("x");
        map.entry("b").or_insert_with(|| unreachable!("present"));
        assert_eq!(map.remove("b"), Some(json_tree!(3)));
        assert_eq!(map.keys().collect::<Vec<_>>(), ["a", "c"]);
        map.retain(|k, _| k != "a");
        assert!(map.contains_key("c") && !map.contains_key("a") && map.len() == 1);

        let mut doc = Tree::Null;
        doc["x"] = json_tree!({"y": [true]});
        assert_eq!(doc["x"]["y"], Tree::Array(vec![Tree::Bool(true)]));
        assert_eq!(doc["missing"], Tree::Null);
        assert_eq!(
            doc.get("x").and_then(|x| x.get("y")).and_then(|y| y.get(0)),
            Some(&Tree::Bool(true))
        );

        // Both ways through serde_json keep everything, order included.
        let serde = json!({"z": 1, "a": [null, 2.5, "s", {"k": false}], "m": {}});
        let round: Value = Tree::from(serde.clone()).into();
        assert_eq!(round, serde);
        assert_eq!(
            serde_json::to_string(&round).unwrap(),
            serde_json::to_string(&serde).unwrap()
        );
    }
}
