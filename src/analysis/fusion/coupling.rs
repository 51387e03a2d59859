//! Innovation coupling by city (definition in [`super`]): local manufacturers (firms making
//! a stage whose tier is not `service`) and those with an inbound innovation link.

use std::collections::BTreeMap;

use super::{CityCoupling, Coupling, CouplingCount};
use crate::analysis::figure::Figure;
use crate::model::{Model, Region, Tier};

pub(super) fn coupling(
    model: &Model,
    region: &Region,
    local: &[bool],
    inbound: &[bool],
) -> Coupling {
    let mut per_city: BTreeMap<&str, (usize, usize)> =
        region.cities.iter().map(|c| (c.as_str(), (0, 0))).collect();
    for (f, firm) in model.firms.iter().enumerate() {
        if !local[f] {
            continue;
        }
        let manufacturer = firm
            .stages
            .iter()
            .any(|&s| model.stages[s as usize].tier != Tier::Service);
        if !manufacturer {
            continue;
        }
        let entry = per_city
            .entry(model.cities[firm.city as usize].id.as_str())
            .or_default();
        entry.0 += 1;
        if inbound[f] {
            entry.1 += 1;
        }
    }
    let (m, c) = per_city
        .values()
        .fold((0, 0), |(m, c), &(dm, dc)| (m + dm, c + dc));
    Coupling {
        cities: per_city
            .into_iter()
            .map(|(city, (m, c))| {
                let (share, share_status, share_reason) = Figure::share(c, m, || {
                    "the city has no local manufacturer in the data".to_string()
                })
                .into_parts();
                CityCoupling {
                    city: city.to_string(),
                    manufacturers: m,
                    coupled: c,
                    share,
                    share_status,
                    share_reason,
                }
            })
            .collect(),
        region: {
            let (share, share_status, share_reason) = Figure::share(c, m, || {
                "the region has no local manufacturer in the data".to_string()
            })
            .into_parts();
            CouplingCount {
                manufacturers: m,
                coupled: c,
                share,
                share_status,
                share_reason,
            }
        },
    }
}
