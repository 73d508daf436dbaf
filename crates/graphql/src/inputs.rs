//! Input objects: the project filter and orderings.
//!
//! The filter is declared once, in [`project_filter!`]'s list: GraphQL, the service and the
//! exports' query strings all take their shape from it, so a new condition is one line here
//! (beside its rule in the service).

use async_graphql::{Enum, InputObject};
use service::money::Amount;
use service::project_search as q;

use crate::scalars::Decimal;
use crate::types::ProjectStatus;

/// An inclusive range of years; either end may be left open.
#[derive(InputObject, Clone, Copy, Debug, Default)]
pub struct IntRange {
    /// Smallest value accepted.
    pub min: Option<i32>,
    /// Largest value accepted.
    pub max: Option<i32>,
}

/// An inclusive range of amounts in 万元; either end may be left open.
#[derive(InputObject, Clone, Copy, Debug, Default)]
pub struct DecimalRange {
    /// Smallest amount accepted.
    pub min: Option<Decimal>,
    /// Largest amount accepted.
    pub max: Option<Decimal>,
}

/// A filter field's wire type: how its value reaches the service filter, and how the exports
/// read it from query parameters (flat, as a spreadsheet user types them: a range `startYear` is
/// `startYearMin` and `startYearMax`, a list is comma-separated or repeated).
pub trait FilterField: Sized {
    /// The service filter's type for the field.
    type Service;

    /// The value for the service filter.
    fn into_service(self) -> Self::Service;

    /// The query parameters of a field published under `name`.
    fn parameters(name: &str) -> Vec<String> {
        vec![name.to_owned()]
    }

    /// Reads `value` into `slot` when `parameter` is one of this field's; `None` when it is not.
    fn read(
        slot: &mut Option<Self>,
        name: &str,
        parameter: &str,
        value: &str,
    ) -> Option<Result<(), String>> {
        let which = Self::parameters(name).iter().position(|p| p == parameter)?;
        let param = Param {
            name: parameter,
            which,
            value,
        };
        Some(Self::read_value(slot, param))
    }

    /// Reads one of the field's parameters into `slot`.
    fn read_value(slot: &mut Option<Self>, param: Param<'_>) -> Result<(), String>;
}

/// One query parameter of a filter field.
#[derive(Clone, Copy, Debug)]
pub struct Param<'a> {
    /// The parameter's name, for messages.
    pub name: &'a str,
    /// Its position among [`FilterField::parameters`] (a range's 0 is `Min`, 1 is `Max`).
    pub which: usize,
    /// Its value as sent.
    pub value: &'a str,
}

/// The comma-separated items of a list parameter.
pub fn items(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|v| !v.is_empty())
}

/// The value of a GraphQL enum named `item` in parameter `name`, by the enum's own GraphQL names,
/// so that a query parameter takes exactly what the API takes.
pub fn enum_item<E: async_graphql::resolver_utils::EnumType>(
    name: &str,
    item: &str,
) -> Result<E, String> {
    let known = E::items();
    known
        .iter()
        .find(|e| e.name == item)
        .map(|e| e.value)
        .ok_or_else(|| {
            let names: Vec<&str> = known.iter().map(|e| e.name).collect();
            format!("{name} `{item}` is not one of {}", names.join(", "))
        })
}

