//! Layer 0, beside the values: building `serde_json::Value` trees by moving the parts in.
//!
//! `serde_json::json!` turns every interpolated expression into a value with `to_value(&expr)`,
//! which serializes it: an interpolated tree (a policy statement, a resource body) is copied
//! node by node, key strings and all. The emitters build documents out of documents, so those
//! copies were a large part of emitting (the serializer was 12% of synthesizing 200 instances,
//! mostly copying trees into trees). [`json_tree!`](crate::json_tree::json_tree) has the same
//! syntax for what this crate writes, but converts each interpolated expression with
//! `Value::from`: a `Value` moves in as it is, a `String` becomes a string without a copy, an
//! `Option` is `null` when `None`. What `From` does not take (a borrowed `String` or `Value`)
//! fails to compile, so a copy is always written out where it is made.

/// A `serde_json::Value` from JSON-like syntax: `null`, `[elements]`, `{"key": value}` (keys
/// are string literals, identifiers or parenthesized expressions that convert into `String`),
/// or any expression that converts into a `Value` with `From`.
macro_rules! json_tree {
    (null) => {
        ::serde_json::Value::Null
    };
    ([]) => {
        ::serde_json::Value::Array(::std::vec::Vec::new())
    };
    ([ $($tt:tt)+ ]) => {
        ::serde_json::Value::Array($crate::json_tree::json_tree!(@elements [] $($tt)+))
    };
    ({}) => {
        ::serde_json::Value::Object(::serde_json::Map::new())
    };
    ({ $($tt:tt)+ }) => {{
        let mut object = ::serde_json::Map::new();
        $crate::json_tree::json_tree!(@members object $($tt)+);
        ::serde_json::Value::Object(object)
    }};
    ($other:expr) => {
        ::serde_json::Value::from($other)
    };

    // Array elements, one at a time, into a `vec![]`.
    (@elements [$($done:expr,)*]) => {
        ::std::vec![$($done,)*]
    };
    (@elements [$($done:expr,)*] null $(, $($rest:tt)*)?) => {
        $crate::json_tree::json_tree!(@elements [$($done,)* ::serde_json::Value::Null,] $($($rest)*)?)
    };
    (@elements [$($done:expr,)*] [$($array:tt)*] $(, $($rest:tt)*)?) => {
        $crate::json_tree::json_tree!(@elements [$($done,)* $crate::json_tree::json_tree!([$($array)*]),] $($($rest)*)?)
    };
    (@elements [$($done:expr,)*] {$($object:tt)*} $(, $($rest:tt)*)?) => {
        $crate::json_tree::json_tree!(@elements [$($done,)* $crate::json_tree::json_tree!({$($object)*}),] $($($rest)*)?)
    };
    (@elements [$($done:expr,)*] $next:expr $(, $($rest:tt)*)?) => {
        $crate::json_tree::json_tree!(@elements [$($done,)* ::serde_json::Value::from($next),] $($($rest)*)?)
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
        $object.insert(::std::string::String::from($key), ::serde_json::Value::Null);
        $crate::json_tree::json_tree!(@members $object $($($rest)*)?);
    };
    (@value $object:ident ($key:expr) [$($array:tt)*] $(, $($rest:tt)*)?) => {
        $object.insert(::std::string::String::from($key), $crate::json_tree::json_tree!([$($array)*]));
        $crate::json_tree::json_tree!(@members $object $($($rest)*)?);
    };
    (@value $object:ident ($key:expr) {$($inner:tt)*} $(, $($rest:tt)*)?) => {
        $object.insert(::std::string::String::from($key), $crate::json_tree::json_tree!({$($inner)*}));
        $crate::json_tree::json_tree!(@members $object $($($rest)*)?);
    };
    (@value $object:ident ($key:expr) $value:expr $(, $($rest:tt)*)?) => {
        $object.insert(::std::string::String::from($key), ::serde_json::Value::from($value));
        $crate::json_tree::json_tree!(@members $object $($($rest)*)?);
    };
}

pub(crate) use json_tree;

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    #[test]
    fn builds_what_serde_json_builds() {
        let name = String::from("n");
        let inner = json!({"deep": [1, 2]});
        let none: Option<Value> = None;
        let key = "computed";
        let built = json_tree!({
            "null": null,
            "list": [1, "two", null, [true], {"k": "v"}, name.clone(),],
            "object": {"a": {}, "b": []},
            "moved": inner.clone(),
            "absent": none,
            "present": Some("x"),
            key: 3,
            (format!("{key}2")): -1,
            "method": [name.as_str(), "x"].concat(),
            "last": name
        });
        assert_eq!(
            built,
            json!({
                "null": null,
                "list": [1, "two", null, [true], {"k": "v"}, "n"],
                "object": {"a": {}, "b": []},
                "moved": inner,
                "absent": null,
                "present": "x",
                "computed": 3,
                "computed2": -1,
                "method": "nx",
                "last": "n"
            })
        );
        // Member order is kept, as the emitters' output relies on.
        let keys: Vec<&String> = built.as_object().unwrap().keys().collect();
        assert_eq!(keys.first().map(|k| k.as_str()), Some("null"));
        assert_eq!(keys.last().map(|k| k.as_str()), Some("last"));
        assert_eq!(json_tree!([]), json!([]));
        assert_eq!(json_tree!("s"), json!("s"));
        assert_eq!(json_tree!(null), Value::Null);
    }
}
