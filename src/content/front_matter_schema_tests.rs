//! Tests of `front_matter_schema.rs`.
use super::*;
use crate::content::document::Kind;
use crate::content::schema::{known_fields, required_fields};

fn schema() -> Value {
    serde_json::from_str(&json()).expect("the schema is JSON")
}

fn variants(schema: &Value) -> Vec<Value> {
    schema["oneOf"]
        .as_array()
        .or_else(|| schema["anyOf"].as_array())
        .expect("a oneOf or anyOf over the kinds")
        .clone()
}

fn variant(schema: &Value, kind: Kind) -> Value {
    variants(schema)
        .into_iter()
        .find(|variant| variant["properties"]["kind"]["const"] == kind.name())
        .unwrap_or_else(|| panic!("no variant for `{}`", kind.name()))
}

fn sorted(values: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut values: Vec<String> = values.into_iter().collect();
    values.sort();
    values
}

#[test]
fn is_json_with_one_variant_per_kind() {
    let schema = schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let kinds: Vec<String> = variants(&schema)
        .iter()
        .map(|variant| {
            variant["properties"]["kind"]["const"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(kinds, Kind::NAMES.map(String::from));
}

#[test]
fn is_the_same_on_every_run() {
    assert_eq!(json(), json());
}

#[test]
fn has_no_references() {
    assert!(!json().contains("$ref"), "every subschema is inlined");
}

#[test]
fn fields_match_the_loader() {
    let schema = schema();
    for kind in Kind::ALL {
        let variant = variant(&schema, kind);
        assert_eq!(variant["additionalProperties"], false, "{}", kind.name());
        let properties = variant["properties"].as_object().unwrap().keys().cloned();
        assert_eq!(
            sorted(properties),
            sorted(known_fields(Some(kind)).into_iter().map(String::from)),
            "the fields of `{}`",
            kind.name()
        );
        let required = variant["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|field| field.as_str().unwrap().to_string());
        let expected = ["id", "kind", "title"]
            .into_iter()
            .chain(required_fields(kind).iter().copied())
            .map(String::from);
        assert_eq!(
            sorted(required),
            sorted(expected),
            "the required fields of `{}`",
            kind.name()
        );
        for (name, property) in variant["properties"].as_object().unwrap() {
            assert!(
                name == "kind" || property["description"].is_string(),
                "`{}.{name}` has a description",
                kind.name()
            );
        }
    }
}

#[test]
fn enums_match_the_loader() {
    use crate::content::document::*;
    let schema = schema();
    // Optional fields also take `null` (an empty field is absent).
    let choices = |kind: Kind, pointer: &str| -> Vec<String> {
        variant(&schema, kind)
            .pointer(pointer)
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("{pointer} is a list"))
            .iter()
            .filter_map(|value| value.as_str().map(String::from))
            .collect()
    };
    let strings = |names: &[&str]| {
        names
            .iter()
            .map(|name| name.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        choices(Kind::Page, "/properties/status/enum"),
        strings(&Status::NAMES)
    );
    assert_eq!(
        choices(Kind::Requirement, "/properties/priority/enum"),
        strings(&Priority::NAMES)
    );
    assert_eq!(
        choices(Kind::Sla, "/properties/metric/enum"),
        strings(&Metric::NAMES)
    );
    assert_eq!(
        choices(Kind::Sla, "/properties/window/enum"),
        strings(&WINDOWS)
    );
    assert_eq!(
        choices(
            Kind::Training,
            "/properties/modules/items/properties/format/enum"
        ),
        strings(&MODULE_FORMATS)
    );
    assert_eq!(
        choices(
            Kind::Training,
            "/properties/schedule/properties/refresh/enum"
        ),
        strings(&REFRESHES)
    );
    assert_eq!(
        choices(Kind::Vendor, "/properties/quality/enum"),
        strings(&QUALITIES)
    );
    assert_eq!(choices(Kind::Kpi, "/properties/unit/enum"), strings(&UNITS));
}
