//! Layer 0, values and schema.
//!
//! The value tree every resource body is made of.
//!
//! Both front ends produce it: the `stack!` macro at compile time (with [`Value::Unknown`] wherever a
//! Rust expression or a function parameter decides the value) and the generated code at run time
//! (where every value is known). The schema in [`crate::schema`] gives it its types.

/// One value in a resource body.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A string literal or a formatted string.
    Str(String),
    /// An integer literal.
    Int(i64),
    /// A boolean literal.
    Bool(bool),
    /// An array `[a, b, c]`.
    List(Vec<Value>),
    /// A map written as an array of pairs `[("key", "value"), ...]`, in source order.
    Map(Vec<(String, Value)>),
    /// A nested struct such as `Lock { .. }`.
    Object(Object),
    /// A reference to another resource of the stack, by logical id.
    Ref(String),
    /// A value only known when the stack is built (a parameter or an arbitrary Rust expression).
    Unknown,
    /// A formatted string only known when the stack is built, but whose literal parts the macro
    /// knows (`format!("backup-{env}")` is `[Some("backup-"), None]`): enough to reject a name
    /// whose literal part breaks its pattern whatever the parameter is.
    Partial(Vec<Option<String>>),
}

/// A field or type name of a value (`delete_after_days`, `Lifecycle`). The schema's own names,
/// which are nearly all of them, are borrowed from it and never allocated: a resource is a dozen
/// names or more, and a stack of 10,000 resources that held each in a heap string of its own
/// read and freed them all on every pass over it (BENCHMARKS.md). Any other name is owned. It
/// reads as the `str` it is (`Deref`), and compares with `str`, `&str` and `String`.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(std::borrow::Cow<'static, str>);

impl Name {
    /// A name borrowed for good, whatever it is (no lookup).
    pub const fn from_static(name: &'static str) -> Self {
        Name(std::borrow::Cow::Borrowed(name))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the name is the schema's own (borrowed) rather than a copy.
    pub fn is_borrowed(&self) -> bool {
        matches!(self.0, std::borrow::Cow::Borrowed(_))
    }

    /// The schema's own copy of `name`, if the schema has that name.
    fn known(name: &str) -> Option<&'static str> {
        static KNOWN: std::sync::OnceLock<crate::hash::FastMap<&'static str, ()>> =
            std::sync::OnceLock::new();
        let known = KNOWN.get_or_init(|| {
            let mut known = crate::hash::FastMap::default();
            for def in crate::schema::every_struct() {
                known.insert(def.name, ());
                for field in def.fields {
                    known.insert(field.name, ());
                }
            }
            for kind in crate::schema::Kind::ALL {
                known.insert(kind.dsl_path(), ());
            }
            known
        });
        known.get_key_value(name).map(|(&k, _)| k)
    }
}

impl From<&str> for Name {
    fn from(name: &str) -> Self {
        match Name::known(name) {
            Some(known) => Name::from_static(known),
            None => Name(std::borrow::Cow::Owned(name.to_string())),
        }
    }
}

impl From<String> for Name {
    fn from(name: String) -> Self {
        match Name::known(&name) {
            Some(known) => Name::from_static(known),
            None => Name(std::borrow::Cow::Owned(name)),
        }
    }
}

impl From<&String> for Name {
    fn from(name: &String) -> Self {
        Name::from(name.as_str())
    }
}

impl From<Name> for String {
    fn from(name: Name) -> Self {
        name.0.into_owned()
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self.as_str() == other.as_str()
    }
}

/// A struct literal: an optional type name (`Lock`, `backup::Vault`) and its fields in source order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Object {
    /// The name written before the braces, if any.
    pub type_name: Option<Name>,
    /// Fields in source order.
    pub fields: Vec<(Name, Value)>,
}

impl Object {
    /// An empty object with the given type name.
    pub fn new(type_name: impl Into<Name>) -> Self {
        Object {
            type_name: Some(type_name.into()),
            fields: Vec::new(),
        }
    }

    /// Adds a field (builder style).
    pub fn with(mut self, name: impl Into<Name>, value: impl Into<Value>) -> Self {
        self.set(name, value);
        self
    }

