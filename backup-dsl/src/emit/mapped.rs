//! Layer 5, consumers of a checked stack.
//!
//! The part of every output that the schema's field places declare ([`crate::schema::Places`]):
//! a resource body (or one of its companion units) rendered for one output by walking its
//! fields, so CloudFormation, Terraform and the API requests of `synth apply` share one mapping.
//! The emitters add only what is real structure of their own (policy documents, tag
//! conditions, Terraform's split resources).

use super::{scalar, string_pairs};
use crate::json_tree::json_tree as json;
use crate::json_tree::{Map, Tree as Json};
use crate::schema::{DefaultValue, FieldDef, How, Output, Place, StructDef, Ty};
use crate::value::{Object, Value};

/// What an output renders its own way: references, and the fields it builds by hand.
pub(crate) trait Renderer {
    /// `v` is a reference or a string (an ARN or name given literally); `how` is
    /// [`How::Arn`], [`How::Name`] or [`How::Id`].
    fn reference(&self, v: &Value, how: How) -> Option<Json>;
    /// A [`How::Built`] field of `def`, present in `body` (the struct that holds it, so that a
    /// rendering may depend on a sibling field).
    fn built(&self, def: &StructDef, field: &FieldDef, body: &Object) -> Option<Json>;
}

/// The fields of `body` whose place in `output` is in `unit` (`None`: the resource's main unit),
/// rendered at their member paths; [`How::Built`] fields by the renderer's own code.
pub(crate) fn derive(
    def: &StructDef,
    body: &Object,
    output: Output,
    unit: Option<&str>,
    refs: &dyn Renderer,
) -> Map {
    let mut out = Map::new();
    for field in def.fields {
        let (path, how) = match (field.to.get(output), unit) {
            (Place::At(path, how), None) => (path, how),
            (Place::In(u, path, how), Some(wanted)) if u == wanted => (path, how),
            _ => continue,
        };
        let value = if how == How::Built {
            body.get(field.name)
                .and_then(|_| refs.built(def, field, body))
        } else {
            render(&field.ty, body.get(field.name), how, output, refs)
        };
        if let Some(value) = value {
            set_path(&mut out, path, value);
        }
    }
    out
}

/// The companion units of `def` in `output` that `body` uses, in field order: a companion
/// resource or API call exists only when one of its fields is set.
pub(crate) fn units_used(def: &StructDef, body: &Object, output: Output) -> Vec<&'static str> {
    let mut units = Vec::new();
    for f in def.fields {
        if let Place::In(unit, _, _) = f.to.get(output) {
            if body.has(f.name) && !units.contains(&unit) {
                units.push(unit);
            }
        }
    }
    units
}

/// One value rendered for its place; `None` writes nothing (absent, or an empty list or map).
fn render(
    ty: &Ty,
    v: Option<&Value>,
    how: How,
    output: Output,
    refs: &dyn Renderer,
) -> Option<Json> {
    let Some(v) = v else {
        return match how {
            How::Or(DefaultValue::Str(s)) => Some(json!(s)),
            How::Or(DefaultValue::Int(n)) => Some(json!(n)),
            _ => None,
        };
    };
    match how {
        How::Arn | How::Name | How::Id => match v {
            Value::List(items) => nonempty(
                items
                    .iter()
                    .filter_map(|x| refs.reference(x, how))
                    .collect(),
            ),
            other => refs.reference(other, how),
        },
        How::TagMap => {
            let pairs = string_pairs(v.as_map()?);
            (!pairs.is_empty())
                .then(|| Json::Object(pairs.into_iter().map(|(k, v)| (k, json!(v))).collect()))
        }
        How::TagList => nonempty(
            string_pairs(v.as_map()?)
                .into_iter()
                .map(|(k, v)| json!({"Key": k, "Value": v}))
                .collect(),
        ),
        How::Block => render(ty, Some(v), How::Value, output, refs).map(|o| json!([o])),
        How::Value | How::Or(_) => match (ty, v) {
            (Ty::Struct(def), Value::Object(o)) => {
                Some(Json::Object(derive(def, o, output, None, refs)))
            }
            (Ty::List(inner), Value::List(items)) => nonempty(
                items
                    .iter()
                    .filter_map(|x| render(inner, Some(x), How::Value, output, refs))
                    .collect(),
            ),
            (_, other) => scalar(Some(other)),
        },
        // Built fields are the renderer's (see `derive`).
        How::Built => None,
    }
}

fn nonempty(items: Vec<Json>) -> Option<Json> {
    (!items.is_empty()).then_some(Json::Array(items))
}

/// Sets `value` at a member path: `a.b` nests objects, `a[]` is a one-element list of an object
/// (a Terraform block), and the empty path merges an object's members into `out`.
pub(crate) fn set_path(out: &mut Map, path: &str, value: Json) {
    if path.is_empty() {
        if let Json::Object(members) = value {
            out.extend(members);
        }
        return;
    }
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    let (name, block) = match head.strip_suffix("[]") {
        Some(n) => (n, true),
        None => (head, false),
    };
    let Some(rest) = rest else {
        let value = if block { json!([value]) } else { value };
        out.insert(name.to_string(), value);
        return;
    };
    let slot =
        out.entry(name.to_string())
            .or_insert_with(|| if block { json!([{}]) } else { json!({}) });
    // A slot of another shape (two places declared inconsistently) is left as it is: indexing it
    // would panic, and the field-place test reports the missing member.
    let inner = if block {
        slot.as_array_mut().and_then(|items| items.first_mut())
    } else {
        Some(slot)
    };
    if let Some(Json::Object(members)) = inner {
        set_path(members, rest, value);
    }
}

/// The JSON at a member path (`a.b`, `a[].b` for a one-element list), if present.
pub fn get_path<'a>(root: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    if path.is_empty() {
        return Some(root);
    }
    path.split('.')
        .try_fold(root, |at, segment| match segment.strip_suffix("[]") {
            Some(name) => at.get(name)?.get(0),
            None => at.get(segment),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_nest_objects_and_blocks() {
        let mut out = Map::new();
        set_path(&mut out, "a.b", json!(1));
        set_path(&mut out, "a.c", json!(2));
        set_path(&mut out, "d[].e", json!(3));
        set_path(&mut out, "d[].f", json!(4));
        set_path(&mut out, "g[]", json!({"h": 5}));
        set_path(&mut out, "", json!({"i": 6}));
        let out = serde_json::Value::from(Json::Object(out));
        assert_eq!(
            out,
            serde_json::json!({"a": {"b": 1, "c": 2}, "d": [{"e": 3, "f": 4}], "g": [{"h": 5}], "i": 6})
        );
        let json = |v: i64| serde_json::json!(v);
        assert_eq!(get_path(&out, "d[].f"), Some(&json(4)));
        assert_eq!(get_path(&out, "a.c"), Some(&json(2)));
        assert_eq!(get_path(&out, "g[].h"), Some(&json(5)));
        assert_eq!(get_path(&out, "a.x"), None);
        assert_eq!(get_path(&out, ""), Some(&out));
    }

    #[test]
    fn a_path_through_a_member_of_another_shape_writes_nothing_and_does_not_panic() {
        let mut out = Map::new();
        set_path(&mut out, "a", json!(1));
        set_path(&mut out, "a[].b", json!(2));
        set_path(&mut out, "a.c", json!(3));
        assert_eq!(Json::Object(out), json!({"a": 1}));
    }
}