/// Fields read from one parameter: the service's type, the conversion into it, and the reading.
macro_rules! one_parameter_field {
    ($($ty:ty => $service:ty { $convert:expr, $read:expr };)*) => {$(
        impl FilterField for $ty {
            type Service = $service;

            fn into_service(self) -> $service {
                let convert: fn($ty) -> $service = $convert;
                convert(self)
            }

            fn read_value(slot: &mut Option<Self>, param: Param<'_>) -> Result<(), String> {
                let read: fn(&mut Option<Self>, Param<'_>) -> Result<(), String> = $read;
                read(slot, param)
            }
        }
    )*};
}

one_parameter_field! {
    Vec<String> => Vec<String> {
        |codes| codes,
        |slot, param| {
            slot.get_or_insert_with(Vec::new).extend(items(param.value).map(str::to_owned));
            Ok(())
        }
    };
    Vec<ProjectStatus> => Vec<service::ProjectStatus> {
        |statuses| statuses.into_iter().map(Into::into).collect(),
        |slot, param| {
            let statuses = slot.get_or_insert_with(Vec::new);
            for item in items(param.value) {
                statuses.push(enum_item(param.name, item)?);
            }
            Ok(())
        }
    };
    bool => bool {
        |flag| flag,
        |slot, Param { name, value, .. }| {
            *slot = Some(match value {
                "true" => true,
                "false" => false,
                _ => return Err(format!("{name} must be `true` or `false`, not `{value}`")),
            });
            Ok(())
        }
    };
    String => String {
        |text| text,
        |slot, param| {
            *slot = Some(param.value.to_owned());
            Ok(())
        }
    };
}

/// Ranges, read from two parameters `<name>Min` and `<name>Max`, each bound parsed by the function
/// given and converted for the service by the other.
macro_rules! range_field {
    ($($range:ty => $service:ident { $parse:expr, $to_service:expr };)*) => {$(
        impl FilterField for $range {
            type Service = q::$service;

            fn into_service(self) -> q::$service {
                q::$service {
                    min: self.min.map($to_service),
                    max: self.max.map($to_service),
                }
            }

            fn parameters(name: &str) -> Vec<String> {
                vec![format!("{name}Min"), format!("{name}Max")]
            }

            fn read_value(slot: &mut Option<Self>, param: Param<'_>) -> Result<(), String> {
                let bound = $parse(param.name, param.value)?;
                let range = slot.get_or_insert_with(Self::default);
                *if param.which == 0 { &mut range.min } else { &mut range.max } = Some(bound);
                Ok(())
            }
        }
    )*};
}

range_field! {
    IntRange => YearRange {
        |parameter: &str, value: &str| value
            .parse::<i32>()
            .map_err(|_| format!("{parameter} must be a year such as 2021, not `{value}`")),
        |year| year
    };
    // The rules of the `Decimal` scalar: a plain decimal of at most six places.
    DecimalRange => AmountRange {
        |parameter: &str, value: &str| value
            .parse::<Amount>()
            .map(|amount| Decimal(amount.to_decimal()))
            .map_err(|e| format!("{parameter}: {e}")),
        |amount: Decimal| amount.0
    };
}

/// Declares the project filter once: each field with its description, its wire type and the name
/// of its query parameter. From that one list come the GraphQL input object, the conversion into
/// the service's filter (which fails to compile when a field of either is missing) and the
/// exports' query-parameter reader with the names it accepts.
macro_rules! project_filter {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* $field:ident: $ty:ty => $parameter:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(InputObject, Clone, Debug, Default)]
        pub struct $name {
            $( $(#[$field_meta])* pub $field: Option<$ty>, )*
        }

        impl $name {
            /// The service's filter: the one conversion every caller uses.
            pub fn into_service(self) -> q::ProjectFilter {
                q::ProjectFilter {
                    $( $field: self.$field.map(FilterField::into_service), )*
                }
            }

            /// Every query parameter the filter reads, in declaration order.
            pub fn query_parameters() -> Vec<String> {
                let mut all = Vec::new();
                $( all.extend(<$ty as FilterField>::parameters($parameter)); )*
                all
            }

            /// Reads one query parameter; `None` when the filter has no such parameter.
            pub fn read_query_parameter(
                &mut self,
                parameter: &str,
                value: &str,
            ) -> Option<Result<(), String>> {
                $(
                    if let Some(read) =
                        <$ty as FilterField>::read(&mut self.$field, $parameter, parameter, value)
                    {
                        return Some(read);
                    }
                )*
                None
            }
        }
    };
}

project_filter! {
    /// Chooses projects. Every condition given must hold (AND); a list condition matches any of its
    /// values (OR). Unknown (待定) values never satisfy a range. Archived projects are never chosen.
    pub struct ProjectFilter {
        /// Projects of the lists of these plans, e.g. `["DONGTOU-14FYP"]`.
        plan_codes: Vec<String> => "plan",
        /// Projects of these lists, e.g. `["DONGTOU"]`.
        list_codes: Vec<String> => "list",
        /// Projects of categories with these codes, e.g. `["GREEN", "DIGITAL"]`.
        category_codes: Vec<String> => "category",
        /// Projects in these statuses.
        statuses: Vec<ProjectStatus> => "status",
        /// Start year within this range.
        start_year: IntRange => "startYear",
        /// End year within this range.
        end_year: IntRange => "endYear",
        /// `true`: construction period overlaps the window of the plan the project is listed in
        /// (2021-2025 for the 14th FYP's lists); `false`: lies wholly outside it. Projects with an
        /// unknown start or end year match neither.
        overlaps_plan_window: bool => "overlapsPlanWindow",
        /// Total investment (万元) within this range.
        total_investment: DecimalRange => "totalInvestment",
        /// In-window investment (万元; the listing plan's window, 14th-FYP for its lists) within
        /// this range.
        fyp_investment: DecimalRange => "fypInvestment",
        /// `true`: total investment is known; `false`: it is 待定.
        total_investment_known: bool => "totalInvestmentKnown",
        /// `true`: 14th-FYP investment is known; `false`: it is 待定.
        fyp_investment_known: bool => "fypInvestmentKnown",
        /// Text the name or scope contains, e.g. `液化天然气` or `lng` (ASCII letters match either case).
        search: String => "search",
        /// Exact location, e.g. `小门岛`.
        location: String => "location",
    }
}

impl ProjectFilter {
    /// The filter of query parameters `pairs`; a parameter the filter does not read is an error
    /// naming every one it does, so that a misspelt condition never chooses more than was asked.
    pub fn from_query(pairs: &[(String, String)]) -> Result<Self, String> {
        Self::from_query_with(pairs, &[], |_, _| None)
    }

    /// As [`Self::from_query`], with `extra` parameters read by `other` (`None` for a parameter
    /// it does not read, as [`FilterField::read`]).
    pub fn from_query_with(
        pairs: &[(String, String)],
        extra: &[&str],
        mut other: impl FnMut(&str, &str) -> Option<Result<(), String>>,
    ) -> Result<Self, String> {
        let mut filter = Self::default();
        for (parameter, value) in pairs {
            let read = filter
                .read_query_parameter(parameter, value)
                .or_else(|| other(parameter, value));
            match read {
                Some(read) => read?,
                None => {
                    let mut accepted = Self::query_parameters();
                    accepted.extend(extra.iter().map(|e| (*e).to_owned()));
                    return Err(format!(
                        "unknown parameter `{parameter}`; accepted: {}",
                        accepted.join(", ")
                    ));
                }
            }
        }
        Ok(filter)
    }
}

impl From<ProjectFilter> for q::ProjectFilter {
    fn from(f: ProjectFilter) -> Self {
        f.into_service()
    }
}

/// What projects can be ordered by. Ties are broken by the document's order, then by creation.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "q::OrderField")]
pub enum ProjectOrderField {
    /// The document's order: list, category heading, sequence number (the default).
    Sequence,
    /// Name, by Unicode code point.
    Name,
    /// Total investment; unknown (待定) amounts come last in either direction.
    TotalInvestment,
    /// 14th-FYP investment; unknown (待定) amounts come last in either direction.
    FypInvestment,
    /// Start year; unknown last in either direction.
    StartYear,
    /// End year; unknown last in either direction.
    EndYear,
    /// Time of the last change.
    UpdatedAt,
}

/// Sort direction.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OrderDirection {
    /// Smallest first.
    #[default]
    Asc,
    /// Largest first.
    Desc,
}

/// One ordering key; several are applied in turn.
#[derive(InputObject, Clone, Copy, Debug)]
pub struct ProjectOrder {
    /// The field to order by.
    pub field: ProjectOrderField,
    /// The direction.
    pub direction: OrderDirection,
}

impl From<ProjectOrder> for q::ProjectOrder {
    fn from(o: ProjectOrder) -> Self {
        Self {
            field: o.field.into(),
            descending: o.direction == OrderDirection::Desc,
        }
    }
}