    /// Sets a field, replacing an earlier value of the same name.
    pub fn set(&mut self, name: impl Into<Name>, value: impl Into<Value>) {
        let name = name.into();
        let value = value.into();
        match self.fields.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.fields.push((name, value)),
        }
    }

    /// Gives back the room its field tables (its own and those of the lists, maps and objects
    /// in it) hold beyond their fields. Built field by field, a table keeps the room for four
    /// fields or twice what it needed; a large stack built so was half room (916 bytes per
    /// resource of the synthetic benchmark stack, 532 compacted), and every pass over a stack
    /// that no longer fits the cache reads it: BENCHMARKS.md. Tables that are full (as `stack!`
    /// builds them) are left as they are.
    pub fn compact(&mut self) {
        compact_fields(&mut self.fields);
    }

    /// The field's value, whether known or not.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Whether the field is written at all (known or unknown).
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The field as a known string.
    pub fn str(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(Value::as_str)
    }

    /// The field as a known integer.
    pub fn int(&self, name: &str) -> Option<i64> {
        self.get(name).and_then(Value::as_int)
    }

    /// The field as a known boolean.
    pub fn bool(&self, name: &str) -> Option<bool> {
        self.get(name).and_then(Value::as_bool)
    }

    /// The field as a nested object.
    pub fn obj(&self, name: &str) -> Option<&Object> {
        self.get(name).and_then(Value::as_object)
    }

    /// The field as a list; absent or unknown lists are empty.
    pub fn list(&self, name: &str) -> &[Value] {
        match self.get(name) {
            Some(Value::List(items)) => items,
            _ => &[],
        }
    }

    /// The field as a map; absent or unknown maps are empty.
    pub fn map(&self, name: &str) -> &[(String, Value)] {
        match self.get(name) {
            Some(Value::Map(items)) => items,
            _ => &[],
        }
    }

    /// The logical id the field refers to, if it is a reference.
    pub fn reference(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(Value::as_ref_id)
    }

    /// The value at a field path as diagnostics write it (`rules[0].lifecycle.delete_after_days`:
    /// fields joined by `.` as `model::join` writes them, list elements as [`push_index`]
    /// writes them); `None` where the path leads nowhere or is not one.
    pub fn at_path(&self, path: &str) -> Option<&Value> {
        let mut steps = PathSteps::new(path);
        let mut at = self.get(steps.field()?)?;
        for step in steps {
            at = match (step?, at) {
                (PathStep::Field(name), Value::Object(o)) => o.get(name)?,
                (PathStep::Index(i), Value::List(items)) => items.get(i)?,
                _ => return None,
            };
        }
        Some(at)
    }

    /// [`Object::at_path`], to change the value.
    pub fn at_path_mut(&mut self, path: &str) -> Option<&mut Value> {
        let mut steps = PathSteps::new(path);
        let first = steps.field()?;
        let mut at = self
            .fields
            .iter_mut()
            .find(|(n, _)| n == first)
            .map(|(_, v)| v)?;
        for step in steps {
            at = match (step?, at) {
                (PathStep::Field(name), Value::Object(o)) => o
                    .fields
                    .iter_mut()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v)?,
                (PathStep::Index(i), Value::List(items)) => items.get_mut(i)?,
                _ => return None,
            };
        }
        Some(at)
    }
}

/// One step of a field path.
enum PathStep<'p> {
    Field(&'p str),
    Index(usize),
}

/// The steps of a field path, left to right; `Some(None)` for text that is no step.
struct PathSteps<'p> {
    rest: &'p str,
}

impl<'p> PathSteps<'p> {
    fn new(path: &'p str) -> Self {
        PathSteps { rest: path }
    }

    /// The first step, which must be a field.
    fn field(&mut self) -> Option<&'p str> {
        match self.next()? {
            Some(PathStep::Field(name)) => Some(name),
            _ => None,
        }
    }
}

impl<'p> Iterator for PathSteps<'p> {
    type Item = Option<PathStep<'p>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        if let Some(inner) = self.rest.strip_prefix('[') {
            let Some(close) = inner.find(']') else {
                self.rest = "";
                return Some(None);
            };
            let index = inner[..close].parse().ok().map(PathStep::Index);
            self.rest = &inner[close + 1..];
            return Some(index);
        }
        let rest = self.rest.strip_prefix('.').unwrap_or(self.rest);
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        let (name, after) = rest.split_at(end);
        self.rest = after;
        Some((!name.is_empty()).then_some(PathStep::Field(name)))
    }
}

/// A value as the code `stack!` generates writes it: what the macro knows at compile time is
/// static data (no code to compile for it), and each [`Lit::Slot`] takes the next of the values
/// the generated code computes at run time (Rust expressions), in the order the slots appear,
/// depth first. A slot that holds `None` (a conditional with no branch taken) leaves its field,
/// element or entry out. Not a public API: generated code uses it through `__private`.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub enum Lit {
    /// A string literal.
    Str(&'static str),
    /// An integer literal.
    Int(i64),
    /// A boolean literal.
    Bool(bool),
    /// A reference to a resource of the stack by its id.
    Ref(&'static str),
    /// A list.
    List(&'static [Lit]),
    /// A map with literal keys.
    Map(&'static [(&'static str, Lit)]),
    /// A struct: its type name and its fields.
    Object(&'static str, &'static [(&'static str, Lit)]),
    /// The next value computed at run time.
    Slot,
}

impl Lit {
    /// The value, with the slots filled from `slots`; `None` for an empty slot.
    pub fn fill(&self, slots: &mut std::vec::IntoIter<Option<Value>>) -> Option<Value> {
        Some(match *self {
            Lit::Str(s) => Value::Str(s.to_string()),
            Lit::Int(n) => Value::Int(n),
            Lit::Bool(b) => Value::Bool(b),
            Lit::Ref(id) => Value::Ref(id.to_string()),
            Lit::List(items) => {
                // Sized up front: `filter_map` tells `collect` nothing, and growing the vector
                // step by step was a tenth of building a stack from its literals.
                let mut list = Vec::with_capacity(items.len());
                list.extend(items.iter().filter_map(|x| x.fill(slots)));
                Value::List(list)
            }
            Lit::Map(pairs) => Value::Map(filled_pairs::<String>(pairs, slots)),
            Lit::Object(type_name, fields) => {
                Value::Object(Object::filled(type_name, fields, slots))
            }
            // Invariant: the generated code computes one value per slot.
            Lit::Slot => return slots.next().flatten(),
        })
    }
}

impl Object {
    /// A struct written by generated code: its literal fields and the slots' values
    /// ([`Lit`]).
    pub fn filled(
        type_name: &'static str,
        fields: &[(&'static str, Lit)],
        slots: &mut std::vec::IntoIter<Option<Value>>,
    ) -> Object {
        Object {
            type_name: Some(Name::from_static(type_name)),
            fields: filled_pairs::<Name>(fields, slots),
        }
    }
}

/// The fields or entries of generated code with their slots filled; one left out for an empty
/// slot. Sized up front (see [`Lit::fill`]).
fn filled_pairs<K: From<&'static str>>(
    pairs: &[(&'static str, Lit)],
    slots: &mut std::vec::IntoIter<Option<Value>>,
) -> Vec<(K, Value)> {
    let mut out = Vec::with_capacity(pairs.len());
    out.extend(
        pairs
            .iter()
            .filter_map(|&(name, ref v)| Some((K::from(name), v.fill(slots)?))),
    );
    out
}

impl Value {
    /// Whether this is `[]`, which is also how an empty map is written.
    pub fn is_empty_list(&self) -> bool {
        matches!(self, Value::List(items) if items.is_empty())
    }

    /// The string, if this is a known string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The integer, if this is a known integer.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The boolean, if this is a known boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The map's entries, if this is a map (`[]`, the empty map, has none).
    pub fn as_map(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Map(items) => Some(items),
            Value::List(items) if items.is_empty() => Some(&[]),
            _ => None,
        }
    }

    /// The nested object, if this is one.
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The referenced logical id, if this is a reference.
    pub fn as_ref_id(&self) -> Option<&str> {
        match self {
            Value::Ref(id) => Some(id),
            _ => None,
        }
    }

    /// Whether the value is only known at build time (fully or in part).
    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown | Value::Partial(_))
    }

    /// Whether the value and everything inside it (list items, map values, struct fields) is
    /// known: what a rule must ask before judging a whole structure, such as a policy document,
    /// where one unknown statement or condition value could change the verdict.
    pub fn is_known(&self) -> bool {
        match self {
            Value::Unknown | Value::Partial(_) => false,
            Value::List(items) => items.iter().all(Value::is_known),
            Value::Map(pairs) => pairs.iter().all(|(_, v)| v.is_known()),
            Value::Object(o) => o.fields.iter().all(|(_, v)| v.is_known()),
            Value::Str(_) | Value::Int(_) | Value::Bool(_) | Value::Ref(_) => true,
        }
    }

    /// Whether a string in the value (or in a list, map or struct inside it) holds `${` or
    /// `%{`, which Terraform's string templates read as an interpolation or a directive.
    pub fn holds_template_sequence(&self) -> bool {
        match self {
            // One fast scan for the brace first: most strings have none.
            Value::Str(s) => s.contains('{') && (s.contains("${") || s.contains("%{")),
            Value::List(items) => items.iter().any(Value::holds_template_sequence),
            Value::Map(pairs) => pairs.iter().any(|(_, v)| v.holds_template_sequence()),
            Value::Object(o) => o.fields.iter().any(|(_, v)| v.holds_template_sequence()),
            _ => false,
        }
    }

    /// A short description of the value's shape, for "expected X, found Y" messages.
    pub fn describe(&self) -> String {
        match self {
            Value::Str(s) => format!("string \"{s}\""),
            Value::Int(i) => format!("integer {i}"),
            Value::Bool(b) => format!("boolean {b}"),
            Value::List(_) => "array".to_string(),
            Value::Map(_) => "map".to_string(),
            Value::Object(o) => match &o.type_name {
                Some(t) => format!("struct `{t}`"),
                None => "struct".to_string(),
            },
            Value::Ref(id) => format!("reference to `{id}`"),
            Value::Unknown => "expression".to_string(),
            Value::Partial(parts) => format!(
                "formatted string \"{}\"",
                parts
                    .iter()
                    .map(|p| p.as_deref().unwrap_or("{..}"))
                    .collect::<String>()
            ),
        }
    }
}

/// Appends `[i]`, a list element's step in a field path (`rules[2]`), without going through
/// `fmt`: the walks over every value of a stack (references, schema checks) extend their path at
/// each element, and formatting the index was the larger part of those walks.
pub fn push_index(path: &mut String, i: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = i;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    path.push('[');
    for &d in &digits[at..] {
        path.push(char::from(d));
    }
    path.push(']');
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Str(s)
    }
}
impl From<&String> for Value {
    fn from(s: &String) -> Self {
        Value::Str(s.clone())
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
macro_rules! int_into_value {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(i: $t) -> Self {
                Value::Int(i as i64)
            }
        }
    )*};
}
int_into_value!(i8, i16, i32, i64, u8, u16, u32);
// Wider integers saturate: every bound a rule checks is far below i64::MAX, so a saturated value
// fails the same checks the exact one would.
macro_rules! wide_int_into_value {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(i: $t) -> Self {
                Value::Int(i64::try_from(i).unwrap_or(if i > 0 as $t { i64::MAX } else { i64::MIN }))
            }
        }
    )*};
}
wide_int_into_value!(u64, usize, isize, i128, u128);
impl From<Object> for Value {
    fn from(o: Object) -> Self {
        Value::Object(o)
    }
}
impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Self {
        Value::List(items.into_iter().map(Into::into).collect())
    }
}
impl<T: Into<Value> + Clone> From<&[T]> for Value {
    fn from(items: &[T]) -> Self {
        Value::List(items.iter().cloned().map(Into::into).collect())
    }
}

fn compact_fields<K>(fields: &mut Vec<(K, Value)>) {
    fields.shrink_to_fit();
    for (_, value) in fields {
        value.compact();
    }
}

impl Value {
    /// [`Object::compact`] of every table in the value.
    pub fn compact(&mut self) {
        match self {
            Value::List(items) => {
                items.shrink_to_fit();
                items.iter_mut().for_each(Value::compact);
            }
            Value::Map(pairs) => compact_fields(pairs),
            Value::Object(o) => o.compact(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schemas_names_are_borrowed_and_others_owned() {
        // Every field and struct name of the schema, and each kind's path, however given.
        for def in crate::schema::every_struct() {
            for name in std::iter::once(def.name).chain(def.fields.iter().map(|f| f.name)) {
                assert!(Name::from(name).is_borrowed(), "{name}");
                assert!(Name::from(name.to_string()).is_borrowed(), "{name}");
            }
        }
        for kind in crate::schema::Kind::ALL {
            assert!(Name::from(kind.dsl_path()).is_borrowed());
        }
        let built = Object::new("Lifecycle").with("delete_after_days", 35);
        assert!(built.type_name.as_ref().is_some_and(Name::is_borrowed));
        assert!(built.fields[0].0.is_borrowed());
        // A name the schema does not have (a typo the checker reports) is kept as written.
        for name in ["delete_after_dayz", "", "Lifecycl"] {
            let owned = Name::from(name);
            assert!(!owned.is_borrowed());
            assert_eq!(owned, name);
        }
    }

    #[test]
    fn a_name_reads_and_compares_as_its_text() {
        let (known, unknown) = (Name::from("vault"), Name::from("vaultt"));
        assert_eq!(known, "vault");
        assert_eq!("vault", known);
        assert_eq!(known, *"vault");
        assert_eq!(known, String::from("vault"));
        assert_eq!(String::from("vault"), known);
        assert_eq!(Name::from_static("vault"), known);
        assert_ne!(known, unknown);
        assert_eq!(unknown.as_str(), "vaultt");
        assert_eq!(&*unknown, "vaultt");
        assert_eq!(format!("{known} {known:?}"), "vault \"vault\"");
        assert_eq!(String::from(unknown), "vaultt");
        // Ordered and hashed as text, whether borrowed or owned.
        let mut names = vec![
            Name::from("b_unknown"),
            Name::from("a_unknown"),
            Name::from("vault"),
        ];
        names.sort();
        assert_eq!(names, ["a_unknown", "b_unknown", "vault"]);
        let set: std::collections::HashSet<Name> =
            [Name::from_static("vault"), Name::from("vault".to_string())].into();
        assert_eq!(set.len(), 1);
        assert!(set.contains("vault"));
    }

    #[test]
    fn field_paths_are_read_as_they_are_written() {
        let rule =
            Object::new("Rule").with("copy", Value::List(vec![Value::Int(1), Value::Int(2)]));
        let mut plan = Object::new("backup::Plan")
            .with("name", "daily")
            .with("rules", Value::List(vec![Value::Object(rule)]));
        // Written as the walks write it.
        let mut path = String::from("rules");
        push_index(&mut path, 0);
        let mut path = crate::model::join(&path, "copy");
        push_index(&mut path, 1);
        assert_eq!(path, "rules[0].copy[1]");
        assert_eq!(plan.at_path(&path), Some(&Value::Int(2)));
        assert_eq!(plan.at_path("name"), Some(&Value::from("daily")));
        for nowhere in [
            "rules[1].copy[1]",
            "rules[0].copy[x]",
            "rules[0]]",
            "rules[0",
            "[0]",
            "",
            "rules..copy",
            "name.x",
            "rules.copy",
        ] {
            assert_eq!(plan.at_path(nowhere), None, "{nowhere}");
        }
        *plan.at_path_mut(&path).unwrap() = Value::Int(3);
        assert_eq!(plan.at_path("rules[0].copy[1]"), Some(&Value::Int(3)));
        assert!(plan.at_path_mut("rules[0].nothing").is_none());
    }

    #[test]
    fn an_index_step_is_written_as_format_writes_it() {
        for i in [0usize, 1, 9, 10, 99, 100, 12345, usize::MAX] {
            let mut path = String::from("rules");
            push_index(&mut path, i);
            assert_eq!(path, format!("rules[{i}]"));
        }
    }

    #[test]
    fn literal_data_takes_the_slots_in_order_and_empty_ones_leave_things_out() {
        const FIELDS: &[(&str, Lit)] = &[
            ("name", Lit::Slot),
            ("rotation", Lit::Bool(true)),
            ("days", Lit::Int(30)),
            ("key", Lit::Ref("k")),
            ("gone", Lit::Slot),
            (
                "rules",
                Lit::List(&[
                    Lit::Object("Rule", &[("name", Lit::Str("daily")), ("x", Lit::Slot)]),
                    Lit::Slot,
                    Lit::Str("last"),
                ]),
            ),
            ("tags", Lit::Map(&[("a", Lit::Slot), ("b", Lit::Str("2"))])),
        ];
        let slots = vec![
            Some(Value::from("n")),
            None,
            Some(Value::Int(7)),
            None,
            None,
        ];
        let mut slots = slots.into_iter();
        let o = Object::filled("kms::Key", FIELDS, &mut slots);
        assert!(slots.next().is_none(), "every slot taken");
        let want = Object::new("kms::Key")
            .with("name", "n")
            .with("rotation", true)
            .with("days", 30)
            .with("key", Value::Ref("k".into()))
            .with(
                "rules",
                Value::List(vec![
                    Value::Object(Object::new("Rule").with("name", "daily").with("x", 7)),
                    Value::from("last"),
                ]),
            )
            .with("tags", Value::Map(vec![("b".into(), Value::from("2"))]));
        assert_eq!(o, want);
    }

    #[test]
    fn known_means_nothing_unknown_at_any_depth() {
        let deep = |inner: Value| {
            Value::List(vec![Value::Object(
                Object::new("S").with("m", Value::Map(vec![("k".into(), inner)])),
            )])
        };
        assert!(deep(Value::from("x")).is_known());
        assert!(!deep(Value::Unknown).is_known());
        assert!(!deep(Value::Partial(vec![Some("a".into()), None])).is_known());
        assert!(
            Value::Ref("r".into()).is_known()
                && Value::Int(1).is_known()
                && Value::Bool(true).is_known()
        );
    }
}
